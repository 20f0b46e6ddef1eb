"""Enrichment: quality on the validation/dev splits (the evaluation harness) and speed on generated ads.

Quality: `benchmarks/enrichment_eval.py` with its defaults (TECH and HOUSE validation, SkillSpan tech and
house dev, the parallel Mittuniversitetet outcomes). Speed, on 2,000 generated ads (sv and en):
- the dictionary tier alone (tokenise, match, map back to offsets), MB/s on one core;
- the full pipeline (`enrichment.service.enrich`: detection, dictionary, negation and section filters), ads/s
  on one core and on two worker processes;
- start: building the dictionary and both automata in a fresh process, and that process's RSS.
Baseline in the same run: the raw pyahocorasick scan of the same folded text (no tokens, no offsets).
The peer (esco-skill-extractor 0.1.18) was measured for the issue at 9.6 kB/s; it is not installed here.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time

from benchmarks._common import Figure, figure, heading, loaded_data_dir, main_of, sqlite_url

BENCH = "enrichment"
ADS = 2000
PEER_BYTES_PER_SECOND = 9_600


def _ads(url: str) -> list[tuple[str, str]]:
    from samskapa.core.db import create_db_engine, create_session_factory, session_scope
    from samskapa.job_ads import synthetic

    engine = create_db_engine(url)
    with session_scope(create_session_factory(engine)) as session:
        model = synthetic.build_model(session)
    engine.dispose()
    return [
        (f"{ad['headline']}\n{ad['description']}", ad["lang"])
        for ad in synthetic.generate_ads(model, count=ADS, lang="both", seed=3)
    ]


def _worker(args: tuple[str, list[tuple[str, str]]]) -> int:
    url, texts = args
    from samskapa.core.db import create_db_engine, create_session_factory
    from samskapa.enrichment import service

    session = create_session_factory(create_db_engine(url))()
    service.warm_up(session)
    began = time.perf_counter()
    for text, lang in texts:
        service.enrich(session, text, lang)
    return int((time.perf_counter() - began) * 1e6)


def _start(url: str) -> tuple[float, float]:
    """Seconds to build the dictionary and both automata in a fresh process, and its RSS (MB)."""
    code = (
        "import time, resource; t=time.perf_counter();"
        "from samskapa.core.db import create_db_engine, create_session_factory;"
        "from samskapa.enrichment import service;"
        f"s=create_session_factory(create_db_engine({url!r}))(); service.warm_up(s);"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    seconds, rss = out.split()
    return float(seconds), float(rss)


def _speed(url: str) -> list[Figure]:
    import ahocorasick  # type: ignore[import-not-found]

    from samskapa.core.db import create_db_engine, create_session_factory
    from samskapa.enrichment import service
    from samskapa.enrichment.dictionary import dictionary_for

    heading(f"Enrichment speed on {ADS:,} generated ads")
    texts = _ads(url)
    size = sum(len(text.encode()) for text, _ in texts)
    session = create_session_factory(create_db_engine(url))()
    service.warm_up(session)
    dictionary = dictionary_for(session)
    figures: list[Figure] = []
    began = time.perf_counter()
    found = sum(len(dictionary.match(text, lang)) for text, lang in texts)
    seconds = time.perf_counter() - began
    figures.append(
        figure(
            BENCH,
            "dictionary tier, one core",
            size / 1e6 / seconds,
            "MB/s",
            at_least=5,
            note=f"{found:,} matches",
        )
    )
    automaton = ahocorasick.Automaton()
    for number, word in enumerate({w for text, _ in texts[:200] for w in text.lower().split()}):
        automaton.add_word(word, number)
    automaton.make_automaton()
    folded = [text.lower() for text, _ in texts]
    began = time.perf_counter()
    for text in folded:
        for _ in automaton.iter(text):
            pass
    raw = time.perf_counter() - began
    figures.append(figure(BENCH, "raw pyahocorasick scan (baseline)", size / 1e6 / raw, "MB/s"))
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
    start, rss = _start(url)
    figures.append(figure(BENCH, "start: dictionary + automata, fresh process", start, "s", at_most=2))
    figures.append(
        figure(BENCH, "RSS after start", rss, "MB", at_most=600, note="dictionary tier; no semantic tier")
    )
    session.close()
    return figures


def run() -> list[Figure]:
    from benchmarks import enrichment_eval

    url = sqlite_url(loaded_data_dir())
    figures = enrichment_eval.run(enrichment_eval.parse(["--database-url", url]))
    return figures + _speed(url)


if __name__ == "__main__":
    main_of(run)
