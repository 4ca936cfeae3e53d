"""Run a public French quotation extractor on a folder of articles, from a checkout of its repository.

    python -m eval.quote_peers sfu PATH/GenderGapTracker ARTICLES_DIR OUT.json
    python -m eval.quote_peers getalp PATH/genderednews ARTICLES_DIR OUT.json --models STANZA_DIR

- sfu: SFU Discourse Lab's Gender Gap Tracker, `nlp/french/quote_extractor.py`, with spaCy's
  `fr_core_news_md` (their evaluation's entry point: `utils.preprocess_text`, then
  `QuoteExtractor.extract_quotes`);
- getalp: GETALP's Stanza port in `getalp/genderednews`,
  `gn_modules/processing/processings/quote_extractor/french_pipeline/quote_extractor_fr_V2.py`, with the
  given Stanza models (`preprocess_text`, the pipeline, `extract_quotes`).

Their code is loaded from the checkout and never copied here (MIT and AGPL).  Modules they import only
for their database or gender guessing (pymongo, bson, Levenshtein, genderization) are stubbed when
absent.  Each run is one process; OUT.json maps doc_id to the quotations, offsets mapped back to the
article files' text.
"""
from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import os
import sys
import tempfile
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.quote_gold import OffsetMap  # noqa: E402

PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"


def stub(name: str, always: bool = False, **attributes) -> None:
    """Register an empty module `name` unless the real one imports (`always`: in any case)."""
    try:
        if always:
            raise ImportError(name)
        importlib.import_module(name)
    except ImportError:
        module = types.ModuleType(name)
        module.__dict__.update(attributes)
        sys.modules[name] = module
        parent, _, leaf = name.rpartition(".")
        if parent:                                   # "import a.b.leaf as x" looks it up on its parent
            setattr(importlib.import_module(parent), leaf, module)


def span(index) -> tuple[int, int] | None:
    """A peer's "(start, end)" string (or tuple) as two ints."""
    if index in (None, "", ()):
        return None
    value = ast.literal_eval(index) if isinstance(index, str) else index
    return (int(value[0]), int(value[1])) if len(value) == 2 else None


def mapped(quotes: list[dict], copy: str, original: str) -> list[dict]:
    """The peer's quotations with offsets in the original text."""
    to_original = OffsetMap(copy, original)
    out = []
    for q in quotes:
        where = span(q.get("quote_index"))
        if where is None:
            continue
        speaker = span(q.get("speaker_index"))
        out.append({"start": to_original(where[0]), "end": to_original(where[1]),
                    "speaker": q.get("speaker") or q.get("reference") or "",
                    "speaker_start": to_original(speaker[0]) if speaker else None,
                    "speaker_end": to_original(speaker[1]) if speaker else None,
                    "verb": q.get("verb", "")})
    return out


def run_sfu(checkout: Path, texts: dict[str, str]) -> dict[str, list[dict]]:
    """SFU's French extractor with spaCy's fr_core_news_md."""
    import spacy
    french = checkout / "nlp" / "french"
    sys.path.insert(0, str(french))
    stub("pymongo")
    stub("bson", ObjectId=str)
    stub("Levenshtein", distance=lambda a, b: 0)
    import quote_extractor  # noqa: E402  (theirs)
    import utils  # noqa: E402  (theirs)
    nlp = spacy.load("fr_core_news_md")
    extractor = quote_extractor.QuoteExtractor({"spacy_lang": nlp, "out_dir": "",
                                                "NLP": {"QUOTE_VERBS": str(french / "rules" / "quote_verb_list.txt")}})
    out = {}
    for doc_id, text in texts.items():
        copy = utils.preprocess_text(text)
        out[doc_id] = mapped(extractor.extract_quotes(nlp(copy)), copy, text)
    return out


def run_getalp(checkout: Path, texts: dict[str, str], models: str) -> dict[str, list[dict]]:
    """GETALP's Stanza extractor (V2) with the given Stanza models."""
    import stanza
    original = stanza.Pipeline

    def pipeline(lang="fr", *args, **kwargs):
        kwargs.update(dir=models, download_method=None, processors=PROCESSORS, logging_level="WARN")
        return original(lang, *args, **kwargs)
    stanza.Pipeline = pipeline
    sys.path.insert(0, str(checkout))
    package = "gn_modules.processing.processings.quote_extractor.french_pipeline"
    # gender guessing only: not needed for quotations (and it does not load with pandas 2)
    stub(f"{package}.genderization", always=True, genderize_quotes=lambda quotes: quotes)
    path = checkout / "gn_modules" / "processing" / "processings" / "quote_extractor" / "french_pipeline" / \
        "quote_extractor_fr_V2.py"
    spec = importlib.util.spec_from_file_location("quote_extractor_fr_V2", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = {}
    for doc_id, text in texts.items():
        module.START_GUILLEMETS.clear()
        module.END_GUILLEMETS.clear()
        copy = module.preprocess_text(text)
        out[doc_id] = mapped(module.extract_quotes(module.nlp(copy)), copy, text)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("peer", choices=["sfu", "getalp"])
    p.add_argument("checkout", type=Path)
    p.add_argument("articles", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--models", default=os.environ.get("STANZA_RESOURCES_DIR"))
    args = p.parse_args()
    texts = {f.stem: f.read_text(encoding="utf-8") for f in sorted(args.articles.glob("*.txt"))}
    checkout, out = args.checkout.resolve(), args.out.resolve()
    os.chdir(tempfile.mkdtemp(prefix=f"quote-peer-{args.peer}-"))   # they write logs/ where they run
    found = run_sfu(checkout, texts) if args.peer == "sfu" else run_getalp(checkout, texts, args.models)
    out.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
