"""The span tagger (`samskapa.enrichment.tagger`): words and windows, the BIO-constrained decoding, the
shipped SkillSpan training data, and a tiny encoder really trained, exported to ONNX and run by ONNX Runtime,
through the service, the API (/v1/enrich/spans), the page and the CLI; a missing tagger or model is a clear
error."""

from __future__ import annotations

import itertools
import json
import math
import shutil
from collections.abc import Iterator
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from samskapa.config import Settings
from samskapa.core.errors import DomainError
from samskapa.enrichment import tagger as tagging
from samskapa.enrichment.service import find_spans
from samskapa.enrichment.tagger import (
    Decoding,
    FloatArray,
    Pieces,
    SpanTagger,
    TaggerHolder,
    TaggerUnavailable,
    calibrate,
    conll_sentences,
    decode_many,
    decode_positions,
    fit_decoding,
    is_calibrated,
    open_tagger,
    shown,
    tag_spans,
    train_tagger,
    training_sentences,
    viterbi,
    viterbi_many,
    words,
)
from tests.enrichment.tiny_tagger import PLAN, TOOLS, TinyTagger, synthetic_sentences, write_conll


@pytest.fixture(scope="module")
def tiny_encoder(tiny_tagger: TinyTagger) -> Path:
    """A tiny BERT with all-MiniLM-L6-v2's word pieces, randomly initialised: small enough to train here."""
    return tiny_tagger.encoder


@pytest.fixture(scope="module")
def trained(tiny_tagger: TinyTagger) -> Path:
    """The tiny encoder trained on the synthetic sentences and exported: a tagger directory (never changed
    here: tests copy it first)."""
    return tiny_tagger.trained


@pytest.fixture(scope="module")
def tagger(trained: Path) -> SpanTagger:
    return open_tagger(trained, threads=1)


# --- words, windows, decoding -------------------------------------------------------------------------------


def test_words_split_off_punctuation_as_skillspan_does() -> None:
    text = "Skills: (Python, SQL) and 'e-mail', e.g. the employees' 'tools'.\nNode.js!"
    found = [text[start:end] for start, end in words(text)]
    assert found == [
        "Skills:",  # SkillSpan leaves : ; ? ! on the word
        "(",
        "Python",
        ",",
        "SQL",
        ")",
        "and",
        "'",
        "e-mail",
        "'",
        ",",
        "e.g.",  # an abbreviation keeps its full stop
        "the",
        "employees'",  # a plural possessive keeps its apostrophe, a closing quote does not
        "'",
        "tools",
        "'",
        ".",
        "Node.js!",
    ]
    # SkillSpan's tokens joined by spaces come back as the same tokens.
    tokens = ["Requirements:", "Experience", "with", "C++", "(", "5+", "years", ")", "etc.", "Why", "us?"]
    joined = " ".join(tokens)
    assert [joined[start:end] for start, end in words(joined)] == tokens


def test_most_of_skillspan_dev_tokenises_as_skillspan_does() -> None:
    sentences_ = conll_sentences(tagging.shipped(tagging.CALIBRATION_FILES))
    same = 0
    for tokens, _, _ in sentences_:
        joined = " ".join(tokens)
        same += [joined[start:end] for start, end in words(joined)] == tokens
    # 3,080 of 3,175 (2,455 when `: ; ? !` were split off); the rest are SkillSpan's own slips ("python)")
    assert same >= 3_080


def test_a_span_is_shown_without_what_the_tagger_reads_as_part_of_its_last_word() -> None:
    text = "Do you know Kubernetes? Skills: SQL; ?"
    assert shown(text, 12, 23) == (12, 22)  # "Kubernetes?"
    assert shown(text, 24, 31) == (24, 30)  # "Skills:"
    assert shown(text, 32, 36) == (32, 35)  # "SQL;"
    assert shown(text, 37, 38) == (37, 38)  # "?" alone stays
    assert shown(text, 0, 2) == (0, 2)


def test_windows_cover_every_word_once_within_the_limit() -> None:
    pieces = Pieces(tagging.default_encoder() / tagging.TOKENIZER_FILE, max_tokens=8)
    items = ["Kubernetes", "and", "a", "supercalifragilisticexpialidocious", "word", "x"] * 3
    ids = pieces.of(items)
    windows = pieces.windows(ids)
    covered = [first + position for first, _, firsts in windows for position in range(len(firsts))]
    assert covered == list(range(len(items)))
    for first, tokens, firsts in windows:
        assert len(tokens) <= 8
        assert (tokens[0], tokens[-1]) == (pieces.start_id, pieces.end_id)
        for position, start in enumerate(firsts):
            assert tokens[start] == ids[first + position][0]


def test_viterbi_never_opens_a_span_with_inside() -> None:
    probabilities = np.array([[0.1, 0.3, 0.6], [0.9, 0.05, 0.05], [0.2, 0.1, 0.7]])
    assert probabilities.argmax(axis=1).tolist() == [2, 0, 2]  # argmax would give I, O, I
    tags = viterbi(np.log(probabilities))
    assert tags == [1, 0, 0]
    assert tag_spans(tags) == [(0, 1)]
    assert tag_spans([1, 2, 2, 0, 1, 1, 2]) == [(0, 3), (4, 5), (5, 7)]
    assert viterbi(np.zeros((0, 3))) == []


def _best_valid_score(log_probs: npt.NDArray[np.float64]) -> float:
    """The best score of any BIO-valid tag sequence, by trying them all (I never opens or follows O)."""
    best = -math.inf
    for tags in itertools.product(range(3), repeat=len(log_probs)):
        if all(tag != 2 or (position > 0 and tags[position - 1] != 0) for position, tag in enumerate(tags)):
            best = max(best, float(sum(log_probs[position, tag] for position, tag in enumerate(tags))))
    return best


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.floats(-6, 0, allow_nan=False), min_size=3, max_size=3).map(tuple), max_size=6).map(
        lambda rows: np.array(rows, dtype=np.float64).reshape(-1, 3)
    ),
    st.integers(0, 5),
)
def test_the_batched_viterbi_finds_the_best_valid_path_of_every_sentence(
    first: npt.NDArray[np.float64], shift: int
) -> None:
    # Sentences of different lengths decoded together, in groups of at most 8 cells (tagging._CELLS).
    batch = [first, first[shift:], np.log(np.full((7, 3), 1 / 3))[: shift + 1], np.zeros((0, 3))]
    original = tagging._CELLS
    tagging._CELLS = 8
    try:
        paths = viterbi_many(batch)
    finally:
        tagging._CELLS = original
    for log_probs, tags in zip(batch, paths, strict=True):
        assert len(tags) == len(log_probs)
        assert tags == viterbi(log_probs)
        if len(log_probs):
            assert tags[0] != 2
            assert all(not (a == 0 and b == 2) for a, b in itertools.pairwise(tags))
            score = float(sum(log_probs[position, tag] for position, tag in enumerate(tags)))
            assert score == pytest.approx(_best_valid_score(log_probs))


def test_an_o_bias_trades_spans_for_sureness_and_a_floor_drops_the_unsure() -> None:
    # The second word is a little more likely B than O in the skill layer; knowledge is surely O throughout.
    words_ = np.log(np.array([[0.9, 0.05, 0.05, 0.99, 0.005, 0.005], [0.4, 0.5, 0.1, 0.99, 0.005, 0.005]]))
    log_probs = [words_.astype(np.float32)]
    assert decode_many(log_probs) == [[("skill", 1, 2, 0.5)]]  # confidence: B's own probability, last word
    assert decode_many(log_probs, Decoding(bias=0.5)) == [[]]  # log 0.4 + 0.5 > log 0.5
    # log 0.9 - 3 < log 0.05 opens a span at the first word; B then beats I (0.5 > 0.1) at the second. The
    # first span's confidence is also that of its end: the next word is not I with probability 0.9.
    both = [("skill", 0, 1, round(math.sqrt(0.05 * 0.9), 4)), ("skill", 1, 2, 0.5)]
    assert decode_many(log_probs, Decoding(bias=-3.0)) == [both]
    assert decode_many(log_probs, Decoding(bias=-3.0, floor=0.25)) == [both[1:]]
    assert decode_many(log_probs, Decoding(floor=0.51)) == [[]]
    # what the settings are fitted on: the places of the spans the bias decodes, with their confidences
    places = decode_positions(log_probs, -3.0)
    assert places.keys() == {(0, 1, 0), (1, 2, 0)}
    assert places[0, 1, 0] == pytest.approx(math.sqrt(0.05 * 0.9), rel=1e-5)
    assert decode_positions(log_probs, 0.5) == {}


def test_a_span_is_as_sure_as_its_end() -> None:
    # "design systems" then a word that may go on with it (I 0.45) or not: the same tags, a less sure span.
    def sentence(next_is_i: float) -> FloatArray:
        rows = [[0.05, 0.9, 0.05], [0.05, 0.05, 0.9], [0.55 - next_is_i, 0.45, next_is_i]]
        return np.log(np.array([[*row, 0.99, 0.005, 0.005] for row in rows], dtype=np.float32))

    sure, unsure = decode_many([sentence(0.0001), sentence(0.1)])
    assert [span[:3] for span in sure] == [span[:3] for span in unsure] == [("skill", 0, 2)]
    assert sure[0][3] > unsure[0][3]
    assert unsure[0][3] == pytest.approx((0.9 * 0.9 * 0.9) ** (1 / 3), abs=1e-4)


def test_the_shipped_dev_data_is_skillspan_dev() -> None:
    tech, house = (conll_sentences(tagging.shipped([name])) for name in tagging.CALIBRATION_FILES)
    assert (len(tech), len(house)) == (2_156, 1_019)
    for tokens, skill, knowledge in tech + house:
        assert len(tokens) == len(skill) == len(knowledge)
        assert set(skill) <= {"O", "B-Skill", "I-Skill"}
        assert set(knowledge) <= {"O", "B-Knowledge", "I-Knowledge"}


def test_the_shipped_training_data_is_skillspan_train() -> None:
    sentences = training_sentences()
    assert len(sentences) == 3_133 + 1_668  # tech and house TRAIN
    for sentence in sentences:
        assert len(sentence.words) == len(sentence.skill) == len(sentence.knowledge)
        assert set(sentence.skill) | set(sentence.knowledge) <= {"O", "B", "I"}
    spans = sum(len(tag_spans([{"O": 0, "B": 1, "I": 2}[t] for t in s.knowledge])) for s in sentences)
    assert spans == 2_188 + 781  # the Knowledge spans PROVENANCE.md counts (no stray I tags)


# --- a trained tagger ---------------------------------------------------------------------------------------


def test_a_trained_tagger_finds_what_it_learned_at_its_offsets(tagger: SpanTagger, trained: Path) -> None:
    text = (
        "About the job\nYou will design scalable systems using Kubernetes. "
        "You have experience with Docker and SQL."
    )
    found = tagger.tag(text)
    assert {(span.text, span.layer) for span in found} >= {
        ("design scalable systems", "skill"),
        ("Kubernetes", "knowledge"),
        ("Docker", "knowledge"),
        ("SQL", "knowledge"),
    }
    for span in found:
        assert text[span.start : span.end] == span.text
        assert 0 < span.confidence <= 1
    assert tagger.tag("We offer a nice office.") == []
    meta = json.loads((trained / tagging.META_FILE).read_text(encoding="utf-8"))
    assert meta["encoder"] == "tiny-encoder0"
    assert meta["plan"]["epochs"] == 40
    assert (
        meta["trained_on"] == f"{len(synthetic_sentences())} sentences ({len(synthetic_sentences())} windows)"
    )
    (member,) = meta["members"]
    assert (member["seed"], member["file"]) == (13, "tagger-13.onnx")
    assert member["epoch_loss"][-1] < member["epoch_loss"][0] / 10


def test_the_decoding_settings_are_fitted_on_annotated_sentences_and_kept_with_the_tagger(
    tagger: SpanTagger, trained: Path, tmp_path: Path
) -> None:
    annotated = conll_sentences([write_conll(synthetic_sentences(), tmp_path / "gold.conll")])
    # A bias of +50 finds nothing and one of -50 makes every word a span; a floor of 1.01 drops every span:
    # no bias and no floor must win.
    fitted = fit_decoding(tagger, annotated, biases=(-50.0, 50.0), floors=(1.01,))
    assert fitted.decoding == Decoding()
    assert fitted.f1 == fitted.f1_plain == fitted.f1_bias_only > 0.9
    assert fitted.sentences == len(annotated)
    text = "You will design scalable systems using Kubernetes."
    assert tagger.tag_many([text], Decoding(bias=50.0)) == [[]]
    assert tagger.tag_many([text], Decoding(floor=1.01)) == [[]]

    copy = tmp_path / "tagger"
    shutil.copytree(trained, copy)
    assert not is_calibrated(copy)
    result = calibrate(copy, [tmp_path / "gold.conll"])
    assert is_calibrated(copy)
    assert result.decoding.bias in tagging.BIAS_GRID
    assert result.decoding.floor in tagging.FLOOR_GRID
    assert result.f1 >= result.f1_bias_only >= result.f1_plain
    meta = json.loads((copy / tagging.META_FILE).read_text(encoding="utf-8"))
    assert (meta["bias"], meta["floor"]) == (result.decoding.bias, result.decoding.floor)
    assert meta["calibration"]["on"] == ["gold.conll"]
    assert meta["calibration"]["span_f1"] == round(result.f1, 4)
    assert meta["encoder"] == "tiny-encoder0"  # the rest of tagger.json is kept
    assert open_tagger(copy, threads=1).decoding == result.decoding
    assert open_tagger(trained, threads=1).decoding == Decoding()
    # A tagger calibrated before the floor existed (an O bias only) is decoded with that bias and no floor,
    # and is calibrated again by the next `make tagger`.
    del meta["floor"]
    (copy / tagging.META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    assert open_tagger(copy, threads=1).decoding == Decoding(result.decoding.bias, 0.0)
    assert not is_calibrated(copy)
    with pytest.raises(TaggerUnavailable, match="No sentences"):
        fit_decoding(tagger, [])


def test_members_are_averaged_in_probability() -> None:
    one = np.log(np.array([[[0.5, 0.25, 0.25, 0.8, 0.1, 0.1]]], dtype=np.float32))
    assert np.allclose(np.exp(tagging.mean_log_probs(one)), np.exp(one[0]), atol=1e-6)
    other = np.log(np.array([[[0.1, 0.1, 0.8, 0.2, 0.4, 0.4]]], dtype=np.float32)) + 3.0  # logits, not probs
    mean = np.exp(tagging.mean_log_probs(np.concatenate([one, other])))
    assert np.allclose(mean, [[0.3, 0.175, 0.525, 0.5, 0.25, 0.25]], atol=1e-6)


def test_members_are_kept_added_averaged_and_dropped(
    tagger: SpanTagger, trained: Path, tiny_encoder: Path, tmp_path: Path
) -> None:
    both = tmp_path / "both"
    shutil.copytree(trained, both)
    calibrate(both, [write_conll(synthetic_sentences(), tmp_path / "gold.conll")])
    before = json.loads((trained / tagging.META_FILE).read_text(encoding="utf-8"))
    calls: list[tuple[int, int]] = []
    two = replace(PLAN, seeds=(13, 29))
    meta = train_tagger(
        both,
        encoder=tiny_encoder,
        data=synthetic_sentences(),
        plan=two,
        progress=lambda done, total: calls.append((done, total)),
        keep=True,
    )
    one_member = PLAN.epochs * math.ceil(len(synthetic_sentences()) / PLAN.batch_size)
    assert calls[-1] == (one_member, one_member)  # seed 13 was kept, only seed 29 trained
    assert len(calls) == one_member  # one progress call a batch
    assert meta["members"][0] == before["members"][0]
    assert [member["seed"] for member in meta["members"]] == [13, 29]
    assert meta["model"] == "tiny-encoder0 span tagger, 2 seeds averaged"
    assert "bias" not in meta
    assert "floor" not in meta
    assert tagging.sha256_of(both / "tagger-13.onnx") == tagging.sha256_of(trained / "tagger-13.onnx")
    assert tagging.has_members(both, "tiny-encoder0", two)
    assert not tagging.has_members(both, "tiny-encoder0", PLAN)
    assert not tagging.has_members(both, "tiny-encoder0", replace(two, epochs=39))
    assert not tagging.has_members(both, "tiny-encoder0", replace(two, precision="fp32"))

    only_29 = tmp_path / "only-29"
    shutil.copytree(both, only_29)

    def no_training(done: int, total: int) -> None:
        raise AssertionError("nothing is to be trained")

    kept = train_tagger(
        only_29,
        encoder=tiny_encoder,
        data=synthetic_sentences(),
        plan=replace(PLAN, seeds=(29,)),
        progress=no_training,
        keep=True,
    )
    assert kept["members"] == meta["members"][1:]
    assert sorted(path.name for path in only_29.glob("*.onnx")) == ["tagger-29.onnx"]

    pair = open_tagger(both, threads=1)
    assert pair.model == meta["model"]
    sentence = ["You", "will", "design", "scalable", "systems", "using", "Docker", "."]
    (mean,) = pair.word_log_probs([sentence])
    (first,) = tagger.word_log_probs([sentence])
    (second,) = open_tagger(only_29, threads=1).word_log_probs([sentence])
    assert not np.allclose(first, second, atol=1e-3)  # two seeds, two models
    assert np.allclose(np.exp(mean), (np.exp(first) + np.exp(second)) / 2, atol=1e-5)
    assert {span.text for span in pair.tag("You will design scalable systems using Docker.")} >= {
        "design scalable systems",
        "Docker",
    }


def test_an_interrupted_training_keeps_its_finished_members(tiny_encoder: Path, tmp_path: Path) -> None:
    class Stop(Exception):
        pass

    per_member = PLAN.epochs * math.ceil(len(synthetic_sentences()) / PLAN.batch_size)

    def stopped(seeds: tuple[int, ...], after: int, *, keep: bool = False) -> None:
        """Train `seeds` into tmp_path and stop after `after` batches."""

        def stop(done: int, total: int) -> None:
            if done > after:
                raise Stop

        with pytest.raises(Stop):
            train_tagger(
                tmp_path,
                encoder=tiny_encoder,
                data=synthetic_sentences(),
                plan=replace(PLAN, seeds=seeds),
                progress=stop,
                keep=keep,
            )

    stopped((13, 29), per_member)  # in the second member
    assert tagging.is_trained(tmp_path)
    assert tagging.has_members(tmp_path, "tiny-encoder0", PLAN)  # seed 13; `--if-missing` adds 29
    assert open_tagger(tmp_path, threads=1).tag("You have experience with Docker and SQL.")

    calibrate(tmp_path, [write_conll(synthetic_sentences(), tmp_path / "gold.conll")])
    stopped((13, 29), 0, keep=True)  # `--if-missing` adding seed 29, stopped in its first batch
    assert tagging.has_members(tmp_path, "tiny-encoder0", PLAN)  # seed 13 is still a working tagger
    assert not tagging.is_calibrated(tmp_path)  # its O bias is dropped: it will be a pair's
    assert open_tagger(tmp_path, threads=1).tag("You have experience with Docker and SQL.")

    stopped((29,), 0, keep=True)  # seed 29 instead of 13: no member is kept, so there is no tagger meanwhile
    assert not tagging.is_trained(tmp_path)


def test_a_tagger_from_before_members_is_one_member(
    tagger: SpanTagger, trained: Path, tiny_encoder: Path, tmp_path: Path
) -> None:
    meta = json.loads((trained / tagging.META_FILE).read_text(encoding="utf-8"))
    (member,) = meta.pop("members")
    legacy = {
        **meta,
        "plan": {**meta["plan"], "seed": member["seed"]},
        "epoch_loss": member["epoch_loss"],
        "training_seconds": member["training_seconds"],
    }
    shutil.copyfile(trained / member["file"], tmp_path / tagging.ONNX_FILE)
    shutil.copyfile(trained / tagging.TOKENIZER_FILE, tmp_path / tagging.TOKENIZER_FILE)
    (tmp_path / tagging.META_FILE).write_text(json.dumps(legacy), encoding="utf-8")
    old = open_tagger(tmp_path, threads=1)
    batch = [tagger.pieces.windows(tagger.pieces.of(["You", "know", "SQL", "."]))[0][1]]
    assert np.allclose(old.logits(batch), tagger.logits(batch), atol=1e-6)
    assert tagging.members(legacy) == [{**member, "file": tagging.ONNX_FILE}]
    assert tagging.has_members(tmp_path, "tiny-encoder0", PLAN)
    kept = train_tagger(tmp_path, encoder=tiny_encoder, data=synthetic_sentences(), plan=PLAN, keep=True)
    assert kept == legacy  # nothing to train: the tagger is left as it was


def test_padding_in_a_batch_does_not_change_the_outputs(tagger: SpanTagger) -> None:
    short, long = (
        tagger.pieces.windows(tagger.pieces.of(text.split()))[0][1]
        for text in ("Python", "You will lead small teams using Java and Excel .")
    )
    together = tagger.logits([short, long])
    assert together.shape == (1, 2, len(long), 6)  # (members, windows, tokens, outputs)
    assert np.allclose(together[0, 0, : len(short)], tagger.logits([short])[0, 0], atol=1e-5)
    assert np.allclose(together[0, 1], tagger.logits([long])[0, 0], atol=1e-5)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [*TOOLS, "You", "will", "design", "using", "(", ")", ",", ".", "\n", "é", "  ", "ünïcode"]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_every_span_is_at_its_offsets(tagger: SpanTagger, text: str) -> None:
    for span in tagger.tag(text):
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert span.text == span.text.strip()


def test_the_service_links_spans_and_files_negated_ones(tagger: SpanTagger) -> None:
    from samskapa.enrichment.ranking import SkillDocument, SkillRanker

    ranker = SkillRanker(
        [
            SkillDocument("esco:skill:k8s", "http://example.org/k8s", "Kubernetes"),
            SkillDocument("s:2", "", "nursing"),
        ]
    )
    text = "You have experience with Python and Kubernetes. No experience with Docker required."
    result = find_spans(text, "en", tagger=tagger, ranker=ranker, taxonomy_version=3)
    assert result.linking == "lexical"
    assert result.tagger_model == "tiny-encoder0 span tagger"
    by_text = {span.text: span for span in result.spans}
    assert by_text["Kubernetes"].skill is not None
    assert by_text["Kubernetes"].skill.id == "esco:skill:k8s"
    assert "Docker" not in by_text
    assert [(span.text, span.negated) for span in result.filtered] == [("Docker", True)]


def test_the_service_refuses_swedish_and_a_missing_tagger(tagger: SpanTagger) -> None:
    with pytest.raises(DomainError) as caught:
        find_spans(
            "Du har erfarenhet av Java och Kubernetes.", None, tagger=tagger, ranker=None, taxonomy_version=1
        )
    assert (caught.value.code, caught.value.status) == ("english_only", 400)
    with pytest.raises(DomainError) as caught:
        find_spans("Python", "en", tagger=None, ranker=None, taxonomy_version=1)
    assert (caught.value.code, caught.value.status) == ("span_tagger_off", 503)
    assert caught.value.message == "No span tagger has been trained on this server."
    assert "--train-tagger" in (caught.value.hint or "")


# --- unavailable --------------------------------------------------------------------------------------------


def test_no_tagger_is_a_clear_error_and_the_holder_keeps_the_reason(tmp_path: Path) -> None:
    with pytest.raises(TaggerUnavailable, match="--train-tagger"):
        open_tagger(tmp_path)
    holder = TaggerHolder()
    assert holder.get(tmp_path) is None
    assert str(tmp_path) in (holder.reason or "")


def test_a_tagger_of_another_format_is_refused(trained: Path, tmp_path: Path) -> None:
    for name in (tagging.member_file(13), tagging.TOKENIZER_FILE):
        (tmp_path / name).symlink_to(trained / name)
    meta = json.loads((trained / tagging.META_FILE).read_text(encoding="utf-8"))
    (tmp_path / tagging.META_FILE).write_text(json.dumps({**meta, "format": 0}), encoding="utf-8")
    with pytest.raises(TaggerUnavailable, match="another format"):
        open_tagger(tmp_path)


def test_mpnet_without_its_packages_says_how_to_get_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def absent(name: str) -> metadata.Distribution:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", absent)
    with pytest.raises(TaggerUnavailable, match="make tagger"):
        tagging.assemble_mpnet(tmp_path)


def test_a_folder_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TaggerUnavailable, match=r"no config\.json"):
        train_tagger(tmp_path / "out", encoder=tmp_path, data=synthetic_sentences())


# --- API and CLI --------------------------------------------------------------------------------------------


@pytest.fixture
def spans_client(mini_engine: Engine, trained: Path, tmp_path: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from samskapa.main import create_app

    config = Settings(
        database_url=str(mini_engine.url.render_as_string(hide_password=False)),
        data_dir=tmp_path,
        enrich_tagger_dir=trained,
        enrich_semantic=False,
        suggest_warmup=False,
        search_sync_seconds=0,
    )
    with TestClient(create_app(config)) as client:
        yield client


def test_the_api_gives_spans_linked_to_skills(spans_client: Any) -> None:
    text = "You will design scalable systems using Python."
    response = spans_client.post("/v1/enrich/spans", json={"text": text})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["lang"], body["linking"], body["tagger_model"]) == (
        "en",
        "lexical",
        "tiny-encoder0 span tagger",
    )
    assert body["taxonomy_version"] == 1
    assert {(span["text"], span["type"]) for span in body["spans"]} >= {
        ("design scalable systems", "skill"),
        ("Python", "knowledge"),
    }
    for span in body["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["skill"] is None or span["skill"]["id"].startswith("esco:skill:")
    response = spans_client.post("/v1/enrich/spans", json={"text": "Du kan Java och SQL.", "lang": "sv"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "english_only"
    response = spans_client.post("/v1/enrich/spans", json={"text": " "})
    assert (response.status_code, response.json()["code"]) == (400, "empty_text")


def test_the_api_without_a_tagger_is_a_503_with_a_hint(mini_client: Any) -> None:
    response = mini_client.post("/v1/enrich/spans", json={"text": "You know Python.", "lang": "en"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "span_tagger_off"
    assert "--train-tagger" in body["hint"]


def test_the_cli_trains_a_tagger_and_finds_spans_with_it(
    settings: Settings, tiny_encoder: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from samskapa.cli import app

    env = {"SAMSKAPA_DATABASE_URL": settings.database_url, "SAMSKAPA_DATA_DIR": str(tmp_path)}
    runner = CliRunner()
    result = runner.invoke(app, ["enrich", str(tmp_path / "x.jsonl"), "--spans"], env=env)
    assert result.exit_code != 0  # the file does not exist
    source = tmp_path / "texts.jsonl"
    source.write_text('{"id": "a", "text": "You know Python."}\n{"id": "b", "text": ""}\n', encoding="utf-8")
    result = runner.invoke(app, ["enrich", str(source), "--spans"], env=env)
    assert result.exit_code == 1
    assert "--train-tagger" in result.output
    train = ["enrich", "--train-tagger", "--encoder", str(tiny_encoder), "--epochs", "1", "--seed", "7"]
    wrong = runner.invoke(app, [*train, "--precision", "fp16"], env=env)
    assert wrong.exit_code == 2
    assert "bf16 or fp32, not 'fp16'" in wrong.output
    assert not (tmp_path / "tagger").exists()
    train += ["--precision", "fp32"]  # the fixtures train in bf16, the default
    result = runner.invoke(app, train, env=env)
    assert result.exit_code == 0, result.output
    assert "1 epochs (fp32)" in result.output
    assert "O bias" in result.output
    assert "confidence floor" in result.output
    meta = json.loads((tmp_path / "tagger" / tagging.META_FILE).read_text(encoding="utf-8"))
    assert meta["trained_on"].startswith("4,801 sentences")  # the shipped SkillSpan TRAIN splits
    assert meta["calibration"]["on"] == list(tagging.CALIBRATION_FILES)  # then fitted on SkillSpan DEV
    assert meta["calibration"]["sentences"] == 2_156 + 1_019
    again = runner.invoke(app, [*train, "--if-missing"], env=env)
    assert again.exit_code == 0
    assert f"The span tagger ({tiny_encoder.name}) is there" in again.output
    assert "O bias" not in again.output  # calibrated already
    gold = write_conll(synthetic_sentences(), tmp_path / "gold.conll")
    result = runner.invoke(app, ["enrich", "--calibrate-tagger", "--calibrate-on", str(gold)], env=env)
    assert result.exit_code == 0, result.output
    assert f"on {len(synthetic_sentences())} sentences" in result.output
    meta = json.loads((tmp_path / "tagger" / tagging.META_FILE).read_text(encoding="utf-8"))
    assert meta["calibration"]["on"] == ["gold.conll"]
    missing = runner.invoke(
        app, ["enrich", "--calibrate-tagger"], env={**env, "SAMSKAPA_DATA_DIR": str(gold)}
    )
    assert missing.exit_code == 1
    assert "No span tagger" in missing.output
    one_epoch = tagging.TrainingPlan(epochs=1, seeds=(7,), precision="fp32")  # as the CLI was told
    assert tagging.has_members(tmp_path / "tagger", tiny_encoder.name, one_epoch)
    assert not tagging.has_members(tmp_path, tiny_encoder.name, one_epoch)
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["enrich", str(source), "--spans", "--output", str(output)], env=env)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert records[0]["id"] == "a"
    assert records[0]["tagger_model"] == "tiny-encoder0 span tagger"
    assert isinstance(records[0]["spans"], list)
    assert records[1]["error"]["code"] == "empty_text"


def test_the_page_offers_and_shows_skill_phrases_where_a_tagger_is_trained(
    spans_client: Any, mini_client: Any
) -> None:
    assert 'name="spans"' in spans_client.get("/enrich?lang=en").text
    assert 'name="spans"' not in mini_client.get("/enrich?lang=en").text  # no tagger: no such choice
    text = "You will design scalable systems using Python."
    form = {"text": text, "text_lang": "en", "spans": "on"}
    page = spans_client.post("/enrich?lang=en", data=form).text
    assert '<h2 id="spans-heading">Skill phrases</h2>' in page
    assert '<td lang="en">design scalable systems</td><td>skill</td>' in page
    assert "phrases found by the tiny-encoder0 span tagger" in page
    page = spans_client.post("/enrich?lang=sv", data=form).text
    assert '<h2 id="spans-heading">Kompetensfraser</h2>' in page
    assert '<td lang="en">design scalable systems</td><td>färdighet</td>' in page
    # Without the box ticked, no phrases; for Swedish text, the concepts and a clear word on the phrases.
    assert "spans-heading" not in spans_client.post("/enrich?lang=en", data={"text": text}).text
    swedish = {"text": "Du har erfarenhet av Java.", "text_lang": "sv", "spans": "on"}
    page = spans_client.post("/enrich?lang=en", data=swedish).text
    assert "The skill phrases could not be found" in page
    assert "reads English text only" in page
    assert '<mark class="found">Java<' in page
