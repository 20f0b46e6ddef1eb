"""Enrichment: quality on the validation/dev splits (the evaluation harness) and speed on generated ads.

Quality: `benchmarks/enrichment_eval.py` with its defaults (TECH and HOUSE validation, SkillSpan tech and
house dev, the parallel Mittuniversitetet outcomes). Speed, on 2,000 generated ads (sv and en):
- the dictionary tier alone (tokenise, match, map back to offsets), MB/s on one core: a first pass with empty
  caches, and a worker's steady state (caches filled by 1,000 other ads, 1,000 new ones timed);
- the full pipeline (`enrichment.service.enrich`: detection, dictionary, negation and section filters), ads/s
  on one core and on two worker processes;
- start: reading the dictionary snapshot and both automata (kept in the data directory's automata/ by the
  first start, which built them) in a fresh process (and, as the baselines, that first start, and building
  the dictionary from the labels as without a snapshot), and that process's RSS.
- with the semantic tier (when the harness could open it; ONNX Runtime on one thread): the full pipeline on
  200 of the ads, one core, each text's unresolved sentences in one session run; the same through
  `enrich_many` on one core and on two worker processes; and start (dictionary snapshot, kept automata, ONNX
  model and embeddings, imports included, no torch) and RSS of a fresh process.
Baseline in the same run: the raw pyahocorasick scan of the same folded text (no tokens, no offsets), timed
batch by batch between the dictionary tier's steady-state batches.
The peer (esco-skill-extractor 0.1.18) was measured for the issue at 9.6 kB/s; it is not installed here.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks._common import DATA_DIR_ENV, Figure, figure, heading, loaded_data_dir, main_of, sqlite_url

if TYPE_CHECKING:
    from samskapa.enrichment.dictionary import Dictionary

BENCH = "enrichment"
ADS = 2000
SEMANTIC_ADS = 200
BATCH = 50
PEER_BYTES_PER_SECOND = 9_600
# The fresh process's own peak RSS: VmHWM starts again at exec, while ru_maxrss keeps the parent's peak from
# the fork (the harness process, with torch loaded for the ONNX export, was counted before).
_PRINT_SECONDS_AND_PEAK_RSS = (
    "status = open('/proc/self/status').read();"
    "print(time.perf_counter() - t, int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) / 1024)"
)


def _automata_dir() -> Path:
    """Where a server on the benchmarks' data directory keeps its automata."""
    from samskapa.config import Settings

    return Settings(data_dir=loaded_data_dir()).automata_dir()


def _fresh_dictionary(url: str) -> Dictionary:
    """The dictionary read afresh (its snapshot or its labels), both automata built, caches empty."""
    from samskapa.core import memory
    from samskapa.core.db import create_db_engine, create_session_factory
    from samskapa.enrichment import snapshot
    from samskapa.enrichment.dictionary import build_dictionary, current_version

    session = create_session_factory(create_db_engine(url))()
    dictionary = snapshot.load(session, current_version(session))
    if dictionary is None:
        dictionary = build_dictionary(session)
    session.close()
    for lang in ("sv", "en"):
        dictionary.matcher(lang)
    memory.settle()  # as a worker does after its warm-up
    return dictionary


def _ads(url: str, seed: int = 3) -> list[tuple[str, str]]:
    from samskapa.core.db import create_db_engine, create_session_factory, session_scope
    from samskapa.job_ads import synthetic

    engine = create_db_engine(url)
    with session_scope(create_session_factory(engine)) as session:
        model = synthetic.build_model(session)
    engine.dispose()
    return [
        (f"{ad['headline']}\n{ad['description']}", ad["lang"])
        for ad in synthetic.generate_ads(model, count=ADS, lang="both", seed=seed)
    ]


def _worker(args: tuple[str, list[tuple[str, str]]]) -> int:
    url, texts = args
    from samskapa.core import memory
    from samskapa.core.db import create_db_engine, create_session_factory
    from samskapa.enrichment import service

    session = create_session_factory(create_db_engine(url))()
    service.warm_up(session)
    memory.settle()
    began = time.perf_counter()
    for text, lang in texts:
        service.enrich(session, text, lang)
    return int((time.perf_counter() - began) * 1e6)


def _semantic_worker(args: tuple[str, str, list[tuple[str, str]]]) -> int:
    """Microseconds for `texts` through `enrich_many` with the semantic tier on one thread, in batches of
    one language (the tier opened and warmed first, as a server worker would be)."""
    url, root, texts = args
    from samskapa.core import memory
    from samskapa.core.db import create_db_engine, create_session_factory
    from samskapa.enrichment import semantic, service
    from samskapa.taxonomy import service as taxonomy

    session = create_session_factory(create_db_engine(url))()
    tier = semantic.open_tier(Path(root), taxonomy.current_version(session) or 0, threads=1)
    service.warm_up(session)
    tier.nearest(["warm up"])
    memory.settle()
    began = time.perf_counter()
    for lang in ("en", "sv"):
        same = [text for text, text_lang in texts if text_lang == lang]
        for start in range(0, len(same), BATCH):
            service.enrich_many(session, same[start : start + BATCH], lang, semantic=tier)
    return int((time.perf_counter() - began) * 1e6)


def _snapshot(url: str, *, present: bool) -> float:
    """Make the database have the dictionary snapshot or not (the seconds to build it when present)."""
    from sqlalchemy import delete

    from samskapa.core.db import create_db_engine, create_session_factory, session_scope
    from samskapa.core.migrate import upgrade_database
    from samskapa.enrichment import service
    from samskapa.enrichment.models import DictionarySnapshot

    engine = create_db_engine(url)
    upgrade_database(engine)  # a shared data directory may be older than the snapshot table
    began = time.perf_counter()
    with session_scope(create_session_factory(engine)) as session:
        if present:
            service.build_dictionary_snapshot(session, if_stale=True)
        else:
            session.execute(delete(DictionarySnapshot))
    engine.dispose()
    return time.perf_counter() - began


def _deployed_env() -> dict[str, str]:
    """The environment of a fresh process started as a deployed install starts: offline, and with Python's
    bytecode cache. Where PYTHONDONTWRITEBYTECODE is set (as on these machines), every process would
    compile the platform's modules again, about 0.2 s of each start; the first start writes the cache."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "HF_HUB_OFFLINE": "1"}


def _start(url: str, automata: Path | None = None) -> tuple[float, float]:
    """Seconds to read or build the dictionary and read or build both automata (from and into the directory
    `automata`, as a server does) in a fresh process, imports included, and its RSS (MB)."""
    directory = "None" if automata is None else f"Path({str(automata)!r})"
    code = (
        "import re, time; t=time.perf_counter();"
        "from pathlib import Path;"
        "from samskapa.core.db import create_db_engine, create_session_factory;"
        "from samskapa.enrichment import service;"
        f"s=create_session_factory(create_db_engine({url!r}))(); service.warm_up(s, {directory});"
        + _PRINT_SECONDS_AND_PEAK_RSS
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_deployed_env()
    ).stdout
    seconds, rss = out.split()
    return float(seconds), float(rss)


def _start_semantic(url: str, root: str, automata: str) -> tuple[float, float]:
    """Seconds to read the dictionary and both automata (kept in `automata`) and open the semantic tier (model
    and embeddings) in a fresh process, imports included, then encode one sentence; and its RSS (MB)."""
    code = (
        "import re, sys, time; t=time.perf_counter();"
        "from pathlib import Path;"
        "from samskapa.core.db import create_db_engine, create_session_factory;"
        "from samskapa.enrichment import service, semantic;"
        "from samskapa.taxonomy import service as taxonomy;"
        f"s=create_session_factory(create_db_engine({url!r}))(); service.warm_up(s, Path({automata!r}));"
        f"tier=semantic.open_tier(Path({root!r}), taxonomy.current_version(s), threads=1);"
        "tier.nearest(['warm up']); assert 'torch' not in sys.modules;" + _PRINT_SECONDS_AND_PEAK_RSS
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_deployed_env()
    ).stdout
    seconds, rss = out.split()
    return float(seconds), float(rss)


def _semantic_speed(url: str, texts: list[tuple[str, str]]) -> list[Figure]:
    """The full pipeline with the semantic tier, on one core (the embeddings built by the harness)."""
    from samskapa.core import memory
    from samskapa.core.db import create_db_engine, create_session_factory
    from samskapa.enrichment import semantic, service
    from samskapa.taxonomy import service as taxonomy

    root = Path(os.environ.get(DATA_DIR_ENV, "")) / "embeddings"
    session = create_session_factory(create_db_engine(url))()
    try:
        version = taxonomy.current_version(session)
        tier = semantic.open_tier(root, version or 0, threads=1)
    except semantic.SemanticUnavailable as error:
        print(f"  (semantic tier off: {error})")
        session.close()
        return []
    heading(f"Enrichment speed with the semantic tier ({tier.model})")
    sample = texts[:SEMANTIC_ADS]
    service.warm_up(session)
    memory.settle()
    began = time.perf_counter()
    found = 0
    for text, lang in sample:
        result = service.enrich(session, text, lang, semantic=tier)
        found += sum(1 for concept in result.concepts if concept.method == "semantic")
    seconds = time.perf_counter() - began
    english = sum(1 for _, lang in sample if lang == "en")
    began = time.perf_counter()
    for lang in ("en", "sv"):
        same = [text for text, text_lang in sample if text_lang == lang]
        for start in range(0, len(same), BATCH):
            service.enrich_many(session, same[start : start + BATCH], lang, semantic=tier)
    batched = time.perf_counter() - began
    figures = [
        figure(
            BENCH,
            "full pipeline with the semantic tier, one core",
            len(sample) / seconds,
            "ads/s",
            note=f"{len(sample)} ads ({english} English), {found} semantic concepts; one text a call",
        ),
        figure(
            BENCH,
            "the same through enrich_many, one core",
            len(sample) / batched,
            "ads/s",
            note=f"batches of {BATCH} texts of one language",
        ),
    ]
    session.close()
    half = len(sample) // 2
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        micros = pool.map(
            _semantic_worker, [(url, str(root), sample[:half]), (url, str(root), sample[half:])]
        )
    two = len(sample) / (max(micros) / 1e6)
    figures.append(
        figure(
            BENCH,
            "full pipeline with the semantic tier, two processes",
            two,
            "ads/s",
            at_least=100,
            note=f"enrich_many, one ONNX thread each; {two / (len(sample) / batched):.2f}x one core",
        )
    )
    seconds, rss = _start_semantic(url, str(root), str(_automata_dir()))
    figures.append(
        figure(
            BENCH,
            "start with the semantic tier, fresh process",
            seconds,
            "s",
            at_most=2,
            note="imports included",
        )
    )
    figures.append(figure(BENCH, "RSS with the semantic tier", rss, "MB", at_most=600))
    return figures


def _dictionary_speed(
    url: str, dictionary: Dictionary, texts: list[tuple[str, str]], size: int
) -> list[Figure]:
    """The dictionary tier on one core (first pass and steady state), and the raw scan as the baseline."""
    import ahocorasick  # type: ignore[import-not-found]

    figures: list[Figure] = []
    began = time.perf_counter()
    found = sum(len(dictionary.match(text, lang)) for text, lang in texts)
    seconds = time.perf_counter() - began
    figures.append(
        figure(
            BENCH,
            "dictionary tier, one core, first pass",
            size / 1e6 / seconds,
            "MB/s",
            note=f"{found:,} matches; the token and decision caches start empty",
        )
    )
    # A worker's steady state: caches filled by the first half of a fresh set of ads, the second half timed
    # (other texts than those that filled them). The raw scan of the same ads is timed batch by batch between
    # them, so that a slow spell of the machine falls on both alike and their ratio is the tier's own.
    fresh = _ads(url, seed=4)
    dictionary = _fresh_dictionary(url)
    for text, lang in fresh[: ADS // 2]:
        dictionary.match(text, lang)
    timed = fresh[ADS // 2 :]
    timed_size = sum(len(text.encode()) for text, _ in timed)
    automaton = ahocorasick.Automaton()
    for number, word in enumerate({w for text, _ in texts[:200] for w in text.lower().split()}):
        automaton.add_word(word, number)
    automaton.make_automaton()
    tier = raw = 0.0
    for start in range(0, len(timed), BATCH):
        batch = timed[start : start + BATCH]
        folded = [text.lower() for text, _ in batch]
        began = time.perf_counter()
        for text, lang in batch:
            dictionary.match(text, lang)
        middle = time.perf_counter()
        for text in folded:
            for _ in automaton.iter(text):
                pass
        tier += middle - began
        raw += time.perf_counter() - middle
    steady, raw_speed = timed_size / 1e6 / tier, timed_size / 1e6 / raw
    figures.append(
        figure(
            BENCH,
            "dictionary tier, one core, steady state",
            steady,
            "MB/s",
            at_least=5,
            note=f"{len(timed):,} new ads after {ADS // 2:,} others filled the caches",
        )
    )
    figures.append(
        figure(
            BENCH,
            "raw pyahocorasick scan (baseline)",
            raw_speed,
            "MB/s",
            note=f"the same ads, between its batches: the steady state is {steady / raw_speed:.2f}x this",
        )
    )
    return figures


def _speed(url: str) -> list[Figure]:
    from samskapa.core import memory
    from samskapa.core.db import create_db_engine, create_session_factory
    from samskapa.enrichment import service
    from samskapa.enrichment.snapshot import dictionary_for

    heading(f"Enrichment speed on {ADS:,} generated ads")
    texts = _ads(url)
    size = sum(len(text.encode()) for text, _ in texts)
    session = create_session_factory(create_db_engine(url))()
    service.warm_up(session)
    memory.settle()
    figures = _dictionary_speed(url, dictionary_for(session), texts, size)
    began = time.perf_counter()
    for text, lang in texts:
        service.enrich(session, text, lang)
    one = time.perf_counter() - began
    figures.append(figure(BENCH, "full pipeline, one core", ADS / one, "ads/s"))
    half = len(texts) // 2
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        micros = pool.map(_worker, [(url, texts[:half]), (url, texts[half:])])
    two = max(micros) / 1e6
    rate = ADS / two
    figures.append(figure(BENCH, "full pipeline, two processes", rate, "ads/s", at_least=100))
    peer_ads = PEER_BYTES_PER_SECOND / (size / ADS)
    figures.append(
        figure(BENCH, "vs the peer (9.6 kB/s, measured for the issue)", rate / peer_ads, "x", at_least=10)
    )
    _snapshot(url, present=False)
    cold, _ = _start(url)
    figures.append(
        figure(BENCH, "start without the snapshot (baseline): dictionary built from the labels", cold, "s")
    )
    build = _snapshot(url, present=True)
    figures.append(figure(BENCH, "dictionary snapshot written", build, "s", note="data-build time"))
    automata = _automata_dir()
    shutil.rmtree(automata, ignore_errors=True)
    first, _ = _start(url, automata)
    figures.append(
        figure(
            BENCH,
            "first start (baseline): dictionary snapshot, automata built and kept",
            first,
            "s",
            note=f"as with no directory for them; {cold / first:.1f}x faster than without the snapshot",
        )
    )
    start, rss = _start(url, automata)
    figures.append(
        figure(
            BENCH,
            "start: dictionary snapshot + kept automata, fresh process",
            start,
            "s",
            at_most=2,
            note=f"{first / start:.1f}x faster than the first start, {cold / start:.1f}x than no snapshot",
        )
    )
    figures.append(
        figure(BENCH, "RSS after start", rss, "MB", at_most=600, note="dictionary tier; no semantic tier")
    )
    session.close()
    return figures + _semantic_speed(url, texts)


def run() -> list[Figure]:
    from benchmarks import enrichment_eval

    url = sqlite_url(loaded_data_dir())
    figures = enrichment_eval.run(enrichment_eval.parse(["--database-url", url]))
    return figures + _speed(url)


if __name__ == "__main__":
    main_of(run)
