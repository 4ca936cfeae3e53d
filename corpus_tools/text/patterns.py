"""Patterns of the text stage, gathered in one place (as trafilatura gathers its XPaths).

- dates as news pages print them ("3 juillet 2020", "May 17, 2020", "17.05.2020", "2020-05-17"),
  found here and parsed by `dates` with dateparser;
- person names as bylines print them, and the "Par"/"By" that introduces an author;
- datelines and agency credits ("AA/ Bruxelles", "TRIPOLI (AFP) -", "KIEV, 12 juin (AFP) -"),
  built around the outlet registry's agency spellings (`outlets.OutletRegistry.agency_pattern`).

The clean stage finds bylines and datelines with these patterns; metadata reads what
clean found (its `removed` rows and `Cleaned.dateline`), never the text again.  The words the
patterns are built from (month names, byline labels, name particles, ...) are data, in
`data/patterns.yaml`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from ..fold import fold
from ..userfiles import shipped_list


def alternation(key: str, form: Callable[[str], str] = str) -> str:
    """The entries under `key` in the shipped `text/data/patterns.yaml` (each made a regex by
    `form`) as a regex alternation, in their order.

    >>> alternation("name_particles")[:8]
    'de|da|di'
    """
    return "|".join(map(form, shipped_list("text", "patterns", key)))


def any_case(word: str) -> str:
    """A word as written, in lower case or in capitals, as a regex: 'Par' -> '[Pp]ar|PAR'."""
    return f"[{word[0]}{word[0].lower()}]{word[1:]}|{word.upper()}"


# --- dates -------------------------------------------------------------------------------------

MONTH = rf"(?:{alternation('months')})\.?"
TIME = r"(?:,?\s*(?:à\s*|at\s*|-\s*)?\d{1,2}\s*[:h]\s*\d{2}(?:\s*(?:GMT|UTC|CET|CEST|[AP]M))?)?"
DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:er)?\.?\s+{MONTH}\s+\d{{4}}"       # 3 juillet 2020, 14 May. 2020, 12. Mai 2020
    rf"|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}"                   # May 17, 2020
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}"                       # 17.05.2020
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?"  # 2020-05-17
    rf"){TIME}", re.I)
# The label of an update date on a byline ("Mis à jour le ..."), on folded text.
UPDATE_LABEL = re.compile(rf"\b({alternation('update_labels')})\b")


def is_date_line(line: str) -> bool:
    """A short line that is a date (an export's header line), not a sentence mentioning one."""
    return bool(DATE_RE.search(line)) and len(line.split()) <= 8


# --- names and bylines -------------------------------------------------------------------------

PARTICLES = alternation("name_particles")   # lower-case words inside a person's name
PERSON_NAME = rf"[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:{PARTICLES}|[A-ZÀ-Ý][\w'’.-]*)){{1,4}}"
AUTHOR_PREFIX = rf"(?:{alternation('author_prefixes', any_case)})\s*:?\s+"   # "Par", "BY :"
# "Par Jean Dupont", "By J. Smith and A. Jones (Reuters)": a byline line as a whole.
AUTHOR_LINE = re.compile(rf"^{AUTHOR_PREFIX}[A-ZÀ-Ý][\w'’.-]+(\s+({PARTICLES}|et|and|avec|with"
                         r"|[A-ZÀ-Ý][\w'’.-]*))*(\s*\([^)]{1,60}\))?$")
# The author(s) a byline names: "Par Jean Dupont et Marie Durand" -> "Jean Dupont et Marie Durand".
AUTHOR_NAMES = re.compile(rf"^[-•·*\s]*{AUTHOR_PREFIX}({PERSON_NAME}(?:\s+(?:et|and)\s+{PERSON_NAME})?)")
# "Marie Vastel à Ottawa", "Jean Dupont, envoyé spécial": a name line under the title.
NAME_LINE = re.compile(rf"{PERSON_NAME}(?:\s*,?\s*(?:à|a|depuis|in|at)\s+[A-ZÀ-Ý][\w'’ -]{{1,30}}"
                       rf"|\s*,\s*(?:{alternation('reporter_roles')})[\w'’ -]{{0,30}})?")

# "Jean Dupont (AGENCE)", "Par Marie Martin, envoyée spéciale", "Marie Martin": a byline closing the
# article, the line as a whole; group `name`, and `credit` for the agency or desk in brackets.
CLOSING_BYLINE = re.compile(
    rf"(?:{AUTHOR_PREFIX})?(?P<name>[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:{PARTICLES}|[A-ZÀ-Ý][\w'’.-]*)){{1,3}})"
    rf"(?:\s*\((?P<credit>\w[^()]{{0,40}})\)"
    rf"|\s*,\s*(?:{alternation('reporter_roles')})[\w'’ -]{{0,30}}"
    rf"|\s*,?\s+(?:à|depuis)\s+[A-ZÀ-Ý][\w'’ -]{{1,30}})?\.?")
NOT_IN_NAMES = frozenset(shipped_list("text", "patterns", "not_in_names"))
NOT_FIRST_IN_NAMES = frozenset(shipped_list("text", "patterns", "not_first_in_names"))
ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]{1,10}")   # "ONEP", "APS": a credit in brackets naming an agency


def signature(line: str) -> re.Match | None:
    """The match of `CLOSING_BYLINE` (groups `name`, `credit`) when the whole line is a journalist's
    signature: no word of it one that never belongs to a name (`not_in_names`: "Lire aussi"), nor
    its first word an article (`not_first_in_names`: "Le Courrier du Plateau").

    >>> signature("Jean Le Floch (AGENCE)")["credit"], signature("Lire la suite"), signature("Le Courrier du Sud")
    ('AGENCE', None, None)
    """
    m = CLOSING_BYLINE.fullmatch(line)
    words = [fold(w) for w in re.findall(r"\w+", m["name"])] if m else []
    if not words or words[0] in NOT_FIRST_IN_NAMES or any(w in NOT_IN_NAMES for w in words):
        return None
    return m


# An author field naming a desk, not a person (on the folded field).
DESK_AUTHOR = re.compile(rf"(?:{alternation('desk_authors')})")

# --- datelines and agency credits --------------------------------------------------------------

@lru_cache(maxsize=8)
def dateline_lines(agency: str) -> tuple[re.Pattern, re.Pattern]:
    """Whole-line datelines for an agency alternation: "AA/ Bruxelles" and "Bruxelles (AFP) -".

    Both have the groups `place` and `agency`."""
    return (re.compile(rf"(?P<agency>{agency})\s*/\s*(?P<place>[A-ZÀ-Ý][\w'’ .-]{{1,40}})"),
            re.compile(rf"(?P<place>[A-ZÀ-Ý][\w'’ .-]{{1,40}}?),?\s*(?:\([^)]*\)\s*)?"
                       rf"\(\s*(?P<agency>{agency})\s*\)\s*[-–—:]?"))


@lru_cache(maxsize=8)
def inline_dateline(agency: str) -> re.Pattern:
    """A dateline opening a paragraph: "TRIPOLI (AFP) -", "KIEV, 12 juin (AFP) -"."""
    return re.compile(rf"(?P<place>[A-ZÀ-Ý][\w'’.-]+(?:[ -][A-ZÀ-Ý][\w'’.-]+){{0,3}})\s*(?:,[^()\n]{{0,30}})?"
                      rf"\(\s*(?P<agency>{agency})\s*\)\s*[-–—]")


@lru_cache(maxsize=8)
def photo_credit(agency: str) -> re.Pattern:
    """A photo credit closing a caption: "REUTERS/Ismail Zitouny", "AFP/Archives"."""
    return re.compile(rf"{agency}(?:\s+(?:PHOTO|Photo))?\s*/\s*[A-Z][^.!?]{{0,50}}$")


@lru_cache(maxsize=8)
def agency_credit(agency: str) -> re.Pattern:
    """A short line crediting agencies: "(AFP)", "Source : Reuters", "avec AFP et AP"."""
    one = rf"(?:{agency}|agences?)"
    return re.compile(rf"\(?\s*(?:(?:{alternation('agency_credit_words')})\s*:?\s*)?{one}"
                      rf"(?:\s*(?:et|,|/|and)\s*{one})*\s*\)?\.?", re.I)
