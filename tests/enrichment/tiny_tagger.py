"""A span tagger small enough to train in a test: a 2-layer, 32-wide BERT with all-MiniLM-L6-v2's word
pieces, and synthetic job-ad sentences whose tools are knowledge spans and whose 'You will …' phrases are
skill spans (shared by the enrichment and the browser tests)."""

from __future__ import annotations

import importlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock

from samskapa.enrichment import tagger as tagging
from samskapa.enrichment.tagger import Sentence, TrainingPlan, train_tagger

TOOLS = ["Python", "SQL", "Kubernetes", "Java", "Docker", "Excel"]
SKILLS = [["design", "scalable", "systems"], ["lead", "small", "teams"], ["write", "clear", "reports"]]
FILLER = [["We", "offer", "a", "nice", "office", "."], ["The", "role", "is", "based", "in", "Lund", "."]]
PLAN = TrainingPlan(epochs=40, learning_rate=3e-3, batch_size=8, seeds=(13,), threads=1)


def synthetic_sentences() -> list[Sentence]:
    """Job-ad sentences whose tools are knowledge spans and whose 'You will …' phrases are skill spans."""
    found: list[Sentence] = []
    for number, tool in enumerate(TOOLS):
        other = TOOLS[(number + 1) % len(TOOLS)]
        found.append(
            Sentence(
                ("You", "have", "experience", "with", tool, "and", other, "."),
                ("O",) * 8,
                ("O", "O", "O", "O", "B", "O", "B", "O"),
            )
        )
        for skill in SKILLS:
            found.append(
                Sentence(
                    ("You", "will", *skill, "using", tool, "."),
                    ("O", "O", "B", "I", "I", "O", "O", "O"),
                    ("O", "O", "O", "O", "O", "O", "B", "O"),
                )
            )
    for filler in FILLER:
        found.append(Sentence(tuple(filler), ("O",) * len(filler), ("O",) * len(filler)))
    return found


def make_tiny_encoder(folder: Path) -> Path:
    """A randomly initialised (seeded) tiny BERT saved as a model folder (config.json, weights, tokenizer)."""
    torch: Any = importlib.import_module("torch")
    transformers: Any = importlib.import_module("transformers")
    source = tagging.default_encoder()
    config = transformers.BertConfig.from_pretrained(str(source))
    config.update(
        {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 64}
    )
    torch.manual_seed(0)
    folder.mkdir(parents=True, exist_ok=True)
    transformers.BertModel(config).save_pretrained(str(folder))
    shutil.copyfile(source / tagging.TOKENIZER_FILE, folder / tagging.TOKENIZER_FILE)
    return folder


def train_tiny_tagger(encoder: Path, target: Path) -> dict[str, Any]:
    """The tiny encoder trained on the synthetic sentences and exported into `target`."""
    return train_tagger(target, encoder=encoder, data=synthetic_sentences(), plan=PLAN)


@dataclass(frozen=True)
class TinyTagger:
    encoder: Path  # the tiny encoder's folder (named tiny-encoder0, as the tagger's metadata records)
    trained: Path  # the tagger trained on it (PLAN), not calibrated; tests copy it before changing anything


def shared_tiny_tagger(directory: Path) -> TinyTagger:
    """The tiny encoder and the tagger trained on it, in `directory`: made by the first caller while it holds
    a lock there, then read by every later one (pytest-xdist's workers share the run's directory), so that a
    run trains it once. Training is deterministic (seeded), so every caller would make the same files."""
    found = TinyTagger(encoder=directory / "tiny-encoder0", trained=directory / "tiny-tagger")
    with FileLock(str(directory / "tiny-tagger.lock")):
        if not tagging.is_trained(found.trained):
            make_tiny_encoder(found.encoder)
            train_tiny_tagger(found.encoder, found.trained)
    return found


def write_conll(sentences: list[Sentence], path: Path) -> Path:
    """The sentences as SkillSpan CoNLL (`token<TAB>skill_tag<TAB>knowledge_tag`, B-Skill, I-Knowledge …)."""

    def full(tag: str, layer: str) -> str:
        return tag if tag == "O" else f"{tag}-{layer}"

    blocks = [
        "".join(
            f"{word}\t{full(skill, 'Skill')}\t{full(knowledge, 'Knowledge')}\n"
            for word, skill, knowledge in zip(sentence.words, sentence.skill, sentence.knowledge, strict=True)
        )
        for sentence in sentences
    ]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path
