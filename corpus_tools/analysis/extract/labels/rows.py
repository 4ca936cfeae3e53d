"""The `Label` record (one label next to one mention) and the `labels` rows: each label span once
per actor, as written and normalised for grouping."""
from __future__ import annotations

from typing import NamedTuple

from ....nlp.parse import Token
from ..mention import Mention

COLUMNS = ["doc_id", "sent_idx", "start_char", "end_char", "actor_id", "mention_kind", "label", "label_norm",
           "head", "pattern", "mention_start", "mention_end"]


class Label(NamedTuple):
    """One label found next to one mention (a `labels` row, with its words for later patterns)."""
    mention: Mention
    words: tuple[Token, ...]
    head: Token
    pattern: str


def unique(found: list[Label], mentions: list[Mention]) -> list[Label]:
    """Each label span once per actor; none that holds a mention of the actor it labels."""
    own = {}
    for m in mentions:
        own.setdefault(m.actor_id, []).append((m.start_char, m.end_char))
    seen, out = set(), []
    for lab in found:
        start, end = lab.words[0].start_char, lab.words[-1].end_char
        key = (lab.mention.actor_id, start, end)
        others = [(s, e) for s, e in own[lab.mention.actor_id]
                  if (s, e) != (lab.mention.start_char, lab.mention.end_char)]
        inside = lab.mention.start_char <= start and end <= lab.mention.end_char      # "groupe État islamique"
        if key in seen or (not inside and any(s < end and start < e for s, e in others + [
                (lab.mention.start_char, lab.mention.end_char)])):
            continue
        seen.add(key)
        out.append(lab)
    return out


def label_row(text: str, lab: Label) -> tuple:
    """A `labels` row: the label as written (no determiner) and its normalised form."""
    start, end = lab.words[0].start_char, lab.words[-1].end_char
    m = lab.mention
    return (m.doc_id, lab.words[0].sent_idx, start, end, m.actor_id, m.kind, text[start:end].replace("\n", " "),
            normalised(text, lab), str(lab.head.lemma).lower(), lab.pattern, m.start_char, m.end_char)


def normalised(text: str, lab: Label) -> str:
    """The label for grouping: lower case, its head and the adjectives next to it as lemmas, the rest as written
    ("Premiers ministres libyens" -> "premier ministre libyen").

    >>> w = [Token("d", 0, 1, "Anciens", "ancien", "ADJ", 2, "amod", 0, 7),
    ...      Token("d", 0, 2, "généraux", "général", "NOUN", 0, "root", 8, 16)]
    >>> normalised("Anciens généraux", Label(None, tuple(w), w[1], "prenominal"))
    'ancien général'
    """
    i = lab.words.index(lab.head)
    lemmatised = {lab.head}
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lab.words) and lab.words[j].upos == "ADJ":
            lemmatised.add(lab.words[j])
            j += step
    start = lab.words[0].start_char
    out, at = [], start
    for t in lab.words:
        if t in lemmatised and t.start_char >= at and isinstance(t.lemma, str) and len(t.lemma) <= len(t.text):
            out += [text[at:t.start_char], t.lemma]  # not "figurer" for "figure": a verb's lemma is longer
            at = t.end_char
    out.append(text[at:lab.words[-1].end_char])
    return " ".join("".join(out).lower().replace("’", "'").split())

