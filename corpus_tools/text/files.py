"""Files: find article files under a corpus folder and read them safely.

File-level concerns live here; turning a file's bytes into articles is the job
of `readers`.  Scraped corpora are dirty, so every entry of the folder ends up
either as articles or as one `Skipped` naming it and saying why:

* the walk never hangs or loops: hidden entries are ignored, a folder reached
  twice (a symlink loop or a second link to the same folder) is not re-entered,
  broken links, fifos and unreadable folders are reported;
* a file is opened without blocking, checked against a size limit before it is
  read, and sniffed (PNG/PDF/ZIP... signatures, NUL and control bytes) before
  its bytes reach `readers.parse`;
* every file that holds an article gives a document, byte-identical copies too (a
  copy in a second outlet's folder is a second publication; `dedup` flags it);
  colliding document ids are made unique;
* the metadata sidecar at the corpus root (`sidecar.SIDECAR_NAMES`) describes the
  articles and is not one: the walk leaves it to `sidecar`;
* whatever a reader raises on one file is that file's skip reason, never a crash;
* text handed on is valid Unicode (lone surrogates, which Parquet and UTF-8
  cannot hold, become U+FFFD) and holds no NUL character (stray NULs are
  dropped; text that is mostly NULs or U+FFFD was not decoded and is skipped).
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path
from typing import Iterator

from .columns import ColumnTable
from .readers import parse, supported_suffixes
from .records import InputWarning, RawArticle, Skipped
from .sidecar import SIDECAR_NAMES

MAX_ARTICLE_CHARS = 1_000_000        # ~150,000 words: far beyond any news article
MAX_TXT_BYTES = 4 * MAX_ARTICLE_CHARS  # a one-article file bigger than this is not one article
MAX_FILE_BYTES = 2 * 2**30           # many-article files (.jsonl, .csv) are read whole
SNIFF_BYTES = 64 * 1024

MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (.zip, .docx, .odt, .xlsx...)"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls)"),
    (b"\x7fELF", "a program"), (b"\xfd7zXZ\x00", "an xz archive"), (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"), (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
# C0 controls that never occur in text files (tab, newlines, form feed and escape do).
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
SURROGATES = re.compile("[\ud800-\udfff]")


def iter_files(corpus: str | Path) -> Iterator[Path | Skipped]:
    """Article files under `corpus` (depth first, by name), and a `Skipped` for every other entry.

    Hidden files and folders (name starting with '.') are ignored silently, and so is the
    metadata sidecar at the corpus root (`sidecar.sidecar_files` lists it).
    """
    root = Path(corpus)
    suffixes = supported_suffixes()
    seen: dict[tuple[int, int], str] = {}
    stack = [root]
    while stack:
        folder = stack.pop()
        rel = relative(folder, root)
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield Skipped(f"{rel}/", f"cannot list folder: {os_reason(exc)}")
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            first = "the corpus folder itself" if seen[key] == "." else f"folder '{seen[key]}/'"
            yield Skipped(f"{rel}/", f"link to {first}, which is read already: not followed")
            continue
        seen[key] = rel
        subfolders = []
        for entry in entries:
            if entry.name.startswith(".") or (folder == root and entry.name in SIDECAR_NAMES):
                continue
            path = Path(entry.path)
            kind = entry_kind(path)
            if kind == "folder":
                subfolders.append(path)
            elif kind != "file":
                yield Skipped(relative(path, root), kind)
            elif path.suffix.lower() not in suffixes:
                yield Skipped(relative(path, root), f"unsupported file type '{path.suffix or '(none)'}' "
                                                    f"(articles are read from {', '.join(suffixes)})")
            else:
                yield path
        stack.extend(reversed(subfolders))


def entry_kind(path: Path) -> str:
    """'folder', 'file', or why the entry is neither."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return f"broken symlink (target {os.readlink(path)!r} does not exist)"
        return f"cannot read: {os_reason(exc)}"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    what = "a fifo" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({what})"


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of `path`; OSError or ValueError (with a reason for the user) if it cannot be an article file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a fifo must not hang the build
    with open(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > limit:
            raise ValueError(f"file too large ({st.st_size / 2**20:.1f} MB; the limit for a "
                             f"{path.suffix or 'text'} file is {limit / 2**20:.0f} MB)"
                             + ("; one article per .txt file: split it, or use .jsonl"
                                if path.suffix.lower() == ".txt" else ""))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"file too large (more than {limit / 2**20:.0f} MB)")
    return data


def binary_reason(data: bytes) -> str | None:
    """Why `data` is not text (a known file signature, NUL or control bytes), or None."""
    if not data:
        return "empty file"
    head = data[:SNIFF_BYTES]
    for magic, what in MAGIC:
        if head.startswith(magic):
            return f"binary file: {what}, not text"
    if head.startswith(BOMS) or wide_text(head):
        return None
    odd = len(head) - len(head.translate(None, CONTROL_BYTES))  # NUL and other C0 controls
    if odd > 0.05 * len(head):
        return f"binary file: {odd / len(head):.0%} NUL or control bytes, not text"
    return None


def wide_text(head: bytes) -> bool:
    """True for UTF-16/UTF-32 without a byte order mark: NUL bytes sit at fixed positions."""
    if len(head) < 16 or 0 not in head:
        return False
    rates = [head[r::4].count(0) / len(head[r::4]) for r in range(4)]
    return min(rates) < 0.05 and max(rates) > 0.6


def iter_articles(corpus: str | Path,
                  columns: ColumnTable | None = None) -> Iterator[RawArticle | Skipped | InputWarning]:
    """Every article of every file, one `Skipped` per entry (or row) that could not be read, and
    the readers' warnings; `columns`: the column table of record files (default: the built-in one)."""
    corpus = Path(corpus)
    ids: dict[str, str] = {}            # doc_id -> file that has it
    for item in iter_files(corpus):
        if isinstance(item, Skipped):
            yield item
            continue
        rel = relative(item, corpus)
        try:
            data = read_file(item, MAX_TXT_BYTES if item.suffix.lower() == ".txt" else MAX_FILE_BYTES)
        except OSError as exc:
            yield Skipped(rel, f"cannot read: {os_reason(exc)}")
            continue
        except ValueError as exc:
            yield Skipped(rel, str(exc))
            continue
        reason = binary_reason(data)
        if reason:
            yield Skipped(rel, reason)
            continue
        for art in parse_safely(data, item, rel, columns):
            if isinstance(art, RawArticle):
                art = checked(art, ids)
            elif isinstance(art, InputWarning):
                art = art._replace(message=valid_text(art.message))
            yield art


def parse_safely(data: bytes, path: Path, rel: str,
                 columns: ColumnTable | None = None) -> Iterator[RawArticle | Skipped | InputWarning]:
    """`readers.parse`, with whatever it raises turned into the file's skip reason."""
    n = seen = 0
    try:
        for item in parse(data, path, rel, columns):
            n += isinstance(item, RawArticle)
            seen += not isinstance(item, InputWarning)
            yield item
        if not seen:  # e.g. a .csv with a header only: say so rather than drop the file silently
            yield Skipped(rel, "no article in the file (no row with a text)")
    except UnicodeDecodeError as exc:
        yield Skipped(rel, f"cannot decode the text ({exc.encoding}: byte {exc.object[exc.start:exc.start + 1]!r} "
                           f"at offset {exc.start})" + after(n))
    except Exception as exc:  # a reader's failure on one file must never stop the build
        message = str(exc).strip().splitlines()
        yield Skipped(rel, f"unreadable: {type(exc).__name__}: {message[0] if message else ''}" + after(n))


def after(n: int) -> str:
    """", after N articles read from it" for a failure part-way through a file."""
    return f", after {n} articles read from it" if n else ""


def checked(art: RawArticle, ids: dict[str, str]) -> RawArticle | Skipped:
    """Valid Unicode everywhere, a sane size, and a document id no other article has."""
    text = valid_text(art.text)
    where = art.path if art.path.lower().endswith(".txt") else f"{art.path}#{art.doc_id}"
    if not text.strip():
        return Skipped(where, "no text (empty or only whitespace)")
    if len(text) > MAX_ARTICLE_CHARS:
        return Skipped(where, f"article too long ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,}): "
                              "is it really one article?")
    junk = text.count("\0") + text.count("\ufffd")
    if junk > 0.05 * len(text):
        return Skipped(where, f"{junk / len(text):.0%} undecodable characters: not text in a known encoding")
    doc_id = unique_id(valid_text(str(art.doc_id)), art.path, ids)
    meta = {valid_text(str(k)): valid_text(str(v)) for k, v in art.meta.items()}
    found = {valid_text(str(k)): v if not isinstance(v, str) else valid_text(v) for k, v in art.found.items()}
    return art._replace(doc_id=doc_id, text=text.replace("\0", ""), meta=meta, found=found)


def unique_id(doc_id: str, path: str, ids: dict[str, str]) -> str:
    """`doc_id`, or `doc_id@path` (then `#2`, `#3`...) when another article has it already."""
    candidate, n = doc_id, 1
    if candidate in ids:
        candidate = f"{doc_id}@{path}"
    while candidate in ids:
        n += 1
        candidate = f"{doc_id}@{path}#{n}"
    ids[candidate] = path
    return candidate


def valid_text(text: str) -> str:
    """`text` with lone surrogates (undecodable file-name bytes, bad JSON escapes) replaced by U+FFFD."""
    return SURROGATES.sub("\ufffd", text)


def relative(path: Path, root: Path) -> str:
    """Path of `path` inside the corpus, as valid Unicode (for tables and messages)."""
    return valid_text(path.relative_to(root).as_posix())


def os_reason(exc: OSError) -> str:
    """The operating system's reason, in lower case ("permission denied")."""
    return (exc.strerror or str(exc)).lower()
