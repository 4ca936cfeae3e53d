"""The backend registry, as papermill's engines are: ``register`` adds a backend, ``get_backend``
finds one by name (built-in ones imported on first use; third-party packages add theirs through
the ``corpus_tools.nlp_backends`` entry-point group), ``choose_backend`` picks one without loading
a model and ``load_backend`` loads it.
"""
from __future__ import annotations

import warnings
from importlib import import_module
from importlib.metadata import entry_points
from typing import Callable

from .base import Backend, BackendFactory, ModelsNotFound

_REGISTRY: dict[str, BackendFactory] = {}
ENTRY_POINT_GROUP = "corpus_tools.nlp_backends"
# Built-in backends, imported on first use (importing torch or spaCy is slow).
_BUILTIN = {"stanza": ".stanza_backend:StanzaBackend", "spacy": ".spacy_backend:SpacyBackend"}


def register(name: str, factory: Callable[..., Backend],
             identify: Callable[[str | None], str | None] | None = None) -> None:
    """Make `factory(models_dir=..., device=..., threads=...)` available as backend `name`.

    The build must know a backend's identity (its cache key) before loading it: pass
    `identify(models_dir) -> identity or None`, or give the factory an `identify` method
    (a class with a static `identify` is a complete factory, see `base.BackendFactory`).
    """
    if identify is not None:
        factory = _Identified(factory, identify)
    elif not callable(getattr(factory, "identify", None)):
        raise TypeError(f"NLP backend {name!r}: the factory has no identify(models_dir) method; "
                        "pass register(name, factory, identify=...)")
    _REGISTRY[name] = factory


class _Identified:
    """A plain factory function with the `identify` it was registered with."""

    def __init__(self, factory: Callable[..., Backend], identify: Callable[[str | None], str | None]):
        self.factory, self.identify = factory, identify

    def __call__(self, models_dir: str | None = None, device: str | None = None,
                 threads: int | None = None) -> Backend:
        return self.factory(models_dir=models_dir, device=device, threads=threads)


def available_backends() -> list[str]:
    """Names of the built-in, registered and entry-point backends."""
    names = set(_REGISTRY) | set(_BUILTIN) | {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return sorted(names)


def get_backend(name: str) -> BackendFactory:
    """The factory registered (or advertised through an entry point) under `name`."""
    if name not in _REGISTRY and name in _BUILTIN:
        module, attr = _BUILTIN[name].split(":")
        register(name, getattr(import_module(module, __package__), attr))
    if name not in _REGISTRY:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name == name:
                register(name, ep.load())
                break
        else:
            raise KeyError(f"unknown NLP backend {name!r}; available: {', '.join(available_backends())}")
    return _REGISTRY[name]


class FallbackWarning(UserWarning):
    """Stanza's models are missing and a weaker backend is used instead."""


FALLBACK_WARNING = ("Stanza French models not found: FALLING BACK TO spaCy fr_core_news_md. "
                    "Annotations differ from Stanza's; the backend is recorded in the build "
                    "manifest. Run 'corpus-tools models download' to use Stanza.")


def choose_backend(name: str = "auto", models_dir: str | None = None) -> tuple[str, str]:
    """(backend name, identity) that `load_backend` would give, without loading any model.

    ``"auto"`` prefers Stanza (models in `models_dir`, ``$STANZA_RESOURCES_DIR`` or
    Stanza's default directory) and falls back to spaCy's ``fr_core_news_md``.
    """
    order = ["stanza", "spacy"] if name == "auto" else [name]
    if name == "auto" and models_dir:
        order = ["stanza"]  # an explicit models folder must not be silently ignored
    for candidate in order:
        identity = get_backend(candidate).identify(models_dir)
        if identity:
            if name == "auto" and candidate != "stanza":
                warnings.warn(FALLBACK_WARNING, FallbackWarning, stacklevel=2)
            return candidate, identity
    if models_dir:
        raise ModelsNotFound(f"no Stanza French models in {models_dir} (expected resources.json and fr/)")
    raise ModelsNotFound(
        "no French NLP models found: run 'corpus-tools models download' (needs the Stanza model "
        "hub), or 'corpus-tools models install --from DIR' with a stanza_resources folder "
        "fetched on another machine, or pass --models DIR")


def load_backend(name: str = "auto", models_dir: str | None = None,
                 device: str | None = None, threads: int | None = None) -> Backend:
    """Load the backend `choose_backend` picks; warns loudly when falling back to spaCy."""
    chosen, _ = choose_backend(name, models_dir)
    return get_backend(chosen)(models_dir=models_dir, device=device, threads=threads)
