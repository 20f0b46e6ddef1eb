"""Samskapa: shared data infrastructure for lifelong learning and competence supply."""

__version__ = "0.1.0"
