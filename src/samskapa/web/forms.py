"""What HTML forms share: one field's problem, shown in the error summary and next to the field."""

from __future__ import annotations

from dataclasses import dataclass

from samskapa.web.i18n import Language


@dataclass(frozen=True)
class Problem:
    """One field's error: the element it links to, the field's label, the message and its language."""

    anchor: str
    label: str
    message: str
    lang: Language
