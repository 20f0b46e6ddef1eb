"""Enrichment: skills, occupations and languages found in Swedish and English text (issue 5)."""
