from corpus_tools.actors.normalize import normalize_name


def test_elided_article_is_stripped():
    assert normalize_name("l'OTAN") == normalize_name("OTAN") == normalize_name("l’OTAN")
