"""Fixture sentences for the labels and agency analyses, through the real models and the actors stage.

Each text is one document; the tests read the rows of their own document.  The sentences are
written for these tests (none comes from the sample or the evaluation articles).
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import pytest

from corpus_tools import actors
from corpus_tools.analysis.agency import document_agency
from corpus_tools.analysis.labels import document_labels
from corpus_tools.analysis.stage import ChunkTables
from corpus_tools.schema import columns

TEXTS = {
    # labels
    "prenominal": "Le chef de guerre soudanais Mohamed Hamdan Daglo a rejeté lundi toute trêve.",
    "coordinated": "Le ministre belge des Finances et du Budget Johan Van Overtveldt a présenté le budget.",
    "after": "Sergueï Lavrov, ministre russe des Affaires étrangères, a reçu mardi son homologue égyptien à Moscou.",
    "before": "Le secrétaire général des Nations unies, Antonio Guterres, a appelé au calme.",
    "predicate": "Abdel Fattah al-Burhane est un ancien officier de l'armée soudanaise.",
    "relative": "Abiy Ahmed, qui est le Premier ministre éthiopien, a quitté Addis-Abeba mardi.",
    "title": ("Le ministre russe de la Défense Sergueï Choïgou a rencontré lundi des responsables turcs. "
              "Le ministre russe de la Défense a ensuite quitté Ankara."),
    "definite": "Le général Abdel Fattah al-Burhane a rejeté le plan de paix. Le général a ensuite quitté Khartoum.",
    "role": ("Donald Trump a menacé mardi de quitter l'accord. "
             "Le président américain a ensuite annulé sa visite à Londres."),
    "nationality": ("Le président russe Vladimir Poutine a reçu mardi Joe Biden à Genève. "
                    "Le président américain a salué une rencontre constructive."),
    "governing": "L'administration Trump a salué l'accord conclu par le gouvernement de Fayez al-Sarraj.",
    "demonym": "Le président turc Recep Tayyip Erdogan a reçu son homologue russe.",
    # agency
    "active": "Ankara soutient Fayez al-Sarraj depuis le début du conflit.",
    "passive": "Fayez al-Sarraj a été reçu lundi par Recep Tayyip Erdogan.",
    "no_agent": "Jamal Khashoggi a été tué à Istanbul en octobre.",
    "negation": "Jens Stoltenberg n'a pas condamné l'attaque.",
    "coordinated_subjects": "La Russie et la Turquie ont signé un accord à Sotchi.",
    "coordinated_verbs": "Le président Vladimir Poutine a signé un accord et annoncé une trêve.",
    "quotation": "« Nous ne reculerons pas », a déclaré Vladimir Poutine.",
    "reported": "Vladimir Poutine a affirmé que la Russie ne reculerait pas.",
    "cue_as_action": "Emmanuel Macron a dénoncé l'attaque contre les civils.",
    "control": "La Turquie a reproché à Donald Trump de soutenir les milices kurdes.",
}


class Analysed(NamedTuple):
    """The fixture documents with their mentions, labels and agency rows."""
    documents: pd.DataFrame
    mentions: pd.DataFrame
    labels: pd.DataFrame
    agency: pd.DataFrame

    def rows(self, table: str, doc_id: str) -> pd.DataFrame:
        """The rows of `table` for one fixture text."""
        frame = getattr(self, table)
        return frame[frame["doc_id"] == doc_id]

    def text(self, doc_id: str) -> str:
        """A fixture's text."""
        return self.documents.set_index("doc_id").loc[doc_id, "text"]


@pytest.fixture(scope="session")
def analysed(backend) -> Analysed:
    """The fixture texts annotated by the real models, their actors resolved with the shipped
    registry, and the labels and agency analyses run over them."""
    docs = pd.DataFrame({"doc_id": list(TEXTS), "source": "fixture", "date": None, "text": list(TEXTS.values()),
                         "content_hash": list(TEXTS)})
    sentences, tokens, entities = [], [], []
    for doc_id, ann in zip(docs["doc_id"], backend.annotate(docs["text"].tolist())):
        sentences += [(doc_id, *s) for s in ann.sentences]
        tokens += [(doc_id, *t) for t in ann.tokens]
        entities += [(doc_id, *e) for e in ann.entities]
    sentences = pd.DataFrame(sentences, columns=columns("sentences"))
    tokens = pd.DataFrame(tokens, columns=columns("tokens"))
    entities = pd.DataFrame(entities, columns=columns("entities"))
    registry = actors.load_registry()
    linked = actors.link(actors.candidates(docs, entities, tokens, registry), docs, registry)
    chunk = ChunkTables(docs, sentences, tokens, entities, linked.mentions)
    return Analysed(docs, linked.mentions, document_labels(chunk), document_agency(chunk))
