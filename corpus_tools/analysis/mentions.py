"""Who is mentioned, in which outlet, and when."""
from __future__ import annotations

import pandas as pd


def with_documents(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Mentions with the source, date and title of their document (date as datetime)."""
    docs = documents[["doc_id", "source", "date", "title"]].copy()
    docs["date"] = pd.to_datetime(docs["date"], errors="coerce")
    return mentions.merge(docs, on="doc_id", how="left")


def counted_mentions(corpus) -> pd.DataFrame:
    """Mentions outside documents flagged as duplicates (`documents.duplicate_of`): each story counts once."""
    docs = corpus.documents
    if "duplicate_of" not in docs.columns:
        return corpus.mentions
    originals = docs.loc[docs["duplicate_of"].isna(), "doc_id"]
    return corpus.mentions[corpus.mentions["doc_id"].isin(originals)]


def actor_mentions(corpus, actor_id: str) -> pd.DataFrame:
    """Every counted mention of one actor (duplicates left out), with its document's source, date and title.

    >>> rows = actor_mentions(load("build"), "jens-stoltenberg")   # doctest: +SKIP
    """
    mentions = counted_mentions(corpus)
    return with_documents(mentions[mentions["actor_id"] == actor_id], corpus.documents)


def mentions_by_source(corpus, top: int | None = None) -> pd.DataFrame:
    """Actor x source table of mention counts (most mentioned actors first)."""
    rows = with_documents(counted_mentions(corpus), corpus.documents)
    table = rows.pivot_table(index="actor_id", columns="source", values="doc_id",
                             aggfunc="count", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index]
    return table.head(top) if top else table


def timeline(rows: pd.DataFrame, freq: str = "MS") -> pd.DataFrame:
    """Counts of `rows` (with a datetime `date` column) per period and source."""
    dated = rows.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame()
    return (dated.groupby([pd.Grouper(key="date", freq=freq), "source"]).size()
            .unstack("source", fill_value=0))


def sentence_tokens(corpus, mentions: pd.DataFrame) -> dict[tuple[str, int], pd.DataFrame]:
    """(doc_id, sent_idx) -> the tokens of that sentence, for the documents of `mentions`."""
    tokens = corpus.tokens
    tokens = tokens[tokens["doc_id"].isin(mentions["doc_id"].unique())]
    return {key: group.reset_index(drop=True) for key, group in tokens.groupby(["doc_id", "sent_idx"])}
