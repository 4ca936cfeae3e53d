"""Actors stage: map names in text to canonical actors.

Two steps so that the build can stream: `candidates` runs per chunk of documents
(it sees their entities and tokens: names, registry names, role titles, demonyms),
`link` runs once over all candidate rows (small beside the tokens) and decides which
candidates are the same actor, writing why in the `merges` table.
`load_registry` reads the shipped registry and the user's files.

Modules: `normalize` (name keys), `registry`, `spans` (NER spans repaired), `acronyms`,
`appositions` (the reader of what stands next to a name, shared with the labels analysis), `titles` and
`candidates` (per chunk); `clusters` (the guarded union-find), `link` (the joining rules) and
`outputs` (the mentions, actors and merges tables) once per build.
"""
from .candidates import candidates
from .link import link
from .outputs import ActorTables
from .registry import Registry, RegistryError, load_registry

__all__ = ["candidates", "link", "ActorTables", "Registry", "RegistryError", "load_registry"]
