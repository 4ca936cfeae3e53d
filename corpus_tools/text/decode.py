"""Decoding: the bytes of a text file -> clean Unicode, with a record of every repair made.

Detects the encoding (BOM, UTF-16 without BOM, strict UTF-8, else the likeliest
Western-European code page via charset-normalizer), repairs mojibake with ftfy
and normalises to NFC.  Curly quotes and other legitimate characters are kept.
"""
from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import ftfy

# Code pages a French-language corpus realistically comes in, most likely first.
FALLBACK_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850"]
BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


class Decoded(NamedTuple):
    """A file's text, the encoding it was read in, and the repairs made."""
    text: str
    encoding: str
    repairs: tuple[str, ...]   # e.g. ("bom", "mojibake:sloppy-windows-1252->utf-8", "nfc")


def decode(data: bytes, fix: bool = True) -> Decoded:
    """Decode `data`, repair it (unless `fix` is False) and say what was done."""
    encoding, repairs = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    if "\ufffd" in text and encoding not in ("utf-8", "utf-8-sig"):
        repairs.append("undecodable bytes replaced")
    fixed, more = fix_text(text) if fix else (text, [])
    return Decoded(fixed, encoding, tuple(repairs + more))


def detect_encoding(data: bytes) -> tuple[str, list[str]]:
    """The encoding of `data` (BOM, UTF-16 without BOM, UTF-8, else the likeliest code page) and
    the repairs that choice implies."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, ["bom"]
    utf16 = utf16_without_bom(data)
    if utf16:
        return utf16, [f"encoding:{utf16}"]
    try:
        data.decode("utf-8")
        return "utf-8", []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes   # imported when needed: a build with nothing to do reads no file
    best = from_bytes(data, cp_isolation=FALLBACK_ENCODINGS).best()
    name = best.encoding if best is not None else "cp1252"
    if name == "cp1252" and not decodes(data, "cp1252"):
        name = "latin_1"   # bytes 0x81, 0x8d, ... are undefined in cp1252
    return name, [f"encoding:{name}"]


def utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL bytes at every other position (ASCII-heavy text)."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decodes(data: bytes, encoding: str) -> bool:
    """Whether `data` is valid in `encoding`."""
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def fix_text(text: str) -> tuple[str, list[str]]:
    """Fix mojibake and odd characters (ftfy), normalise to NFC; list the repairs made."""
    import ftfy   # imported when needed, like charset_normalizer
    fixed, explanation = ftfy.fix_and_explain(text, config=ftfy_config())
    steps = [f"{kind}:{arg}" for kind, arg in (explanation or [])]
    repairs = ["mojibake"] if any(s.startswith(("encode:", "decode:")) for s in steps) else []
    repairs += [s.removeprefix("apply:") for s in steps if s.startswith("apply:")]
    if not repairs and not unicodedata.is_normalized("NFC", text):
        repairs.append("nfc")
    return unicodedata.normalize("NFC", fixed), repairs


@lru_cache(maxsize=1)
def ftfy_config() -> ftfy.TextFixerConfig:
    """ftfy's settings: curly quotes kept, line breaks fixed, NFC, and an explanation of each repair."""
    import ftfy
    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=True, normalization="NFC", explain=True)
