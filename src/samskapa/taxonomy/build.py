"""Build the whole concept graph from a source directory (ESCO, JobTech, SCB)."""

from __future__ import annotations

from pathlib import Path

from samskapa.taxonomy.graph import Graph
from samskapa.taxonomy.source_esco import load_esco
from samskapa.taxonomy.source_jobtech import load_jobtech, load_municipalities


def build_graph(directory: Path) -> Graph:
    """Read every source file under `directory`; raises SourceError naming file and line on bad input."""
    graph = Graph()
    load_esco(graph, directory / "esco")
    load_jobtech(graph, directory / "jobtech")
    load_municipalities(graph, directory / "scb")
    return graph
