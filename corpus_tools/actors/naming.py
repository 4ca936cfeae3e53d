"""An actor's type and display name, from its mentions (for actors the registry does not describe).

- type: the type most of its names' introducing nouns say ("l'opération Barkhane": event, "l'île
  de Gorée": place, "le quotidien X": media; `data/types.yaml`) or their head nouns ("Sommet de
  Paris", "Forum mondial de ...": event), for a full personal name only when
  they introduce half of its names; else a person's for a full personal name; else that of its most
  frequent NER label.  Collectives are typed by their
  group (`collectives`), registry actors by the registry.
- display name: the most frequent well-cased full form.  The spellings of one name count together
  and it is written as most of them write it, never in the capitals of a dateline or headline
  where the corpus also writes it otherwise ("PARIS" -> "Paris"), with its article where the corpus
  writes it capitalised inside a sentence ("Le Caire", not "Caire"); a form another form of the actor
  holds is no full form ("Macron" beside "Emmanuel Macron", "Conseil National" beside "Conseil
  National pour la Sauvegarde de la Patrie"), and a name of several words comes before an acronym.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from ..fold import fold
from ..userfiles import shipped_yaml
from .normalize import PARTICLES, is_acronym, normalize_name

TYPE_BY_NER = {"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other"}
UNSHOUTED_TYPES = ("person", "place", "country")    # names without acronyms: capitals are shouting
WINDOW = 40                                         # characters before a name where its cue stands


def cue_pattern(phrase: str) -> str:
    """A cue phrase as a regex over folded text: "île de" also matches "île d'", "île du", "île de la"."""
    words = fold(phrase).split()
    link = r"\s+(?:de\s+(?:la\s+|l')?|d'|du\s+|des\s+)" if words[-1] == "de" else r"\s+"
    words = words[:-1] if words[-1] == "de" else words
    return r"\s+".join(map(re.escape, words)) + link


CUE_TYPES = list(shipped_yaml("actors", "types")["cues"].items())
CUES = re.compile(r"(?<!\w)(?:" + "|".join(
    f"(?P<t{i}>" + "|".join(cue_pattern(p) for p in sorted(phrases, key=len, reverse=True)) + ")"
    for i, (_, phrases) in enumerate(CUE_TYPES)) + r")[«\"“]?\s*$")
HEAD_TYPES = {head: kind for kind, heads in shipped_yaml("actors", "types")["heads"].items() for head in heads}
ORDINAL = re.compile(r"premier|premiere|second|seconde|\w+ieme|\d+(?:e|er|ere|eme)")
ARTICLE_START = re.compile(r"(?:Le|La|Les)\s|L['’]")
ARTICLE_BEFORE = re.compile(r"(?<!\w)(?:(?:Le|La|Les) |L['’])$")


def read_context(cands: pd.DataFrame, documents: pd.DataFrame) -> tuple[dict[str, Counter], dict[str, str]]:
    """What the text around the mentions (with their cluster `root`) says: per root, the types the
    nouns introducing its names give; and, per name key, its form with a capitalised article where a
    mention writes one inside a sentence ("selon Le Caire": the article is part of the name)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    with_article: dict[str, str] = {}
    if "text" not in documents:
        return votes, with_article
    texts = dict(zip(documents["doc_id"].tolist(), documents["text"].tolist()))
    for root, doc_id, start, form, kind in zip(cands["root"].tolist(), cands["doc_id"].tolist(),
                                               cands["start_char"].tolist(), cands["text"].tolist(),
                                               cands["kind"].tolist()):
        text = texts.get(doc_id)
        if not isinstance(text, str):
            continue
        before = text[max(0, start - WINDOW):start]
        cue = CUES.search(fold(before)) if kind == "name" else None
        if cue:
            votes[root][CUE_TYPES[int(cue.lastgroup[1:])][0]] += 1
        elif kind == "name" and (head := HEAD_TYPES.get(head_noun(form))):
            votes[root][head] += 1                                   # "Sommet de Paris", "le Forum": an event
        article = ARTICLE_BEFORE.search(before)
        if article and inside_sentence(before[:article.start()]):     # "selon Le Caire" tagged "Caire"
            with_article.setdefault(normalize_name(form), article.group() + form)
        elif ARTICLE_START.match(form) and inside_sentence(before):
            with_article.setdefault(normalize_name(form), form)
    return votes, with_article


def head_noun(name: str) -> str:
    """The folded first word of a name, an ordinal before it left out ("Seconde Guerre mondiale": "guerre")."""
    words = fold(name).split(maxsplit=2)
    return words[1] if len(words) > 1 and ORDINAL.fullmatch(words[0]) else words[0] if words else ""


def inside_sentence(before: str) -> bool:
    """Whether a word follows the text `before` inside a sentence (not after a full stop, a line
    break or an opening quote): there a capitalised article is part of the name."""
    last = before.rstrip(" \t\xa0")[-1:]
    return bool(last) and (last.isalnum() or last in ",'’")


def actor_type(person: bool, votes: Counter | None, ners: dict[str, int]) -> str:
    """What most introducing nouns say (for a full personal name, only when they introduce half of its
    names or more: "le groupe armé Katiba X" is no person); else a person for a full personal name;
    else the type of the most frequent NER label."""
    if votes and (not person or 2 * sum(votes.values()) >= sum(ners.values())):
        return max(votes, key=lambda t: (votes[t], t))
    if person:
        return "person"
    if ners:
        return TYPE_BY_NER.get(max(ners, key=lambda n: (ners[n], n == "PER", n == "ORG")), "other")
    return "other"


def display_name(forms: dict[str, int], kind: str, with_article: dict[str, str]) -> str:
    """The most frequent well-cased full form of an actor (see the module docstring); `with_article`
    gives the names the corpus writes with their article (`read_context`)."""
    spellings: dict[str, dict[str, int]] = defaultdict(dict)
    for form, n in forms.items():
        spellings[normalize_name(form) or form][form] = n
    counts = {key: sum(v.values()) for key, v in spellings.items()}
    written = {key: spelling(v, kind, with_article.get(key)) for key, v in spellings.items()}
    full = [key for key in counts if not any(holds(other, key) for other in counts)] or list(counts)
    best = max(full, key=lambda k: (len(written[k].split()) >= 2 and not is_acronym(written[k]),
                                    is_acronym(written[k]), counts[k], -len(written[k]), written[k]))
    return written[best]


def holds(longer: str, key: str) -> bool:
    """Whether the name key `longer` holds all the words of `key`, in a row, and more."""
    a, b = longer.split(), key.split()
    return len(a) > len(b) and any(a[i:i + len(b)] == b for i in range(len(a) - len(b) + 1))


def spelling(spellings: dict[str, int], kind: str, with_article: str | None) -> str:
    """How to write one name: not shouted where written otherwise, with its article where the corpus
    writes one inside a sentence (`with_article`, "Le Caire"), then the most frequent spelling."""
    def shouted(form: str) -> bool:
        return form.isupper() and (len(form.split()) > 1 or kind in UNSHOUTED_TYPES)
    article = with_article is not None
    best = max(spellings, key=lambda f: (not shouted(f), bool(ARTICLE_START.match(f)) == article, spellings[f], f))
    if article and not ARTICLE_START.match(best):
        return with_article                               # written "au Caire" here, "selon Le Caire" elsewhere
    return unshout(best) if shouted(best) else best


def unshout(form: str) -> str:
    """A name written in capitals, in the case of names: "LE CAIRE" -> "Le Caire", "JEAN DE LA FONTAINE"
    -> "Jean de La Fontaine", "CÔTE D'IVOIRE" -> "Côte d'Ivoire"."""
    def word(w: str, first: bool) -> str:
        if not first and fold(w) in PARTICLES:
            return w.lower()
        w = re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), w.lower())
        return w if first else re.sub(r"^([DL])(?=['’])", lambda m: m.group().lower(), w)   # "Côte d'Ivoire"
    return " ".join(word(w, i == 0) for i, w in enumerate(form.split()))
