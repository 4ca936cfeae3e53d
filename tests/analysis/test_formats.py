"""Exports open in the tools they target: CSV in pandas, CoNLL-U in Stanza's reader (multi-word
tokens rebuilt), IRaMuTeQ's format rules, GEXF and GraphML in networkx; from Python and from
the command line, for a whole build or a selection."""
from __future__ import annotations

import re

import networkx as nx
import pandas as pd

import corpus_tools as ct
from corpus_tools import analysis as A
from tests.corpora import run


def test_csv_of_every_table_with_lists_in_one_cell(sample_build, tmp_path):
    corpus = ct.load(sample_build)
    written = A.export(corpus, "csv", tmp_path)
    assert sorted(p.stem for p in written) == corpus.tables
    for path in written:
        assert len(pd.read_csv(path, keep_default_na=False)) == len(corpus[path.stem])
    actors = pd.read_csv(tmp_path / "actors.csv", keep_default_na=False)
    several = corpus.actors[corpus.actors["aliases"].map(len) > 1].iloc[0]
    cell = actors.set_index("actor_id").loc[several["actor_id"], "aliases"]
    assert cell.split(";") == list(several["aliases"]) and "\n" not in cell and "[" not in cell


def test_csv_of_a_selection_holds_the_selection_only(sample_build, tmp_path):
    corpus = ct.load(sample_build)
    source = corpus.documents["source"].value_counts().index[0]
    sub = corpus.select(source=source)
    A.export(sub, "csv", tmp_path)
    read = {name: pd.read_csv(tmp_path / f"{name}.csv", keep_default_na=False) for name in corpus.tables}
    assert set(read["documents"]["doc_id"]) == set(sub.documents["doc_id"]) < set(corpus.documents["doc_id"])
    named = set(sub.mentions["actor_id"])
    assert set(read["actors"]["actor_id"]) == named and set(read["merges"]["actor_id"]) <= named
    pairs = read["actor_pairs"]
    assert set(pairs["actor_a"]) | set(pairs["actor_b"]) <= named
    assert len(pairs[pairs["level"] == "document"]) == len(A.pairs(sub, "document"))
    assert set(read["lemma_counts"]["source"]) == {source}
    assert read["lemma_counts"]["n_published"].sum() < corpus["lemma_counts"]["n_published"].sum()


def surface_forms(block: str) -> tuple[str, str]:
    """(# text, the text rebuilt from the surface tokens and SpaceAfter) of a CoNLL-U sentence block."""
    lines = block.split("\n")
    text = next(line[len("# text = "):] for line in lines if line.startswith("# text = "))
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    ranges = [tuple(map(int, r[0].split("-"))) for r in rows if "-" in r[0]]
    surface = [r for r in rows if "-" in r[0] or not any(a <= int(r[0]) <= b for a, b in ranges)]
    return text, "".join(r[1] + ("" if "SpaceAfter=No" in r[9] else " ") for r in surface).strip()


def test_conllu_reads_back_in_stanza_with_multiword_tokens(sample_build, tmp_path):
    from stanza.utils.conll import CoNLL
    corpus = ct.load(sample_build)
    path = A.export(corpus, "conllu", tmp_path)[0]
    doc = CoNLL.conll2doc(input_file=str(path))
    assert len(doc.sentences) == len(corpus.sentences)
    assert [w.text for s in doc.sentences for w in s.words] == corpus.tokens["text"].tolist()
    assert [w.lemma for s in doc.sentences for w in s.words] == corpus.tokens["lemma"].tolist()
    texts = corpus.documents.set_index("doc_id")["text"]
    groups = corpus.tokens.groupby(["doc_id", "sent_idx", "token_start", "token_end"], sort=False).size()
    expected = [texts[d][a:b] for (d, _, a, b), n in groups.items() if n > 1]
    multi = [t for s in doc.sentences for t in s.tokens if len(t.words) > 1]
    assert expected and [t.text for t in multi] == expected        # "du" over "de" + "le", ...
    body = path.read_text(encoding="utf-8")
    for block in body.strip().split("\n\n"):
        text, rebuilt = surface_forms(block)
        assert rebuilt == text
    assert set(texts.index) == set(re.findall(r"# newdoc id = (.+)", body))


def test_iramuteq_corpus_follows_the_format_rules(sample_build, tmp_path):
    corpus = ct.load(sample_build)
    path = A.export(corpus, "iramuteq", tmp_path)[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    starred = [line for line in lines if line.startswith("****")]
    assert len(starred) == len(corpus.documents)
    for line in starred:
        fields = line.split(" ")
        assert fields[0] == "****" and all(re.fullmatch(r"\*[a-z]+_[a-z0-9_]+", f) for f in fields[1:])
    undated = corpus.documents["date"].isna().sum()
    assert sum("*date_sd" in line for line in starred) == undated > 0
    body = [line for line in lines if not line.startswith("****")]
    assert not any("*" in line for line in body) and not any(line.startswith("-*") for line in body)


def test_iramuteq_takes_a_period_a_document_column_and_a_researchers_coding(sample_build, tmp_path):
    corpus = ct.load(sample_build)
    docs = corpus.documents.sort_values(["date", "doc_id"], na_position="last")
    coded = docs["doc_id"].iloc[0]
    path = A.export(corpus, "iramuteq", tmp_path, per="outlet",
                    variables={"trimestre": "quarter", "media": "source", "camp": {coded: "Pour la paix"}})[0]
    starred = [line.split() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("****")]
    assert len(starred) == len(docs)
    for stars, doc in zip(starred, docs.itertuples()):
        when = pd.to_datetime(doc.date, errors="coerce")
        assert stars[3] == ("*trimestre_sd" if pd.isna(when) else f"*trimestre_{when.year}q{when.quarter}")
        assert stars[4] == "*media_" + stars[1].removeprefix("*source_")
        assert stars[5] == ("*camp_pour_la_paix" if doc.doc_id == coded else "*camp_sd")
    for bad in ({"trimestre": "QS"}, {"Camp": "source"}):
        try:
            A.export(corpus, "iramuteq", tmp_path, variables=bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was taken")
    done = run("export", "--out", str(sample_build), "--format", "iramuteq", "--to", str(tmp_path / "cli"),
               "--variable", "annee=year")
    assert done.returncode == 0, done.stderr
    first = (tmp_path / "cli" / "corpus_iramuteq.txt").read_text(encoding="utf-8").splitlines()[0]
    assert first.split()[3].startswith("*annee_")


def test_networks_read_back_in_networkx(sample_build, tmp_path):
    corpus = ct.load(sample_build)
    for fmt, read in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        for path in A.export(corpus, fmt, tmp_path):
            level = path.stem.split("-")[1]
            graph, back = A.cooccurrence_graph(corpus, level), read(path)
            assert set(back.nodes) == set(graph.nodes) and back.number_of_edges() == graph.number_of_edges()


def test_the_command_line_exports_a_selection(sample_build, tmp_path):
    corpus = ct.load(sample_build)
    source = corpus.documents["source"].value_counts().index[-1]
    done = run("export", "--out", str(sample_build), "--format", "iramuteq", "--to", str(tmp_path / "ira"),
               "--source", source)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "ira" / "corpus_iramuteq.txt").read_text(encoding="utf-8")
    assert text.count("****") == (corpus.documents["source"] == source).sum()
    done = run("export", "--out", str(sample_build), "--format", "gexf", "--to", str(tmp_path / "gexf"))
    assert done.returncode == 0 and len(list((tmp_path / "gexf").glob("*.gexf"))) == 3     # one per level
    query = '[pos="PROPN"]{3}'
    done = run("export", "--out", str(sample_build), "--format", "iramuteq", "--to", str(tmp_path / "query"),
               "--query", query)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "query" / "corpus_iramuteq.txt").read_text(encoding="utf-8")
    assert 0 < text.count("****") == len(corpus.select(query=query).doc_ids)
    bad = run("export", "--out", str(sample_build), "--format", "csv", "--to", str(tmp_path / "q"), "--query", "[pos=")
    assert bad.returncode == 2 and "character 6: expected a value in double quotes" in bad.stderr
    assert "Traceback" not in bad.stderr
    bad = run("export", "--out", str(sample_build), "--format", "csv", "--to", str(tmp_path / "x"),
              "--source", "Nowhere Times")
    assert bad.returncode == 2 and "no source 'Nowhere Times'" in bad.stderr and "Traceback" not in bad.stderr
    missing = run("export", "--out", str(tmp_path / "none"), "--format", "csv", "--to", str(tmp_path / "y"))
    assert missing.returncode == 1 and "no build in" in missing.stderr


def test_an_export_puts_back_the_tables_a_build_killed_amid_its_swap_had_moved_aside(sample_build, tmp_path):
    import shutil
    build = tmp_path / "build"
    shutil.copytree(sample_build, build)
    (build / "tables").rename(build / ".tables-old")        # where a killed swap leaves the last tables
    done = run("export", "--out", str(build), "--format", "csv", "--to", str(tmp_path / "csv"))
    assert done.returncode == 0, done.stderr
    assert (build / "tables" / "documents.parquet").is_file() and not (build / ".tables-old").exists()
