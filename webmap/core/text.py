"""Vietnamese text helpers: accent folding for diacritic-insensitive search."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Fold Vietnamese text for search: no diacritics, đ→d, lower case, words split by spaces.

    >>> fold("Điện gió Đông Hải 1")
    'dien gio dong hai 1'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def search_terms(query: str, max_terms: int = 8) -> list[str]:
    """Split a user query into folded terms (at most ``max_terms``)."""
    return [t for t in fold(query).split(" ") if t][:max_terms]
