"""Stanza backend: the full French pipeline, run in bulk over lists of documents."""
from __future__ import annotations

import logging
import os

from .base import DocAnnotation, EntityRow, ModelsNotFound, SentenceRow, TokenRow
from .models import LANG, PROCESSORS, find_stanza_dir, models_identity

# Batch sizes (in words for most processors).  On CPU, Stanza's own defaults measured
# 10-20 % faster than smaller pos/depparse batches (bench/results.md); a GPU takes larger ones.
CPU_BATCH: dict[str, int] = {}
GPU_BATCH = {"tokenize_batch_size": 256, "pos_batch_size": 10000, "lemma_batch_size": 500,
             "depparse_batch_size": 10000, "ner_batch_size": 256, "mwt_batch_size": 500}


def pick_device(device: str | None) -> str:
    """'cuda' when a GPU is present unless the caller forces a device."""
    if device:
        return device
    import torch
    return "cuda" if torch.cuda.is_available() else "cpu"


class StanzaBackend:
    """Stanza's French pipeline (tokenize, mwt, pos, lemma, depparse, ner), run in bulk."""
    name = "stanza"

    @staticmethod
    def identify(models_dir: str | None = None) -> str | None:
        """The identity this backend would have, without loading it (None: no models)."""
        from importlib.metadata import version
        path = find_stanza_dir(models_dir)
        return None if path is None else f"stanza-{version('stanza')}-{models_identity(path)}"

    def __init__(self, models_dir: str | None = None, device: str | None = None,
                 threads: int | None = None):
        import stanza
        import torch
        path = find_stanza_dir(models_dir)
        if path is None:
            where = models_dir or "$STANZA_RESOURCES_DIR or Stanza's default directory"
            raise ModelsNotFound(f"no Stanza French models in {where}: run 'corpus-tools models download'")
        if threads:
            torch.set_num_threads(threads)
        self.device = pick_device(device)
        batch = GPU_BATCH if self.device.startswith("cuda") else CPU_BATCH
        self.pipeline = stanza.Pipeline(
            LANG, dir=str(path), processors=PROCESSORS, download_method=None,
            use_gpu=self.device != "cpu", device=self.device, logging_level="WARN", **batch)
        logging.getLogger("stanza").setLevel(logging.WARNING)
        self.identity = self.identify(str(path))
        self.info = {"backend": "stanza", "stanza": stanza.__version__, "torch": torch.__version__,
                     "models_dir": os.fspath(path), "models": models_identity(path),
                     "processors": PROCESSORS, "device": self.device}

    def annotate(self, texts: list[str]) -> list[DocAnnotation]:
        """Annotate many texts in one bulk call (Stanza batches across documents)."""
        import stanza
        todo = [i for i, t in enumerate(texts) if t.strip()]
        results = [DocAnnotation([], [], []) for _ in texts]
        if todo:
            docs = self.pipeline.bulk_process([stanza.Document([], text=texts[i]) for i in todo])
            for i, doc in zip(todo, docs):
                results[i] = to_rows(doc)
        return results


def to_rows(doc) -> DocAnnotation:
    """A Stanza document as table rows (words of a multi-word token share its character span)."""
    sentences, tokens, entities = [], [], []
    for s_idx, sent in enumerate(doc.sentences):
        sentences.append(SentenceRow(s_idx, sent.tokens[0].start_char, sent.tokens[-1].end_char, sent.text))
        for token in sent.tokens:
            for word in token.words:
                # Words expanded from a multi-word token ("du" -> "de le") share its span.
                start = word.start_char if word.start_char is not None else token.start_char
                end = word.end_char if word.end_char is not None else token.end_char
                tokens.append(TokenRow(s_idx, word.id, word.text, word.lemma, word.upos, word.feats,
                                       word.head, word.deprel, start, end, token.start_char, token.end_char))
        for ent in sent.ents:
            entities.append(EntityRow(s_idx, ent.start_char, ent.end_char, ent.text, ent.type))
    return DocAnnotation(sentences, tokens, entities)
