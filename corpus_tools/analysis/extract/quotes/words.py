"""The words of the quotation extractor: `analysis/data/quotes.yaml` (cue verbs, their irregular forms,
markers, nouns of people and bodies who speak), read once and folded; regular verbs inflected by rule."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ....fold import fold
from ....userfiles import shipped_yaml


class QuoteWords(NamedTuple):
    """The lists of `data/quotes.yaml`, folded for comparison."""
    verbs: frozenset[str]
    forms: dict[str, str]                    # folded inflected form -> folded lemma
    names: dict[str, str]                    # folded cue (verb or marker) -> as the data writes it
    phrases: dict[tuple[str, ...], str]      # folded lemmas of a cue phrase -> its name
    infinitive_verbs: frozenset[str]
    object_infinitive_verbs: frozenset[str]
    subordinators: frozenset[str]
    semi_auxiliaries: frozenset[str]
    markers: tuple[str, ...]
    not_sources: frozenset[str]
    person_nouns: frozenset[str]
    body_nouns: frozenset[str]
    voice_nouns: frozenset[str]
    possessives: frozenset[str]
    clause_openers: frozenset[str]
    unnamed_determiners: frozenset[str]
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    first_person: frozenset[str]
    object_clitics: frozenset[str]
    anaphoric_words: frozenset[str]
    follow_up_openers: frozenset[str]
    fillers: frozenset[str]
    paired_quotes: dict[str, str]
    straight_quotes: str
    floating_min_words: int


def inflections(lemma: str) -> set[str]:
    """Common forms of a regular -er or -ir verb (present, past participle, imperfect, simple past,
    future, conditional, present participle), with the spelling changes of c, g, e and l.

    >>> sorted(f for f in inflections("annoncer") if f.startswith("annon"))[:4]
    ['annonce', 'annoncent', 'annoncer', 'annoncera']
    >>> "averti" in inflections("avertir"), "annonça" in inflections("annoncer")
    (True, True)
    """
    forms = {lemma}
    if lemma.endswith("er"):
        stem = lemma[:-2]
        soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
        grave = re.sub(r"[eé]([^aeiouyéèê]+)$", r"è\1", stem)
        double = stem + stem[-1] if stem.endswith(("l", "t")) and stem[-2:-1] == "e" else grave
        forms |= {double + e for e in ("e", "es", "ent")}
        forms |= {stem + e for e in ("ons", "ez", "é", "ée", "és", "ées", "era", "eront", "erait", "eraient",
                                     "èrent", "ions", "iez")}
        forms |= {soft + e for e in ("ait", "aient", "ais", "a", "ant", "as")}
    elif lemma.endswith("ir"):
        stem = lemma[:-2]
        forms |= {stem + e for e in ("is", "it", "issent", "issons", "i", "ie", "ies", "issait", "issaient", "ira",
                                     "iront", "irait", "issant", "irent")}
    return forms


@lru_cache(maxsize=1)
def quote_words() -> QuoteWords:
    """The shipped word lists, read once."""
    data = shipped_yaml("analysis", "quotes")
    names: dict[str, str] = {}
    for word in [*data["speech_verbs"], *data["attribution_markers"]]:
        names.setdefault(fold(str(word)), str(word))
    verbs = frozenset(fold(v) for v in data["speech_verbs"])
    forms: dict[str, str] = {}
    for verb in verbs:
        for form in inflections(verb):
            forms.setdefault(fold(form), verb)
    for lemma, irregular in data["irregular_forms"].items():
        if fold(lemma) in verbs:
            forms.update({fold(str(form)): fold(lemma) for form in irregular})

    def folded(*keys: str) -> frozenset[str]:
        node = data
        for key in keys:
            node = node[key]
        return frozenset(fold(str(w)) for w in node)
    return QuoteWords(
        verbs=verbs, forms=forms, names=names,
        phrases={tuple(fold(w) for w in words): name for name, words in data["speech_phrases"].items()},
        infinitive_verbs=folded("infinitive_verbs"), object_infinitive_verbs=folded("object_infinitive_verbs"),
        subordinators=folded("subordinators"), semi_auxiliaries=folded("semi_auxiliaries"),
        markers=tuple(fold(m) for m in data["attribution_markers"]), not_sources=folded("not_sources"),
        person_nouns=folded("person_nouns"), body_nouns=folded("body_nouns"), voice_nouns=folded("voice_nouns"),
        possessives=folded("possessives"), clause_openers=folded("clause_openers"),
        unnamed_determiners=folded("unnamed_determiners"), person_pronouns=folded("pronouns", "person"),
        plural_pronouns=folded("pronouns", "plural"), first_person=folded("pronouns", "first_person"),
        object_clitics=folded("object_clitics"), anaphoric_words=folded("anaphoric_words"),
        follow_up_openers=folded("follow_up_openers"), fillers=folded("incise_fillers"),
        paired_quotes=dict(data["paired_quotes"]), straight_quotes=data["straight_quotes"],
        floating_min_words=int(data["floating_min_words"]))
