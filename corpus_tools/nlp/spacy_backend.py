"""spaCy fallback backend (``fr_core_news_md``) for machines without Stanza models.

Texts go through ``nlp.pipe`` in batches; parallelism comes from the build's
worker processes (`corpus_tools.parallel`), not from spaCy's own ``n_process``.
"""
from __future__ import annotations

from .base import DocAnnotation, EntityRow, ModelsNotFound, SentenceRow, TokenRow

MODEL = "fr_core_news_md"
BATCH_SIZE = 64  # documents per nlp.pipe batch


class SpacyBackend:
    """spaCy's ``fr_core_news_md``: the fallback when Stanza's models are missing."""
    name = "spacy"

    @staticmethod
    def identify(models_dir: str | None = None, model: str = MODEL) -> str | None:
        """The identity this backend would have, without loading it (None: not installed)."""
        from importlib.metadata import PackageNotFoundError, version
        try:
            return f"spacy-{version('spacy')}-{model}-{version(model.replace('_', '-'))}"
        except PackageNotFoundError:
            return None

    def __init__(self, models_dir: str | None = None, device: str | None = None,
                 threads: int | None = None, model: str = MODEL):
        if threads:
            from ..parallel import set_threads
            set_threads(threads)
        try:
            import spacy
            if device and device.startswith("cuda"):
                spacy.require_gpu()
            self.nlp = spacy.load(model)
        except (ImportError, OSError) as exc:
            raise ModelsNotFound(f"spaCy model {model} is not installed: pip install "
                                 "'corpus-tools[spacy]'") from exc
        self.identity = self.identify(model=model) or f"spacy-{spacy.__version__}-{model}"
        self.info = {"backend": "spacy", "spacy": spacy.__version__, "model": model,
                     "model_version": self.nlp.meta.get("version", "?")}

    def annotate(self, texts: list[str]) -> list[DocAnnotation]:
        """Annotate many texts in batches (``nlp.pipe``)."""
        return [to_rows(doc) for doc in self.nlp.pipe(texts, batch_size=BATCH_SIZE)]


def to_rows(doc) -> DocAnnotation:
    """A spaCy document as table rows, with the same conventions as Stanza's (1-based tok_idx, head 0 = root)."""
    sentences, tokens, entities = [], [], []
    for s_idx, sent in enumerate(doc.sents):
        text = sent.text
        if not text.strip():
            continue
        s_idx = len(sentences)
        sentences.append(SentenceRow(s_idx, sent.start_char, sent.end_char, text))
        for tok in sent:
            if tok.is_space:
                continue
            head = 0 if tok.head.i == tok.i else tok.head.i - sent.start + 1
            deprel = "root" if tok.dep_ == "ROOT" else tok.dep_
            tokens.append(TokenRow(s_idx, tok.i - sent.start + 1, tok.text, tok.lemma_, tok.pos_,
                           str(tok.morph) or None, head, deprel, tok.idx, tok.idx + len(tok),
                           tok.idx, tok.idx + len(tok)))
        for ent in sent.ents:
            entities.append(EntityRow(s_idx, ent.start_char, ent.end_char, ent.text, ent.label_))
    return DocAnnotation(sentences, tokens, entities)
