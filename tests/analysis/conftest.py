"""Fixtures of the analysis tests, through the real models: sentences for the labels and agency
extractors (each text one document; the tests read the rows of their own document; written for these
tests, none from the sample or the evaluation articles), one article per case of the quotes
extractor, and the sample corpus with a second outlet's copy of one of its articles (a wire story
reprinted)."""
from __future__ import annotations

import json
import shutil
from typing import NamedTuple

import pandas as pd
import pytest

import corpus_tools as ct
from corpus_tools import actors
from corpus_tools.analysis.extract import ChunkTables
from corpus_tools.analysis.extract.agency import document_agency
from corpus_tools.analysis.extract.labels.extractor import document_labels
from corpus_tools.pipeline import BuildConfig, build
from corpus_tools.schema import columns
from tests.conftest import SAMPLE

COPY_SOURCE = "Dépêches du Sud"


@pytest.fixture
def table_reads(monkeypatch) -> list[tuple]:
    """Every table a corpus reads while the test runs (through a scanner, or a row group at a time:
    `pieces`, as `read` and `batches` do): (table, columns or None, rows filtered)."""
    from corpus_tools.analysis import Corpus
    reads: list[tuple] = []
    for method in ("scanner", "pieces"):
        def recorded(self, name, columns=None, where=None, batch_rows=200_000, read=getattr(Corpus, method)):
            reads.append((name, tuple(columns) if columns else None, self.row_filter(name, where) is not None))
            return read(self, name, columns, where, batch_rows)
        monkeypatch.setattr(Corpus, method, recorded)
    return reads

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
    # not an office ("le général" is a role the actors stage resolves to its holder: a title mention)
    "definite": ("L'ancien officier Abdel Fattah al-Burhane a rejeté le plan de paix. L'ancien officier a ensuite "
                 "quitté Khartoum."),
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


# Quotes: one article per case; names are made up so that nothing here can lean on the sample corpus.
QUOTE_ARTICLES = {
    "incise_description": (
        "Le général Mahmoud Berrada à Rabat\n\n"
        "Le général Mahmoud Berrada a rencontré mardi le ministre de la Défense à Rabat. « Nos relations sont "
        "solides. Nous voulons les renforcer », a déclaré l'ancien général, avant son départ pour Alger."),
    "colon_and_follow_up": (
        "La commissaire Anna Lindqvist était à Bruxelles lundi. Elle a déclaré : « Nous ne céderons pas sur "
        "le climat. »\n\nEt d'ajouter : « Les États membres doivent tenir leurs engagements. »"),
    "pronoun_incise": (
        "Le maire de Lyon, Paul Garnier, a inauguré le nouveau pont jeudi. « C'est un grand jour pour la "
        "ville », a-t-il affirmé devant la presse."),
    "multi_paragraph": (
        "Le président du Sénat, Henri Delmas, a répondu aux critiques.\n\n« Nous avons voté ce texte en "
        "conscience. Il protège les plus fragiles.\n\n« Nous ne reviendrons pas dessus », a assuré Henri "
        "Delmas."),
    "floating": (
        "« La situation est grave et personne ne le nie », a expliqué la ministre Claire Vidal. « Nous "
        "allons débloquer des fonds dès la semaine prochaine pour les sinistrés. »"),
    "indirect": (
        "Le Premier ministre Jean Morel a indiqué mercredi que le budget serait présenté en octobre. Le "
        "syndicat a appelé à manifester le 12 mars dans toutes les grandes villes du pays."),
    "selon": (
        "Selon la police, plus de 2 000 personnes ont défilé samedi à Nantes. Le cortège s'est dispersé "
        "dans le calme, d'après la préfecture de Loire-Atlantique.\n\nPour sa part, la mairie a rouvert "
        "les rues du centre."),
    "pour": (
        "Pour l'économiste Marc Lefèvre, la croissance restera faible jusqu'à la fin de l'année."),
    "mixed": (
        "Le président de la Commission, Karl Weber, a estimé que la décision était « une erreur "
        "historique » pour l'Union."),
    "institution": (
        "Un communiqué du Gouvernement d'union nationale (GNA) a indiqué que les combats avaient cessé à "
        "Syrte. Le ministère de la Santé a précisé que les hôpitaux restaient ouverts."),
    "unnamed_source": (
        "L'OTAN prépare une mission en Libye. « Nous sommes prêts à intervenir », nous confie une source "
        "de l'OTAN. Un diplomate européen a affirmé que les discussions se poursuivaient."),
    "not_speech": (
        "Les forces de Haftar ont lancé plusieurs attaques contre Tripoli. Le gouvernement a mis en échec "
        "l'offensive. La société russe « Wagner » recrute des mercenaires en Afrique."),
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
    tokens = pd.DataFrame(tokens, columns=columns("tokens", extra=True))
    entities = pd.DataFrame(entities, columns=columns("entities"))
    registry = actors.load_registry()
    linked = actors.link(actors.candidates(docs, entities, tokens, registry), docs, registry)
    chunk = ChunkTables(docs, sentences, tokens, entities, linked.mentions)
    return Analysed(docs, linked.mentions, document_labels(chunk), document_agency(chunk))


@pytest.fixture(scope="session")
def dup_build(tmp_path_factory, sample_build, models_dir):
    """The sample corpus plus `COPY_SOURCE`'s reprint of the article naming the most actors
    (the annotation of the sample is reused: only the copy is annotated)."""
    base = tmp_path_factory.mktemp("dup")
    corpus, out = base / "corpus", base / "build"
    shutil.copytree(SAMPLE, corpus)
    shutil.copytree(sample_build, out)
    sample = ct.load(sample_build)
    busiest = sample.mentions.groupby("doc_id")["actor_id"].nunique().idxmax()
    original = sample.documents.set_index("doc_id").loc[busiest]
    copy = {"id": "copy-1", "source": COPY_SOURCE, "date": "2021-01-05", "title": original["title"],
            "text": original["text"] + "\n\n(Avec agences)"}
    (corpus / "reprints.jsonl").write_text(json.dumps(copy, ensure_ascii=False) + "\n", encoding="utf-8")
    build(BuildConfig(corpus=corpus, out=out, models_dir=models_dir, progress=False))
    return out


@pytest.fixture(scope="session")
def quoted(tmp_path_factory, models_dir):
    """A build of `QUOTE_ARTICLES`, one article per case of the quotes extractor."""
    folder = tmp_path_factory.mktemp("quotes")
    for name, text in QUOTE_ARTICLES.items():
        (folder / "corpus").mkdir(exist_ok=True)
        (folder / "corpus" / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    build(BuildConfig(corpus=folder / "corpus", out=folder / "build", models_dir=models_dir, progress=False))
    return ct.load(folder / "build")
