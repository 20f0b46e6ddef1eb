"""The languages of page text."""

from __future__ import annotations

from typing import Literal

Language = Literal["sv", "en"]
