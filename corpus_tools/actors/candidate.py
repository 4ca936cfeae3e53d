"""The record every candidate rule returns: one span of a document that may name an actor.

Rules fill what they know (a registry match sets `ref`, a short form its `full_key`, an
acronym defined in the text its `stands_for`) and say why in `evidence` and `ner_fix`;
`link` reads the table of them (`COLUMNS`) once per build.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

# Kinds of candidate: a name, a demonym or capital standing for a country, a role title; or a
# span another one swallowed ("dropped", never a mention).
KINDS = ("name", "demonym", "title", "dropped")


@dataclass(slots=True)
class Candidate:
    """One candidate mention (the columns of the candidates table, plus two flags rules share)."""
    start_char: int                 # offset in documents.text
    end_char: int
    text: str                       # the name as it will be a mention ("Erdogan")
    surface: str                    # the span it came from ("le président Erdogan")
    ner: str | None                 # NER type (PER, ORG, LOC, MISC); None when the NER did not tag it
                                    # (the `label` column of the mentions table: see outputs.build_tables)
    method: str                     # ner, registry, acronym, title, demonym, capital
    kind: str = "name"              # see KINDS
    sent_idx: int | None = None     # None: found from the text, the sentence is looked up later
    ref: str | None = None          # registry actor id it names
    full_key: str | None = None     # the full person name (key) a short form ends
    stands_for: str | None = None   # the organisation name (key) an acronym or head noun stands for
    evidence: str = ""              # why, in words (for the merges table)
    ner_fix: str | None = None      # how the NER span was changed, if it was (merges rule 'ner-repair')
    typed: bool = False             # introduced by a kind of organisation: never a person
    doc_id: str | None = None       # set when the document's candidates are complete
    key: str | None = None          # normalised name (set with doc_id)
    described: bool = False         # a name inside a description ("la guerre de Poutine")
    short_name: bool = False        # an acronym defined in this document ("... (GNA)")

    def update(self, **changes) -> None:
        """Set several fields at once."""
        for name, value in changes.items():
            setattr(self, name, value)


COLUMNS = ["doc_id", "sent_idx", "start_char", "end_char", "text", "surface", "ner", "method", "kind",
           "key", "ref", "full_key", "stands_for", "evidence", "ner_fix", "typed"]
assert set(COLUMNS) <= {f.name for f in fields(Candidate)}
