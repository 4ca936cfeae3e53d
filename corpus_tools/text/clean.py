"""Clean stage: strip site furniture from flattened article text, keeping an audit of every removal.

Works line by line on the decoded text.  General rules come first and need no
knowledge of the outlet: line shape and length, French stop-word density (as
jusText does for HTML paragraphs), position (header zone before the first prose
paragraph, tail after the last one), repetition inside the document (repeated
title, repeated lead, truncated teaser), link lists after a related-articles
heading, and lines repeated across many documents of the same outlet (counted
by `documents`).  An outlet profile (see `outlets`) adds site-specific line
patterns.  The title line is kept once at the head of the text; section,
byline, dateline and credit lines are removed here and read by `metadata`
from the audit rows -- a journalist's signature closing the article ("Jean Dupont (AGENCE)")
included, a byline rather than furniture.  Every removed span is a `Removed` row whose offsets index
the decoded raw text.

The words and phrases of site furniture (menus and buttons, headings, subscription and
copyright lines, byline and credit labels) are data, in `data/clean.yaml`; the rules and the
shapes of lines around them are here.

Rules (the `rule` column of `removed`): chrome, outlet, crossdoc, export,
section, header, byline, dateline, credit, related, comments, repeat, teaser, tail, footer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, NamedTuple

from ..fold import fold
from ..userfiles import shipped_list
from .databases import EXPORT_FIELD, FACTIVA_CODE
from .patterns import (AUTHOR_LINE, DATE_RE, NAME_LINE, agency_credit, dateline_lines, inline_dateline, photo_credit,
                       signature)
from .records import Cleaned, Dateline, Removed


@dataclass
class Context:
    """What the cleaner may know besides the text itself."""
    boilerplate: tuple[re.Pattern, ...] = ()        # outlet profile: whole-line furniture patterns
    agencies: re.Pattern | None = None               # wire agency spellings (OutletRegistry.agency_pattern)
    common: Callable[[str], bool] | None = None      # line key -> repeated across many docs of the outlet?
    title: str | None = None                         # title known from the file's structure (HTML, export)
    export: str | None = None                        # the news-database export the text is a slice of
    field_lines: tuple[str, ...] = field(default_factory=tuple)  # exact lines that are export metadata


class Line(NamedTuple):
    """One non-empty line of the raw text, with what the rules look at."""
    start: int
    end: int
    text: str      # stripped line
    key: str       # normalised for comparison
    words: int
    gap: bool      # a blank line precedes it


# --- lexicons: the words and phrases are data (data/clean.yaml), the shapes around them code ------

def furniture(key: str) -> str:
    """The entries under `key` in the shipped `text/data/clean.yaml` as a regex alternation, in order.

    >>> furniture("social")[:16]
    'facebook|twitter'
    """
    return "|".join(shipped_list("text", "clean", key))


# Matched on the folded line (corpus_tools.fold), as the file says of each list.
CHROME = re.compile("(" + furniture("chrome") + r")(\s*[:|>».]?\s*)")   # the whole line, a closing mark allowed
SOCIAL = re.compile("((" + furniture("social") + r")[\s|,/•·-]*){2,}")     # a row of share buttons
RELATED_HEADING = re.compile("(" + furniture("related_headings") + r")\s*:?")
COMMENTS_HEADING = re.compile("(" + furniture("comments_headings") + r")\s*:?")
INLINE_RELATED = re.compile("|".join("^" + p for p in shipped_list("text", "clean", "read_also")), re.I)
FOOTER = re.compile("(" + furniture("footer") + ")")                         # anywhere in the line
BYLINE_WORDS = frozenset(shipped_list("text", "clean", "byline_words"))
BYLINE_START = re.compile("^(" + furniture("byline_start") + r")\b")
BYLINE_LABELLED = re.compile("^(" + furniture("byline_labels") + r")\s+(par|de)\s*:?\s")
CREDIT_START = re.compile("^(" + furniture("credit_start") + ")", re.I)
# On the line as written: a caption closed by its credit ("... à Tripoli. Photo AFP").
CREDIT_END = re.compile(r"(?:\b(?:" + furniture("credit_words") + r")\b\s*[:/]?|©)\s*[A-Z(/][^.!?«»]{0,60}$")

# --- line shapes -------------------------------------------------------------------------------

# "X à Benghazi, le 3 mai 2019.": a caption ending with a place and a date.
CAPTION_TAIL = re.compile(r"\b(?:à|a|in|at|near|près de)\s+[A-ZÀ-Ý][\w'’ -]+,\s*"
                          r"(?:le\s+\d{1,2}(?:er)?\s+\w+\.?(?:\s+\d{4})?"
                          r"|en\s+\d{4}|on\s+\w+\s+\d{1,2},?(?:\s+\d{4})?|in\s+\d{4})\.?$")
TRUNCATED = re.compile(r"(\.\.\.|…)\s*[)\]]?\s*$")
SENTENCE_END = re.compile(r"[.!?»\"”…][)\]»\"”]*\s*$")
BULLET = re.compile(r"^(?:[-•·*–—>»|]\s*|\d{1,2}[.)]\s+)")           # "- item", "• item", "12. item"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """jusText's French stop-list (read from its data file; no HTML machinery needed)."""
    import justext
    return frozenset(w.casefold() for w in justext.get_stoplist("French"))


def words_of(s: str) -> list[str]:
    """The words of a line (elided forms kept whole: "l'OTAN")."""
    return re.findall(r"\w+(?:['’]\w+)?", s)


def stop_density(s: str) -> float:
    """The share of a line's words that are French function words."""
    toks = [w.casefold() for w in re.findall(r"\w+", s)]
    return sum(t in stopwords() for t in toks) / len(toks) if toks else 0.0


def line_key(s: str) -> str:
    """Comparison key: folded words only (repetition in a document, across documents)."""
    return " ".join(re.findall(r"\w+", fold(s)))


def line_keys(raw: str) -> list[str]:
    """The comparison keys of the non-empty lines of `raw` (what `split_lines` gives, and only that)."""
    return [key for line in raw.splitlines() if (stripped := line.strip()) and (key := line_key(stripped))]


def split_lines(raw: str) -> list[Line]:
    """The non-empty lines of the raw text, with offsets, keys and word counts."""
    out, pos, gap = [], 0, False
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            out.append(Line(start, start + len(stripped), stripped, line_key(stripped), len(words_of(stripped)), gap))
            gap = False
        else:
            gap = True
        pos += len(line)
    return out


@lru_cache(maxsize=65536)
def is_prose(ln: Line) -> bool:
    """A paragraph of running text: long enough, sentence-shaped, rich in French function words."""
    if ln.words >= 25 or (ln.words >= 12 and SENTENCE_END.search(ln.text)):
        return stop_density(ln.text) >= 0.15 or ln.words >= 40
    return False


# --- the rules ---------------------------------------------------------------------------------

def pattern_rule(ln: Line, ctx: Context) -> str | None:
    """Rules that need only the line itself."""
    text, folded = ln.text, fold(ln.text).strip()
    if ctx.export and (EXPORT_FIELD.match(text) or text in ctx.field_lines
                       or ctx.export == "factiva" and FACTIVA_CODE.match(text)):
        return "export"
    if any(p.fullmatch(text) for p in ctx.boilerplate):
        return "outlet"
    if not re.search(r"\w", text):
        return "chrome"
    bare = BULLET.sub("", folded).strip()
    if ln.words <= 8 and (CHROME.fullmatch(bare) or SOCIAL.fullmatch(bare + " ")):
        return "chrome"
    if ln.words <= 30 and INLINE_RELATED.match(bare) and not SENTENCE_END.search(text):
        return "related"
    if is_dateline(text, ctx):
        return "dateline"
    if is_credit(text, ln, ctx):
        return "credit"
    if is_byline(text, folded, ln):
        return "byline"
    return None


def is_dateline(text: str, ctx: Context) -> bool:
    """A line that is only a dateline ("AA/ Bruxelles", "Bruxelles (AFP) -")."""
    return dateline_parts(text, ctx) is not None


def dateline_parts(text: str, ctx: Context) -> re.Match | None:
    """The match (groups `place`, `agency`) of a whole-line dateline, or None."""
    if ctx.agencies is None or len(text) > 60:
        return None
    return next((m for p in dateline_lines(ctx.agencies.pattern) if (m := p.fullmatch(text))), None)


def is_credit(text: str, ln: Line, ctx: Context) -> bool:
    """A photo or agency credit line, or a caption closed by one."""
    if CREDIT_START.match(fold(text)) and ln.words <= 40:
        return True
    if CREDIT_END.search(text) and not SENTENCE_END.search(text):
        return True
    if ctx.agencies is None:
        return False
    if ln.words <= 60 and photo_credit(ctx.agencies.pattern).search(text):
        return True   # photo credit closing a caption: "REUTERS/Ismail Zitouny", "AFP/Archives"
    if ln.words <= 8:
        return bool(agency_credit(ctx.agencies.pattern).fullmatch(text)
                    and (ctx.agencies.search(text) or "agence" in text.lower()))
    return False


def is_byline(text: str, folded: str, ln: Line) -> bool:
    """An author or publication-date line ("Par Jean Dupont", "Publié le 14 mai 2020 à 10h")."""
    if ln.words <= 14 and (AUTHOR_LINE.match(BULLET.sub("", text)) or BYLINE_LABELLED.match(BULLET.sub("", folded))):
        return True
    if ln.words > 18 or SENTENCE_END.search(text) and not DATE_RE.search(text[-25:]):
        return False
    if BYLINE_START.match(BULLET.sub("", folded)) and (ln.words <= 12 or DATE_RE.search(text)):
        return True
    if not DATE_RE.search(text):
        return False
    # What is left besides dates and labels must be a name or a place, not a sentence ("17 février : début
    # de la révolte" is a chronology item of the article).
    rest = [w for w in words_of(DATE_RE.sub(" ", text)) if fold(w) not in BYLINE_WORDS and not w.isdigit()
            and not re.fullmatch(r"\d{1,2}h\d{0,2}", w)]
    return len(rest) <= 5 and all(w[0].isupper() for w in rest)


def clean(raw: str, ctx: Context | None = None) -> Cleaned:
    """Cleaned text (title first), the audit of removals, and the title line."""
    ctx = ctx or Context()
    lines = split_lines(raw)
    rules: list[str | None] = [pattern_rule(ln, ctx) for ln in lines]
    mark_crossdoc(lines, rules, ctx)
    body = first_body(lines, rules)
    title = mark_header(lines, rules, body, ctx)
    mark_related(lines, rules, body)
    mark_repeats(lines, rules, title)
    mark_tail(lines, rules, body)
    mark_footer(lines, rules, body)
    mark_closing_byline(lines, rules, body, ctx)
    return cleaned(raw, lines, rules, title, ctx)


def mark_crossdoc(lines: list[Line], rules: list, ctx: Context) -> None:
    """Lines seen in many documents of the same outlet, unless that would take most of the prose."""
    if ctx.common is None:
        return
    hits = [i for i, ln in enumerate(lines) if rules[i] is None and ln.key and ctx.common(ln.key)]
    prose = {i for i, ln in enumerate(lines) if is_prose(ln)}
    prose_chars = sum(len(lines[i].text) for i in prose)
    common_prose = sum(len(lines[i].text) for i in hits if i in prose)
    # Most of the prose repeated: a reprinted article (dedup's business), so keep all but short furniture lines.
    protect = prose_chars and common_prose > 0.5 * prose_chars
    for i in hits:
        if not protect or lines[i].words <= 3 and i not in prose:
            rules[i] = "crossdoc"


def first_body(lines: list[Line], rules: list) -> int:
    """Index of the first prose paragraph (the end of the header zone)."""
    for i, ln in enumerate(lines):
        if rules[i] is None and is_prose(ln):
            return i
    for i, ln in enumerate(lines):   # short texts: the first sentence-shaped line after the first line
        if i and rules[i] is None and ln.words >= 5 and SENTENCE_END.search(ln.text):
            return i
    return len(lines)


def is_breadcrumb(text: str) -> bool:
    """A line of short parts joined by separators: "Accueil > Monde > Afrique"."""
    parts = re.split(r"\s+[-|>/»›]\s+", text)
    return len(parts) > 1 and all(len(words_of(p)) <= 4 for p in parts)


def mark_header(lines: list[Line], rules: list, body: int, ctx: Context) -> int | None:
    """Find the title in the header zone; lines before it are section/header, short tags after it header."""
    zone = [i for i in range(body) if rules[i] is None]
    later = {}
    for i, ln in enumerate(lines):
        later.setdefault(ln.key, []).append(i)
    title = None
    if ctx.title:
        key = line_key(ctx.title)
        title = next((i for i in zone if lines[i].key == key), None)
    if title is None:
        def candidate(i: int) -> bool:
            ln = lines[i]
            repeated = len(later[ln.key]) > 1
            statement = ln.text.endswith(".") and not TRUNCATED.search(ln.text)   # titles may end with ? ! » ...
            return ln.words >= 3 and not BULLET.match(ln.text) and (repeated or not statement)
        cands = [i for i in zone if candidate(i)]
        repeated = [i for i in cands if len(later[lines[i].key]) > 1]
        plain = [i for n, i in enumerate(cands) if not (is_breadcrumb(lines[i].text) and n + 1 < len(cands))
                 and lines[i].words >= 4]
        title = (repeated or plain or [None])[0]
    if title is None:
        return None
    before = [i for i in zone if i < title]
    crumbs = [i for i in before if is_breadcrumb(lines[i].text)]
    section_like = crumbs[-1:] or [i for i in before if lines[i].words <= 6]
    menu = len(before) >= 3 and not crumbs   # a run of short lines above the title is a menu, not a section
    for i in before:
        rules[i] = "section" if i in section_like and not menu else "header"
    for i in zone:
        if i > title and CAPTION_TAIL.search(lines[i].text) and lines[i].words <= 25:
            rules[i] = "credit"       # an uncredited caption: "X à Benghazi, en 2019." between title and body
        elif i > title and NAME_LINE.fullmatch(lines[i].text):
            rules[i] = "byline"       # "Marie Vastel à Ottawa", "Jean Dupont, envoyé spécial"
        elif i > title and lines[i].words <= 3 and not SENTENCE_END.search(lines[i].text):
            rules[i] = "header"
    return title


def prose_chars(lines: list[Line], rules: list, idx: range) -> int:
    """Characters of the kept prose lines among `idx`."""
    return sum(len(lines[i].text) for i in idx if rules[i] is None and is_prose(lines[i]))


def mark_related(lines: list[Line], rules: list, body: int) -> None:
    """A related/most-read or comments heading after the body: it and everything after go, unless the
    article goes on."""
    for i in range(body + 1, len(lines)):
        heading = BULLET.sub("", fold(lines[i].text)).strip()
        if lines[i].words > 8:
            continue
        rule = ("related" if RELATED_HEADING.fullmatch(heading)
                else "comments" if COMMENTS_HEADING.fullmatch(heading) else None)
        if rule is None:
            continue
        before, after = prose_chars(lines, rules, range(body, i)), prose_chars(lines, rules, range(i + 1, len(lines)))
        if after < before:
            for j in range(i, len(lines)):
                rules[j] = rules[j] or rule
            return
        rules[i] = rules[i] or rule


def mark_repeats(lines: list[Line], rules: list, title: int | None) -> None:
    """Exact repeats of earlier lines, and truncated teasers that restate earlier text."""
    start = 0 if title is None else title
    seen: set[str] = set()
    earlier = ""
    for i in range(len(lines)):
        ln = lines[i]
        if i > start and rules[i] is None and ln.key and ln.words >= 3:
            if ln.key in seen:
                rules[i] = "repeat"
            elif TRUNCATED.search(ln.text) and ln.words >= 6:
                stem = " ".join(ln.key.split()[:-1])   # the last word may be cut
                if stem and stem in earlier:
                    rules[i] = "teaser"
        seen.add(ln.key)
        if rules[i] is None:
            earlier += " " + ln.key + " "


def mark_tail(lines: list[Line], rules: list, body: int) -> None:
    """After the last complete prose paragraph: truncated teasers and unpunctuated link text go."""
    anchors = [i for i, ln in enumerate(lines) if rules[i] is None and is_prose(ln) and not TRUNCATED.search(ln.text)]
    last = anchors[-1] if anchors else body
    for i in range(max(last + 1, body), len(lines)):
        if rules[i] is not None or in_list(lines, rules, i):
            continue
        if TRUNCATED.search(lines[i].text):
            rules[i] = "teaser"
        elif not SENTENCE_END.search(lines[i].text):
            rules[i] = "tail"


def in_list(lines: list[Line], rules: list, i: int) -> bool:
    """A bulleted list that follows an article paragraph or a colon ("Le texte prévoit :" then "- ..." items)."""
    def item(j: int) -> bool:
        return BULLET.match(lines[j].text) is not None and rules[j] is None
    if lines[i].text.endswith(":") and i + 1 < len(lines) and item(i + 1):
        return True
    j = i
    while j > 0 and item(j):
        j -= 1
    return j < i and rules[j] is None and (lines[j].text.endswith(":") or is_prose(lines[j]))


def mark_footer(lines: list[Line], rules: list, body: int) -> None:
    """Subscription and copyright lines in the second half of the article."""
    mid = body + (len(lines) - body) // 2
    for i in range(max(mid, body + 1), len(lines)):
        if rules[i] is None and lines[i].words <= 80 and FOOTER.search(fold(lines[i].text)):
            rules[i] = "footer"


def mark_closing_byline(lines: list[Line], rules: list, body: int, ctx: Context) -> None:
    """The journalist's name signing the article after its last paragraph ("Jean Dupont (AGENCE)",
    "Par Marie Martin, envoyée spéciale", a name alone): a byline, for `metadata` to read, not
    site furniture.  Only the line just after the last kept line (or that line itself) is looked at."""
    kept = [i for i in range(body + 1, len(lines)) if rules[i] is None]
    last = kept[-1] if kept else None
    after = next((i for i in range((last or body) + 1, len(lines)) if rules[i] == "tail"), None)
    for i in (last, after):
        if i is not None and i > body and is_closing_byline(lines, i, ctx):
            rules[i] = "byline"
            return


def is_closing_byline(lines: list[Line], i: int, ctx: Context) -> bool:
    """Whether line `i` is a signature: a name of two to four capitalised words (an agency in brackets,
    a role or a place after it allowed), no word of a sentence, a link or an outlet's name, not all in
    capitals, not a list item nor the answer to a line ending with a colon, not an agency's name alone."""
    ln = lines[i]
    m = signature(ln.text)
    if m is None or BULLET.match(ln.text) or lines[i - 1].text.endswith(":") or m["name"].isupper():
        return False   # an item, an answer, a heading in capitals ("CONDITIONS DE VENTE")
    return not (ctx.agencies is not None and ctx.agencies.fullmatch(m["name"].rstrip(".")))


def cleaned(raw: str, lines: list[Line], rules: list, title: int | None, ctx: Context) -> Cleaned:
    """The kept lines joined (a blank line where lines were removed), the removals, title and dateline."""
    parts, removed = [], []
    for i, ln in enumerate(lines):
        if rules[i] is None:
            sep = "" if not parts else "\n\n" if (ln.gap or rules[i - 1] is not None) else "\n"
            parts.append(sep + ln.text)
        else:
            removed.append(Removed(ln.start, ln.end, raw[ln.start:ln.end], rules[i]))
    text = "".join(parts)
    return Cleaned(text, removed, lines[title].text if title is not None else None,
                   find_dateline(removed, text, ctx))


def find_dateline(removed: list[Removed], text: str, ctx: Context) -> Dateline | None:
    """The dateline of the article: a removed dateline line, else one opening an early paragraph
    ("TRIPOLI (AFP) - ..."), whose agency credit is then located in the cleaned text."""
    for r in removed:
        m = dateline_parts(r.text.strip(), ctx) if r.rule == "dateline" else None
        if m:
            return Dateline(m["place"].strip(), m["agency"], None)
    if ctx.agencies is None:
        return None
    pattern, start = inline_dateline(ctx.agencies.pattern), 0
    for para in re.split(r"\n+", text)[:5]:
        start = text.index(para, start)
        m = pattern.match(para)
        if m:
            place = m["place"].title() if m["place"].isupper() else m["place"]   # "TRIPOLI" -> "Tripoli"
            return Dateline(place, m["agency"], (start + m.start("agency"), start + m.end("agency")))
        start += len(para)
    return None
