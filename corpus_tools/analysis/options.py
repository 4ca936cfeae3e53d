"""Option checks shared by the analyses: a value an analysis does not know raises, naming the ones it does."""
from __future__ import annotations

from collections.abc import Iterable

# The periods every analysis takes, one spelling (pandas periods; weeks start on Monday).
PERIODS = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
LEVELS = ("sentence", "paragraph", "document")   # co-occurrence units: paragraphs as `paragraphs` finds them

# The mention kinds (`mentions.kind`) and the one default every analysis, table and report page
# counts, unless a function is given `kinds=` ("name", "demonym", "title", a list, or "all"):
# names, demonyms and capitals ("turc", "Ankara"), and role titles resolved to their holder ("le
# chef de l'État" -> the president of that article).  All three, because each is a mention of
# the actor the actors stage resolved it to, and the press names office holders by their office
# as often as by their name after a first mention: names alone undercount heads of state and
# ministers against everyone else, and a country against its capital and adjective.  A role
# stays a role, never a mention, where the article does not say who holds it.
KINDS = ("name", "demonym", "title")
DEFAULT_KINDS = "all"


def choose(option: str, value, allowed: Iterable):
    """`value` if it is one of `allowed`, else ValueError naming them.

    >>> choose("level", "sentence", LEVELS)
    'sentence'
    >>> choose("level", "section", LEVELS)
    Traceback (most recent call last):
    ...
    ValueError: level='section' is not one of: sentence, paragraph, document
    """
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{option}={value!r} is not one of: {', '.join(map(str, allowed))}")
    return value


def one_of(**options) -> tuple[str, object]:
    """The one option given a value (name, value); ValueError when none or several are.

    >>> one_of(actor=None, word="Haftar", lemma=None)
    ('word', 'Haftar')
    """
    given = [(name, value) for name, value in options.items() if value is not None]
    if len(given) != 1:
        raise ValueError(f"give exactly one of {', '.join(options)} (got {', '.join(n for n, _ in given) or 'none'})")
    return given[0]


def at_least(option: str, value: int, minimum: int = 1) -> int:
    """`value` if it is an integer >= `minimum`, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{option}={value!r} must be an integer >= {minimum}")
    return value
