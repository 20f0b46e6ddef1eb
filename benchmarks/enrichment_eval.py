"""Evaluation harness of the enrichment area (issue 5): skill ranking, skill spans and Swedish agreement.

`python -m benchmarks.enrichment_eval [--decorte FILE ...] [--skillspan FILE ...] [--parallel-syllabi [FILE]]`
With no argument it scores the validation/dev splits in ../shared/data (what `make bench` should run).

* `--decorte FILE` — the Decorte et al. format (`sentence,span,sub_span,label`; label = an ESCO preferred
  label). Each distinct sentence is ranked against every ESCO skill (`SkillRanker`, ranking mode); gold =
  its ESCO labels minus LABEL NOT PRESENT / UNDERSPECIFIED; sentences left without gold are skipped.
  RP@K = |gold ∩ top-K| / min(K, |gold|) averaged over sentences (K = 1, 5, 10); MRR = mean 1/rank of the
  first gold skill in the top 100 (0 beyond). Gold labels missing from our taxonomy stay in the gold (they
  count as misses) and are reported. Also: ranking latency per sentence, ranker build time, peak RSS.
* `--skillspan FILE` — SkillSpan CoNLL (`token<TAB>skill_tag<TAB>knowledge_tag`). The sentence is the tokens
  joined by spaces; the predicted spans that start and end on token boundaries are scored: the dictionary
  tier's matches of skill and language concepts (`samskapa.enrichment.dictionary`), and, where a span tagger
  was trained (`--tagger DIR`, default the platform's, `make tagger`), the tagger's spans of both
  layers (`samskapa.enrichment.tagger`, ONNX Runtime on `--tagger-threads` threads). Exact span-level
  P/R/F1, type-agnostic (a prediction is right if it equals a gold Skill or Knowledge span, as the two
  layers may hold the same span), the recall of each layer, and sentences per second, per split and, given
  more than one, the F1 over all splits together (as the published figures are). The F1 goal (0.6) is
  checked on each split, for the tagger when there is one, else for the dictionary tier. The tagger's two
  decoding settings (O bias and confidence floor) are fitted on the dev splits (`tagger.calibrate`), so each
  split's F1 is also printed without them and with them fitted on the other splits only: the held-out worth
  of those settings. The model runs
  once per split; only the decoding is repeated. A tagger of several members also gets each member's F1
  alone: what averaging them is worth.
* `--parallel-syllabi [FILE]` — miun_kursplaner.csv: for courses with learning outcomes in both languages,
  the mean Jaccard agreement between the skill ids found in the Swedish and in the English outcomes: with
  the dictionary tier (skills + languages) and with the ranker's top-10 per sentence (ESCO skills only).

* The semantic tier (unless `--no-semantic`): the Decorte splits again with the hybrid ranker
  (`samskapa.enrichment.semantic`, lexical + all-MiniLM-L6-v2 cosine run by ONNX Runtime on one thread,
  equal weights), and the syllabi agreement of its top-10. Its skill embeddings and ONNX model are taken from
  `--embeddings DIR`, or built there (model exported with torch, then preferred labels embedded). Choices made
  on these validation splits (with the earlier numpy encoder, same vectors): equal weights of the normalised
  lexical and cosine scores (0.4 to 0.6 all beat either alone on both splits; reciprocal-rank fusion less
  stable), and preferred labels only (with the alternative labels too: TECH/HOUSE RP@5 70.5/54.2 against
  71.9/56.0).

Figures print one per line in the house style (`benchmarks._common.figure`); goals are informative only.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from benchmarks._common import (
    ROOT,
    Figure,
    figure,
    heading,
    loaded_data_dir,
    peak_rss_mb,
    percentile,
    sqlite_url,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from samskapa.enrichment.ranking import SkillRanker
    from samskapa.enrichment.semantic import HybridRanker, SemanticTier
    from samskapa.enrichment.tagger import Decoding, Reading, SpanTagger

BENCH = "enrichment"
SHARED = ROOT.parent / "shared" / "data"
DECORTE = SHARED / "skill-extraction-esco-benchmark"
SKILLSPAN = SHARED / "skillspan"
SYLLABI = SHARED / "swedish-course-syllabi" / "miun_kursplaner.csv"
DEFAULT_DECORTE = [DECORTE / "tech_validation_annotations.csv", DECORTE / "house_validation_annotations.csv"]
DEFAULT_SKILLSPAN = [SKILLSPAN / "skillspan_tech_dev.conll", SKILLSPAN / "skillspan_house_dev.conll"]
NO_GOLD = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
RP5_GOALS = {"tech": 64.0, "house": 55.0}
SPAN_F1_GOAL = 0.6
MRR_DEPTH = 100
SPAN_TYPES = ("skill", "language")
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+|\s+-\s+|\n+")


# --- Decorte et al.: sentence-level ranking -----------------------------------------------------------------


def read_decorte(path: Path) -> dict[str, set[str]]:
    """Sentence → its gold ESCO preferred labels (not LABEL NOT PRESENT / UNDERSPECIFIED); may be empty."""
    gold: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            labels = gold.setdefault(row["sentence"], set())
            if row["label"].strip() and row["label"] not in NO_GOLD:
                labels.add(row["label"])
    return gold


def _split_name(path: Path) -> str:
    return path.stem.replace("_annotations", "")


def eval_decorte(
    ranker: SkillRanker | HybridRanker, path: Path, suffix: str = "", *, goal: bool = True
) -> list[Figure]:
    """RP@1/5/10, MRR and latency of `ranker` on one split; the RP@5 goal is shown only with `goal`."""
    from samskapa.enrichment.ranking import reciprocal_rank, rp_at_k

    name = _split_name(path) + suffix
    ids = ranker.ids_by_label()
    gold_by_sentence = {sentence: labels for sentence, labels in read_decorte(path).items() if labels}
    missing = {label for labels in gold_by_sentence.values() for label in labels if label not in ids}
    sums: dict[str, float] = defaultdict(float)
    latencies: list[float] = []
    for sentence, labels in gold_by_sentence.items():
        gold = {ids.get(label, f"missing:{label}") for label in labels}
        started = time.perf_counter()
        ranked = [item.id for item in ranker.rank(sentence, "en", MRR_DEPTH)]
        latencies.append(time.perf_counter() - started)
        for k in (1, 5, 10):
            sums[f"RP@{k}"] += rp_at_k(gold, ranked, k)
        sums["MRR"] += reciprocal_rank(gold, ranked)
    count = len(gold_by_sentence)
    figures = []
    note = f"{count} sentences" + (f", {len(missing)} gold labels not in the taxonomy" if missing else "")
    target = next((value for key, value in RP5_GOALS.items() if key in name.lower()), None)
    for key in ("RP@1", "RP@5", "RP@10"):
        value = 100 * sums[key] / count if count else 0.0
        at_least = target if key == "RP@5" and goal else None
        figures.append(figure(BENCH, f"{name} {key}", value, "%", at_least=at_least, note=note))
    mrr = sums["MRR"] / count if count else 0.0
    figures.append(
        figure(BENCH, f"{name} MRR", mrr, "", note=f"{mrr:.3f}; first gold within top {MRR_DEPTH}")
    )
    latencies.sort()
    figures.append(
        figure(
            BENCH, f"{name} ranking latency p50", 1000 * percentile(latencies, 50), "ms", note="per sentence"
        )
    )
    figures.append(figure(BENCH, f"{name} ranking latency p95", 1000 * percentile(latencies, 95), "ms"))
    return figures


# --- SkillSpan: exact spans --------------------------------------------------------------------------------


SpanFinder = Callable[[list[str]], list[list[tuple[int, int]]]]


def token_spans(tokens: Sequence[str], found: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Character spans of the space-joined tokens → token spans (start, end exclusive) on token boundaries."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    offset = 0
    for index, token in enumerate(tokens):
        starts[offset] = index
        ends[offset + len(token)] = index + 1
        offset += len(token) + 1
    return {(starts[start], ends[end]) for start, end in found if start in starts and end in ends}


Spans = set[tuple[int, int, str]]  # token start, token end (exclusive), sentence key


def eval_skillspan(find: SpanFinder, paths: Sequence[Path], method: str, goal: bool = True) -> list[Figure]:
    """Exact span P/R/F1 of `find` (all sentences of a split at once) on each SkillSpan CoNLL split and,
    for more than one, on all of them together (the published figures are over both sources)."""
    figures: list[Figure] = []
    gold_total: Spans = set()
    predicted_total: Spans = set()
    for path in paths:
        gold, predicted, split_figures = _eval_split(find, path, method, goal)
        figures += split_figures
        gold_total |= {(start, end, f"{path.name}:{key}") for start, end, key in gold}
        predicted_total |= {(start, end, f"{path.name}:{key}") for start, end, key in predicted}
    if len(paths) > 1:
        from samskapa.enrichment.ranking import span_prf

        precision, recall, f1 = span_prf(gold_total, predicted_total)
        counts = f"{len(gold_total)} gold, {len(predicted_total)} predicted"
        note = f"{f1:.3f}; {counts}; P {precision:.3f} R {recall:.3f}"
        figures.append(figure(BENCH, f"skillspan all splits span F1 ({method})", f1, "", note=note))
    return figures


@dataclass
class SplitScore:
    """What `find` found in one SkillSpan split, against the gold spans (as sets of `Spans`)."""

    sentences: int
    gold: Spans
    gold_layers: dict[str, Spans]
    predicted: Spans
    seconds: float

    def prf(self) -> tuple[float, float, float]:
        from samskapa.enrichment.ranking import span_prf

        return span_prf(self.gold, self.predicted)


def score_split(find: SpanFinder, path: Path) -> SplitScore:
    """Run `find` over all sentences of a SkillSpan CoNLL split at once and collect gold and found spans."""
    from samskapa.enrichment.ranking import bio_spans
    from samskapa.enrichment.tagger import conll_sentences

    split = conll_sentences([path])
    started = time.perf_counter()
    found = find([" ".join(tokens) for tokens, _, _ in split])
    score = SplitScore(len(split), set(), {"Skill": set(), "Knowledge": set()}, set(), 0.0)
    score.seconds = time.perf_counter() - started
    for number, ((tokens, skill_tags, knowledge_tags), spans) in enumerate(zip(split, found, strict=True)):
        key = str(number)
        for layer, tags in (("Skill", skill_tags), ("Knowledge", knowledge_tags)):
            for start, end, _ in bio_spans(tags, layer):
                score.gold_layers[layer].add((start, end, key))
                score.gold.add((start, end, key))
        for start, end in token_spans(tokens, spans):
            score.predicted.add((start, end, key))
    return score


def _eval_split(find: SpanFinder, path: Path, method: str, goal: bool) -> tuple[Spans, Spans, list[Figure]]:
    score = score_split(find, path)
    name = path.stem.replace("skillspan_", "skillspan ")
    precision, recall, f1 = score.prf()
    spans = f"{len(score.gold)} gold spans, {len(score.predicted)} predicted"
    note = f"{f1:.3f}; {score.sentences} sentences, {spans}"
    figures = [
        figure(BENCH, f"{name} span precision ({method})", precision, "", note="exact, type-agnostic"),
        figure(BENCH, f"{name} span recall ({method})", recall, ""),
        figure(
            BENCH, f"{name} span F1 ({method})", f1, "", at_least=SPAN_F1_GOAL if goal else None, note=note
        ),
    ]
    for layer, gold in score.gold_layers.items():
        layer_recall = len(gold & score.predicted) / len(gold) if gold else 0.0
        figures.append(
            figure(BENCH, f"{name} {layer} recall ({method})", layer_recall, "", note=f"{len(gold)} spans")
        )
    figures.append(
        figure(
            BENCH,
            f"{name} speed ({method})",
            score.sentences / score.seconds,
            "sentences/s",
            note="all at once",
        )
    )
    return score.gold, score.predicted, figures


# --- Parallel syllabi: Swedish vs English agreement ---------------------------------------------------------


def read_parallel_syllabi(path: Path) -> list[tuple[str, str, str]]:
    """(course code, Swedish outcomes, English outcomes) of the courses with outcomes in both languages."""
    with path.open(encoding="utf-8", newline="") as rows:
        return [
            (row["Kurskod"], row["UtbildningMal"].strip(), row["UtbildningMalEngelsk"].strip())
            for row in csv.DictReader(rows)
            if row.get("UtbildningMal", "").strip() and row.get("UtbildningMalEngelsk", "").strip()
        ]


def sentences_of(text: str) -> list[str]:
    """The outcome bullets / sentences of a syllabus text (bullets are flattened with "  - ")."""
    return [part.strip() for part in _SENTENCE_END.split(text) if len(part.strip()) > 2]


def eval_syllabi(
    path: Path, finders: dict[str, Callable[[str, str], set[str]]], limit: int | None = None
) -> list[Figure]:
    from samskapa.enrichment.ranking import jaccard

    courses = read_parallel_syllabi(path)[:limit]
    figures = []
    for method, find in finders.items():
        scores: list[float] = []
        both_empty = 0
        found_sv = found_en = 0
        for _, swedish, english in courses:
            sv, en = find(swedish, "sv"), find(english, "en")
            found_sv += len(sv)
            found_en += len(en)
            if not sv and not en:
                both_empty += 1
            scores.append(jaccard(sv, en))
        note = (
            f"{len(courses)} courses; mean skills sv {found_sv / max(1, len(courses)):.1f}, "
            f"en {found_en / max(1, len(courses)):.1f}; {both_empty} with none in either"
        )
        value = statistics.fmean(scores) if scores else 0.0
        figures.append(figure(BENCH, f"syllabi sv/en Jaccard ({method})", value, "", note=note))
    return figures


# --- wiring ------------------------------------------------------------------------------------------------


def _session(url: str) -> Session:
    from samskapa.core.db import create_db_engine, create_session_factory

    return create_session_factory(create_db_engine(url))()


def _dictionary_finders(session: Session) -> tuple[SpanFinder, Callable[[str, str], set[str]]]:
    """The dictionary tier's span finder (English) and id finder."""
    from samskapa.enrichment.dictionary import build_dictionary

    dictionary = build_dictionary(session)

    def spans(texts: list[str]) -> list[list[tuple[int, int]]]:
        return [
            [(m.start, m.end) for m in dictionary.match(text, "en") if m.concept.type in SPAN_TYPES]
            for text in texts
        ]

    def ids(text: str, lang: str) -> set[str]:
        return {m.concept.id for m in dictionary.match(text, lang) if m.concept.type in SPAN_TYPES}

    return spans, ids


def _semantic_tier(session: Session, args: argparse.Namespace, figures: list[Figure]) -> SemanticTier | None:
    """The semantic tier over the embeddings in --embeddings (built there first when missing), or None."""
    from samskapa.enrichment.ranking import load_skill_documents
    from samskapa.enrichment.semantic import (
        ONNX_FILE,
        VECTORS_FILE,
        SemanticUnavailable,
        build_tier_files,
        embeddings_path,
        open_tier,
    )
    from samskapa.taxonomy import service as taxonomy

    version = taxonomy.current_version(session)
    if version is None:
        return None
    root = args.embeddings or loaded_data_dir() / "embeddings"
    target = embeddings_path(root, version)
    try:
        if not (target / VECTORS_FILE).is_file() or not (target / ONNX_FILE).is_file():
            print(
                f"  (exporting the model to ONNX and building the skill embeddings into {root} …)", flush=True
            )
            started = time.perf_counter()
            built = build_tier_files(load_skill_documents(session), root, version, threads=1)
            note = f"{len(built.row_ids):,} preferred labels, one thread, ONNX export included"
            figures.append(
                figure(BENCH, "skill embeddings build", time.perf_counter() - started, "s", note=note)
            )
        return open_tier(root, version, threads=1)
    except SemanticUnavailable as error:
        print(f"  (semantic tier off: {error})")
        return None


def _open_tagger(args: argparse.Namespace) -> SpanTagger | None:
    """The span tagger trained into --tagger (default: the platform's, where `make tagger` trains it), or
    None."""
    from samskapa.config import Settings
    from samskapa.enrichment.tagger import TaggerUnavailable, open_tagger

    directory = args.tagger or Settings().resolved_tagger_dir()
    try:
        return open_tagger(directory, threads=args.tagger_threads)
    except TaggerUnavailable as error:
        print(f"  (span tagger off: {error})")
        return None


Readings: TypeAlias = dict[tuple[str, ...], "Reading"]


def _tagger_finder(tagger: SpanTagger, readings: Readings, decoding: Decoding | None = None) -> SpanFinder:
    """The tagger's spans of both layers, decoded with `decoding` (default: the settings calibrated into it).
    The model runs once over the same texts: its reading is kept in `readings`, and only decoding is
    repeated."""

    def spans(texts: list[str]) -> list[list[tuple[int, int]]]:
        key = tuple(texts)
        if key not in readings:
            readings[key] = tagger.read(texts)
        return [[(span.start, span.end) for span in found] for found in tagger.spans(readings[key], decoding)]

    return spans


def eval_tagger_decoding(tagger: SpanTagger, paths: Sequence[Path], readings: Readings) -> list[Figure]:
    """How much the tagger's dev-fitted decoding settings (O bias, confidence floor) are worth, and whether
    they hold beyond the sentences they were fitted on: each split's F1 without them and, given more than one
    split, with them fitted (`tagger.fit_decoding`) on the other splits only."""
    from samskapa.enrichment.tagger import Decoding, conll_sentences, fit_decoding

    figures: list[Figure] = []
    for path in paths:
        name = path.stem.replace("skillspan_", "skillspan ")
        plain = score_split(_tagger_finder(tagger, readings, Decoding()), path).prf()[2]
        figures.append(
            figure(BENCH, f"{name} span F1 (tagger, no decoding settings)", plain, "", note=f"{plain:.3f}")
        )
        others = [other for other in paths if other != path]
        if others:
            fitted = fit_decoding(tagger, conll_sentences(others))
            held_out = score_split(_tagger_finder(tagger, readings, fitted.decoding), path).prf()[2]
            figures.append(
                figure(
                    BENCH,
                    f"{name} span F1 (tagger, settings of the other splits)",
                    held_out,
                    "",
                    note=f"{held_out:.3f}; {fitted.decoding} fitted on "
                    + ", ".join(other.stem for other in others),
                )
            )
    return figures


def eval_tagger_members(tagger: SpanTagger, args: argparse.Namespace) -> list[Figure]:
    """Each split's F1 of each member of the tagger alone, decoded with the tagger's settings: what averaging
    the members is worth."""
    from samskapa.enrichment.tagger import open_tagger

    figures: list[Figure] = []
    for seed in tagger.seeds:
        alone = open_tagger(tagger.directory, threads=args.tagger_threads, seeds=[seed])
        for path in args.skillspan:
            name = path.stem.replace("skillspan_", "skillspan ")
            f1 = score_split(_tagger_finder(alone, {}, tagger.decoding), path).prf()[2]
            figures.append(
                figure(BENCH, f"{name} span F1 (tagger member, seed {seed})", f1, "", note=f"{f1:.3f}")
            )
    return figures


def _ranker_ids(ranker: SkillRanker | HybridRanker, k: int) -> Callable[[str, str], set[str]]:
    def ids(text: str, lang: str) -> set[str]:
        return {item.id for sentence in sentences_of(text) for item in ranker.rank(sentence, lang, k)}

    return ids


def run(args: argparse.Namespace) -> list[Figure]:
    from samskapa.enrichment.ranking import SkillRanker
    from samskapa.models import import_all_models

    import_all_models()
    url = args.database_url or sqlite_url(loaded_data_dir())
    session = _session(url)
    figures: list[Figure] = []
    try:
        heading("Enrichment: skill ranking (Decorte et al. format)")
        started = time.perf_counter()
        ranker = SkillRanker.from_session(session)
        build = time.perf_counter() - started
        figures.append(figure(BENCH, "ranker build", build, "s", note=f"{len(ranker):,} ESCO skills"))
        figures.append(figure(BENCH, "peak RSS (ranker loaded)", peak_rss_mb(os.getpid()), "MB"))
        tier = _semantic_tier(session, args, figures) if args.semantic else None
        # The goals belong to the ranker the platform serves: the hybrid one where the tier runs.
        for path in args.decorte:
            figures += eval_decorte(ranker, path, goal=tier is None)
        if tier is not None:
            heading(f"Enrichment: hybrid ranking with the semantic tier ({tier.model})")
            hybrid = tier.hybrid(ranker)
            for path in args.decorte:
                figures += eval_decorte(hybrid, path, " (hybrid)")
            figures.append(figure(BENCH, "peak RSS (hybrid ranker loaded)", peak_rss_mb(os.getpid()), "MB"))

        dictionary = _dictionary_finders(session) if (args.skillspan or args.parallel_syllabi) else None
        if args.skillspan and dictionary is not None:
            heading("Enrichment: SkillSpan exact spans")
            tagger = _open_tagger(args) if args.use_tagger else None
            # The goal belongs to the best span finder the platform has: the tagger where it was trained.
            figures += eval_skillspan(dictionary[0], args.skillspan, "dictionary tier", goal=tagger is None)
            if tagger is not None:
                heading(f"Enrichment: SkillSpan exact spans, span tagger ({tagger.model})")
                calibration = tagger.meta.get("calibration", {})
                print(
                    f"  {tagger.decoding} (tagger.json; `samskapa enrich --calibrate-tagger`): "
                    f"span F1 on the dev splits it was fitted on {calibration.get('span_f1', '-')}, "
                    f"the best O bias alone {calibration.get('span_f1_bias_only', '-')}, "
                    f"neither {calibration.get('span_f1_plain', '-')}"
                )
                readings: Readings = {}
                figures += eval_skillspan(_tagger_finder(tagger, readings), args.skillspan, "span tagger")
                heading("Enrichment: the span tagger's decoding settings, without them and fitted elsewhere")
                figures += eval_tagger_decoding(tagger, args.skillspan, readings)
                if len(tagger.seeds) > 1:
                    heading("Enrichment: the span tagger's members alone (the tagger averages them)")
                    figures += eval_tagger_members(tagger, args)
        if args.parallel_syllabi:
            heading("Enrichment: Swedish/English agreement on parallel learning outcomes")
            finders: dict[str, Callable[[str, str], set[str]]] = {}
            if dictionary is not None:
                finders["dictionary tier"] = dictionary[1]
            finders[f"ranker top-{args.k}"] = _ranker_ids(ranker, args.k)
            if tier is not None:  # the model is English: Swedish sentences are ranked lexically
                finders[f"hybrid ranker top-{args.k}"] = _ranker_ids(tier.hybrid(ranker), args.k)
            figures += eval_syllabi(args.parallel_syllabi, finders, args.limit)
    finally:
        session.close()
    return figures


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.enrichment_eval", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--decorte", type=Path, action="append", default=[], metavar="FILE")
    parser.add_argument("--skillspan", type=Path, action="append", default=[], metavar="FILE")
    parser.add_argument(
        "--parallel-syllabi", type=Path, nargs="?", const=SYLLABI, default=None, metavar="FILE"
    )
    parser.add_argument("--k", type=int, default=10, help="ranker top-k per sentence for the syllabi (10)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N parallel courses")
    parser.add_argument(
        "--database-url", default=None, help="a database with the taxonomy (default: loaded here)"
    )
    parser.add_argument(
        "--no-semantic", dest="semantic", action="store_false", help="score the lexical ranker only"
    )
    parser.add_argument(
        "--embeddings",
        type=Path,
        default=None,
        metavar="DIR",
        help="the semantic tier's embeddings root (default: embeddings/ in the data dir, built when missing)",
    )
    parser.add_argument(
        "--no-tagger", dest="use_tagger", action="store_false", help="score the dictionary's spans only"
    )
    parser.add_argument(
        "--tagger",
        type=Path,
        default=None,
        metavar="DIR",
        help="the span tagger (default: the platform's tagger directory, where `make tagger` trains it)",
    )
    parser.add_argument("--tagger-threads", type=int, default=2, help="the tagger's ONNX Runtime threads (2)")
    args = parser.parse_args(list(argv))
    if not (args.decorte or args.skillspan or args.parallel_syllabi):
        args.decorte, args.skillspan, args.parallel_syllabi = DEFAULT_DECORTE, DEFAULT_SKILLSPAN, SYLLABI
    return args


def main(argv: Sequence[str] | None = None) -> None:
    figures = run(parse(sys.argv[1:] if argv is None else argv))
    if os.environ.get("SAMSKAPA_BENCH_RESULTS"):
        return
    print("\nSummary:")
    for item in figures:
        print(item.line())


if __name__ == "__main__":
    main()
