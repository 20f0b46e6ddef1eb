"""`samskapa enrich FILE`: JSON Lines in ({"text", "lang"?, "id"?}), JSON Lines out, with a progress bar;
`--spans` gives the span tagger's spans instead, and the data-build steps (`--build-dictionary`,
`--build-embeddings`, `--train-tagger`) are here too."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

import orjson
import typer
from pydantic import BaseModel
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from samskapa.cli.common import err_console, fail, settings, unit_of_work
from samskapa.config import Settings
from samskapa.core import memory
from samskapa.core.errors import DomainError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from samskapa.enrichment.ranking import SkillRanker
    from samskapa.enrichment.semantic import HybridRanker, SemanticTier
    from samskapa.enrichment.tagger import SpanTagger


def enrich(
    file: Path | None = typer.Argument(
        None, exists=True, dir_okay=False, help="JSON Lines: one object with 'text' a line."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the results here (default: stdout)."
    ),
    lang: str | None = typer.Option(
        None, help="sv or en for every text; else each line's 'lang' or detected."
    ),
    build_embeddings: bool = typer.Option(
        False,
        "--build-embeddings",
        help="Instead of enriching a file: build the semantic tier's skill embeddings of the current "
        "taxonomy version, and the ONNX model beside them (data-build time; needs the semantic extra).",
    ),
    alt_labels: bool = typer.Option(
        False,
        "--alt-labels",
        help="With --build-embeddings: embed the alternative labels too (7x slower; not better measured).",
    ),
    if_missing: bool = typer.Option(
        False,
        "--if-missing",
        help="With --build-embeddings, --build-dictionary or --train-tagger: do nothing when they are "
        "already built (for the current taxonomy version; with the same encoder).",
    ),
    build_dictionary: bool = typer.Option(
        False,
        "--build-dictionary",
        help="Instead of enriching a file: keep the dictionary of the current taxonomy version as a "
        "snapshot in the database, so that a process starts without building it (data-build time).",
    ),
    spans: bool = typer.Option(
        False,
        "--spans",
        help="Find the span tagger's skill and knowledge spans instead (English; train it first: "
        "--train-tagger).",
    ),
    train_tagger: bool = typer.Option(
        False,
        "--train-tagger",
        help="Instead of enriching a file: train the span tagger on SkillSpan's training split and export it "
        "to ONNX in the tagger directory (data-build time; needs the semantic extra).",
    ),
    encoder: str | None = typer.Option(
        None,
        "--encoder",
        help="With --train-tagger: a model folder, or 'mpnet' for all-mpnet-base-v2 from the packages "
        "`make tagger` installs (default: the semantic extra's all-MiniLM-L6-v2).",
    ),
    epochs: int = typer.Option(
        6, "--epochs", min=1, max=50, help="With --train-tagger: passes over the data."
    ),
    seed: list[int] | None = typer.Option(
        None,
        "--seed",
        help="With --train-tagger: train one member per seed (repeatable; default 13, 29 and 47); the tagger "
        "averages its members.",
    ),
    precision: str = typer.Option(
        "bf16",
        "--precision",
        help="With --train-tagger: bf16 runs the forward pass in bfloat16 (2.7 times faster on a CPU with "
        "AVX512-BF16 or AMX); fp32 for a CPU without them.",
    ),
    calibrate_tagger: bool = typer.Option(
        False,
        "--calibrate-tagger",
        help="Instead of enriching a file: fit the trained span tagger's decoding settings (O bias and "
        "confidence floor) on annotated sentences (--train-tagger does this too; data-build time).",
    ),
    calibrate_on: list[Path] | None = typer.Option(
        None,
        "--calibrate-on",
        exists=True,
        dir_okay=False,
        help="With --calibrate-tagger: a SkillSpan-style CoNLL file (repeatable; default: the shipped "
        "SkillSpan dev splits).",
    ),
) -> None:
    """Find skills, occupations and languages in each text; a bad line gets an error record, others go on.
    With the semantic tier on and built (`--build-embeddings`), English sentences the dictionary leaves
    without a concept get their nearest skill (method "semantic")."""
    if train_tagger:
        _train_tagger(
            encoder=encoder, epochs=epochs, precision=precision, seeds=seed or [], if_missing=if_missing
        )
        return
    if calibrate_tagger:
        _calibrate_tagger(settings().resolved_tagger_dir(), calibrate_on or None)
        return
    if build_dictionary or build_embeddings:
        _build(
            dictionary=build_dictionary,
            embeddings=build_embeddings,
            alt_labels=alt_labels,
            if_missing=if_missing,
        )
        return
    if file is None:
        err_console.print(
            "[bold red]Error:[/] give a JSON Lines FILE to enrich "
            "(or --build-dictionary, --build-embeddings, --train-tagger, --calibrate-tagger)."
        )
        raise typer.Exit(2)
    config = settings()
    process = _span_finder(config) if spans else _enricher(config)
    _enrich_file(config, file, output, lang, process)


Process = Callable[["Session", object, "str | None"], BaseModel]


def _enricher(config: Settings) -> Process:
    """`service.enrich` with the semantic tier where it runs."""
    from samskapa.enrichment import service

    semantic = _tier(config)

    def process(session: Session, text: object, lang: str | None) -> BaseModel:
        return service.enrich(
            session,
            text,  # type: ignore[arg-type]  # checked by the service, a clear error otherwise
            lang,
            max_chars=config.enrich_max_chars,
            semantic=semantic,
        )

    return process


def _span_finder(config: Settings) -> Process:
    """`service.find_spans` with the trained tagger, linking spans with the hybrid ranker where it runs."""
    from samskapa.enrichment import service
    from samskapa.taxonomy import service as taxonomy

    tagger = _tagger(config)
    ranker = _linker(config, _tier(config))

    def process(session: Session, text: object, lang: str | None) -> BaseModel:
        return service.find_spans(
            text,  # type: ignore[arg-type]  # checked by the service, a clear error otherwise
            lang,
            tagger=tagger,
            ranker=ranker,
            taxonomy_version=taxonomy.current_version(session),
            max_chars=config.enrich_max_chars,
        )

    return process


def _enrich_file(
    config: Settings, file: Path, output: Path | None, lang: str | None, process: Process
) -> None:
    """Each line of `file` through `process`, a result or an error record a line, with a progress bar."""
    from samskapa.enrichment import service

    out: IO[bytes] = output.open("wb") if output is not None else sys.stdout.buffer
    good = bad = 0
    try:
        with (
            unit_of_work(config) as session,
            file.open("rb") as source,
            Progress(
                TextColumn("Enriching"),
                BarColumn(),
                DownloadColumn(),
                TextColumn("{task.fields[rows]:,} texts"),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            ) as progress,
        ):
            service.warm_up(session, config.automata_dir())
            memory.settle()  # the dictionary and the tier are kept for the whole file
            task = progress.add_task("enrich", total=file.stat().st_size, rows=0)
            for number, raw in enumerate(source, start=1):
                if not raw.strip():
                    continue
                record: dict[str, object] = {"line": number}
                try:
                    item = orjson.loads(raw)
                    if not isinstance(item, dict):
                        raise DomainError("Each line must be a JSON object with 'text'.")
                    if "id" in item:
                        record["id"] = item["id"]
                    result = process(session, item.get("text"), lang or item.get("lang"))
                    record.update(result.model_dump(mode="json"))
                    good += 1
                except orjson.JSONDecodeError as exc:
                    record["error"] = {"code": "invalid_json", "message": str(exc)}
                    bad += 1
                except DomainError as error:
                    record["error"] = {"code": error.code, "message": error.message, "hint": error.hint}
                    bad += 1
                out.write(orjson.dumps(record) + b"\n")
                progress.update(task, completed=source.tell(), rows=good + bad)
    except DomainError as error:
        raise fail(error) from error
    finally:
        if output is not None:
            out.close()
    err_console.print(f"{good:,} texts enriched, {bad:,} bad lines (each has an error record).")


def _tier(config: Settings) -> SemanticTier | None:
    """The semantic tier when the settings ask for it and it can run; else None, saying why."""
    if not config.enrich_semantic:
        return None
    from samskapa.enrichment.semantic import SemanticUnavailable, open_tier
    from samskapa.taxonomy import service as taxonomy

    with unit_of_work(config) as session:
        version = taxonomy.current_version(session)
    if version is None:
        return None
    try:
        tier = open_tier(config.resolved_embeddings_dir(), version)
    except SemanticUnavailable as error:
        err_console.print(f"[dim]Semantic tier off:[/] {error}")
        return None
    err_console.print(f"Semantic tier on: {tier.model}, taxonomy version {version}.")
    return tier


def _tagger(config: Settings) -> SpanTagger:
    """The span tagger of the settings' directory; exit 1 with the reason when it cannot run."""
    from samskapa.enrichment.tagger import TaggerUnavailable, open_tagger

    with _exit_on(TaggerUnavailable):
        tagger = open_tagger(config.resolved_tagger_dir())
    err_console.print(f"Span tagger: {tagger.model}.")
    return tagger


def _linker(config: Settings, semantic: SemanticTier | None) -> SkillRanker | HybridRanker:
    """The ranker that links spans to ESCO skills: hybrid where the semantic tier runs."""
    from samskapa.enrichment.ranking import SkillRanker

    with unit_of_work(config) as session:
        lexical = SkillRanker.from_session(session)
    return semantic.hybrid(lexical) if semantic is not None else lexical


def _train_tagger(
    *, encoder: str | None, epochs: int, precision: str, seeds: list[int], if_missing: bool
) -> None:
    """Train the span tagger into the settings' tagger directory (`tagger.train_tagger`); with `if_missing`,
    only the members that are not there yet."""
    import time
    from dataclasses import replace

    from samskapa.enrichment.semantic import MODEL_NAME
    from samskapa.enrichment.tagger import (
        MPNET,
        TaggerUnavailable,
        TrainingPlan,
        assemble_mpnet,
        has_members,
        is_calibrated,
        train_tagger,
    )

    config = settings()
    target = config.resolved_tagger_dir()
    wanted = MPNET if encoder == "mpnet" else Path(encoder).name if encoder else MODEL_NAME
    if precision not in ("bf16", "fp32"):
        raise typer.BadParameter(f"bf16 or fp32, not {precision!r}", param_hint="'--precision'")
    plan = TrainingPlan(epochs=epochs, precision="bf16" if precision == "bf16" else "fp32")
    if seeds:
        plan = replace(plan, seeds=tuple(dict.fromkeys(seeds)))
    if if_missing and has_members(target, wanted, plan):
        err_console.print(f"The span tagger ({wanted}) is there: {target}")
        if not is_calibrated(target):
            _calibrate_tagger(target, None)
        return
    started = time.perf_counter()
    with _exit_on(TaggerUnavailable):
        folder = None
        if encoder == "mpnet":
            folder = assemble_mpnet(config.data_dir / "encoders")
        elif encoder is not None:
            folder = Path(encoder)
        with _counting("Training the span tagger", "batches") as advance:
            meta = train_tagger(target, encoder=folder, plan=plan, progress=advance, keep=if_missing)
    err_console.print(
        f"{meta['model']}: {meta['trained_on']}, {plan.epochs} epochs ({plan.precision}), "
        f"{len(meta['members'])} member(s), "
        f"in {time.perf_counter() - started:.0f} s (ONNX): {target}"
    )
    _calibrate_tagger(target, None)


def _calibrate_tagger(target: Path, paths: list[Path] | None) -> None:
    """Fit the decoding settings of the tagger in `target` (`tagger.calibrate`) and say what they gained."""
    from samskapa.enrichment.tagger import TaggerUnavailable, calibrate

    with _exit_on(TaggerUnavailable), err_console.status("Calibrating the span tagger"):
        result = calibrate(target, paths)
    err_console.print(
        f"{result.decoding}: exact span F1 {result.f1:.3f} "
        f"(the bias alone {result.f1_bias_only:.3f}, neither {result.f1_plain:.3f}) "
        f"on {result.sentences:,} sentences"
    )


@contextmanager
def _exit_on(*errors: type[Exception]) -> Iterator[None]:
    """Exit 1 with the message of any of `errors` (they say why and what to do)."""
    try:
        yield
    except errors as error:
        err_console.print(f"[bold red]Error:[/] {error}")
        raise typer.Exit(1) from error


@contextmanager
def _counting(title: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr and the `progress(done, total)` callback that moves it."""
    with Progress(
        TextColumn(title),
        BarColumn(),
        TextColumn(f"{{task.completed:,}} {unit}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task(unit, total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


def _build(*, dictionary: bool, embeddings: bool, alt_labels: bool, if_missing: bool) -> None:
    """The data-build steps asked for: the dictionary snapshot first, then the embeddings."""
    if dictionary:
        _build_dictionary(if_missing=if_missing)
    if embeddings:
        _build_embeddings(alt_labels=alt_labels, if_missing=if_missing)


def _build_dictionary(*, if_missing: bool) -> None:
    """Keep the dictionary of the current taxonomy version as the database's snapshot."""
    import time

    from samskapa.enrichment import service

    started = time.perf_counter()
    with unit_of_work(settings()) as session:
        built = service.build_dictionary_snapshot(session, if_stale=if_missing)
    if built is None:
        err_console.print("[bold red]Error:[/] the taxonomy is not loaded: run `samskapa taxonomy load`.")
        raise typer.Exit(1)
    version = built.taxonomy_version
    if not built.built:
        err_console.print(f"The dictionary snapshot of taxonomy version {version} is there and fresh.")
        return
    err_console.print(
        f"Dictionary snapshot of taxonomy version {version}: {built.surface_forms:,} surface forms, "
        f"{built.size / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s."
    )


def _build_embeddings(*, alt_labels: bool, if_missing: bool) -> None:
    """Embed the labels of every active ESCO skill of the current taxonomy version and save them."""
    import time

    from samskapa.enrichment.ranking import load_skill_documents
    from samskapa.enrichment.semantic import (
        ONNX_FILE,
        VECTORS_FILE,
        SemanticUnavailable,
        build_tier_files,
        embeddings_path,
    )
    from samskapa.taxonomy import service as taxonomy

    config = settings()
    with unit_of_work(config) as session:
        version = taxonomy.current_version(session)
        documents = load_skill_documents(session) if version is not None else []
    if version is None:
        err_console.print("[bold red]Error:[/] the taxonomy is not loaded: run `samskapa taxonomy load`.")
        raise typer.Exit(1)
    target = embeddings_path(config.resolved_embeddings_dir(), version)
    if if_missing and (target / VECTORS_FILE).is_file() and (target / ONNX_FILE).is_file():
        err_console.print(f"The skill embeddings of taxonomy version {version} are there: {target}")
        return
    started = time.perf_counter()
    with (
        _exit_on(SemanticUnavailable),
        _counting("Exporting the model to ONNX, then embedding skill labels", "labels") as advance,
    ):
        embeddings = build_tier_files(
            documents, config.resolved_embeddings_dir(), version, alt_labels=alt_labels, progress=advance
        )
    err_console.print(
        f"{len(embeddings.row_ids):,} labels of {len(documents):,} skills embedded with {embeddings.model} "
        f"in {time.perf_counter() - started:.0f} s (ONNX Runtime): {target}"
    )
