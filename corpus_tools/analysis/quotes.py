"""Who is quoted: sentences where an actor is the subject of a verb of saying."""
from __future__ import annotations

import re

import pandas as pd

from .mentions import sentence_tokens

SPEECH_VERBS = {
    "affirmer", "ajouter", "annoncer", "assurer", "avertir", "confier", "considérer", "déclarer",
    "démentir", "dire", "estimer", "expliquer", "indiquer", "insister", "juger", "lancer",
    "noter", "plaider", "préciser", "prévenir", "rappeler", "réaffirmer", "répondre", "réclamer",
    "souligner", "répéter", "dénoncer", "exprimer", "accuser", "mettre", "appeler", "exhorter",
}
QUOTE = re.compile(r"«\s*(.+?)\s*»|“(.+?)”|\"(.+?)\"")


def quotes(corpus, actor_id: str) -> pd.DataFrame:
    """Rows (doc_id, sent_idx, verb, quote, direct) for sentences quoting `actor_id`.

    `direct` is True when the sentence holds quotation marks; `quote` is the
    quoted text, or the whole sentence for reported speech.
    """
    mentions = corpus.mentions
    mentions = mentions[mentions["actor_id"] == actor_id]
    columns = ["doc_id", "sent_idx", "verb", "quote", "direct"]
    if mentions.empty:
        return pd.DataFrame(columns=columns)
    sentences = corpus.sentences.set_index(["doc_id", "sent_idx"])["text"]
    by_sentence = sentence_tokens(corpus, mentions)
    rows = []
    for m in mentions.itertuples():
        sent = by_sentence.get((m.doc_id, m.sent_idx))
        if sent is None:
            continue
        verb = speech_verb_of(sent, m.start_char, m.end_char)
        if verb:
            text = sentences.get((m.doc_id, m.sent_idx), "")
            found = [next(g for g in match.groups() if g) for match in QUOTE.finditer(text)]
            rows.append((m.doc_id, m.sent_idx, verb, " […] ".join(found) or text, bool(found)))
    return pd.DataFrame(rows, columns=columns).drop_duplicates(["doc_id", "sent_idx"])


def speech_verb_of(sent: pd.DataFrame, start: int, end: int) -> str | None:
    """The lemma of the verb of saying whose subject lies in [start, end), if any."""
    inside = sent[(sent["start_char"] >= start) & (sent["end_char"] <= end)]
    subjects = inside[inside["deprel"].str.startswith("nsubj") & ~inside["head"].isin(inside["tok_idx"])]
    for head in subjects["head"]:
        verb = sent[sent["tok_idx"] == head]
        if not verb.empty and verb.iloc[0]["lemma"] in SPEECH_VERBS:
            return verb.iloc[0]["lemma"]
    return None
