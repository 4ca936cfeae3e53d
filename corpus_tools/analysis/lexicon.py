"""Lemma repair from a French lexicon: the lemmatizer of the NLP models invents infinitives for
irregular verbs ("vaincu" -> "vaincer", "lançait" -> "lançer"), words no dictionary holds; keyness
would list them as terms of their own, apart from the verb.

A lemma the lexicon does not know is replaced by the lexicon's lemma of the word form, when the
lexicon knows the form; anything else is kept as the model gave it (a lemma both ignore -- a
rare word, a neologism, "djihadiste" -- is the model's).  Only nouns, verbs, adjectives and
adverbs are repaired, never proper nouns, and a noun is not made a verb ("séquences" stays
"séquence" though the lexicon also reads it as a form of "séquencer").  The
lexicon is simplemma's French data (MIT licence; forms and lemmas of Wiktionary and other open
dictionaries), looked up once per (form, lemma) pair.

>>> repaired("vaincus", "vaincer", verb=True), repaired("lançait", "lançer", verb=True), repaired("armées", "armée")
('vaincre', 'lancer', 'armée')
>>> repaired("djihadistes", "djihadiste")        # neither knows it: the model's lemma stays
'djihadiste'
>>> repaired("séquences", "séquence"), repaired("braves", "rrave")
('séquence', 'brave')
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ..nlp.lexicon import LANG, known



INFINITIVE = re.compile(r"(?:er|ir|ïr|re|oir)$")
VERB_UPOS = ("VERB", "AUX")
REPAIRED_UPOS = ("NOUN", "VERB", "ADJ", "ADV")   # open classes; closed ones ("soi" for "se") are the model's
VERB_ENDINGS = ("r", "er", "ir", "re")


@lru_cache(maxsize=1 << 17)
def repaired(form: str, lemma: str, verb: bool = False) -> str:
    """The lemma of word `form` (lower case): the model's `lemma` when the lexicon knows it, or
    knows neither it nor the form; else the lexicon's lemma of the form -- for a `verb`, followed
    to an infinitive (the lexicon gives "vaincu" for "vaincus", then "vaincre" for "vaincu")."""
    if known(lemma) or not known(form):
        return lemma
    import simplemma
    found = simplemma.lemmatize(form, lang=LANG)
    for _ in range(3 if verb else 0):
        if not isinstance(found, str) or INFINITIVE.search(found):
            break
        found, before = simplemma.lemmatize(found, lang=LANG), found
        if found == before:
            break
    if not isinstance(found, str) or not found or not known(found):
        return lemma
    if not verb and found.startswith(lemma) and found[len(lemma):] in VERB_ENDINGS:
        return lemma    # a noun the lexicon also knows as a verb form ("séquences" -> "séquencer"): the model's
    return found


def repair_lemmas(forms: pd.Series, lemmas: pd.Series, upos: pd.Series | None = None) -> pd.Series:
    """`lemmas` (lower case, of the word `forms`, tagged `upos`) with the model's inventions
    replaced by the lexicon's lemma (`repaired`); each distinct lemma is looked up once, each
    distinct pair the lexicon does not know once."""
    lemmas = lemmas.astype(object)
    if not len(lemmas):
        return lemmas
    unknown = lemmas.map({w: not known(w) for w in lemmas.dropna().unique()}).fillna(False).astype(bool)
    if upos is not None:
        unknown &= upos.isin(REPAIRED_UPOS)
    if not unknown.any():
        return lemmas
    verbs = upos[unknown].isin(VERB_UPOS) if upos is not None else pd.Series(False, index=lemmas[unknown].index)
    fixed = [repaired(f, w, bool(v)) if isinstance(f, str) and isinstance(w, str) else w
             for f, w, v in zip(forms[unknown].astype(object).str.lower(), lemmas[unknown], verbs)]
    out = lemmas.copy()
    out[unknown] = fixed
    return out
