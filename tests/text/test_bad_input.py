"""Dirty corpora: every good file is processed, every bad one is skipped with a reason, nothing is lost.

The corpus is made here, file by file, as a scraper would leave it: odd encodings,
empty and binary files, a 50 MB file, NUL bytes, HTML saved as .txt, symlink
loops, fifos, duplicates, unreadable files, non-UTF-8 file names.
"""
from __future__ import annotations

import codecs
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpus_tools as ct
from corpus_tools.text import InputWarning, RawArticle, Skipped
from corpus_tools.text.files import iter_articles

FRENCH = ("Le ministre des Affaires étrangères a reçu son homologue turc à Paris mardi. "
          "Les deux diplomates ont évoqué la situation en Libye et le rôle de l’OTAN. "
          "« Nous voulons une solution politique », a déclaré le ministre à la presse.")
OTHER = ("La Commission européenne a présenté mercredi un plan d’aide pour les régions touchées. "
         "Le président du Conseil a salué un accord « historique » entre les États membres.")
ENGLISH = "The foreign minister met his Turkish counterpart in Paris on Tuesday to discuss Libya."


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
            + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] "
       b"/Count 0 >> endobj\nxref\n0 3\ntrailer << /Root 1 0 R >>\n%%EOF\n")
HTML = ("<!DOCTYPE html><html><head><title>Libye : Ankara et Paris</title><script>var x = 1;</script>"
        "</head><body><nav>Accueil | International</nav><article><h1>Libye : Ankara et Paris</h1>"
        f"<p>{FRENCH}</p></article><footer>© Journal</footer></body></html>")

# name -> bytes.  GOOD files must become documents; MAYBE files must be processed or skipped with a
# reason (decoding them well is the text-quality stage's job); BAD files must be skipped.
GOOD = {
    "article.txt": FRENCH.encode("utf-8"),
    "bom.txt": codecs.BOM_UTF8 + OTHER.encode("utf-8"),
    "nul_bytes.txt": (FRENCH[:60] + "\0\0" + FRENCH[60:] + "\0").encode("utf-8"),
    "long_line.txt": (" ".join([OTHER] * 60)).encode("utf-8"),   # one 10,000-character line
    "sub/dir/nested.txt": ("Deuxième dépêche. " + OTHER).encode("utf-8"),
    "rows.jsonl": "\n".join(json.dumps(r) for r in [
        {"id": "r1", "source": "Le Temps", "text": FRENCH.replace("Paris", "Genève")},
        {"id": "r2", "source": "Le Soir", "text": "Un emoji coupé \ud83d au milieu. " + OTHER},
    ]).encode("utf-8"),
}
MAYBE = {
    "cp1252.txt": ("Dépêche. " + FRENCH).encode("cp1252"),
    "latin1.txt": ("Une dépêche de l'agence. " + OTHER.replace("’", "'")).encode("latin-1"),
    "utf16_bom.txt": ("Une dépêche en UTF-16. " + FRENCH).encode("utf-16"),
    "utf16_nobom.txt": ("Une autre dépêche en UTF-16. " + OTHER).encode("utf-16-le"),
    "mojibake.txt": ("Dépêche mal décodée. " + FRENCH).encode("utf-8").decode("cp1252", "replace").encode("utf-8"),
    "page.txt": HTML.encode("utf-8"),
    "english.txt": ENGLISH.encode("utf-8"),
    "broken.jsonl": (json.dumps({"id": "b1", "text": OTHER.replace("mercredi", "jeudi")})
                     + "\n{\"id\": \"b2\", \"text\": \"coupé\n").encode("utf-8"),
}
BAD = {  # name -> (bytes, words expected in the reason)
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\t\n \r\n  ", "whitespace"),
    "image.txt": (png_bytes(), "png"),
    "paper.txt": (PDF, "pdf"),
    "noise.txt": (random.Random(6).randbytes(20_000), "binary"),
    "photo.png": (png_bytes(), "unsupported"),
}
COPIES = {"copy.txt": FRENCH.encode("utf-8")}   # the bytes of article.txt: a document pointing at it
HUGE_MB = 50


def make_corpus(root: Path) -> dict[str, str]:
    """Write the dirty corpus; returns the special entries (links, fifo...) and the reason expected."""
    for name, data in {**GOOD, **MAYBE, **COPIES, **{k: v[0] for k, v in BAD.items()}}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    with open(root / "huge.txt", "wb") as handle:
        line = (OTHER + "\n").encode("utf-8")
        handle.write(line * (HUGE_MB * 2**20 // len(line) + 1))
    (root / ".hidden.txt").write_text(FRENCH, encoding="utf-8")     # hidden files are ignored
    os.mkfifo(root / "pipe.txt")
    os.symlink(".", root / "loop")                                 # a folder link back to the root
    os.symlink("../..", root / "sub" / "dir" / "up")               # another way round
    os.symlink("self.txt", root / "self.txt")                      # ELOOP
    os.symlink("gone.txt", root / "dangling.txt")
    os.symlink("article.txt", root / "link.txt")                   # same bytes as article.txt
    (root / os.fsdecode(b"caf\xe9.txt")).write_bytes(("Au café. " + OTHER).encode("utf-8"))
    locked = root / "locked.txt"
    locked.write_text("Le texte verrouillé d'une dépêche sur la Libye et la Turquie.", encoding="utf-8")
    locked.chmod(0)
    return {"huge.txt": "too large", "pipe.txt": "not a regular file", "loop/": "link to the corpus folder itself",
            "sub/dir/up/": "link to the corpus folder itself", "self.txt": "symlink loop", "dangling.txt": "broken symlink",
            **{k: v[1] for k, v in BAD.items()}}


def entries(root: Path) -> set[str]:
    """Every non-hidden entry a reader of the corpus would expect to be accounted for."""
    found = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = Path(folder).relative_to(root)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            if not name.startswith("."):
                found.add((rel / name).as_posix())
    return {e.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for e in found}


def file_of(path: str) -> str:
    return path.split("#")[0].rstrip("/")


@pytest.fixture(scope="module")
def dirty(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("dirty") / "corpus"
    root.mkdir()
    return root, make_corpus(root)


@pytest.fixture(scope="module")
def dirty_build(dirty, tmp_path_factory, models_dir):
    root, _ = dirty
    out = tmp_path_factory.mktemp("dirty_out") / "build"
    proc = subprocess.run([sys.executable, "-m", "corpus_tools", "build", "--corpus", str(root), "--out", str(out),
                           "--no-reports", "--models", models_dir], capture_output=True, text=True, timeout=600)
    return proc, ct.load(out) if proc.returncode == 0 else None


def test_every_entry_is_a_document_or_a_skip(dirty, dirty_build):
    root, _ = dirty
    proc, corpus = dirty_build
    assert proc.returncode == 0, proc.stderr
    accounted = set(corpus.documents["path"]) | {file_of(p) for p in corpus.skipped["path"]}
    assert entries(root) == {file_of(p) for p in accounted}
    assert not set(corpus.documents["path"]) & {file_of(p) for p in corpus.skipped["path"]
                                                if "#" not in p and not p.endswith(".jsonl")}


def test_good_files_are_processed_cleanly(dirty_build):
    _, corpus = dirty_build
    docs = corpus.documents.set_index("path")
    for name in [*GOOD, "caf\ufffd.txt"]:
        assert name in docs.index, name
    texts = "".join(corpus.documents["text"])
    assert "\0" not in texts and "\ufeff" not in texts
    assert docs.loc["nul_bytes.txt", "text"].startswith("Le ministre des Affaires étrangères")
    assert len(docs.loc["long_line.txt", "text"]) > 10_000
    rows = corpus.documents[corpus.documents["path"] == "rows.jsonl"].set_index("doc_id")
    assert set(rows.index) == {"r1", "r2"} and rows.loc["r1", "source"] == "Le Temps"
    assert "\ufffd" in rows.loc["r2", "text"]             # the lone surrogate, made valid
    assert corpus.documents["doc_id"].is_unique
    assert len(corpus.sentences) > 10 and set(corpus.sentences["doc_id"]) == set(corpus.documents["doc_id"])


def test_bad_files_are_skipped_with_their_reason(dirty, dirty_build):
    _, expected = dirty
    _, corpus = dirty_build
    reasons = {file_of(p): r for p, r in zip(corpus.skipped["path"], corpus.skipped["reason"])}
    for name, words in expected.items():
        assert name.rstrip("/") in reasons, name
        assert words in reasons[name.rstrip("/")].lower(), (name, reasons[name.rstrip("/")])


def test_each_skip_is_one_line_on_stderr_naming_the_file(dirty_build):
    proc, corpus = dirty_build
    lines = proc.stderr.splitlines()
    assert "Traceback" not in proc.stderr
    for path, reason in zip(corpus.skipped["path"], corpus.skipped["reason"]):
        assert f"skipped {path}: {reason}" in lines, path
    assert f"{corpus.skipped.shape[0]} skipped" in proc.stdout


def test_identical_copies_and_links_are_documents_pointing_at_the_first(dirty_build):
    _, corpus = dirty_build
    docs = corpus.documents.set_index("path")
    original = docs.loc["article.txt", "doc_id"]
    for name in ("copy.txt", "link.txt"):
        assert docs.loc[name, "duplicate_of"] == original and docs.loc[name, "duplicate_similarity"] == 1.0, name
    assert not any(file_of(p) in ("copy.txt", "link.txt") for p in corpus.skipped["path"])


def test_maybe_files_are_processed_or_skipped_never_lost(dirty_build):
    _, corpus = dirty_build
    done = set(corpus.documents["path"])
    skipped = {file_of(p): r for p, r in zip(corpus.skipped["path"], corpus.skipped["reason"])}
    for name in MAYBE:
        assert name in done or skipped.get(name, "").strip(), name
    # what was read of a file that breaks half-way is kept
    assert "broken.jsonl" in done and "broken.jsonl" in skipped


def test_odd_encodings_decode_to_the_right_characters(dirty_build):
    _, corpus = dirty_build
    docs = corpus.documents.set_index("path")["text"]
    for name in ("cp1252.txt", "latin1.txt", "utf16_bom.txt", "utf16_nobom.txt", "mojibake.txt"):
        assert name in docs.index, name
        assert "dépêche" in docs[name].lower() and "Ã" not in docs[name], name
    assert "page.txt" in docs.index  # a web page saved as .txt: its article, without markup or script
    assert FRENCH.split(".")[0] in docs["page.txt"]
    assert "<" not in docs["page.txt"] and "var x" not in docs["page.txt"]


def read_all(corpus: Path) -> list[list[str]]:
    return [[type(i).__name__, i.path, getattr(i, "reason", "")] for i in iter_articles(corpus)]


def as_nobody(fn, *args):
    """fn(*args) in a forked child running as user 'nobody'; its result comes back as JSON."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            os.close(read)
            os.setgid(65534)
            os.setuid(65534)
            with os.fdopen(write, "w") as pipe:
                json.dump(fn(*args), pipe)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(text)


def test_unreadable_file_is_skipped_with_permission_denied(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(FRENCH, encoding="utf-8")
    (corpus / "locked.txt").write_text(OTHER, encoding="utf-8")
    (corpus / "locked.txt").chmod(0)
    (corpus / "closed").mkdir()
    (corpus / "closed" / "inside.txt").write_text(OTHER, encoding="utf-8")
    (corpus / "closed").chmod(0)
    if os.geteuid() == 0:  # root reads everything: look at the corpus as an ordinary user would
        for folder in (tmp_path, *tmp_path.parents):
            if folder.is_relative_to(tempfile.gettempdir()) and folder != Path(tempfile.gettempdir()):
                folder.chmod(folder.stat().st_mode | 0o005)
        read_all(corpus)  # imports whatever the readers load lazily: the child cannot read /root
        found = as_nobody(read_all, corpus)
    else:
        found = read_all(corpus)
    items = {path: (kind, reason) for kind, path, reason in found}
    assert items["ok.txt"][0] == "RawArticle"
    assert items["locked.txt"] == ("Skipped", "cannot read: permission denied")
    assert items["closed/"] == ("Skipped", "cannot list folder: permission denied")


def test_nothing_readable_exits_non_zero_with_one_line(tmp_path, models_dir):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(png_bytes())
    proc = subprocess.run([sys.executable, "-m", "corpus_tools", "build", "--corpus", str(corpus),
                           "--out", str(tmp_path / "out"), "--no-reports", "--models", models_dir],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    errors = [ln for ln in proc.stderr.splitlines() if not ln.startswith("skipped ")]
    assert len(errors) == 1 and "no article could be read" in errors[0] and str(corpus) in errors[0]
    assert "Traceback" not in proc.stderr


def test_empty_folder_says_what_it_looked_for(tmp_path, models_dir):
    (tmp_path / "c").mkdir()
    proc = subprocess.run([sys.executable, "-m", "corpus_tools", "build", "--corpus", str(tmp_path / "c"),
                           "--out", str(tmp_path / "out"), "--no-reports", "--models", models_dir],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and ".txt" in proc.stderr


def test_ingest_never_follows_a_loop_and_reads_each_file_once(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text(FRENCH, encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "back")
    os.symlink(tmp_path / "a" / "b", tmp_path / "again")
    items = list(iter_articles(tmp_path))
    assert [i.path for i in items if isinstance(i, RawArticle)] == ["a/b/x.txt"]
    assert {i.path for i in items if isinstance(i, Skipped)} == {"a/b/back/", "again/"}


def test_same_file_name_in_two_folders_gives_two_ids(tmp_path):
    for folder, text in (("lemonde", FRENCH), ("lefigaro", OTHER)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "article.txt").write_text(text, encoding="utf-8")
    arts = [i for i in iter_articles(tmp_path) if isinstance(i, RawArticle)]
    assert len({a.doc_id for a in arts}) == 2
    assert {a.path for a in arts} == {"lemonde/article.txt", "lefigaro/article.txt"}


def test_rows_with_the_same_id_are_all_kept(tmp_path):
    rows = [{"id": "x", "text": FRENCH}, {"id": "x", "text": OTHER}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    ids = [i.doc_id for i in iter_articles(tmp_path) if isinstance(i, RawArticle)]
    assert len(ids) == 2 and len(set(ids)) == 2 and ids[0] == "x"


def test_skipped_table_is_empty_but_present_for_a_clean_corpus(sample_build):
    skipped = ct.load(sample_build).skipped
    assert list(skipped.columns) == ["path", "reason"] and skipped.empty
    assert isinstance(skipped, pd.DataFrame)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=3000), st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.lists(st.sampled_from([b"\0", b"\xff\xfe", b"\xef\xbb\xbf", b"%PDF-", b"{", b"}", b'"text": ',
                                                b"\n", b",", b'"', FRENCH.encode(), b"\x92", b"\\ud800"])).map(b"".join)),
       suffix=st.sampled_from([".txt", ".jsonl", ".csv"]))
def test_any_bytes_are_read_or_skipped_never_raise(tmp_path, data, suffix):
    folder = tmp_path / "any"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / f"x{suffix}").write_bytes(data)
    items = list(iter_articles(folder))
    assert items and all(i.path.startswith(f"x{suffix}") for i in items)
    for item in items:
        if isinstance(item, RawArticle):
            assert item.text.strip() and "\0" not in item.text
            item.text.encode("utf-8")                      # valid Unicode: Parquet can store it
            str(item.doc_id).encode("utf-8")
            [(str(k) + str(v)).encode("utf-8") for k, v in item.meta.items()]
        elif isinstance(item, InputWarning):                # a column no field claims, named as Python writes it
            assert "\n" not in item.message and item.line and item.message.encode("utf-8")
        else:
            assert isinstance(item, Skipped) and item.reason.strip() and "\n" not in item.reason
