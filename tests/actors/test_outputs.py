"""The actor stage's per-document mention digests: what later stages key a document's results by."""
from __future__ import annotations

import corpus_tools as ct
from corpus_tools.actors import mention_digests


def test_a_document_s_digest_changes_with_its_mentions_alone_never_with_their_order(sample_build):
    mentions = ct.load(sample_build).mentions
    digests = mention_digests(mentions)
    assert set(digests.index) == set(mentions["doc_id"]) and digests.is_unique
    assert mention_digests(mentions.sample(frac=1, random_state=3)).equals(digests)
    edited = mentions.copy()
    first = edited.index[edited["doc_id"] == digests.index[0]][0]
    edited.loc[first, "actor_id"] = "someone-else"
    changed = mention_digests(edited)
    assert changed.index.equals(digests.index)
    assert list(digests.index[changed != digests]) == [digests.index[0]]
    assert mention_digests(mentions.iloc[:0]).empty
