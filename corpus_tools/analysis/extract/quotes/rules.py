"""The quotation rules: each finds candidate quotations (content span, cue, where the speaker is named)
in one document; `settle` keeps one per quotation and `kind_of` tells direct, indirect and mixed."""
from __future__ import annotations

import re
from typing import NamedTuple

from ....fold import fold
from ....nlp.parse import Token
from .document import (END_PUNCT, PERSON_NER, Document, clause_end, cue_of, inverted_pronoun,
                       is_name, is_participle_present, negated, new_cue_follows, trimmed)
from .phrases import SpeakerRef, noun_phrase_after, phrase_end, speaker_of, subject_before


SIGNATURE = re.compile(r"\s[—–-]\s?(?P<name>[A-ZÀ-Ý][^\n,—–]{2,60})(?:,[^\n]{0,80})?$")


CONDITIONAL = re.compile(r"r(?:ais|ait|ions|iez|aient)$")


class QuoteCandidate(NamedTuple):
    """A quotation a rule found, before its kind and speaker are settled."""
    start: int
    end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: SpeakerRef | None
    method: str
    kind: str | None = None          # set by rules that know it (fragment: mixed; colon, incise: direct)


def candidates(doc: Document) -> list[QuoteCandidate]:
    """Every quotation the rules find, in order of precedence (see the package docstring)."""
    found: list[QuoteCandidate] = []
    found += incises_inside(doc)
    found += colon_quotes(doc)
    found += signed_paragraphs(doc)
    for t in doc.tokens:
        cue = cue_of(doc, t)
        if cue is None or doc.in_stretch(t.start_char) is not None or negated(doc, t):
            continue
        lemma, last = cue
        found += [c for c in (incise_after(doc, t, lemma, last), que_clause(doc, t, lemma, last),
                              infinitive(doc, t, lemma, last), fragment(doc, t, lemma, last)) if c]
    found += attributions(doc)
    return found


def incises_inside(doc: Document) -> list[QuoteCandidate]:
    """« A, a-t-il dit, B »: the cue and its postposed subject inside the marks split the quotation."""
    out = []
    for s in doc.stretches:
        k = doc.token_after(s.start)
        while k < len(doc.tokens) and doc.tokens[k].start_char < s.end:
            t = doc.tokens[k]
            cue = cue_of(doc, t)
            if cue and preceded_by_comma(doc, t, s.start):
                lemma, last = cue
                after = last + 1
                if after < len(doc.tokens) and fold(doc.tokens[after].text) in {"-t", "-t-"}:
                    after += 1
                inverted = after < len(doc.tokens) and inverted_pronoun(doc.tokens[after])
                if inverted and after + 1 < len(doc.tokens) and doc.tokens[after + 1].text in {",", "."}:
                    comma = comma_before(doc, t)
                    speaker = SpeakerRef(doc.tokens[after].start_char, doc.tokens[after].end_char, "np")
                    resume = doc.tokens[after + 1].end_char
                    for a, b in ((s.start, comma), (resume, s.end)):
                        a, b = trimmed(doc, a, b)
                        if len(doc.text[a:b].split()) >= 2:
                            out.append(QuoteCandidate(a, b, lemma, t.start_char, doc.tokens[last].end_char, speaker,
                                                      "incise-inside", "direct"))
                    break
            k += 1
    return out


def preceded_by_comma(doc: Document, t: Token, floor: int) -> bool:
    """Whether a comma stands before cue `t` (auxiliaries and clitics between), after `floor`."""
    k = doc.position(t) - 1
    while k >= 0 and doc.tokens[k].start_char >= floor and (doc.tokens[k].upos in {"AUX", "ADV"} or
                                                       fold(doc.tokens[k].text) in doc.words.object_clitics):
        k -= 1
    return k >= 0 and doc.tokens[k].start_char >= floor and doc.tokens[k].text == ","


def comma_before(doc: Document, t: Token) -> int:
    """Offset of the comma before cue `t`."""
    k = doc.position(t) - 1
    while k >= 0 and doc.tokens[k].text != ",":
        k -= 1
    return doc.tokens[k].start_char


def colon_quotes(doc: Document) -> list[QuoteCandidate]:
    """X a déclaré : « ... »: a quotation right after a colon belongs to the subject of the clause
    before the colon (its cue when it has one); a subjectless "Et d'ajouter :" follows up."""
    out = []
    for s in doc.stretches:
        before = doc.text[:s.open].rstrip()
        if not before.endswith(":"):
            continue
        colon = len(before) - 1
        sent_start = doc.sentence_at(colon)[1]
        clause = [t for t in doc.tokens[doc.token_after(max(sent_start, doc.paragraph_start(colon))):
                                        doc.token_after(colon)] if doc.in_stretch(t.start_char) is None]
        verb = next((t for t in reversed(clause) if cue_of(doc, t)), None)
        cue = cue_of(doc, verb) if verb else None
        if verb is None:
            verb = next((t for t in reversed(clause) if t.upos == "VERB" and t.deprel in {"root", "ROOT"}), None) or \
                next((t for t in reversed(clause) if t.upos == "VERB"), None)
        speaker = subject_before(doc, verb) if verb else None
        previous = doc.tokens[max(doc.position(verb) - 1, 0)] if verb is not None else None
        if verb is not None and speaker is None and fold(previous.text) in {"de", "d'"}:
            speaker = SpeakerRef(verb.start_char, verb.start_char, "previous")
        if speaker is None:
            continue
        out.append(QuoteCandidate(s.start, s.end, cue[0] if cue else None, verb.start_char if cue else None,
                                  doc.tokens[cue[1]].end_char if cue else None, speaker, "colon", "direct"))
    return out


def signed_paragraphs(doc: Document) -> list[QuoteCandidate]:
    """A paragraph ending "— Name, title" with a named person: the paragraph is that person's words."""
    out = []
    pos = 0
    for paragraph in doc.text.split("\n"):
        m = SIGNATURE.search(paragraph)
        if m and len(paragraph[:m.start()].split()) >= 5:
            name_start = pos + m.start("name")
            if any(mn.ner in PERSON_NER for mn in doc.mentions_in(name_start, pos + m.end("name") + 1)):
                start, end = trimmed(doc, pos, pos + m.start())
                out.append(QuoteCandidate(start, end, None, None, None,
                                          SpeakerRef(name_start, pos + m.end("name"), "np"), "signature", "direct"))
        pos += len(paragraph) + 1
    return out


def incise_after(doc: Document, v: Token, lemma: str, last: int) -> QuoteCandidate | None:
    """« ... », a affirmé le ministre / ..., estime X / ..., a-t-il ajouté / « ... », tente-t-il de
    corriger: the cue follows the content (a comma or closing mark before it, auxiliaries, clitics and
    a semi-auxiliary between) and its subject follows the cue or is inverted onto its auxiliary."""
    tokens, words = doc.tokens, doc.words
    closers = {",", '"'} | set(words.paired_quotes.values())
    k, inverted = doc.position(v) - 1, None
    while k >= 0 and tokens[k].sent_idx == v.sent_idx and tokens[k].text not in closers:
        t = tokens[k]
        if inverted_pronoun(t):
            inverted = inverted or t                 # "a-t-il précisé", "tente-t-il de corriger"
        elif not (t.upos in {"AUX", "ADV"} or fold(t.text) in words.object_clitics | words.fillers | {"-t", "-t-"}
                  or (t.upos == "VERB" and fold(t.lemma) in words.semi_auxiliaries)):
            return None
        k -= 1
    if k < 0 or tokens[k].sent_idx != v.sent_idx or tokens[k].text not in closers:
        return None
    if is_participle_present(v) or (last + 1 < len(tokens) and fold(tokens[last + 1].text) in {"que", "qu'"}):
        return None
    _, sent_start, sent_end = doc.sentence_at(v.start_char)
    np = (inverted.start_char, inverted.end_char) if inverted else \
        noun_phrase_after(doc, last, clause_end(doc, last + 1, sent_end))
    if np is None:
        return None
    content_end = tokens[k].start_char if tokens[k].text == "," else tokens[k].end_char
    start = sent_start
    mark = tokens[k - 1] if tokens[k].text == "," and k > 0 else tokens[k]
    quoted = doc.closing_marks.get(mark.start_char)
    if quoted is not None and quoted.open < start:
        start = quoted.open                          # a quotation begun paragraphs before
    start = max(start, last_break(doc, start, content_end))
    start, end = trimmed(doc, start, content_end)
    content = doc.tokens[doc.token_after(start):doc.token_after(end)]
    if len(doc.text[start:end].split()) < 2 or not any(t.upos in {"VERB", "AUX"} for t in content):
        return None
    return QuoteCandidate(start, end, lemma, v.start_char, tokens[last].end_char, SpeakerRef(np[0], np[1], "np"),
                          "incise")


def last_break(doc: Document, start: int, end: int) -> int:
    """Where the content before an incise starts: after the last colon or semicolon outside quotation
    marks in [start, end), else `start`."""
    best = start
    for k in range(doc.token_after(start), doc.token_after(end)):
        t = doc.tokens[k]
        if t.text in {":", ";"} and doc.in_stretch(t.start_char) is None:
            best = t.end_char
    return best


def que_clause(doc: Document, v: Token, lemma: str, last: int) -> QuoteCandidate | None:
    """X a indiqué (dimanche, à l'AFP) que ...: the clause after "que" is the content.  Only adverbs,
    prepositional phrases and clitics may stand between the cue and "que" (not its object: "justifie
    ces exactions par le fait que" reports nothing)."""
    tokens, words = doc.tokens, doc.words
    k = last + 1
    while k < len(tokens) and tokens[k].sent_idx == v.sent_idx and k <= last + 8:
        t = tokens[k]
        if fold(t.text) in {"que", "qu'"}:
            break
        if t.upos in {"VERB", "SCONJ"} or t.text in END_PUNCT | {":", "«", "»"} or (
                doc.head_position(t) == doc.position(v) and t.deprel == "obj" and t.upos == "NOUN"
                and tokens[k - 1].upos == "DET"):
            return None
        k += 1
    else:
        return None
    if k >= len(tokens) or fold(tokens[k].text) not in {"que", "qu'"}:
        return None
    if fold(tokens[k - 1].text) in words.subordinators and not (
            fold(tokens[k - 1].text) == "ce" and fold(tokens[k - 2].text) == "a"):   # "appelle à ce que"
        return None
    speaker = speaker_of(doc, v, last)
    if speaker is None:
        return None
    sent_end = doc.sentence_at(v.start_char)[2]
    start, end = trimmed(doc, tokens[k].end_char, clause_end(doc, k + 1, sent_end))
    if end <= start:
        return None
    return QuoteCandidate(start, end, lemma, v.start_char, tokens[last].end_char, speaker, "que")


def infinitive(doc: Document, v: Token, lemma: str, last: int) -> QuoteCandidate | None:
    """X affirme avoir ..., X a appelé (les électeurs) à voter ..., X s'est dit satisfait de ...:
    the infinitive (or the attribute of "se dire") is the content.  Between the cue and the
    infinitive stand only adverbs and clitics, or for the verbs that take one, an object."""
    words, tokens = doc.words, doc.tokens
    at = doc.position(v)
    reflexive_say = lemma == "dire" and any(fold(t.text) in {"se", "s'"} for t in tokens[max(at - 3, 0):at])
    if lemma not in words.infinitive_verbs and not reflexive_say:
        return None
    takes_object = lemma in words.object_infinitive_verbs
    if at > 0 and fold(tokens[at - 1].lemma) == "voir":
        return None                                  # "se verra demander de ...": asked, not asking
    k = last + 1
    while k < len(tokens) and tokens[k].sent_idx == v.sent_idx and k <= last + (12 if takes_object else 4):
        t = tokens[k]
        if t.upos in {"VERB", "AUX"} and "VerbForm=Inf" in t.feats:
            break
        if reflexive_say and t.upos in {"ADJ", "VERB"}:
            break
        finite = t.upos == "VERB" and ("VerbForm=Fin" in t.feats or not takes_object)
        if finite or t.upos == "SCONJ" or t.text in END_PUNCT | {":"} or fold(t.text) in {"que", "qu'"} or (
                not takes_object and t.upos in {"NOUN", "PROPN", "PUNCT"}):
            return None
        k += 1
    else:
        return None
    if k >= len(tokens) or tokens[k].sent_idx != v.sent_idx or doc.in_stretch(tokens[k].start_char):
        return None
    speaker = subject_before(doc, v)
    if speaker is None:
        return None
    start = tokens[k].start_char
    if k > last + 1 and fold(tokens[k - 1].text) in {"de", "d'", "à"}:
        start = tokens[k - 1].start_char
    start, end = trimmed(doc, start, clause_end(doc, k, doc.sentence_at(v.start_char)[2]))
    if len(doc.text[start:end].split()) < 2 and not reflexive_say:
        return None
    return QuoteCandidate(start, end, lemma, v.start_char, tokens[last].end_char, speaker, "infinitive")


def fragment(doc: Document, v: Token, lemma: str, last: int) -> QuoteCandidate | None:
    """X a dénoncé « la furie destructrice », X s'est dit « préoccupé »: quoted words completing the
    cue in its clause make a mixed quotation, from the cue's complement to the end of the quoted words
    and what completes them (up to a new cue or a coordinated clause)."""
    tokens = doc.tokens
    sent_end = doc.sentence_at(v.start_char)[2]
    limit = clause_end(doc, last + 1, sent_end)
    first = next((s for s in doc.stretches if v.end_char <= s.open < limit and not is_name(doc, s)), None)
    if first is None:
        return None
    for t in tokens[last + 1:doc.token_after(first.open)]:
        if fold(t.text) in {"que", "qu'"} or t.text in END_PUNCT | {":"} or (
                t.upos == "VERB" and "VerbForm=Fin" in t.feats):
            return None
    if doc.token_after(first.open) - last > 16:
        return None
    speaker = speaker_of(doc, v, last)
    if speaker is None:
        return None
    end = first.close
    for s in doc.stretches:
        if first.close <= s.open < limit and not opens_new_clause(doc, end, s.open):
            end = s.close
    if not opens_new_clause(doc, end, limit):
        end = limit
    start, end = trimmed(doc, tokens[last + 1].start_char, end)
    return QuoteCandidate(start, end, lemma, v.start_char, tokens[last].end_char, speaker, "fragment", "mixed")


def opens_new_clause(doc: Document, start: int, end: int) -> bool:
    """Whether the words in [start, end) hold a cue or a coordinated finite verb ("et pense que")."""
    tokens = doc.tokens[doc.token_after(start):doc.token_after(end)]
    for k, t in enumerate(tokens):
        if doc.in_stretch(t.start_char) is None and cue_of(doc, t) is not None:
            return True
        if fold(t.text) in {"et", "mais", "puis"} and any(
                u.upos in {"VERB", "AUX"} and "VerbForm=Fin" in u.feats for u in tokens[k + 1:k + 4]):
            return True
    return False


def attributions(doc: Document) -> list[QuoteCandidate]:
    """"selon X" / "d'après X" (content: the rest of the clause) and "Pour X, ..." where X speaks."""
    out = []
    text_folded = fold(doc.text)
    for marker in doc.words.markers:
        for m in re.finditer(r"(?<![\w'’])" + re.escape(marker) + r"(?![\w])", text_folded):
            if doc.in_stretch(m.start()) is None:
                c = selon(doc, m.start(), m.end(), marker)
                if c:
                    out.append(c)
    for sent_idx, start, end in doc.sentences:
        c = pour(doc, start, end)
        if c:
            out.append(c)
    return out


def selon(doc: Document, at: int, after: int, marker: str) -> QuoteCandidate | None:
    """The quotation a "selon X" at [at, after) attributes: the clause after "selon X," when it opens
    the clause, else the clause before it."""
    _, sent_start, sent_end = doc.sentence_at(at)
    k = doc.token_after(after)
    if k >= len(doc.tokens) or doc.tokens[k].start_char >= sent_end:
        return None
    limit = next((t.start_char for t in doc.tokens[k:] if t.start_char >= sent_end or t.text in END_PUNCT | {":"}),
                 sent_end)
    np_end = phrase_end(doc, k, limit)
    if doc.tokens[k].upos == "PRON":
        np_end = doc.tokens[k].end_char
    np = (doc.tokens[k].start_char, np_end)
    if np_end <= np[0] or not speaks(doc, np):
        return None
    opens = not doc.text[doc.paragraph_start(at) if sent_start < doc.paragraph_start(at) else sent_start:at].strip(
        " ,«\"") or doc.text[max(sent_start, last_break(doc, sent_start, at)):at].strip() == ""
    if opens:
        start, end = trimmed(doc, np[1], clause_end(doc, doc.token_after(np[1]), sent_end))
        nxt = doc.token_after(end)
        if nxt + 1 < len(doc.tokens) and doc.tokens[nxt].text == "," and new_cue_follows(doc, nxt + 1):
            return None             # "Selon l'AFP, le CNS ..., a appelé à ...": the report inside is the quotation
    else:
        start, end = trimmed(doc, max(sent_start, last_break(doc, sent_start, at)), at)
    if len(doc.text[start:end].split()) < 3:
        return None
    return QuoteCandidate(start, end, marker, at, after, SpeakerRef(np[0], np[1], "np"), "selon")


def speaks(doc: Document, np: tuple[int, int]) -> bool:
    """Whether the phrase after "selon" names a source of speech (not "selon le bilan")."""
    words = doc.words
    tokens = doc.tokens[doc.token_after(np[0]):doc.token_after(np[1])]
    if not tokens:
        return False
    if tokens[0].upos == "PRON":
        return fold(tokens[0].text) in words.person_pronouns | words.plural_pronouns
    head = next((t for t in tokens if t.upos in {"NOUN", "PROPN"}), None)
    if head is None:
        return False
    return fold(head.lemma) not in words.not_sources


def pour(doc: Document, sent_start: int, sent_end: int) -> QuoteCandidate | None:
    """"Pour X, ..." opening a sentence or following its colon ("France : pour Montebourg, ...", "Mais
    pour Obama, ..."): X's view when X is a pronoun, a named actor or someone who speaks."""
    tokens, words = doc.tokens, doc.words
    first = doc.token_after(sent_start)
    if first >= len(tokens):
        return None
    colons = [doc.position(t) + 1 for t in doc.by_sentence.get(tokens[first].sent_idx, []) if t.text == ":"]
    for k in [first, *colons]:
        if k < len(tokens) and fold(tokens[k].text) in words.clause_openers:
            k += 1
        if k < len(tokens) and fold(tokens[k].text) == "pour" and tokens[k].start_char < sent_end:
            found = pour_view(doc, k, sent_end)
            if found:
                return found
    return None


def pour_view(doc: Document, k: int, sent_end: int) -> QuoteCandidate | None:
    """The view "pour" at token `k` attributes, if its phrase names someone who speaks."""
    tokens, words = doc.tokens, doc.words
    comma = next((t for t in tokens[k + 1:k + 14] if t.text == "," and t.start_char < sent_end), None)
    if comma is None:
        return None
    np = (tokens[k + 1].start_char, comma.start_char)
    phrase = tokens[k + 1:doc.position(comma)]
    if not phrase or any(t.upos in {"VERB", "AUX"} for t in phrase):
        return None
    first = phrase[0]
    head = next((t for t in phrase if t.upos in {"NOUN", "PROPN"}), None)
    if first.upos == "PRON":
        ok = fold(first.text) in words.person_pronouns | words.plural_pronouns
    else:
        ok = any(m.kind == "name" for m in doc.mentions_in(*np)) or (
            head is not None and fold(head.lemma) in words.person_nouns | words.body_nouns)
    if not ok or fold(first.text) in words.possessives:
        return None
    start, end = trimmed(doc, comma.end_char, clause_end(doc, doc.position(comma) + 1, sent_end))
    if len(doc.text[start:end].split()) < 3:
        return None
    return QuoteCandidate(start, end, "pour", tokens[k].start_char, tokens[k].end_char,
                          SpeakerRef(np[0], np[1], "np"), "pour")


def floating(doc: Document, covered: list[tuple[int, int]]) -> list[QuoteCandidate]:
    """Quoted words no rule attributed that read as an utterance (enough words and a verb): they go
    on the previous speaker's words."""
    out = []
    for s in doc.stretches:
        if any(a <= s.start and s.end <= b or overlap(a, b, s.start, s.end) > 0.5 for a, b in covered):
            continue
        inside = doc.tokens[doc.token_after(s.start):doc.token_after(s.end)]
        k = doc.token_after(s.open) - 1
        governed = k >= 0 and doc.tokens[k].upos in {"ADP", "DET", "VERB", "AUX", "NOUN", "ADJ", "SCONJ", "PRON"}
        if not governed and len(doc.text[s.start:s.end].split()) >= doc.words.floating_min_words and any(
                t.upos in {"VERB", "AUX"} for t in inside):
            out.append(QuoteCandidate(s.start, s.end, None, None, None, SpeakerRef(s.start, s.start, "previous"),
                                      "floating", "direct"))
    return out


def overlap(a: int, b: int, c: int, d: int) -> float:
    """The share of [c, d) that [a, b) covers."""
    return max(0, min(b, d) - max(a, c)) / max(d - c, 1)


def settle(doc: Document, found: list[QuoteCandidate]) -> list[QuoteCandidate]:
    """One candidate per quotation: earlier rules win over later ones they overlap (by more than
    half of either), then the floating quotations; in document order."""
    kept: list[QuoteCandidate] = []
    for c in found:
        if c.end <= c.start:
            continue
        if any(overlap(k.start, k.end, c.start, c.end) > 0.5 or overlap(c.start, c.end, k.start, k.end) > 0.5
               for k in kept):
            continue
        kept.append(c)
    kept += floating(doc, [(k.start, k.end) for k in kept])
    kept += reported_conditionals(doc, kept)
    return sorted(kept, key=lambda c: c.start)


def reported_conditionals(doc: Document, kept: list[QuoteCandidate]) -> list[QuoteCandidate]:
    """A sentence in the reporting conditional right after an indirect quotation goes on with it
    ("D'après V. Sapounov, le Kouzbass ne serait pas la seule zone. Ces espèces seraient également
    présentes ..."): a floating indirect quotation of the same speaker."""
    out = []
    ends = {doc.sentence_at(c.end - 1)[0] for c in kept if c.kind != "direct" and doc.in_stretch(c.start) is None}
    for k, (sent_idx, start, end) in enumerate(doc.sentences[1:], 1):
        if doc.sentences[k - 1][0] not in ends or any(c.start < end and start < c.end for c in kept):
            continue
        tokens = doc.by_sentence.get(sent_idx, [])
        root = next((t for t in tokens if doc.head_position(t) < 0), None)
        if root is None or doc.in_stretch(root.start_char) or not conditional(doc, root):
            continue
        if any(fold(t.text) in doc.words.first_person for t in tokens) or any(cue_of(doc, t) for t in tokens):
            continue
        a, b = trimmed(doc, start, end)
        b = b - 1 if doc.text[b - 1:b] in END_PUNCT else b
        out.append(QuoteCandidate(a, b, None, None, None, SpeakerRef(a, a, "previous"), "floating", "indirect"))
    return out


def conditional(doc: Document, root: Token) -> bool:
    """Whether the clause of `root` is in the conditional mood (its verb or auxiliary, by the tagger's
    features or by the ending, which the compact tagger often misses)."""
    at = doc.position(root)
    verbs = [root] + [t for t in doc.by_sentence[root.sent_idx] if doc.head_position(t) == at and t.upos == "AUX"]
    return any("Mood=Cnd" in t.feats or CONDITIONAL.search(fold(t.text)) for t in verbs)


def kind_of(doc: Document, c: QuoteCandidate) -> tuple[str, int, int]:
    """The kind of a candidate and its span: direct when its content is one quoted stretch (the span
    is then the words between the marks), mixed when it holds quoted words, else indirect."""
    if c.kind == "mixed":
        return "mixed", c.start, c.end
    for s in doc.stretches:
        if s.open - 1 <= c.start <= s.start and s.end <= c.end <= s.close + 1:
            return "direct", s.start, s.end
    if c.kind == "direct":
        return "direct", c.start, c.end
    if any((c.start <= s.open < c.end or c.start < s.close <= c.end) and not is_name(doc, s) for s in doc.stretches):
        return "mixed", c.start, c.end
    return "indirect", c.start, c.end
