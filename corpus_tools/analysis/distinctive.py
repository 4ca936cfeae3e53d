"""Keyness: the lemmas, actors and labels over-represented in one part of a corpus -- an outlet,
the sentences naming an actor, a period, any sub-corpus -- against the rest of it.

Two scores side by side, for each term seen at least `min_count` times in part and rest:

- **log-likelihood G²** (Dunning 1993, as Rayson and Garside 2000 compute it), signed
  (negative: under-represented in the part), its p-value (chi-squared, 1 degree of freedom), and
  **log ratio** (Hardie 2014: log2 of the ratio of relative frequencies, a zero frequency
  counted as 0.5) as the effect size;
- **Lafon's specificity** (1980), the "spécificités" of TXM, Lexico and IRaMuTeQ: with T the
  corpus size, t the part's size, f the term's frequency in the corpus and k in the part, X
  hypergeometric (T, f, t): -log10 P(X >= k) when k is at least its expectation f t / T, else
  log10 P(X <= k).

Lemmas are counted on the `tokens` table (punctuation, symbols, numbers and anything that is no
word aside: quote marks, "h)"), case-folded ("Niger" and "niger" are one term, written as the corpus
mostly writes it: a proper name keeps its capital), the lemmas the model invented ("vaincer" for
"vaincu") replaced by a French lexicon's (`lexicon`), the words of paragraphs in another language
left out (`language`: the text stage tells each paragraph's); a term is listed when seen at least
`min_count` times (3) in part and rest together; French stop words (`data/keyness.yaml`) count in
a part's size but are never listed, nor are lone letters ("x", an initial).  `term_rows` finds the
words behind a term.  The build writes
`lemma_counts` (lemma frequencies per outlet and month) and `source_keyness` (each outlet
against the others; its extractor: `corpus_tools.analysis.extract.keyness`), so that keyness by
outlet or by month on a whole build reads no token.

Counting rule (`counting`): an outlet against the others counts what each outlet published;
every other part (an actor, a period, a sub-corpus) counts each story once, and the rest of
a period is the dated documents outside it.

>>> from corpus_tools.analysis.demo import demo_corpus
>>> corpus = demo_corpus()
>>> top = keyness(corpus, source="Le Courrier du Maghreb", min_count=2)
>>> list(top.columns)
['term', 'n_target', 'n_reference', 'per_10k_target', 'per_10k_reference', 'g2', 'p', 'log_ratio', 'specificity']
>>> top.attrs["counted"]
'what each outlet published'
>>> round(float(g2(10, 5, 1000, 2000)), 3), round(specificity(11, 296, 1084, 61449), 3)
(6.931, 1.77)
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ..userfiles import shipped_yaml
from . import counting
from .language import foreign_paragraphs, in_corpus_language
from .lexicon import repair_lemmas
from .options import DEFAULT_KINDS, at_least, choose, one_of
from .subcorpus import check_date

UNITS = ("lemma", "actor", "label")
G2_SIGNIFICANT = 3.84    # G² above which a difference has p < 0.05 (chi-squared, 1 degree of freedom)
RESULT_COLUMNS = ["term", "n_target", "n_reference", "per_10k_target", "per_10k_reference", "g2", "p", "log_ratio",
                  "specificity"]
LEMMA_COLUMNS = ["source", "month", "term", "n_published", "n_counted"]
SUMMED_ROWS = 20_000    # counts of a sub-corpus's lemmas kept unsummed, at most (or twice the last sum's)


@lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    """The parts of speech skipped and the French stop words (`data/keyness.yaml`)."""
    data = shipped_yaml("analysis", "keyness")
    return {"skip_upos": frozenset(data["skip_upos"]), "stop_words": frozenset(map(str, data["stop_words"]))}


# ---------------------------------------------------------------- the scores

def g2(a, b, c, d):
    """Signed log-likelihood G² of a term seen `a` times in a part of `c` words and `b` times in a
    rest of `d` words (arrays welcome); negative when the part has it less often than the rest."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 2 * (np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0))
    return np.where(a / c >= b / d, value, -value)


def log_ratio(a, b, c, d):
    """log2 of the part's relative frequency over the rest's, a zero frequency counted as 0.5 (Hardie 2014)."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    return np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))


def specificity(k, f, t, total):
    """Lafon's specificity of a term seen `k` times in a part of `t` words, `f` times in a corpus
    of `total` words: -log10 P(X >= k) when k >= f t / total, else log10 P(X <= k), X
    hypergeometric.  Arrays welcome; tails of any size (1e-5000 included) are exact to rounding."""
    scalar = np.ndim(k) == 0
    k, f, t, total = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=np.int64)) for x in (k, f, t, total)))
    over = k >= f * t / total
    log10p = np.empty(k.shape, dtype=float)
    log10p[over] = log10_tail(k[over], f[over], t[over], total[over], upper=True)
    log10p[~over] = log10_tail(k[~over], f[~over], t[~over], total[~over], upper=False)
    out = np.where(over, -log10p, log10p) + 0.0
    return float(out[0]) if scalar else out


def log10_tail(k, f, t, total, upper: bool, max_terms: int = 100_000) -> np.ndarray:
    """log10 P(X >= k) (`upper`) or log10 P(X <= k) for X hypergeometric (total, f, t), vectorised:
    the probability at k times the sum of the ratios of the next terms to it, term by term until
    each sum stops changing."""
    k, f, t, total = (np.asarray(x, dtype=float) for x in (k, f, t, total))
    log_at_k = log_comb(f, k) + log_comb(total - f, t - k) - log_comb(total, t)
    last = np.minimum(f, t) if upper else np.maximum(0.0, t - (total - f))
    sums, term, i = np.ones(k.shape), np.ones(k.shape), k.copy()
    active = np.flatnonzero(i != last)
    for _ in range(max_terms):
        if not len(active):
            break
        ia, fa, ta, na = i[active], f[active], t[active], total[active]
        if upper:
            ratio = (fa - ia) * (ta - ia) / ((ia + 1) * (na - fa - ta + ia + 1))
            i[active] = ia + 1
        else:
            ratio = ia * (na - fa - ta + ia) / ((fa - ia + 1) * (ta - ia + 1))
            i[active] = ia - 1
        term[active] *= ratio
        sums[active] += term[active]
        active = active[(term[active] > sums[active] * 1e-17) & (i[active] != last[active])]
    return (log_at_k + np.log(sums)) / np.log(10)


LGAMMA = np.frompyfunc(math.lgamma, 1, 1)
ERFC = np.frompyfunc(math.erfc, 1, 1)


def log_comb(n, k) -> np.ndarray:
    """ln C(n, k), elementwise."""
    return (LGAMMA(n + 1) - LGAMMA(k + 1) - LGAMMA(n - k + 1)).astype(float)


def chi2_sf_1df(x) -> np.ndarray:
    """P(chi-squared with 1 degree of freedom >= x), elementwise: erfc(sqrt(x / 2))."""
    return ERFC(np.sqrt(np.asarray(x, dtype=float) / 2)).astype(float)


def scores(target: pd.Series, reference: pd.Series, size_target: int, size_reference: int, min_count: int = 3,
           hidden: Iterable[str] = ()) -> pd.DataFrame:
    """Keyness of every term of `target` and `reference` (term -> count) seen at least
    `min_count` times in both together, `hidden` terms left out, highest G² first (columns as
    `keyness`)."""
    frame = pd.concat([target.rename("n_target"), reference.rename("n_reference")], axis=1).fillna(0)
    lower = frame.index.map(lambda t: str(t).lower())
    frame = frame[(frame.sum(axis=1) >= min_count) & ~lower.isin(list(hidden))].astype("int64")
    a, b = frame["n_target"].to_numpy(), frame["n_reference"].to_numpy()
    c, d = max(size_target, 1), max(size_reference, 1)
    value = g2(a, b, c, d)
    out = frame.assign(per_10k_target=1e4 * a / c, per_10k_reference=1e4 * b / d, g2=value,
                       p=chi2_sf_1df(np.abs(value)), log_ratio=log_ratio(a, b, c, d),
                       specificity=specificity(a, a + b, c, c + d) if len(a) else [])
    out = out.rename_axis("term").reset_index()
    out = out.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)[RESULT_COLUMNS]


# ---------------------------------------------------------------- counting lemmas

# A term is a word: letters or digits, hyphens, apostrophes or points inside, one apostrophe or point
# after ("aujourd'hui", "cessez-le-feu", "qu'"), at least one letter -- no quote mark, no bracket, no
# number ("‘’", "h)", "2020").
WORD = r"(?=\w*[^\W\d_])\w+(?:['’.-]\w+)*['’.]?"
EDGES = "«»“”\"„‹›()[]{}<>…,;:!?*/\\|-"   # stripped from both ends of a lemma first ("«contagion", "Fourier…")


def terms_of(tokens: pd.DataFrame) -> pd.Series:
    """The keyness term of each token: its lemma (quote marks and brackets glued to it taken off:
    "«contagion"), lower case unless a proper noun, the lemmas the model invented ("vaincer")
    replaced by the French lexicon's (`lexicon`, when the word forms are in a `text` column); null
    for skipped parts of speech and for lemmas that are no word (`WORD`: quote marks and brackets
    the tagger did not call punctuation, numbers).  `keyness` then merges the case variants of a
    lemma ("Niger" and "niger": one term).

    A term depends on the word's form, lemma and part of speech alone: each distinct one is
    worked out once (a batch of tokens holds a few times fewer)."""
    forms = [c for c in ("text", "lemma", "upos") if c in tokens]
    distinct = tokens[forms].drop_duplicates()
    if len(distinct) == len(tokens):
        return form_terms(tokens)
    found = tokens[forms].merge(distinct.assign(term=form_terms(distinct)), on=forms, how="left")["term"]
    return pd.Series(found.to_numpy(object), index=tokens.index, name="lemma", dtype=object)


def form_terms(tokens: pd.DataFrame) -> pd.Series:
    """`terms_of`, token by token."""
    lemma = tokens["lemma"].astype(object).str.strip(EDGES)
    keep = (~tokens["upos"].isin(word_lists()["skip_upos"]) & lemma.notna()
            & lemma.str.fullmatch(WORD, na=False))
    proper = tokens["upos"] == "PROPN"
    common = lemma.str.lower()
    repair = keep & ~proper
    if "text" in tokens and repair.any():
        common = common.copy()
        common[repair] = repair_lemmas(tokens.loc[repair, "text"], common[repair], tokens.loc[repair, "upos"])
    return lemma.where(proper, common).where(keep)


def merge_case(*counts: pd.Series) -> tuple[pd.Series, ...]:
    """The term counts of `counts` with the case variants of a lemma merged into one term, written
    as its most frequent variant in all of them together (a proper noun keeps its capital where
    the corpus mostly writes it so: "Niger"; a tie goes to lower case).

    >>> part, rest = merge_case(pd.Series({"Niger": 3, "patrie": 1}), pd.Series({"niger": 1, "Patrie": 1}))
    >>> part.to_dict(), rest.to_dict()
    ({'Niger': 3, 'patrie': 1}, {'Niger': 1, 'patrie': 1})
    """
    present = [c for c in counts if len(c)]
    if not present:
        return counts
    display = case_display(pd.concat(present).groupby(level=0).sum())
    return tuple(c.groupby(c.index.map(lambda t: display.get(str(t), t))).sum() if len(c) else c for c in counts)


def case_display(total: pd.Series) -> dict[str, str]:
    """term -> the term its case variants are counted as (`merge_case`), from their counts in
    `total` (term -> count)."""
    frame = pd.DataFrame({"term": total.index.astype(str), "n": total.to_numpy()})
    frame["key"] = frame["term"].str.lower()
    frame["cased"] = frame["term"] != frame["key"]
    frame = frame.sort_values(["key", "n", "cased", "term"], ascending=[True, False, True, True], kind="stable")
    shown = frame.drop_duplicates("key").set_index("key")["term"]
    return dict(zip(frame["term"], frame["key"].map(shown)))


def lemma_table(corpus) -> pd.DataFrame:
    """Lemma frequencies per outlet and month: the build's `lemma_counts` for a whole build, else
    counted on the sub-corpus's tokens (columns as `lemma_counts`)."""
    def compute() -> pd.DataFrame:
        if not corpus.is_subcorpus and "lemma_counts" in corpus.tables:
            return corpus.read("lemma_counts", LEMMA_COLUMNS)
        docs = corpus.read("documents", ["doc_id", "source", "date"])
        docs = docs.assign(month=docs["date"].astype(object).str[:7],
                           counted=~docs["doc_id"].isin(counting.uncounted_ids(corpus)))
        docs = docs[["doc_id", "source", "month", "counted"]]
        parts = []
        for batch in counted_words(corpus, ["doc_id", "text", "lemma", "upos", "start_char"]):
            batch = batch.assign(term=terms_of(batch)).dropna(subset=["term"]).merge(docs, on="doc_id")
            parts.append(batch.groupby(["source", "month", "term"], dropna=False)
                         .agg(n_published=("doc_id", "size"), n_counted=("counted", "sum")))
            # summed as they come, when they hold twice the last sum: memory that of the table, not the corpus
            if sum(map(len, parts)) > max(SUMMED_ROWS, 2 * len(parts[0])):
                parts = [summed(parts)]
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c.startswith("n_") else object) for c in LEMMA_COLUMNS})
        table = summed(parts).reset_index()
        table[["n_published", "n_counted"]] = table[["n_published", "n_counted"]].astype("int64")
        return table.sort_values(["source", "month", "term"], na_position="first").reset_index(drop=True)[LEMMA_COLUMNS]
    return corpus.memo("lemma table", compute)


WORD_COLUMNS = ["doc_id", "sent_idx", "text", "lemma", "upos", "start_char", "end_char"]


def counted_words(corpus, columns: list[str] = WORD_COLUMNS, batch_rows: int = 200_000) -> Iterator[pd.DataFrame]:
    """The tokens keyness counts, a batch at a time (`columns`, start_char among them): none of a
    skipped part of speech (`word_lists`), none in a paragraph of another language (`language`)."""
    foreign = foreign_paragraphs(corpus)
    for batch in corpus.batches("tokens", columns, ~pc.field("upos").isin(list(word_lists()["skip_upos"])),
                                batch_rows):
        yield in_corpus_language(batch, foreign)


def summed(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Counts by (source, month, term) summed over `parts`."""
    return pd.concat(parts).groupby(level=[0, 1, 2], dropna=False).sum()


def term_counts(corpus, doc_ids=None, sentences: pd.DataFrame | None = None,
                leave_out: pd.DataFrame | None = None) -> pd.Series:
    """term -> count over the tokens of `doc_ids` (default: the corpus), only in `sentences`
    (doc_id, sent_idx) if given, leaving out the words inside `leave_out` spans (doc_id, sent_idx,
    start_char, end_char)."""
    part = corpus if doc_ids is None else corpus.restrict(doc_ids, [])
    counts = []
    for batch in counted_words(part):
        if sentences is not None:
            batch = batch.merge(sentences[["doc_id", "sent_idx"]].drop_duplicates(), on=["doc_id", "sent_idx"])
        if leave_out is not None and len(batch):
            spans = batch.reset_index().merge(leave_out, on=["doc_id", "sent_idx"], suffixes=("", "_out"))
            inside = spans[(spans["start_char"] >= spans["start_char_out"])
                           & (spans["end_char"] <= spans["end_char_out"])]
            batch = batch.drop(index=inside["index"].unique())
        counts.append(terms_of(batch).value_counts())
    return pd.concat(counts).groupby(level=0).sum() if counts else pd.Series(dtype="int64")


def term_rows(corpus, terms: Iterable[str]) -> pd.DataFrame:
    """The words behind keyness terms: every word of `corpus` whose term (as `keyness` counts it,
    case aside) is one of `terms`, with its sentence and offsets.

    Columns: doc_id, sent_idx, start_char, end_char, term (lower case).  Tokens are read in batches.

    >>> from corpus_tools.analysis.demo import demo_corpus
    >>> rows = term_rows(demo_corpus(), ["Libye"])
    >>> list(rows.columns), set(rows["term"])
    (['doc_id', 'sent_idx', 'start_char', 'end_char', 'term'], {'libye'})
    """
    wanted = list({str(t).lower() for t in terms})
    columns = ["doc_id", "sent_idx", "start_char", "end_char", "term"]
    found = []
    for batch in counted_words(corpus):
        term = terms_of(batch).str.lower()
        hit = term.isin(wanted)
        found.append(batch.loc[hit].assign(term=term[hit])[columns])
    found = [f for f in found if len(f)]
    if not found:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("sent_idx", "start_char", "end_char") else object)
                             for c in columns})
    found = pd.concat(found, ignore_index=True)
    return found.sort_values(["doc_id", "start_char"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- parts

def keyness(corpus, source: str | None = None, actor: str | None = None, period: str | tuple | None = None,
            target=None, unit: str = "lemma", min_count: int = 3, stop_words: bool | Iterable[str] = True,
            kinds: str | Iterable[str] = DEFAULT_KINDS) -> pd.DataFrame:
    """The terms over- and under-represented in one part of `corpus` against the rest of it.

    The part, exactly one of: `source` (an outlet), `actor` (an id or any name: the sentences
    naming it), `period` ("2020", "2020-05", "2020-05-17", or a (since, until) pair of them) or
    `target` (a sub-corpus of `corpus`, from `select`).  `unit`: "lemma", "actor" (mentions of
    `kinds`) or "label" (the descriptors attached to actors).

    Columns: term (a lemma, an actor_id or a label), n_target, n_reference (its frequency in the
    part and in the rest), per_10k_target, per_10k_reference (per 10,000 words, mentions or
    labels), g2 (signed), p, log_ratio, specificity; for actors, name after term.  Highest G²
    first.  ``attrs`` hold the part, the sizes and what was counted."""
    part, value = one_of(source=source, actor=actor, period=period, target=target)
    choose("unit", unit, UNITS)
    kinds = counting.kinds_of(kinds)
    at_least("min_count", min_count)
    if unit == "lemma":
        a, b, c, d, counted = lemma_parts(corpus, part, value, kinds)
    else:
        a, b, c, d, counted = mention_parts(corpus, part, value, unit, kinds)
    out = part_scores(a, b, c, d, unit, min_count, stop_words)
    if unit == "actor":
        out.insert(1, "name", out["term"].map(counting.actor_info(corpus)["name"]))
    out.attrs.update({"part": f"{part}: {value}" if part != "target" else "; ".join(value.criteria),
                      "size_target": int(c), "size_reference": int(d), "counted": counted})
    return out


def part_scores(a: pd.Series, b: pd.Series, c: int, d: int, unit: str, min_count: int = 3,
                stop_words: bool | Iterable[str] = True) -> pd.DataFrame:
    """`scores` of the term counts of a part (`a`, `c` words in all) and of the rest (`b`, `d`),
    as `keyness` lists them: for lemmas, case variants merged and stop words and lone letters
    hidden (the build's `source_keyness` does the same for every outlet at once)."""
    hidden = stop_list(stop_words) if unit == "lemma" else frozenset()
    if unit == "lemma":
        a, b = merge_case(a, b)
        hidden = hidden | letters_alone(a.index.union(b.index))
    return scores(a, b, c, d, min_count, hidden)


def letters_alone(terms) -> frozenset[str]:
    """The terms of one letter or digit ("x", "f", an initial "D."): counted in the sizes, never listed.

    >>> sorted(letters_alone(["x", "D.", "G5", "lancer"]))
    ['d.', 'x']
    """
    return frozenset(str(t).lower() for t in terms if len(re.findall(r"\w", str(t))) < 2)


def stop_list(stop_words: bool | Iterable[str]) -> frozenset[str]:
    """The words never listed: the shipped French list (True), none (False), or the caller's."""
    if stop_words is True:
        return word_lists()["stop_words"]
    return frozenset() if stop_words is False else frozenset(stop_words)


def period_bounds(period: str | tuple) -> tuple[str, str]:
    """(since, until) of a period given as one partial ISO date or a pair of them."""
    since, until = (period, period) if isinstance(period, str) else tuple(period)
    return check_date("period", since), check_date("period", until)


def in_period(dates: pd.Series, since: str, until: str) -> pd.Series:
    """Whether each ISO date (or null) lies between `since` and `until`, both partial and included."""
    dates = dates.astype(object)
    return dates.map(lambda d: isinstance(d, str) and d[:len(since)] >= since and d[:len(until)] <= until).astype(bool)


def lemma_parts(corpus, part: str, value, kinds) -> tuple[pd.Series, pd.Series, int, int, str]:
    """Lemma counts of the part and of the rest, their sizes, and what was counted."""
    table = lemma_table(corpus)
    if part == "source":
        check_source(corpus, value)
        mine = table["source"] == value
        a = table[mine].groupby("term")["n_published"].sum()
        b = table[~mine].groupby("term")["n_published"].sum()
        return a, b, int(a.sum()), int(b.sum()), "what each outlet published"
    counted = table[table["n_counted"] > 0]
    if part == "period":
        since, until = period_bounds(value)
        dated = counted[counted["month"].notna()]
        if len(since) <= 7 and len(until) <= 7:        # whole months: the table says it all
            mine = in_period(dated["month"], since[:7], until[:7])
            a = dated[mine].groupby("term")["n_counted"].sum()
        else:
            docs = counting.documents(corpus)
            a = term_counts(corpus, docs.loc[docs["counted"] & in_period(docs["date"], since, until), "doc_id"])
        total = dated.groupby("term")["n_counted"].sum()
    else:
        total = counted.groupby("term")["n_counted"].sum()
        if part == "actor":
            spans = counting.mentions(corpus, kinds, actor_id=corpus.actor_id(value),
                                      columns=["doc_id", "sent_idx", "start_char", "end_char"])
            a = term_counts(corpus, spans["doc_id"].unique(), spans, spans)
        else:
            a = term_counts(corpus, part_ids(corpus, value))
    b = total.sub(a, fill_value=0)
    return a, b, int(a.sum()), int(b.sum()), "each story once"


def part_ids(corpus, target) -> pd.Index:
    """The documents of sub-corpus `target` that `corpus` counts (each story once)."""
    if target.doc_ids is None or target.out != corpus.out:
        raise ValueError("target= takes a sub-corpus of this corpus (from corpus.select)")
    return counting.counted_ids(corpus).intersection(target.doc_ids)


def check_source(corpus, source: str) -> None:
    """ValueError naming the outlets when `source` is none of them."""
    sources = counting.sources(corpus)
    if source not in sources:
        raise ValueError(f"no source {source!r} in this corpus; sources: {', '.join(sorted(map(str, sources)))}")


# ---------------------------------------------------------------- actors and labels

def mention_rows(corpus, unit: str, kinds, per: str) -> pd.DataFrame:
    """Rows (doc_id, sent_idx, term, actor_id, source, date) of the unit counted: actor mentions
    (term = the actor) or labels (term = the label, actor_id = the actor it describes); read
    once per corpus."""
    def compute() -> pd.DataFrame:
        if unit == "actor":
            rows = counting.mentions(corpus, kinds, per, columns=["doc_id", "sent_idx", "actor_id"])
            rows = rows.assign(term=rows["actor_id"])
        else:
            rows = label_rows(corpus)
            if per == "story":
                rows = rows[rows["doc_id"].isin(counting.counted_ids(corpus))]
        return rows.merge(counting.documents(corpus)[["doc_id", "source", "date"]], on="doc_id", how="left")
    return corpus.memo(f"keyness rows {unit} {kinds} {per}", compute)


def label_rows(corpus) -> pd.DataFrame:
    """Every label of every actor (the build's `labels` table), the normalised label as term."""
    rows = corpus.read("labels", ["doc_id", "sent_idx", "label_norm", "actor_id"])
    return rows.rename(columns={"label_norm": "term"}).assign(term=lambda r: r["term"].astype(object))


def mention_parts(corpus, part: str, value, unit: str, kinds) -> tuple[pd.Series, pd.Series, int, int, str]:
    """Counts of actors (or labels) in the part and in the rest, their sizes, and what was counted."""
    per = "outlet" if part == "source" else "story"
    rows = mention_rows(corpus, unit, kinds, per)
    if part == "source":
        check_source(corpus, value)
        mine = rows["source"] == value
    elif part == "period":
        since, until = period_bounds(value)
        rows = rows[rows["date"].notna()]
        mine = in_period(rows["date"], since, until)
    elif part == "target":
        mine = rows["doc_id"].isin(part_ids(corpus, value))
    else:
        actor_id = corpus.actor_id(value)
        if unit == "label":
            mine = rows["actor_id"] == actor_id
        else:
            named = counting.mentions(corpus, kinds, actor_id=actor_id, columns=["doc_id", "sent_idx"])
            named = named.drop_duplicates()
            rows = rows[rows["actor_id"] != actor_id]
            mine = pd.Series(pd.MultiIndex.from_frame(rows[["doc_id", "sent_idx"]]).isin(
                pd.MultiIndex.from_frame(named)), index=rows.index)
    a, b = rows.loc[mine, "term"].value_counts(), rows.loc[~mine, "term"].value_counts()
    counted = counting.describe(kinds, per) if unit == "actor" else ("each story once" if per == "story"
                                                                      else "what each outlet published")
    return a, b, int(a.sum()), int(b.sum()), counted
