"""Duplicates: exact and near-duplicate articles across a corpus, found in one streaming pass.

Exact duplicates share the hash of their cleaned text.  Near duplicates (the
same wire story in two outlets, a page scraped twice with different furniture)
are found with MinHash over word 5-shingles and locality-sensitive hashing
(datasketch), so each new article is compared with a handful of candidates,
never with every earlier one.  The first article seen is the one kept; later
ones point at it (`duplicate_of`) with the estimated similarity.  Memory per
article: one LSH entry plus a 128 x 32-bit signature (about 1 kB).  The LSH index is
built for a lower threshold than the one asked for, so that candidates near the
threshold are not missed, and each candidate is then checked against it.
"""
from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SCHEME = "affine32"   # datasketch's 32-bit hashing: signatures are 128 x 4 bytes
SHINGLE = 5


class Match(NamedTuple):
    """The earlier article a document duplicates."""
    of: str             # doc_id of the article kept
    similarity: float   # 1.0 for an exact duplicate, else the estimated Jaccard similarity of shingles


def signature(text: str, num_perm: int = NUM_PERM) -> tuple[bytes, bytes]:
    """What `Deduplicator.add` compares: a digest of the text's words (exact duplicates) and the
    MinHash of its word 5-shingles (near duplicates), as bytes (cached with the document)."""
    words = re.findall(r"\w+", text.casefold())
    exact = hashlib.blake2b(" ".join(words).encode(), digest_size=12).digest()
    n = min(SHINGLE, max(len(words), 1))
    shingles = {" ".join(words[i:i + n]).encode() for i in range(max(len(words) - n + 1, 1))}
    mh = MinHash.bulk([list(shingles)], num_perm=num_perm, scheme=SCHEME)[0]
    return exact, mh.hashvalues.astype(np.uint32).tobytes()


class Deduplicator:
    """Feed articles in corpus order with `add`; it says which earlier article each one duplicates."""

    def __init__(self, threshold: float = 0.8, num_perm: int = NUM_PERM):
        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=max(0.5, threshold - 0.2), num_perm=num_perm)
        self.exact: dict[bytes, str] = {}
        self.signatures: dict[str, tuple[int, np.ndarray]] = {}   # doc_id -> (order seen, signature)

    def add(self, doc_id: str, text: str) -> Match | None:
        """Record one article; the earlier article it duplicates, if any."""
        return self.add_signature(doc_id, *signature(text, self.num_perm))

    def add_signature(self, doc_id: str, exact: bytes, minhash: bytes) -> Match | None:
        """`add` for an article whose `signature` is known already (cached)."""
        if exact in self.exact:
            return Match(self.exact[exact], 1.0)
        self.exact[exact] = doc_id
        values = np.frombuffer(minhash, dtype=np.uint32)
        mh = MinHash(self.num_perm, hashvalues=values, scheme=SCHEME)
        best = self.best_candidate(mh, values)
        if best is None:
            self.lsh.insert(doc_id, mh)
            self.signatures[doc_id] = (len(self.signatures), values)
        return best

    def best_candidate(self, mh: MinHash, values: np.ndarray) -> Match | None:
        """The most similar earlier article above the threshold (the earliest on a tie), or None."""
        scored = []
        for doc in self.lsh.query(mh):
            order, signature = self.signatures[doc]
            score = float(np.mean(signature == values))
            if score >= self.threshold:
                scored.append((-score, order, doc))
        if not scored:
            return None
        score, _, doc = min(scored)   # most similar, then earliest seen
        return Match(doc, round(-score, 3))
