"""Vietnamese text: the one accent fold used for search, keys and matching names."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    """Vietnamese text without diacritics, case kept (``Đông Hải`` → ``Dong Hai``)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Fold Vietnamese text for search: no diacritics, đ→d, lower case, words split by spaces.

    >>> fold("Điện gió Đông Hải 1")
    'dien gio dong hai 1'
    """
    return _NON_WORD.sub(" ", strip_accents(text).lower()).strip()


def normalise(text: str) -> str:
    """NFC, lower case, single spaces, diacritics kept: for matching names exactly."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def search_terms(query: str, max_terms: int = 8) -> list[str]:
    """Split a user query into folded terms (at most ``max_terms``)."""
    return [t for t in fold(query).split(" ") if t][:max_terms]


def clean_filename(filename: str) -> str:
    """A file name as a browser sent it, fit to show: no folders, no control characters,
    NFC, no leading dots, at most 120 characters (the end, which holds the extension)."""
    name = str(filename).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable()).strip()
    return name.lstrip(".")[-120:]
