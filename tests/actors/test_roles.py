"""Roles resolved to persons: a description ("le Chef de l'Etat", "le diplomate français", "le
ministre") names the person the article (or the registry, by date) gives that role -- only when
the evidence is clear -- and quotes, labels and agency credit that person.

Every article here was written for these tests (made-up people, real countries), and is built
once through the real models and the ordinary build, a user registry included.
"""
from __future__ import annotations

import json

import pytest

import corpus_tools as ct
from corpus_tools import actors
from corpus_tools.actors.roles import fit, read_role, title_words
from corpus_tools.pipeline import BuildConfig, build

ARTICLES = {
    "chain": ("Le Président du Conseil National pour la Restauration de l'Ordre (CNRO), Chef de l'Etat, le Général "
              "de Brigade Moussa Kondé a accordé un entretien à notre rédaction. « Nous ne céderons pas », a déclaré "
              "le Chef de l'Etat. Le président du CNRO a ajouté que le pays tiendrait ses engagements."),
    "synonyms": ("Le ministre malien des Affaires étrangères Oumar Diarra a reçu mardi l'ambassadeur de France au "
                 "Mali, Pierre Lemoine. Le chef de la diplomatie malienne a dénoncé des ingérences. Le diplomate "
                 "français a refusé de commenter. Le ministre a ensuite quitté la salle."),
    "two_ministers": ("Le ministre sénégalais de la Défense Abdou Ndiaye et le ministre sénégalais de l'Intérieur "
                      "Moustapha Sarr ont tenu une conférence commune. Le ministre a déclaré que la frontière restait "
                      "ouverte. Le ministre de la Défense a annoncé des renforts."),
    "two_presidents": ("Le président ivoirien Koffi Brou a rencontré le président ghanéen Kwame Mensah à Accra. "
                       "Le président a salué une rencontre fructueuse. Le président ghanéen a promis une visite "
                       "à Abidjan."),
    "gender_former": ("Aminata Touré, présidente de l'Assemblée régionale, a reçu le président Jean Kaboré. La "
                      "présidente a plaidé pour le dialogue. L'ancien président Paul Ngono a critiqué le projet. "
                      "L'ancien président a quitté la salle."),
    "distinguished": ("Le président sortant Jean Mavoungou a reçu mardi le président élu Paul Okemba. Le président "
                      "élu a promis des réformes. Le président a remercié ses électeurs."),
    "predicate": ("Le ministre Kodjo Amegan a visité l'hôpital de Lomé. Nommé ministre en 2020, il a lancé une "
                  "campagne de vaccination."),
    "nobody": ("Le porte-parole du gouvernement a démenti ces informations. Le chef de l'État n'a pas réagi. Le "
               "ministre des Mines a gardé le silence."),
    "same_sentence": ("Le ministre nigérian Musa Bello a accueilli les délégués. Le lendemain, Musa Bello a rencontré "
                      "le ministre."),
    "fronted": ("Dans l'affaire Diallo, le chef de l'État a gardé le silence. Un porte-parole du président sénégalais "
                "Macky Sall a démenti. Le porte-parole a précisé que le président sénégalais partirait jeudi."),
    "address_chain": ("Le Chef de l'État, Son Excellence, Monsieur Jean-Claude Mbarga NDONGO, a présidé ce jeudi la "
                      "réunion du Conseil des ministres. Le Président de la République a félicité les enseignants.\n\n"
                      "Le Président de la République a ensuite reçu Son Excellence Monsieur Alpha KONATE, Président de "
                      "la République du Bénin, pour une visite d'amitié. Le Chef de l'État a salué la coopération "
                      "entre les deux pays."),
    "own_and_guest": ("Le Président de la République, M. Pierre Lefort s'est entretenu avec son homologue tchadien, "
                      "M. Ali Mahamat, Président de la République du Tchad, au sujet des inondations.\n\nLe Président "
                      "de la République exprime ses condoléances aux familles des victimes.\n\nLe Président de la "
                      "République et le Président tchadien ont décidé de renforcer leur coopération."),
    "titled_capitals": ("Le Président de la République, Monsieur Mamadou Lamine KANE, a présidé la réunion. Le "
                        "Président KANE a rappelé l'urgence de la campagne agricole."),
    "addressed": ("Le président ivoirien Koffi Brou a pris la parole devant l'assemblée. « Monsieur le Président, "
                  "je vous remercie de votre accueil », a-t-il déclaré."),
    "named_later": ("Le Premier ministre a ouvert la séance lundi à Niamey. Le ministre nigérien des Finances a "
                    "ensuite rencontré le Premier ministre Seydou Konaté, venu de Bamako."),
    "unnamed_continues": ("Le Premier ministre a ouvert la séance lundi. Il a ensuite reçu le Premier ministre "
                          "Seydou Konaté, venu de Bamako. Le Premier ministre a enfin annoncé un nouveau budget."),
    "marked_first": ("Le chef du gouvernement malien, M. Issa Traoré, a prononcé un discours. L'assemblée a acclamé "
                     "le nouveau premier ministre. Le premier ministre a affirmé qu'il ne renoncerait pas."),
    "other_clause": ("Le Niger a salué la mémoire de l'émir du Qatar Cheikh Hamad Al Mansouri et a adressé un "
                     "message à la famille de l'émir."),
    "headline": ("Le ministre malien de la Défense en visite à Dakar\n\nLe ministre malien de la Défense Sadio Koné "
                 "est arrivé lundi à Dakar pour une visite de deux jours."),
    "named_first": ("Kofi Mensah a critiqué mardi la réforme. Le président ghanéen a dénoncé un texte injuste. "
                    "Le président ghanéen Kofi Mensah avait déjà rejeté le projet en mai."),
    "registry_in_office": "Aline Tembo a ouvert le sommet de Kigali. La présidente a appelé à la paix.",
    "registry_before_office": "Aline Tembo a ouvert le sommet de Kigali. La présidente a appelé à la paix.",
}
DATES = {"registry_in_office": "2022-03-04", "registry_before_office": "2015-03-04"}
REGISTRY = """actors:
  - id: aline-tembo
    name: Aline Tembo
    type: person
    roles:
      - titles: [présidente de la Commission des Grands Lacs]
        from: 2020-01-01
        to: 2024-12-31
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, models_dir):
    """The articles above built with a user registry giving Aline Tembo a dated role."""
    folder = tmp_path_factory.mktemp("roles")
    (folder / "corpus").mkdir()
    records = [{"id": doc, "date": DATES.get(doc, "2023-06-01"), "source": "Tests", "title": "Article",
                "text": text} for doc, text in ARTICLES.items()]
    (folder / "corpus" / "articles.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    (folder / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    build(BuildConfig(corpus=folder / "corpus", out=folder / "build", models_dir=models_dir,
                      registry=[str(folder / "registry.yaml")], progress=False))
    return ct.load(folder / "build")


def titles(corpus, doc: str) -> dict[str, list[str]]:
    """Title mentions of a document: text -> the actors they name, in text order."""
    m = corpus.mentions
    rows = m[(m["doc_id"] == doc) & (m["kind"] == "title")].sort_values("start_char")
    out: dict[str, list[str]] = {}
    for text, actor in zip(rows["text"], rows["actor_id"]):
        out.setdefault(text, []).append(actor)
    return out


def evidence(corpus, actor: str, variant: str) -> str:
    merges = corpus.merges
    return " ".join(merges.loc[(merges["actor_id"] == actor) & (merges["variant"] == variant), "evidence"])


def test_each_title_of_a_chain_before_a_name_names_the_person(corpus):
    """'Le Président du CNRO (...), Chef de l'Etat, le Général X': later 'le Chef de l'Etat' (the same
    title) and 'le président du CNRO' (the same office, its body by its acronym) are X."""
    konde = corpus.actor_id("Moussa Kondé")
    assert titles(corpus, "chain") == {"Chef de l'Etat": [konde], "président du CNRO": [konde]}
    assert evidence(corpus, konde, "Chef de l'Etat").startswith("same title")
    assert evidence(corpus, konde, "président du CNRO").startswith("same office")
    assert not corpus.actors["name"].str.lower().isin(["etat", "état", "chef de l'etat"]).any()


def test_other_words_for_the_office_name_the_person_given_it(corpus):
    """'chef de la diplomatie malienne' is the Malian foreign minister; 'le diplomate français' the
    ambassador of France (a broader office); 'le ministre' the one minister of the article."""
    diarra, lemoine = corpus.actor_id("Oumar Diarra"), corpus.actor_id("Pierre Lemoine")
    assert titles(corpus, "synonyms") == {"chef de la diplomatie malienne": [diarra],
                                          "diplomate français": [lemoine], "ministre": [diarra]}
    assert evidence(corpus, lemoine, "diplomate français").startswith("only holder")


def test_a_bare_office_two_people_hold_stays_unresolved(corpus):
    """Two ministers: 'le ministre' names neither, 'le ministre de la Défense' its holder; two
    presidents: 'le président' names neither, 'le président ghanéen' the Ghanaian one."""
    assert titles(corpus, "two_ministers") == {"ministre de la Défense": [corpus.actor_id("Abdou Ndiaye")]}
    assert titles(corpus, "two_presidents") == {"président ghanéen": [corpus.actor_id("Kwame Mensah")]}


def test_gender_and_former_office_choose_the_holder(corpus):
    """'La présidente' is the woman of two presidents; 'l'ancien président' the former one, never the
    president in office."""
    assert titles(corpus, "gender_former") == {"présidente": [corpus.actor_id("Aminata Touré")],
                                               "ancien président": [corpus.actor_id("Paul Ngono")]}


def test_an_adjective_telling_holders_apart_must_be_given(corpus):
    """'le président élu' is the one called so; 'le président' is either; 'le président élu X' is a
    title of X, no description."""
    assert titles(corpus, "distinguished") == {"président élu": [corpus.actor_id("Paul Okemba")]}


def test_a_role_nobody_is_given_stays_a_role(corpus):
    """No holder named: no title mention, and no actor made of the role's words ('État' in 'chef de
    l'État', 'Mines' in 'ministre des Mines', 'porte-parole')."""
    m = corpus.mentions
    assert titles(corpus, "nobody") == {}
    assert m[m["doc_id"] == "nobody"].empty
    merges = corpus.merges
    assert not merges["variant"].isin(["État", "Mines"]).any()


def test_an_office_word_without_determiner_is_no_description(corpus):
    """'Nommé ministre en 2020': a predicate, not a mention of the minister."""
    assert titles(corpus, "predicate") == {}


def test_a_person_named_in_the_sentence_is_not_the_role_it_describes(corpus):
    """'X a rencontré le ministre': the minister is someone else, even when X is the only minister."""
    assert titles(corpus, "same_sentence") == {}


def test_a_title_goes_to_the_name_it_stands_by(corpus):
    """'Dans l'affaire Diallo, le chef de l'État ...' gives Diallo no role; in 'un porte-parole du
    président sénégalais X', X is the president, not the spokesman."""
    sall = corpus.actor_id("Macky Sall")
    assert titles(corpus, "fronted") == {"président sénégalais": [sall]}


def test_a_registry_role_names_its_holder_at_the_article_date(corpus):
    """The registry gives Aline Tembo a role from 2020 to 2024: 'la présidente' is her in 2022, not
    in 2015."""
    assert titles(corpus, "registry_in_office") == {"présidente": ["aline-tembo"]}
    assert "registry role on 2022-03-04" in evidence(corpus, "aline-tembo", "présidente")
    assert titles(corpus, "registry_before_office") == {}


def test_quotes_labels_and_agency_credit_the_person_behind_the_role(corpus):
    """The analyses read title mentions: the quotation said by 'le Chef de l'Etat' is Kondé's, 'chef de
    la diplomatie malienne' is a label of Diarra, and he is the one who denounces."""
    konde, diarra = corpus.actor_id("Moussa Kondé"), corpus.actor_id("Oumar Diarra")
    quotes = corpus.quotes[corpus.quotes["doc_id"] == "chain"]
    said = quotes[quotes["quote"].str.contains("Nous ne céderons pas")]
    assert said["speaker"].tolist() == [konde]
    labels = corpus.labels[(corpus.labels["doc_id"] == "synonyms") & (corpus.labels["actor_id"] == diarra)]
    assert "chef de la diplomatie malienne" in set(labels["label"])
    agency = corpus.agency[(corpus.agency["doc_id"] == "synonyms") & (corpus.agency["verb"] == "dénoncer")]
    assert agency[["actor_id", "role"]].values.tolist() == [[diarra, "agent"]]


def test_a_title_chain_runs_through_forms_of_address(corpus):
    """'Le Chef de l'État, Son Excellence, Monsieur X': X is given the role, and the article's own head of
    state is X, not the visiting 'Président de la République du Bénin'."""
    ndongo, konate = corpus.actor_id("Jean-Claude Mbarga NDONGO"), corpus.actor_id("Alpha KONATE")
    found = titles(corpus, "address_chain")
    assert found["Chef de l'État"] == [ndongo] and set(found["Président de la République"]) == {ndongo}
    assert konate not in {a for actors in found.values() for a in actors}


def test_a_description_naming_no_country_is_the_articles_own_holder(corpus):
    """'Le Président de la République, M. X s'est entretenu avec ... M. Y, Président de la République du
    Tchad': a later 'Président de la République' is X; 'le Président tchadien' is Y."""
    lefort, mahamat = corpus.actor_id("Pierre Lefort"), corpus.actor_id("Ali Mahamat")
    found = titles(corpus, "own_and_guest")
    assert set(found["Président de la République"]) == {lefort}
    assert found.get("Président tchadien") == [mahamat]


def test_a_titled_surname_in_capitals_is_the_person_not_an_acronym(corpus):
    kane = corpus.actor_id("Mamadou Lamine KANE")
    m = corpus.mentions
    rows = m[(m["doc_id"] == "titled_capitals") & (m["text"] == "KANE")]
    assert len(rows) == 1 and set(rows["actor_id"]) == {kane} and "acronym" not in set(rows["method"])


def test_a_form_of_address_is_not_resolved(corpus):
    # "Monsieur le Président" is the person spoken to, not the president the article named
    assert "Président" not in titles(corpus, "addressed")


def test_a_description_before_anyone_is_given_the_role_stays_a_role(corpus):
    found = titles(corpus, "named_later")
    assert "Premier ministre" not in found


def test_a_description_used_before_anyone_is_named_keeps_its_own_referent(corpus):
    """'Le Premier ministre' opens the article before any is named: a later 'Le Premier ministre' is
    still that one, not the 'Premier ministre X' the article names in between."""
    assert titles(corpus, "unnamed_continues") == {}


def test_a_description_the_holder_named_before_does_not_fit_opens_no_referent_of_its_own(corpus):
    """'le nouveau premier ministre' (an adjective the role given never said) after 'Le chef du
    gouvernement malien, M. X' leaves X the one prime minister of the article."""
    assert titles(corpus, "marked_first").get("premier ministre") == [corpus.actor_id("Issa Traoré")]


def test_a_person_named_in_another_clause_of_the_sentence_may_be_the_description(corpus):
    """'... la mémoire de l'émir du Qatar Cheikh X et a adressé un message à la famille de l'émir': the
    emir of the second clause is X (only 'X a reçu le ministre', one verb, keeps them apart); 'Qatar'
    before the title 'Cheikh' stays the country."""
    mansouri = corpus.actor_id("Hamad Al Mansouri")
    assert titles(corpus, "other_clause") == {"émir": [mansouri]}
    m = corpus.mentions
    assert "qatar" in set(m.loc[m["doc_id"] == "other_clause", "actor_id"])


def test_a_person_named_first_and_given_the_role_later_is_the_description_between(corpus):
    assert titles(corpus, "named_first").get("président ghanéen") == [corpus.actor_id("Kofi Mensah")]


def test_a_headline_description_is_resolved_by_the_body(corpus):
    kone = corpus.actor_id("Sadio Koné")
    assert titles(corpus, "headline").get("ministre malien de la Défense") == [kone]


# --- role phrases compared, without the models ---------------------------------------------------

@pytest.fixture(scope="module")
def registry():
    return actors.load_registry(use_default=False)


def role(text: str, registry):
    words = title_words(text, registry)
    return read_role(words, 0, [], registry)[0]


@pytest.mark.parametrize("description, given, tier", [
    ("président nigérien", "président nigérien", 0),
    ("chef de la diplomatie nigérienne", "ministre nigérien des Affaires étrangères", 1),
    ("diplomate français", "ambassadeur de France", 2),
    ("ministre", "ministre de la Défense", 2),
    ("président", "ancien président", None),
    ("président français", "président nigérien", None),
    ("ministre de la Défense", "ministre de l'Intérieur", None),
    ("chef de l'État", "président de la Commission", None),
    ("président élu", "président sortant", None),
    ("président", "président élu", 1),
    ("président de la République", "président de la République du Tchad", 2),
])
def test_how_a_description_fits_a_role(registry, description, given, tier):
    assert fit(role(description, registry), role(given, registry)) == tier
