"""Concept labels for pages; a fallback label in the other language is marked (WCAG 2.2, 3.1.2)."""

from __future__ import annotations

from markupsafe import Markup

from samskapa.taxonomy.lookup import ConceptLookup
from samskapa.web.i18n import Language


def concept_label(lookup: ConceptLookup, key: str, lang: Language) -> str:
    """A concept's label in `lang`; a label in the other language (the fallback) is wrapped in a span with
    its `lang`, as markup that the templates do not escape again."""
    found = lookup.get(key)
    if found is None:
        return key
    own = found.label_sv if lang == "sv" else found.label_en
    if own:
        return own
    for code, text in (("en", found.label_en), ("sv", found.label_sv)):
        if text:
            return Markup('<span lang="{}">{}</span>').format(code, text)
    return key
