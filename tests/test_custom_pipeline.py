"""A user's pipeline (here a custom trigger lexicon) reaches every worker: processes and Dask.

The parent assembles the pipeline once and serialises it (``nlp.to_disk``); worker
processes and Dask workers load that same directory, so whatever the parent built
is what they run. The custom lexicon has one made-up trigger verb ("frobulate") and
nothing else: the shipped lexicon's "backed" must not fire with it, "frobulated" must.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from allegiance.model import Document
from allegiance.nlp import load_pipeline
from allegiance.pipeline import ExtractionPool, PipelineOptions, extract_documents
from allegiance.relations import build_pipeline

CUSTOM_LEXICON = "verbs:\n  - {lemma: frobulate, type: support, object: true}\n"
TEXTS = ["Britain frobulated France.", "Germany backed Austria.", "Poland frobulated Lithuania."]
# with only the custom lexicon: the made-up verb fires, the shipped "back" does not
EXPECTED = {"c0": [("Britain", "France", "support")], "c1": [], "c2": [("Poland", "Lithuania", "support")]}


def documents() -> list[Document]:
    return [Document.from_text(text, id=f"c{k}") for k, text in enumerate(TEXTS)]


def triples(stream) -> dict[str, list[tuple[str, str, str]]]:
    return {doc.id: [(r.source.text, r.target.text, r.type.value) for r in rels] for doc, rels in stream}


@pytest.fixture(scope="module")
def lexicon_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("lexicon") / "custom.yaml"
    path.write_text(CUSTOM_LEXICON, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def custom_nlp(lexicon_path):
    return build_pipeline(lexicon_path=lexicon_path)


def test_in_process_the_custom_lexicon_is_used(custom_nlp):
    with ExtractionPool(1, nlp=custom_nlp) as pool:
        assert triples(pool.extract(documents())) == EXPECTED


def test_two_worker_processes_use_the_parents_pipeline(custom_nlp):
    # one document per chunk: three chunks, so the two worker processes do the work
    with ExtractionPool(2, nlp=custom_nlp, chunk_size=1) as pool:
        assert triples(pool.extract(documents())) == EXPECTED


def test_two_worker_processes_with_the_lexicon_in_the_options(lexicon_path):
    options = PipelineOptions(lexicon_path=str(lexicon_path))
    assert triples(extract_documents(documents(), workers=2, options=options, chunk_size=1)) == EXPECTED


def test_extract_relations_with_two_processes_uses_the_given_pipeline(custom_nlp):
    from allegiance.relations import extract_relations

    assert triples(extract_relations(documents(), nlp=custom_nlp, n_process=2, batch_size=1)) == EXPECTED


def test_dask_workers_use_the_parents_pipeline(custom_nlp):
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    from allegiance.distributed import extract_with_dask

    with LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        got = triples(extract_with_dask(documents(), client, nlp=custom_nlp, partition_size=1))
    assert got == EXPECTED


def test_dask_workers_need_not_see_the_parents_files(custom_nlp, tmp_path):
    """The pipeline is shipped to the workers: they run it after the parent's folder is gone."""
    pytest.importorskip("distributed")
    import shutil

    from distributed import Client, LocalCluster

    from allegiance.distributed import dask_pool

    folder = tmp_path / "saved"
    custom_nlp.to_disk(folder)
    with LocalCluster(n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        with dask_pool(client, options=PipelineOptions(pipeline_path=str(folder)), partition_size=1) as pool:
            pool.start()
            shutil.rmtree(folder)
            got = triples(pool.extract(documents()))
    assert got == EXPECTED


def test_a_saved_pipeline_gives_the_same_output(custom_nlp, tmp_path):
    custom_nlp.to_disk(tmp_path / "pipeline")
    loaded = load_pipeline(tmp_path / "pipeline")
    assert loaded.pipe_names == custom_nlp.pipe_names
    with ExtractionPool(1, nlp=loaded) as pool:
        assert triples(pool.extract(documents())) == EXPECTED


def test_a_saved_pipeline_carries_its_lexicon(tmp_path):
    """The lexicon file the pipeline was built from is not needed to load it (a worker may not see it)."""
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text(CUSTOM_LEXICON, encoding="utf-8")
    build_pipeline(lexicon_path=lexicon).to_disk(tmp_path / "pipeline")
    lexicon.unlink()
    with ExtractionPool(1, nlp=load_pipeline(tmp_path / "pipeline")) as pool:
        assert triples(pool.extract(documents())) == EXPECTED


def test_a_saved_default_pipeline_gives_the_built_ones_records(tmp_path):
    built = build_pipeline()
    built.to_disk(tmp_path / "default")
    texts = ["Britain formed an alliance with France in order to counteract Germany.",
             "Unite and the GMB were working together. Now they are at odds.",
             "Khan was defeated by Dar, whom Corbyn had backed."]
    docs = [Document.from_text(text, id=f"d{k}") for k, text in enumerate(texts)]

    def records(nlp):
        with ExtractionPool(1, nlp=nlp) as pool:
            return [r.to_record(d) for d, rels in pool.extract(docs) for r in rels]

    expected = records(built)
    assert len(expected) >= 3
    assert records(load_pipeline(tmp_path / "default")) == expected


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "allegiance", *args], input=stdin, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.slow
def test_cli_saves_a_pipeline_and_extract_uses_it_with_two_workers(lexicon_path, tmp_path):
    saved = run_cli("pipeline", "save", str(tmp_path / "p"), "--lexicon", str(lexicon_path))
    assert saved.returncode == 0, saved.stderr
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in documents()))
    done = run_cli("extract", str(corpus), "--pipeline", str(tmp_path / "p"), "--workers", "2",
                   "--batch-size", "1", "--quiet")
    assert done.returncode == 0, done.stderr
    got = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["doc_id"], r["source"]["mention"], r["target"]["mention"]) for r in got] == [
        ("c0", "Britain", "France"), ("c2", "Poland", "Lithuania")]


def test_cli_refuses_a_missing_pipeline_directory(tmp_path):
    done = run_cli("extract", "-", "--pipeline", str(tmp_path / "nowhere"), "--quiet", stdin="Unite backed Corbyn.")
    assert done.returncode == 2  # a usage error: nothing was read
    assert done.stderr.strip().startswith("error:") and "no saved pipeline" in done.stderr
