"""Title mentions: a role description standing for the person who holds the role.

Two sources, both giving candidate rows of kind 'title':
- the registry's roles ("le secrétaire général de l'OTAN" -> its holder at the article's date:
  `registry_titles`);
- descriptions resolved to the person the document gives that role (`learnt_titles`).  A
  document gives a person a role by a title before the name ("le ministre malien des Affaires
  étrangères Oumar Diarra", "Le Président du CNSP, Chef de l'Etat, le Général X": each
  comma-separated title of the chain), by an apposition after it ("X, président de Y, a ..."), and
  the registry by its dated roles (a registry person the document names, or a registry title
  found in it).  Each definite description after the holder is first named (or in the headline)
  ("le Chef de l'Etat", "le président du CNSP", "le chef de la diplomatie malienne", "le
  diplomate français", "le ministre") is read as a role
  (`roles.read_role`) and compared with every role given (`roles.fit`); it names a person only
  when the evidence is clear:
    same title    the same words as the title given one person only;
    same office   the same office, its countries and bodies confirmed, for one person only;
    only holder   a broader office ("le diplomate" for an ambassador), a nationality the role
                  leaves open, or a bare office ("le ministre"): one person of the document only
                  fits.
  Where several fit, the holders whose role names the description's countries come first ("le
  président tchadien"), and for a description naming none ("le Président de la République"), those
  whose role names none (the article's own president, not the visiting "président du Bénin").  A
  person named in the description's sentence as an argument of the same verb is not the one it
  describes ("X a reçu le ministre"); a description used before any holder is named keeps its own,
  unnamed referent (a communiqué's "le Premier ministre", then "le Premier ministre X" of a
  neighbour, then "le Premier ministre" again: the first one); a form of address ("Monsieur le
  Président") names the person spoken to, and is left unresolved.  An unresolved description
  stays a role: no row.  The names inside the office's own words ("État" in "chef de l'État",
  "Affaires étrangères") name no actor and are dropped.
"""
from __future__ import annotations

from bisect import bisect_right
from itertools import compress, groupby
from operator import attrgetter
from typing import NamedTuple

import pandas as pd

from ..fold import fold
from ..nlp.parse import Token, feature
from .candidate import Candidate
from .normalize import HONORIFICS, normalize_name
from .registry import Registry
from .roles import (BROADER, DETERMINERS, CONTRACTIONS, NameSpan, Role, adjective, fit, office_word, read_role,
                    starts_office, title_words, word)
from .spans import overlaps

# Parts of speech of the words of a title before a name (a run stops at any other word).
RUN_POS = {"NOUN", "ADJ", "ADP", "DET", "PROPN", "CCONJ", "X"}
MAX_RUN = 20
RULES = {0: "same title", 1: "same office", 2: "only holder"}
CONTRACTED = {form for c in CONTRACTIONS for form in (c, c.capitalize(), c.upper())}
TEXT, SENT_IDX = attrgetter("text"), attrgetter("sent_idx")


class Holder(NamedTuple):
    """A role the document (or the registry) gives one person: who (`person`: ("ref", registry id)
    or ("key", name key)), their name as written, the role, from where the document names them in
    it (`at`), and how it was given."""
    person: tuple[str, str]
    name: str
    role: Role
    at: int
    how: str


def registry_titles(text: str, found: list[Candidate], registry: Registry, date) -> list[Candidate]:
    """Registry role titles, resolved to the holder at the document's date."""
    pattern = registry.title_pattern
    if pattern is None:
        return []
    date = None if date is None or pd.isna(date) else str(date)
    named = {c.ref for c in found if c.ref and c.kind == "name"}
    out = []
    for m in pattern.finditer(text):
        holder = registry.holder_at(m.group(), date, named)
        if holder is None or next_to(found, m.start(), m.end(), lambda c: c.ref == holder[0]):
            continue        # "le secrétaire général de l'OTAN, Jens Stoltenberg": the name counts, not the title
        out.append(title_row(m.start(), m.end(), text, ref=holder[0], full_key=None, evidence=holder[1]))
    return out


def learnt_titles(text: str, found: list[Candidate], tokens: list[Token], registry: Registry | None = None,
                  date=None) -> list[Candidate]:
    """Role descriptions of a document resolved to the one person holding that role (see the module
    docstring); the names inside an office's own words are marked dropped in `found`."""
    registry = registry or Registry()
    sentences = Sentences(tokens)
    names = name_spans(found, registry)
    holders = learnt_holders(found, sentences, names, registry) + registry_holders(found, sentences, names,
                                                                                  registry, date)
    out = described(text, found, sentences, names, holders, registry)
    for h in holders:
        drop_office_names(found, h.role, registry)
    return out


def described(text: str, found: list[Candidate], sentences: Sentences, names: list[NameSpan],
              holders: list[Holder], registry: Registry) -> list[Candidate]:
    """A title row for each description of the document that names one holder -- not the roles
    given themselves, nor a person named in the description's sentence."""
    taken = [(h.role.start, h.role.end) for h in holders if h.role.end > h.role.start]
    taken += [(c.start_char, c.end_char) for c in found if c.kind == "title" or c.ner == "PER"]
    people = [n for n in names if n.what == "person"]
    named_in: dict[int | None, dict[tuple[str, str], list[tuple[int, int]]]] = {}
    first_named: dict[tuple[str, str], int] = {h.person: h.at for h in holders}
    for c in found:
        if c.kind == "name" and c.ner == "PER":
            named_in.setdefault(sentences.index_at(c.start_char), {}).setdefault(person_of(c), []).append(
                (c.start_char, c.end_char))
            first_named[person_of(c)] = min(first_named.get(person_of(c), c.start_char), c.start_char)
    headline = text.find("\n")        # a headline's description is resolved by the body that follows it
    unnamed: list[Holder] = []
    out = []
    for sent_idx, role, determined in descriptions(sentences, names, registry):
        drop_office_names(found, role, registry)
        if overlaps(role.start, role.end, taken) or beside_person(text, role, people):
            continue
        apart = co_arguments(sentences[sent_idx], role, named_in.get(sent_idx, {}))
        given = [h for h in holders if (first_named[h.person] < role.start or role.end <= headline)
                 and h.person not in apart]
        resolved = resolve(role, determined, given + unnamed)
        if resolved is None and determined and role.end > headline and not any(
                related_offices(role, h.role) for h in given):
            unnamed.append(Holder(("unnamed", " ".join(role.words)), text[role.start:role.end], role,
                                  role.start, "a description before any holder is named"))
        elif resolved is not None and resolved[0].person[0] != "unnamed":
            holder, tier = resolved
            kind, person = holder.person
            out.append(title_row(role.start, role.end, text, ref=person if kind == "ref" else None,
                                 full_key=person if kind == "key" else None,
                                 evidence=evidence(text, role, holder, tier)))
    return out


def related_offices(a: Role, b: Role) -> bool:
    """Whether two roles name one office, or one a broader office of the other ("le diplomate", "l'ambassadeur")."""
    return a.office == b.office or b.office in BROADER.get(a.office, ()) or a.office in BROADER.get(b.office, ())


def co_arguments(sent: list[Token], role: Role, named: dict[tuple[str, str], list[tuple[int, int]]]) -> set:
    """The people named in the description's sentence (`named`: person -> offsets of their names)
    who depend on the same verb as the description: "X a reçu le ministre" -- two people, not one;
    but "la mémoire de l'émir X ... et a adressé un message à la famille de l'émir" may be one."""
    if not named:
        return set()
    by_idx = {t.tok_idx: t for t in sent}
    verb = governing_verb(by_idx, [t for t in sent if role.start <= t.start_char < role.end])
    return {person for person, spans in named.items()
            if any(governing_verb(by_idx, [t for t in sent if a <= t.start_char < b]) == verb for a, b in spans)}


def governing_verb(by_idx: dict[int, Token], words: list[Token]) -> int | None:
    """The token index of the verb (or root) the phrase of `words` depends on (`by_idx`: the
    sentence's words by token index)."""
    inside = {t.tok_idx for t in words}
    head = next((t for t in words if t.head not in inside), None)
    seen = set()
    while head is not None and head.tok_idx not in seen:
        seen.add(head.tok_idx)
        if head.upos in ("VERB", "AUX") and head.tok_idx not in inside or head.head == 0:
            return head.tok_idx
        head = by_idx.get(head.head)
    return None


class Sentences:
    """A document's tokens by sentence, contractions split ("du" -> "de le"), with the sentence at
    an offset and the sentences holding an office word.  Every word of a corpus passes here: the
    loops over all of them run in C (`map`, `groupby`, `compress`), and a sentence is made only
    when read."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.bounds: dict[int, list[tuple[int, int]]] = {}
        at = 0
        for idx, group in groupby(map(SENT_IDX, tokens)):
            n = len(list(group))
            self.bounds.setdefault(idx, []).append((at, at + n))
            at += n
        self.starts = sorted((tokens[b[0][0]].start_char, idx) for idx, b in self.bounds.items())
        office_texts = set(filter(office_word, set(map(TEXT, tokens))))
        self.with_office = sorted(set(compress(map(SENT_IDX, tokens), map(office_texts.__contains__,
                                                                           map(TEXT, tokens)))))
        self.read: dict[int, list[Token]] = {}

    def __getitem__(self, idx: int | None) -> list[Token]:
        """The words of sentence `idx` (none for None)."""
        if idx not in self.read:
            words = [t for a, b in self.bounds.get(idx, []) for t in self.tokens[a:b]]
            if not CONTRACTED.isdisjoint(map(TEXT, words)):
                words = [part for t in words for part in split_contraction(t)]
            self.read[idx] = words
        return self.read[idx]

    def index_at(self, offset: int) -> int | None:
        """The index of the sentence holding `offset`."""
        pos = bisect_right(self.starts, (offset, float("inf"))) - 1
        return self.starts[pos][1] if pos >= 0 else None

    def at(self, offset: int) -> list[Token]:
        """The words of the sentence holding `offset`."""
        return self[self.index_at(offset)]


def split_contraction(t: Token) -> list[Token]:
    """A contraction the tagger left whole ("du") as its two words, on the same characters."""
    parts = CONTRACTIONS.get(t.text.lower()) if t.text in CONTRACTED else None
    if parts is None:
        return [t]
    number = "Plur" if parts[1] == "les" else "Sing"   # ("des" may be an article: never a singular description)
    return [t._replace(text=parts[0], lemma=parts[0], upos="ADP", feats=None),
            t._replace(text=parts[1], lemma=parts[1], upos="DET", feats=f"Definite=Def|Number={number}|PronType=Art")]


def name_spans(found: list[Candidate], registry: Registry) -> list[NameSpan]:
    """The names of the document as a role's complements read them: countries, people, bodies."""
    out = []
    for c in found:
        if c.kind != "name":
            continue
        if c.ref and registry.entries[c.ref].type == "country":
            out.append(NameSpan(c.start_char, c.end_char, c.ref, "country"))
        elif c.ner == "PER":
            out.append(NameSpan(c.start_char, c.end_char, person_of(c)[1], "person"))
        else:
            key = "@" + c.ref if c.ref else c.stands_for or normalize_name(c.text)
            out.append(NameSpan(c.start_char, c.end_char, key, "body"))
    return out


def person_of(c: Candidate) -> tuple[str, str]:
    """Who a person's name names: its registry actor, else its full name's key."""
    return ("ref", c.ref) if c.ref else ("key", c.full_key or normalize_name(c.text))


def learnt_holders(found: list[Candidate], sentences: Sentences, names: list[NameSpan],
                   registry: Registry) -> list[Holder]:
    """The roles the document gives each person named: the titles right before the name and the
    appositions after it."""
    out = []
    people = {at for n in names if n.what == "person" for at in range(n.start, n.end)}   # offsets in names
    for c in found:
        if c.kind != "name" or c.ner != "PER":
            continue
        sent = sentences.at(c.start_char)
        inside = [k for k, t in enumerate(sent) if t.start_char >= c.start_char and t.end_char <= c.end_char]
        if not inside:
            continue
        for how, roles in (("title before the name", roles_before(sent, inside[0], names, registry, people)),
                           ("apposition after the name", roles_after(sent, inside, names, registry))):
            out += [Holder(person_of(c), c.text, role, role.start, how) for role in roles]
    return out


def roles_before(sent: list[Token], first: int, names: list[NameSpan], registry: Registry,
                 people: set[int]) -> list[Role]:
    """The chain of titles before the name starting at word `first`: "le Général de Brigade X",
    "l'ambassadeur de France, X", "Le Président du CNSP, Chef de l'Etat, le Général X" (`people`:
    the offsets people's names cover, which no title holds)."""
    roles: list[Role] = []
    k = first - 1
    while k >= 0 and (fold(sent[k].text).rstrip(".") in HONORIFICS    # "Le Président, M. X", "Son Excellence X"
                      or sent[k].text == "," and k > 0 and fold(sent[k - 1].text) in HONORIFICS):
        k -= 1                                                       # "..., Son Excellence, Monsieur X"
    if k >= 0 and sent[k].text == ",":
        k -= 1
    while k >= 0:
        start = run_start(sent, k, people)
        found = roles_of_run(sent, start, k + 1, names, registry, anywhere=not roles)
        if not found:
            break
        roles += found
        k = start - 1
        if k < 1 or sent[k].text != ",":
            break
        k -= 1
    return roles


def run_start(sent: list[Token], k: int, people: set[int]) -> int:
    """The first word of the run of title words ending at word `k` (no person's name in it: `people`
    holds the offsets their names cover)."""
    start = k + 1
    while (start > 0 and k + 1 - start < MAX_RUN
           and (sent[start - 1].upos in RUN_POS or sent[start - 1].text in "()" or adjective(sent[start - 1]))
           and sent[start - 1].start_char not in people):
        start -= 1
    return start


def roles_of_run(sent: list[Token], start: int, end: int, names: list[NameSpan], registry: Registry,
                 anywhere: bool) -> list[Role]:
    """The roles a run of words ends with -- read from its first word, or, with `anywhere`, from
    any word where one reads to its end ("mardi l'ambassadeur de France X"), up to the name or to
    words of it the name left out ("ministre de l'Intérieur Cheikh X"): each one but those whose
    complement holds another ("un porte-parole du président du Conseil européen X": X is the president)."""
    found: list[tuple[int, Role]] = []
    offices = [q for q in range(start, end) if office_word(sent[q].text)]
    for p in range(start, end if anywhere else start + 1):
        if not any(0 <= q - p <= 3 for q in offices):
            continue                                 # no office within reach (most names have no title)
        det = sent[p] if p + 1 < end and sent[p].upos == "DET" and word(sent[p]) in DETERMINERS else None
        read = read_role(sent, p + 1 if det else p, names, registry, stop=end, det=det)
        if read is not None and all(t.upos == "PROPN" and t.text[:1].isupper() for t in sent[read[1]:end]):
            found.append((sent[next(k for k in range(p, end) if starts_office(sent[k]))].start_char, read[0]))
    kept: dict[int, Role] = {}
    for office, role in found:      # the first reading of each office: its adjectives included ("l'ancien président")
        holds_another = any(role.office_end <= other < role.end for other, _ in found)
        inside_another = any(r.start < office < r.office_end and other < office for other, r in found)
        if office not in kept and not holds_another and not inside_another:   # "ministre" of "Premier ministre"
            kept[office] = role
    return list(kept.values())


def roles_after(sent: list[Token], inside: list[int], names: list[NameSpan], registry: Registry) -> list[Role]:
    """The chain of appositions after the name made of the words `inside` (indices): "X, président
    du CNSP, chef de l'État, a déclaré" (see `closed`); one followed by another person's name is
    that person's title."""
    roles: list[Role] = []
    name = [sent[k] for k in inside]
    k = inside[-1] + 1
    while k < len(sent) and sent[k].text == ",":
        k += 1
        det = sent[k] if k < len(sent) and word(sent[k]) in DETERMINERS and sent[k].upos == "DET" else None
        read = read_role(sent, k + 1 if det else k, names, registry, det=det)
        if read is None:
            break
        role, k = read
        if any(n.what == "person" and k < len(sent) and n.start == sent[k].start_char for n in names) \
                or not closed(sent, k, role, roles, name):
            break
        roles.append(role)
    return roles


def closed(sent: list[Token], k: int, role: Role, before: list[Role], name: list[Token]) -> bool:
    """Whether a role read after a name and a comma is an apposition of it: closed by punctuation
    ("X, président du CNSP, a déclaré"), or attached by the parser to the name or the role before
    it -- not the subject of the next clause ("en pleine affaire X, le chef de l'Etat avait ...")."""
    if k >= len(sent) or sent[k].upos == "PUNCT" and sent[k].text != "(":
        return True
    words = [t for t in sent if role.start <= t.start_char < role.end]
    anchors = {t.tok_idx for t in name} | {t.tok_idx for t in sent for r in before if r.start <= t.start_char < r.end}
    return any(t.head in anchors for t in words) and not any(t.deprel.startswith("nsubj") for t in words)


def registry_holders(found: list[Candidate], sentences: Sentences, names: list[NameSpan], registry: Registry,
                     date) -> list[Holder]:
    """The roles the registry gives: its titles found in the document (resolved by
    `registry_titles`), and the roles a registry person the document names held at its date."""
    out = []
    for c in found:
        if c.kind == "title" and c.ref:
            sent = sentences.at(c.start_char)
            first = next((k for k, t in enumerate(sent) if t.start_char >= c.start_char), None)
            read = read_role(sent, first, names, registry) if first is not None else None
            role = read[0] if read else registry_role(c.text, registry)
            if role is not None:
                out.append(Holder(("ref", c.ref), registry.entries[c.ref].name, role, c.start_char, "registry title"))
    if date is None or pd.isna(date):
        return out
    day = str(date)[:10]
    first_named: dict[str, int] = {}
    for c in found:
        if c.kind == "name" and c.ref and registry.entries[c.ref].type == "person":
            first_named.setdefault(c.ref, c.start_char)
    for r in registry.roles:
        if r.actor_id in first_named and (r.start or "") <= day <= (r.end or "9999"):
            for title in r.titles:
                role = registry_role(title, registry)
                if role is not None:
                    out.append(Holder(("ref", r.actor_id), registry.entries[r.actor_id].name, role,
                                      first_named[r.actor_id], f"registry role on {day}"))
    return out


def registry_role(title: str, registry: Registry) -> Role | None:
    """A registry title ("président turc") as a role."""
    words = title_words(title, registry)
    read = read_role(words, 0, [], registry) if words else None
    return read[0] if read else None


def descriptions(sentences: Sentences, names: list[NameSpan],
                 registry: Registry) -> list[tuple[int, Role, bool]]:
    """(sentence, role, determined) of every role phrase of the document: opened by a singular
    definite or demonstrative determiner ("le président du CNSP", "ce diplomate"), or by an office
    word alone, in two words or more (`determined` False: it may only repeat a title given)."""
    out = []
    for idx in sentences.with_office:
        sent = sentences[idx]
        offices = [office_word(t.text) for t in sent]
        k = 0
        while k < len(sent):
            t, read, det = sent[k], None, False
            if t.upos == "DET":      # an office within the next three words first: feats are slow to read
                det = any(offices[k + 1:k + 4]) and definite(t) and not addressing(sent, k)
                read = read_role(sent, k + 1, names, registry, det=t) if det else None
            elif offices[k] and (k == 0 or sent[k - 1].upos != "DET"):
                read = read_role(sent, k, names, registry)
                read = read if read and len(read[0].words) >= 2 else None   # "nommé président": a predicate
            if read is None:
                k += 1
                continue
            if not before_name(sent, read[1]):
                out.append((idx, read[0], det))
            k = read[1]
    return out


def addressing(sent: list[Token], k: int) -> bool:
    """Whether the determiner at word `k` opens a form of address ("Monsieur le Président", "Madame la
    Ministre"): the person spoken to, whom the article seldom names -- never resolved."""
    return k > 0 and fold(sent[k - 1].text).rstrip(".") in HONORIFICS


def before_name(sent: list[Token], k: int) -> bool:
    """Whether a role phrase ending before word `k` is the title of a name that follows it ("le
    président Mensah", "le président renversé Mohamed Bazoum"), whatever the NER made of the name."""
    for t in sent[k:k + 3]:
        if t.upos == "PROPN":
            return t.text[:1].isupper()
        if not adjective(t):
            return False
    return False


def definite(t: Token) -> bool:
    """Whether a word is a singular definite or demonstrative determiner ("le", "la", "l'", "cet")."""
    return (t.upos == "DET" and feature(t, "Number") != "Plur" and feature(t, "Poss") != "Yes"
            and (feature(t, "Definite") == "Def" or feature(t, "PronType") == "Dem"))


def beside_person(text: str, role: Role, people: list[NameSpan]) -> bool:
    """Whether a role phrase stands right before a person's name or right after one and a comma:
    a title the name carries, not a description."""
    return any(0 <= p.start - role.end <= 3 or (0 <= role.start - p.end <= 5 and "," in text[p.end:role.start])
               for p in people)


def resolve(role: Role, determined: bool, holders: list[Holder]) -> tuple[Holder, int] | None:
    """The holder a description names and how closely it fits (`RULES`), or None when the evidence
    is not clear (see the module docstring)."""
    fits = [(tier, h) for h in holders for tier in [fit(role, h.role)] if tier is not None
            and (determined or tier == 0) and agrees(role, [g.role for g in holders if g.person == h.person])]
    if not fits:
        return None
    fits = same_countries(role, fits)
    best = min(tier for tier, _ in fits)
    if role.bare or best == 2:
        if len({h.person for _, h in fits}) != 1:
            return None
        return min(fits, key=lambda f: (f[0], f[1].at))[::-1]
    closest = [(tier, h) for tier, h in fits if tier == best]
    if len({h.person for _, h in closest}) != 1:
        return None
    return closest[0][1], best


def same_countries(role: Role, fits: list[tuple[int, Holder]]) -> list[tuple[int, Holder]]:
    """The fits whose role names the countries the description names ("le président tchadien": the
    holder called president of Chad), or, for a description naming none ("le Président de la
    République"), those whose role names none either (the article's own, not a foreign guest's);
    all of them when none does."""
    if role.countries:
        return [f for f in fits if role.countries <= f[1].role.countries] or fits
    return [f for f in fits if not f[1].role.countries] or fits


def agrees(role: Role, given: list[Role]) -> bool:
    """Whether a description agrees with everything the roles given one person say of them: a
    nationality ("le président français" is not the president given no country but called "président
    turc" elsewhere) and a gender."""
    countries = {c for r in given for c in r.countries}
    genders = {r.gender for r in given} - {None}
    return not (role.countries and countries and not role.countries & countries) and not (
        role.gender and genders and role.gender not in genders)


def evidence(text: str, role: Role, holder: Holder, tier: int) -> str:
    """Why a description names its holder, in words (the merges table's evidence)."""
    given = text[holder.role.start:holder.role.end] if holder.role.end > holder.role.start else " ".join(
        holder.role.words)
    return (f"{RULES[tier] if not role.bare else 'only holder'}: '{text[role.start:role.end]}' names "
            f"'{holder.name}', given the role '{given}' in this document ({holder.how})")


def drop_office_names(found: list[Candidate], role: Role, registry: Registry) -> None:
    """Mark dropped the names inside an office's own words ("État" in "chef de l'État", "Affaires
    étrangères"), a nationality after them included ("État français"), or the office itself tagged as a
    name ("Garde des Sceaux"): the words of a role, no actor."""
    for c in found:
        if c.kind != "name" or c.ner == "PER" or not role.start <= c.start_char < role.office_end:
            continue
        tail = fold(c.text[max(role.office_end - c.start_char, 0):]).split()
        if all(w in registry.demonyms for w in tail):
            c.update(kind="dropped", evidence=f"'{c.text}' is a word of the role title '{' '.join(role.words)}'")


def next_to(found: list[Candidate], start: int, end: int, same) -> bool:
    """Whether a matching name candidate touches [start, end) (at most 3 characters apart)."""
    return any(same(c) and (0 <= c.start_char - end <= 3 or 0 <= start - c.end_char <= 3) for c in found)


def title_row(start: int, end: int, text: str, ref, full_key, evidence: str) -> Candidate:
    """A title candidate: a registry role (`ref`) or a role resolved to a person (`full_key`)."""
    return Candidate(start, end, text[start:end], text[start:end], None, "title", kind="title", ref=ref,
                     full_key=full_key, evidence=evidence)
