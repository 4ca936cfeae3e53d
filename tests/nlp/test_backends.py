import pytest

from corpus_tools.nlp import ModelsNotFound, choose_backend
from corpus_tools.nlp.models import install_from

SENTENCE = "Le secrétaire général de l'OTAN, Jens Stoltenberg, a reçu le maréchal Khalifa Haftar à Bruxelles."


def test_stanza_annotates_with_consistent_offsets(backend):
    ann = backend.annotate([SENTENCE, "   "])[0]
    assert backend.name == "stanza"
    assert len(ann.sentences) == 1
    for t in ann.tokens:
        # expanded words share a span
        assert SENTENCE[t.start_char:t.end_char] == t.text or t.text in {"de", "le", "les", "à"}
        assert t.upos and t.deprel
    assert sum(1 for t in ann.tokens if t.deprel == "root") == 1
    people = {e[3] for e in ann.entities if e[4] == "PER"}
    assert "Jens Stoltenberg" in people
    for _, start, end, text, _ in ann.entities:
        assert SENTENCE[start:end] == text


def test_the_words_of_a_multiword_token_keep_its_surface_span(backend):
    text = "Le chef du gouvernement a parlé aux journalistes des accords."
    tokens = backend.annotate([text])[0].tokens
    surfaces = {}
    for t in tokens:
        surfaces.setdefault((t.token_start, t.token_end), []).append(t.text)
        assert t.token_start <= t.start_char and t.end_char <= t.token_end
    multi = {text[a:b]: words for (a, b), words in surfaces.items() if len(words) > 1}
    assert multi.get("du") == ["de", "le"] and multi.get("aux") == ["à", "les"]
    assert all(len(words) == 1 for (a, b), words in surfaces.items() if " " not in text[a:b] and text[a:b] in
               {"Le", "chef", "gouvernement", "journalistes"})


def test_empty_text_gives_empty_annotation(backend):
    assert backend.annotate(["", "  \n"]) == [([], [], []), ([], [], [])]


def test_explicit_models_folder_must_hold_models(tmp_path):
    with pytest.raises(ModelsNotFound, match=str(tmp_path)):
        choose_backend("auto", str(tmp_path))


def test_choose_backend_prefers_stanza(models_dir):
    name, identity = choose_backend("auto", models_dir)
    assert name == "stanza" and identity.startswith("stanza-1.15")


def test_install_from_copies_loadable_models(models_dir, tmp_path):
    target = install_from(models_dir, str(tmp_path / "stanza_resources"))
    assert (target / "resources.json").is_file()
    assert choose_backend("stanza", str(target))[1] == choose_backend("stanza", models_dir)[1]


def test_install_from_rejects_a_folder_without_models(tmp_path):
    with pytest.raises(ModelsNotFound, match="no French Stanza models"):
        install_from(str(tmp_path))


def test_without_stanza_models_auto_falls_back_to_spacy_loudly(tmp_path, monkeypatch):
    from corpus_tools.nlp import FallbackWarning, load_backend, models
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    monkeypatch.setattr(models, "default_stanza_dir", lambda: tmp_path / "none")
    with pytest.warns(FallbackWarning, match="FALLING BACK TO spaCy"):
        name, identity = choose_backend("auto")
    assert name == "spacy" and "fr_core_news_md" in identity
    ann = load_backend("spacy").annotate(["Emmanuel Macron est arrivé à Berlin."])[0]
    assert any(e[4] == "PER" and "Macron" in e[3] for e in ann.entities)
    assert all(tok[6] >= 0 for tok in ann.tokens)


def test_a_backend_registered_as_documented_is_chosen_by_name(models_dir, monkeypatch):
    from corpus_tools import nlp
    from corpus_tools.nlp import backends
    from corpus_tools.nlp.stanza_backend import StanzaBackend
    monkeypatch.setattr(backends, "_REGISTRY", dict(backends._REGISTRY))

    def factory(models_dir=None, device=None, threads=None):
        return StanzaBackend(models_dir=models_dir, device=device, threads=threads)

    with pytest.raises(TypeError, match="identify"):
        nlp.register("plain", factory)              # the build could not know its cache key
    nlp.register("wrapped", factory, identify=StanzaBackend.identify)
    name, identity = choose_backend("wrapped", models_dir)
    assert name == "wrapped" and identity == choose_backend("stanza", models_dir)[1]
    assert "wrapped" in nlp.available_backends()


def test_the_gpu_check_imports_torch_only_where_a_gpu_driver_is():
    import os
    import subprocess
    import sys

    from corpus_tools.nlp.worker import GPU_DEVICE_FILES
    out = subprocess.run([sys.executable, "-c", "import sys; from corpus_tools.nlp.worker import cuda_available; "
                          "print(cuda_available(), 'torch' in sys.modules)"],
                         capture_output=True, text=True, check=True).stdout.split()
    driver = any(map(os.path.exists, GPU_DEVICE_FILES)) or not sys.platform.startswith("linux")
    assert out[1] == str(driver)
    if not driver:
        assert out[0] == "False"
