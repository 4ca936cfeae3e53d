"""With which labels: the descriptors attached to an actor's name.

Two patterns, read from the dependency parse and the tags:
- a noun phrase right before the name ("le maréchal Khalifa Haftar",
  "du général renégat Khalifa Haftar", "du chef de guerre Khalifa Haftar");
- an apposition after it ("Sergueï Lavrov, ministre russe des Affaires étrangères").
"""
from __future__ import annotations

import pandas as pd

from .mentions import sentence_tokens

NOMINAL = {"NOUN", "ADJ"}
MAX_LABEL_WORDS = 8


def labels(corpus, actor_id: str) -> pd.DataFrame:
    """Rows (doc_id, sent_idx, label, pattern) for every labelled mention of `actor_id`."""
    mentions = corpus.mentions
    mentions = mentions[mentions["actor_id"] == actor_id]
    if mentions.empty:
        return pd.DataFrame(columns=["doc_id", "sent_idx", "label", "pattern"])
    by_sentence = sentence_tokens(corpus, mentions)
    rows = []
    for m in mentions.itertuples():
        sent = by_sentence.get((m.doc_id, m.sent_idx))
        if sent is None:
            continue
        inside = (sent["start_char"] >= m.start_char) & (sent["end_char"] <= m.end_char)
        if not inside.any():
            continue
        first, last = inside.idxmax(), inside[::-1].idxmax()
        for label, pattern in (preceding_label(sent, first), apposition_label(sent, first, last)):
            if label:
                rows.append((m.doc_id, m.sent_idx, label, pattern))
    return pd.DataFrame(rows, columns=["doc_id", "sent_idx", "label", "pattern"])


def preceding_label(sent: pd.DataFrame, first: int) -> tuple[str | None, str]:
    """Nouns, adjectives and 'de' + noun right before the name, back to the determiner."""
    i = first - 1
    words: list[str] = []
    while i >= 0 and len(words) < MAX_LABEL_WORDS:
        tok = sent.iloc[i]
        if tok.upos in NOMINAL or (tok.upos == "ADP" and tok.lemma == "de" and words):
            words.insert(0, tok.text)
            i -= 1
        else:
            break
    while words and sent.iloc[first - len(words)].upos == "ADP":
        words.pop(0)
    has_noun = any(sent.iloc[first - len(words) + k].upos == "NOUN" for k in range(len(words)))
    return (" ".join(words).lower(), "preceding") if has_noun else (None, "preceding")


def apposition_label(sent: pd.DataFrame, first: int, last: int) -> tuple[str | None, str]:
    """The apposition attached to the name's head ("X, ministre russe de ...")."""
    ids = set(sent.loc[first:last, "tok_idx"])
    heads = sent.loc[first:last]
    head = heads[~heads["head"].isin(ids)]
    if head.empty:
        return None, "apposition"
    head_id = int(head.iloc[0]["tok_idx"])
    appos = sent[(sent["head"] == head_id) & (sent["deprel"] == "appos") & (~sent["tok_idx"].isin(ids))]
    appos = appos[appos["upos"] == "NOUN"]
    if appos.empty:
        return None, "apposition"
    root = int(appos.iloc[0]["tok_idx"])
    span = subtree(sent, root)
    words = [t.text for t in sent.itertuples() if t.tok_idx in span and t.upos != "PUNCT"][:MAX_LABEL_WORDS]
    return " ".join(words).lower(), "apposition"


def subtree(sent: pd.DataFrame, root: int) -> set[int]:
    """tok_idx of `root` and of every token under it."""
    children: dict[int, list[int]] = {}
    for t in sent.itertuples():
        children.setdefault(int(t.head), []).append(int(t.tok_idx))
    span, stack = set(), [root]
    while stack:
        node = stack.pop()
        span.add(node)
        stack.extend(children.get(node, []))
    return span
