"""Document pages: the cleaned article with every mention marked and linked to its actor, its
metadata, its quotations, and the boilerplate removed from it.

They need no kernel: the stage (`reports.stage`) writes them straight from the tables, a group
of rows per document (`rows_per_document`), so that a corpus's document pages cost milliseconds
each.  Sentences carry anchors (``#s12``) that evidence lines point to.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape

import pandas as pd

from ..render import heading, linked, page_html, table_html

META_FIELDS = [("source", "outlet"), ("date", "date"), ("author", "author"), ("section", "section"),
               ("wire", "agencies credited"), ("dateline", "dateline"), ("lang", "language"),
               ("langs", "languages of its paragraphs"), ("url", "URL"),
               ("path", "file")]


@dataclass(frozen=True)
class DocumentRows:
    """The rows of one document: its `documents` row and its sentences, mentions, quotations and
    removed spans."""
    doc: pd.Series
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    removed: pd.DataFrame
    row_hashes: bytes       # the hashes of all these rows (hashed a table at a time)

    def digest(self, extra: str) -> str:
        """A digest of everything the page is drawn from (`extra`: the code, the links)."""
        return hashlib.sha256(extra.encode() + self.row_hashes).hexdigest()


def rows_per_document(corpus, doc_ids) -> Iterator[DocumentRows]:
    """The rows of each document of `doc_ids`, reading and hashing each table once."""
    sub = corpus.restrict(doc_ids, [])
    docs = sub.documents.reset_index(drop=True)
    frames = {"documents": docs}
    for name, columns in (("sentences", ["doc_id", "sent_idx", "start_char"]),
                          ("mentions", ["doc_id", "start_char", "end_char", "text", "actor_id", "kind"]),
                          ("quotes", ["doc_id", "sent_idx", "start_char", "end_char", "quote", "kind", "cue",
                                      "speaker", "speaker_text", "unnamed_speaker"]),
                          ("removed", ["doc_id", "start_char", "end_char", "text", "rule"])):
        frames[name] = sub.read(name, columns) if name in sub.tables else pd.DataFrame(columns=columns)
    positions = {name: frame.groupby("doc_id", sort=False).indices if len(frame) else {}
                 for name, frame in frames.items()}
    hashes = {name: pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy()
              for name, frame in frames.items()}
    empty = {name: frame.iloc[:0] for name, frame in frames.items()}
    for doc_id in sorted(docs["doc_id"]):
        parts, digest = {}, b""
        for name, frame in frames.items():
            rows = positions[name].get(doc_id)
            parts[name] = frame.take(rows) if rows is not None else empty[name]
            digest += hashes[name][rows].tobytes() if rows is not None else b"-"
        yield DocumentRows(parts["documents"].iloc[0], parts["sentences"], parts["mentions"], parts["quotes"],
                           parts["removed"], digest)


def document_html(rows: DocumentRows, names: pd.Series, actor_href: Callable[[str], str | None],
                  source_href: Callable[[str], str], document_href: Callable[[str], str | None]) -> str:
    """The whole page of one document (links relative to the documents/ folder)."""
    doc = rows.doc
    title = str(doc["title"]) if pd.notna(doc.get("title")) and str(doc["title"]).strip() else str(doc["doc_id"])
    body = [heading(title), metadata(doc, source_href, document_href),
            heading("Text", 2), f'<div class="article">{marked_text(doc["text"], rows, names, actor_href)}</div>',
            quotations(rows.quotes, names, actor_href), removed(rows.removed)]
    return page_html(title, "\n".join(b for b in body if b), depth=1, kind="document")


def metadata(doc: pd.Series, source_href, document_href) -> str:
    """The document's metadata as a definition list (the outlet linked to its page)."""
    items = []
    for field, words in META_FIELDS:
        value = doc.get(field)
        if field == "date" and (value is None or pd.isna(value)):
            value = "s.d. (undated)"
        if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value) == "":
            continue
        if field == "langs" and value == doc.get("lang"):
            continue                                  # one language: said by `lang` already
        if field == "source":
            text = linked(str(value), source_href(str(value)))
        elif field == "url" and str(value).startswith(("http://", "https://")):
            text = linked(str(value), str(value))
        else:
            text = escape(str(value))
        items.append(f"<dt>{escape(words)}</dt><dd>{text}</dd>")
    original = doc.get("duplicate_of")
    if isinstance(original, str) and original:
        similarity = float(doc.get("duplicate_similarity") or 1)
        items.append(f"<dt>copy of</dt><dd>{linked(original, document_href(original))} (similarity {similarity:.2f}); "
                     "left out of corpus-wide counts</dd>")
    return f'<dl class="meta">{"".join(items)}</dl>'


def marked_text(text: str, rows: DocumentRows, names: pd.Series, actor_href) -> str:
    """The text, escaped, in paragraphs, with an anchor at each sentence and every mention marked
    (a link to its actor's page when it has one)."""
    inserts: list[tuple[int, int, str]] = []          # (offset, order, html): closings before openings
    for s in rows.sentences.itertuples():
        inserts.append((int(s.start_char), 2, f'<span class="anchor" id="s{int(s.sent_idx)}"></span>'))
    for m in rows.mentions.itertuples():
        if "\n" in text[int(m.start_char):int(m.end_char)]:
            continue                                  # a mark may not cross a paragraph
        name = str(names.get(m.actor_id, m.actor_id))
        href = actor_href(m.actor_id)
        tag = "a" if href else "mark"
        link = f' href="{escape(href)}"' if href else ""
        inserts.append((int(m.start_char), 3, f'<{tag} class="mention {escape(str(m.kind))}"{link} '
                                              f'title="{escape(name)}">'))
        inserts.append((int(m.end_char), 1, f"</{tag}>"))
    inserts.sort(key=lambda t: (t[0], t[1]))
    out, at = [], 0
    for offset, _, html in inserts:
        out.append(paragraphs(text[at:offset]))
        out.append(html)
        at = max(at, offset)
    out.append(paragraphs(text[at:]))
    return "<p>" + "".join(out) + "</p>"


def paragraphs(text: str) -> str:
    """Escaped text with blank lines as paragraph breaks and single newlines as line breaks.

    >>> paragraphs("a < b\\n\\nc\\nd")
    'a &lt; b</p><p>c<br>d'
    """
    parts = [escape(p).replace("\n", "<br>") for p in text.replace("\r", "").split("\n\n")]
    return "</p><p>".join(parts)


def quotations(quotes: pd.DataFrame, names: pd.Series, actor_href) -> str:
    """The document's quotations: speaker (linked), kind, cue, the words quoted."""
    if quotes.empty:
        return ""
    body = []
    for q in quotes.sort_values("start_char").itertuples():
        who = speaker_cell(q, names, actor_href)
        body.append([who, escape(str(q.kind)), escape(str(q.cue) if isinstance(q.cue, str) else ""),
                     linked(q.quote, f"#s{int(q.sent_idx)}")])
    return heading("Quotations", 2) + table_html(["speaker", "kind", "cue", "quoted words"], body)


def speaker_cell(q, names: pd.Series, actor_href) -> str:
    """Who speaks: the actor (linked to its page when it has one), or the words naming an
    unnamed or unresolved speaker."""
    if isinstance(q.speaker, str):
        return linked(str(names.get(q.speaker, q.speaker)), actor_href(q.speaker))
    words = str(q.speaker_text) if isinstance(q.speaker_text, str) else "?"
    return escape(f"{words} (unnamed source)" if q.unnamed_speaker else words)


def removed(spans: pd.DataFrame, size: int = 240) -> str:
    """The boilerplate removed from the page, with the rule that removed each span."""
    if spans.empty:
        return ""
    body = [[escape(str(r.rule)), escape(r.text if len(r.text) <= size else r.text[:size - 1] + "…")]
            for r in spans.sort_values("start_char").itertuples()]
    return heading("Removed as boilerplate", 2) + table_html(["rule", "text"], body, None, (),
                                                             "Offsets are in the text as read, before cleaning.")
