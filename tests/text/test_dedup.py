"""Duplicates: exact and near copies point at the first article; different articles do not."""
import random

from corpus_tools.text.dedup import Deduplicator

STORY = ("Le secrétaire général des Nations unies a appelé jeudi les parties libyennes à conclure un cessez-le-feu "
         "durable et à reprendre le dialogue politique sous l'égide de la mission de l'ONU réunie à Genève. "
         "Il a salué les progrès réalisés lors des dernières discussions et appelé les puissances étrangères "
         "à respecter l'embargo sur les armes décrété par le Conseil de sécurité en 2011.")


def test_exact_near_and_distinct():
    d = Deduplicator()
    assert d.add("a", STORY) is None
    assert d.add("b", STORY.upper()) == ("a", 1.0)           # same words, other case/punctuation
    near = d.add("c", STORY.replace("jeudi", "vendredi"))
    assert near is not None and near.of == "a" and 0.8 <= near.similarity < 1.0
    assert d.add("d", "Un tout autre article sur les élections municipales à Marseille et leurs résultats.") is None


def test_many_distinct_articles_stay_distinct_and_copies_are_found():
    rng = random.Random(0)
    vocab = [f"mot{i}" for i in range(5000)]
    docs = [" ".join(rng.choice(vocab) for _ in range(120)) for _ in range(2000)]
    d = Deduplicator()
    assert all(d.add(f"d{i}", t) is None for i, t in enumerate(docs))
    copy = docs[1234].split()
    copy[60] = "changé"
    match = d.add("copy", " ".join(copy))
    assert match is not None and match.of == "d1234"
