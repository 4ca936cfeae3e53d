"""Candidate mentions for one chunk of documents (the per-chunk half of actor resolution).

Sources of candidates, each row carrying its `method` and `kind`:
- NER entities, trimmed to the name ("le président Erdogan" -> "Erdogan") and repaired
  (`spans`);
- names a noun of organisation introduces ("la société russe « Wagner »": `typed_names`);
- registry names and acronyms the NER missed (case-sensitive, whole words);
- role titles (`titles`): the registry's, resolved by date, and those the document itself
  attaches to a name;
- collective actors written in lower case ("l'armée française", "l'ambassade de France":
  `collectives`), which take the names and demonyms inside them;
- demonyms from tokens ("turc" -> Turquie) and capitals used for their state
  ("Ankara est le principal allié" -> Turquie, but "à Tripoli" stays the city).
Inside each document short forms of people point at the full name they end (`full_key`);
acronyms defined as "Name (ACR)", and institution nouns standing alone ("l'Alliance"),
point at the organisation name they stand for (`stands_for`).
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable

import pandas as pd

from .._version import code_digest
from ..fold import fold
from ..nlp.parse import Token
from ..storage.cache import KeyedCache, rows_per_document
from ..userfiles import shipped_list
from . import acronyms, nouns
from .candidate import COLUMNS, Candidate
from .collectives import with_collectives
from .naming import HEAD_TYPES
from .normalize import GENERIC_HEADS, is_acronym, name_tokens, normalize_name, trim_span, without_articles
from .registry import Registry
from .spans import entity_candidates, entity_rows, overlaps
from .titles import learnt_titles, registry_titles

# A capital acting (subject, agent, "avec Ankara") stands for its state; "à Tripoli" is the city.
METONYMIC_RELS = {"nsubj", "nsubj:pass", "obl:agent", "csubj"}
METONYMIC_CASES = frozenset(shipped_list("actors", "words", "partner_prepositions"))
NICKNAME = re.compile(r",?\s+(?P<how>dit|dite|surnommée?|alias)\s+[«\"“]\s*(?P<name>[A-ZÀ-Ý][^»\"”\n]{1,40}?)\s*[»\"”]")
# Nouns naming a kind of organisation: "la société russe « Wagner »", "le groupe Wagner".
ORG_NOUNS = shipped_list("actors", "words", "organisation_nouns")   # in order: a regex alternation
ORG_ADJECTIVES = frozenset(shipped_list("actors", "words", "organisation_adjectives"))
ORG_BEFORE = re.compile(r"\b(?:" + "|".join(ORG_NOUNS) + r")s?(?:\s+(?P<adj>[^\W\d_]+))?\s*[«\"“]?\s*$", re.I)
QUOTED_AFTER_ORG = re.compile(r"\b(?:" + "|".join(ORG_NOUNS) + r")s?(?:\s+(?P<adj>[^\W\d_]+))?\s*[«\"“]\s*"
                              r"(?P<name>[A-ZÀ-Ý][^\"«»“”\n]{1,60}?)\s*[»\"”]", re.I)
LOCATIVE_CASES = frozenset(shipped_list("actors", "words", "place_prepositions"))
STATE_BODIES = frozenset(shipped_list("actors", "words", "state_bodies"))
# A noun of kinship up to four words before a name, in the same clause ("fils du défunt président ").
KINSHIP = shipped_list("actors", "words", "kinship_nouns")
KINSHIP_BEFORE = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, KINSHIP)) + r")(?:[\s,]+[\w'’-]+){0,4}[\s,]*$")
NAME_HEADS = GENERIC_HEADS | HEAD_TYPES.keys()     # institutions ("l'Alliance"), events ("le Forum")


def candidates(documents: pd.DataFrame, entities: pd.DataFrame, tokens: pd.DataFrame,
               registry: Registry | None = None, cache: KeyedCache | None = None) -> pd.DataFrame:
    """Candidate mention rows (columns `COLUMNS`) for one chunk of documents.

    With a `cache`, a document's rows are taken from the last build when nothing they depend on
    changed (`document_key`), and only the other documents are read."""
    registry = registry or Registry()
    if cache is None:
        return find_candidates(documents, entities, tokens, registry)
    keys = [document_key(doc, registry) for doc in documents.itertuples()]

    def compute(todo: set[str]) -> Iterable[tuple]:
        found = find_candidates(documents[documents["doc_id"].isin(todo)],
                                entities[entities["doc_id"].isin(todo)], tokens[tokens["doc_id"].isin(todo)], registry)
        return zip(*(found[name].tolist() for name in COLUMNS))
    return candidate_frame(rows_per_document(documents["doc_id"], keys, cache, compute))


def document_key(doc, registry: Registry) -> str:
    """Everything a document's candidates depend on: its text and annotation (content hash), id,
    date and dateline credit, the registry and the code of the actors, text and nlp stages (the
    nlp stage's sentence repair renumbers sentences when annotation is read)."""
    code = code_digest("actors", "text", "nlp", "fold.py", "userfiles.py")
    fields = (code, registry.digest, doc.doc_id, doc.content_hash, getattr(doc, "date", None),
              getattr(doc, "credit_start", None), getattr(doc, "credit_end", None))
    return hashlib.sha256("\0".join(map(str, fields)).encode("utf-8", "surrogateescape")).hexdigest()


def find_candidates(documents: pd.DataFrame, entities: pd.DataFrame, tokens: pd.DataFrame,
                    registry: Registry) -> pd.DataFrame:
    """`candidates` without a cache: every rule over every document."""
    gazetteer = registry.gazetteer
    ents = entity_rows(entities)
    toks: dict[str, list[Token]] = defaultdict(list)
    # Column lists, not itertuples: iterating Arrow-backed columns row by row is slow.
    for t in zip(*(tokens[name].tolist() for name in Token._fields)):
        toks[t[0]].append(Token(*t))
    rows: list[tuple] = []
    for doc in documents.itertuples():
        text = doc.text or ""
        doc_tokens = toks.get(doc.doc_id, [])
        sentences = sentence_starts(doc_tokens)
        found = entity_candidates(text, ents.get(doc.doc_id, []), registry)
        nouns.people_nouns(found, registry)
        nouns.never_alone(found)
        found += typed_names(text, found, registry)
        found += nicknames(text, found)
        gazetteer_found = gazetteer_candidates(text, gazetteer, found, registry)
        found += gazetteer_found
        credit = dateline_credit(doc)
        found = outside(credit, found)
        found = with_collectives(text, doc_tokens, found, registry)
        # Demonyms inside a name ("armée nationale libyenne", "l'armée française") belong to that name,
        # not to a country.
        name_spans = [(e.start_char, e.end_char) for e in ents.get(doc.doc_id, [])] + [
            (c.start_char, c.end_char) for c in gazetteer_found] + [
            (c.start_char, c.end_char) for c in found if c.method == "collective"]
        for c in found:
            looked = registry.lookup(c.text)
            if looked and not c.ref:
                c.ref, c.evidence = looked[0], registry_evidence(looked)
        nouns.state_names(found, registry)
        nouns.names_holding_countries(found, text, registry)
        nouns.clause_cuts(found, doc_tokens)
        nouns.portfolios(found, doc_tokens, registry)
        mark_capitals(found, doc_tokens, registry)
        link_short_forms(found, registry, text)
        found += acronyms.definitions(found, text, registry)
        found += outside(credit, acronyms.bare_acronyms(found, text))
        acronyms.other_acronyms(found, text)
        link_head_nouns(found, registry, doc.doc_id)
        found += registry_titles(text, found, registry, getattr(doc, "date", None))
        found += learnt_titles(text, found, doc_tokens, registry, getattr(doc, "date", None))
        found += demonym_candidates(text, doc_tokens, name_spans, registry)
        for c in found:
            c.doc_id = doc.doc_id
            c.sent_idx = sentence_of(sentences, c.start_char, c.sent_idx)
            c.key = normalize_name(c.text)
        rows.extend(tuple(getattr(c, name) for name in COLUMNS) for c in found if c.key and c.kind != "dropped")
    return candidate_frame(rows)


def candidate_frame(rows: list[tuple]) -> pd.DataFrame:
    """The candidates table of `rows` (tuples in `COLUMNS` order)."""
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"sent_idx": "int64", "start_char": "int64", "end_char": "int64"})


def dateline_credit(doc) -> tuple[int, int] | None:
    """The span of the agency credit in a dateline ("KIEV, 12 juin (AFP) -"), as the text stage
    found it (`documents.credit_start/credit_end`): wire metadata, not a mention of the agency."""
    start, end = getattr(doc, "credit_start", None), getattr(doc, "credit_end", None)
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return int(start), int(end)


def outside(credit: tuple[int, int] | None, found: list[Candidate]) -> list[Candidate]:
    """The candidates outside the dateline's agency credit."""
    return [c for c in found if not (credit and credit[0] <= c.start_char < credit[1])]


def sentence_starts(tokens: list[Token]) -> list[tuple[int, int]]:
    """(first character, sent_idx) of each sentence, sorted."""
    first: dict[int, int] = {}
    for t in tokens:
        first[t.sent_idx] = min(first.get(t.sent_idx, t.start_char), t.start_char)
    return sorted((start, sent) for sent, start in first.items())


def sentence_of(starts: list[tuple[int, int]], offset: int, known) -> int:
    """The sentence of a candidate: `known` when the rule set it, else the one containing `offset`."""
    if known is not None and not pd.isna(known):
        return int(known)
    pos = bisect_right(starts, (offset, float("inf"))) - 1
    return starts[max(pos, 0)][1] if starts else 0


def nicknames(text: str, found: list[Candidate]) -> list[Candidate]:
    """'Jimmy Chérizier, dit « Barbecue »': the nickname names the person before it."""
    by_start = {c.start_char: c for c in found}
    new = []
    for c in found:
        m = NICKNAME.match(text, c.end_char)
        if c.ner != "PER" or c.kind != "name" or len(name_tokens(c.text)) < 2 or not m:
            continue
        s, e = m.span("name")
        row = by_start.get(s)
        if row is None:
            row = Candidate(s, e, text[s:e], text[s:e], "PER", "ner", sent_idx=c.sent_idx)
            new.append(row)
        row.update(full_key=normalize_name(c.text), evidence=f"'{c.text}, {m['how']} « {text[s:e]} »': a nickname")
    return new


def typed_names(text: str, found: list[Candidate], registry: Registry) -> list[Candidate]:
    """Names introduced by a kind of organisation ("la société russe « Wagner »").

    A MISC span there, or a quoted person span, is re-typed ORG; a quoted name the NER
    missed becomes a candidate.  Both are marked `typed`: never a person's name."""
    def typed(before: str) -> bool:
        m = ORG_BEFORE.search(before)
        return bool(m) and (not m.group("adj") or fold(m.group("adj")) in ORG_ADJECTIVES
                            or fold(m.group("adj")) in registry.demonyms)
    for c in found:
        before = text[max(0, c.start_char - 50):c.start_char]
        # A person right after the noun is often an apposition ("le président du parti Mariano
        # Rajoy"): only a quoted one is re-typed.
        if ((c.ner == "MISC" or c.ner == "PER" and before.rstrip().endswith(("«", '"', "“")))
                and typed(before)):
            c.update(ner_fix=f"'{c.text}' tagged {c.ner} after a noun naming a kind of organisation",
                     ner="ORG", typed=True)
    taken = [(c.start_char, c.end_char) for c in found]
    out = []
    for m in QUOTED_AFTER_ORG.finditer(text):
        s, e = m.span("name")
        if not typed(text[max(0, s - 50):s]) or overlaps(s, e, taken):
            continue
        out.append(Candidate(s, e, text[s:e], m.group(), "ORG", "ner", typed=True,
                             ner_fix=f"'{m.group()}': a quoted name after a noun naming a kind of organisation "
                                    "(not tagged by the NER)"))
    return out


def gazetteer_candidates(text: str, pattern, found: list[Candidate], registry: Registry) -> list[Candidate]:
    """Registry names the NER missed, outside every NER candidate."""
    if pattern is None:
        return []
    taken = [(c.start_char, c.end_char) for c in found]
    out = []
    for m in pattern.finditer(text):
        a, b = trim_span(m.group())
        s, e = m.start() + a, m.start() + b
        if s >= e or overlaps(s, e, taken):
            continue
        looked = registry.lookup(text[s:e])
        if not looked or (looked[1] == "acronym" and acronyms.in_capitals(text, s, e)):
            continue
        out.append(Candidate(s, e, text[s:e], m.group(), None, looked[1], ref=looked[0],
                             evidence=f"{registry_evidence(looked)} (not tagged by the NER)"))
    return out


def registry_evidence(looked: tuple[str, str]) -> str:
    """Why a registry match names its actor, in words."""
    actor_id, how = looked
    return f"a registry {'acronym' if how == 'acronym' else 'name'} of '{actor_id}'"


def mark_capitals(found: list[Candidate], tokens: list[Token], registry: Registry) -> None:
    """A capital that acts (subject, agent, 'avec Ankara') stands for its state."""
    for c in found:
        country = registry.capitals.get(normalize_name(c.text))
        if not country or c.ner != "LOC" or c.ref not in (None, country):
            continue
        if metonymic(tokens, c.sent_idx, c.start_char, c.end_char):
            c.update(ref=country, method="capital", kind="demonym",
                     evidence=f"capital '{c.text}' used for its state (subject, agent or partner)")


def metonymic(tokens: list[Token], sent_idx: int, start: int, end: int) -> bool:
    """Whether the span is a subject, an agent or a partner ('avec Ankara') of a clause: a capital
    so used stands for its state; 'à Bruxelles' is the place."""
    sent = [t for t in tokens if t.sent_idx == sent_idx]
    inside = [t for t in sent if t.start_char >= start and t.end_char <= end]
    if not inside or not any(t.upos in ("VERB", "AUX") for t in sent):
        return False                                      # no clause: a dateline or a caption
    ids = {t.tok_idx for t in inside}
    head = next((t for t in inside if t.head not in ids), inside[0])
    by_id = {t.tok_idx: t for t in sent}
    for _ in range(3):                                    # follow conj to the first conjunct
        if head.deprel != "conj" or head.head not in by_id:
            break
        head = by_id[head.head]
    cases = {fold(str(t.lemma)) for t in sent if t.head == head.tok_idx and t.deprel == "case"}
    if cases & LOCATIVE_CASES:
        return False                                      # "à Bruxelles": the place
    return head.deprel in METONYMIC_RELS or bool(cases & METONYMIC_CASES)


def link_short_forms(found: list[Candidate], registry: Registry, text: str = "") -> None:
    """Point each short name at the one full personal name of the document it ends (or, for a
    person's single name, the one full name containing it) -- not a name right after a noun of
    kinship: "Ali Moussa Kanté, fils de Moussa Kanté" names two people."""
    fulls: dict[tuple, str] = {}
    for c in found:
        toks = name_tokens(c.text)
        if c.ner == "PER" and len(toks) >= 2 and c.kind == "name":
            fulls.setdefault(toks, normalize_name(c.text))
    if not fulls:
        return
    for c in found:
        toks = name_tokens(c.text)
        if c.kind != "name" or not toks or is_acronym(c.text):
            continue
        if c.ner != "PER" and (c.ref or normalize_name(c.text) in registry.capitals):
            continue                                      # a known place or organisation, not a surname
        if KINSHIP_BEFORE.search(fold(text[max(0, c.start_char - 60):c.start_char])):
            continue                                      # "fils du défunt président X": a relative
        longer = [f for f in fulls if len(f) > len(toks) and f[-len(toks):] == toks]
        # Keep only the longest forms: "Tayyip Erdogan" is part of "Recep Tayyip Erdogan".
        longest = [f for f in longer if not any(len(g) > len(f) and g[-len(f):] == f for g in longer)]
        if len(longest) == 1:
            c.full_key = fulls[longest[0]]
            if c.ref and registry.entries[c.ref].type != "person":
                c.ref = None                           # "Wagner" after "Richard Wagner": not the group
            if c.ner != "PER":
                c.evidence = (f"tagged {c.ner} but is the end of the person name "
                                 f"'{fulls[longest[0]]}' in the same document")
        elif len(longest) > 1:
            c.evidence = "ambiguous short form: " + " / ".join(sorted(fulls[f] for f in longest))
        elif len(toks) == 1:
            # "M. Abiy" for Abiy Ahmed, "González" for Edmundo González Urrutia, "Lula", a headline's
            # "le président Tidjane" the NER took for an organisation: a name of one person of the
            # document that is not its last word.
            inner = [f for f in fulls if toks[0] in f[:-1]]
            if len(inner) == 1:
                c.full_key = fulls[inner[0]]
                c.evidence = f"'{c.text}' is a name of '{fulls[inner[0]]}', the one person so named in the document"


def link_head_nouns(found: list[Candidate], registry: Registry, doc_id: str) -> None:
    """'l'Alliance' after 'l'Alliance atlantique', 'le Forum' after 'le Forum mondial de la langue
    française': a capitalised head noun of an institution or an event standing alone names the
    actor of the document whose name starts with it -- the one so named, else the
    one mentioned most often before it; naming none (a tie, or no such organisation), it is no
    actor -- a generic noun is an actor only inside a name -- but for the bodies of a state ("le
    Parlement"), which name the one of the country the article is about: an actor of that document.

    An organisation's names are its name in the document, the name its acronym stands for,
    and, for registry actors, their registry names ("l'Organisation" for the OTAN)."""
    named: dict[str, set[str]] = defaultdict(set)          # target -> its names' head nouns
    seen: list[tuple[int, str]] = []                       # (start, target) of each mention
    for c in found:
        if c.kind != "name" or c.ner == "PER":
            continue
        if c.ref:
            target, names = "@" + c.ref, registry.entries[c.ref].names
        elif c.stands_for:
            target, names = c.stands_for, [c.stands_for]
        else:
            target, names = normalize_name(c.text), [c.text]
        heads = {segs[0][0] for segs in map(acronyms.segments, names) if sum(map(len, segs)) >= 2}
        if heads:
            named[target] |= heads
            seen.append((c.start_char, target))
    for c in found:
        words = c.text.split()
        if (c.kind != "name" or c.ner == "PER" or c.ref or c.stands_for or len(words) != 1
                or not words[0][:1].isupper() or fold(words[0]) not in NAME_HEADS):
            continue
        options = {t for t, heads in named.items() if fold(words[0]) in heads}
        salience = Counter(t for start, t in seen if t in options and start < c.start_char).most_common(2)
        if len({without_articles(t) for t in options}) == 1:   # one name, maybe with articles and without
            options = {salience[0][0]} if salience else set(sorted(options)[:1])
        if len(options) == 1:
            target, how = next(iter(options)), "the one actor so named in the document"
        elif salience and (len(salience) == 1 or salience[0][1] > salience[1][1]):
            target, how = salience[0][0], "the actor so named mentioned most before it"
        elif fold(words[0]) in STATE_BODIES:
            # "le Parlement" is the parliament the article is about: an actor of that document only.
            c.update(stands_for=f"{normalize_name(c.text)} ({doc_id})",
                     evidence=f"'{c.text}' names no organisation of the document: kept to document {doc_id}")
            continue
        else:
            # Unresolved, "le Gouvernement", "la Mission" is no actor: a generic noun alone.
            c.update(kind="dropped", evidence=f"'{c.text}' names no organisation of document {doc_id}")
            continue
        evidence = f"'{c.text}' is the head noun of {target.lstrip('@')!r}, {how}"
        if target.startswith("@"):
            c.update(ref=target[1:], method="registry", evidence=evidence)
        else:
            c.update(stands_for=target, evidence=evidence)


def demonym_candidates(text: str, tokens: list[Token], entity_spans: list[tuple[int, int]],
                       registry: Registry) -> list[Candidate]:
    """Adjectives and nouns of nationality outside named entities: 'turc' -> Turquie."""
    if not registry.demonyms:
        return []
    hits = [t for t in tokens if t.upos in ("ADJ", "NOUN", "PROPN") and fold(t.text) in registry.demonyms]
    out = []
    for t in hits:
        s, e = int(t.start_char), int(t.end_char)
        if overlaps(s, e, entity_spans):
            continue
        country = registry.demonyms[fold(t.text)]
        if fold(text[s:e]) != fold(t.text):
            continue                                      # a word of a multi-word token
        out.append(Candidate(s, e, text[s:e], text[s:e], None, "demonym", kind="demonym", sent_idx=int(t.sent_idx),
                             ref=country, evidence=f"demonym of {registry.entries[country].name}"))
    return out
