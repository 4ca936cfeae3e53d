"""Actors stage: map names in text to canonical actors.

Two steps so that the build can stream:

    per chunk of documents, `candidates` (module `finding`: it sees their entities and tokens):
        registry -> spans (NER spans repaired) -> collectives ("l'armée française") -> acronyms
        -> titles (role descriptions resolved to the person the document gives that role; `roles`
        reads role phrases) -> demonyms and capitals -> one `Candidate` per span
    once per build, `link` (module `linking`: small beside the tokens): normalize (name keys)
        -> clusters (the guarded union-find) -> outputs (the mentions, actors and merges tables,
        with why each candidate joined its actor; types and display names from `naming`)

`load_registry` reads the shipped registry and the user's files; `curation` the researcher's
decisions (merge, split, rename, retype), which `link` applies after its rules.  `appositions` (what stands next
to a name) is shared with the labels analysis.  The stage's word lists (honorifics, title heads,
generic heads, ...) are data, in `data/words.yaml`; offices and their words in `data/roles.yaml`.
"""
from . import curation
from .apposition import Apposition, appositions
from .curation import Curation, CurationError
from .finding import candidates
from .linking import link
from .outputs import ActorTables, mention_digests
from .registry import Registry, RegistryError, load_registry

__all__ = ["candidates", "link", "ActorTables", "mention_digests", "Registry", "RegistryError", "load_registry",
           "appositions", "Apposition", "curation", "Curation", "CurationError"]
