"""Legacy Vietnamese text encodings: detect them and convert to NFC Unicode.

A Shapefile's DBF has no declared encoding unless a ``.cpg`` file comes with it, and many
Vietnamese GIS files still carry text in the pre-Unicode encodings of the 1990s:

* **TCVN3 (ABC)** — the 8-bit "VN3" set of the national standard **TCVN 5712:1993**, used
  with the ``.VnTime`` fonts: one byte per letter, lower-case letters with their tone in
  0xA1–0xFE (``Nhµ m¸y n­íc`` is "Nhà máy nước" read as Latin-1). The set has no upper-case
  letters with a tone mark (those were drawn with the separate ``.VnTimeH`` fonts, which put
  capitals at the lower-case positions), so such text decodes to lower case.
* **VNI-Windows** — the encoding of the VNI fonts (VNI-Times): a base letter followed by a
  byte for its marks (``Nhaø maùy nöôùc``), plus single bytes for ơ, ư, đ, the tones of i
  and ỵ.
* **Windows-1258 (CP1258)** — Microsoft's Vietnamese code page: precomposed ă â ê ô ơ ư đ
  and combining tone marks (Python's ``cp1258`` codec, then NFC).

The tables below are data, one entry per byte (TCVN3, VNI single bytes) or byte pair (VNI);
:func:`encode` is their inverse, used by the tests to write files as an officer's old
software did.

Detection (:func:`convert_texts`) decodes every value under each candidate and counts the
values that come out as plausible Vietnamese: every character ASCII or a Vietnamese letter,
and every word with diacritics a well-formed syllable (one onset, a known vowel cluster, one
coda, at most one tone). The candidate with the most plausible values wins; UTF-8 is tried
first and wins ties. A value no candidate makes plausible is *suspicious*: it is never stored
garbled (the caller leaves the field empty and says so).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

#: Encodings an officer can choose (``auto`` detects); labels for messages.
ENCODINGS: tuple[str, ...] = ("utf-8", "tcvn3", "vni", "cp1258")
ENCODING_LABELS: dict[str, str] = {
    "utf-8": "UTF-8",
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI-Windows",
    "cp1258": "Windows-1258 (CP1258)",
}

# fmt: off
#: TCVN 5712:1993 "VN3" (TCVN3 / ABC): byte -> Unicode character (bytes < 0x80 are ASCII).
TCVN3: dict[int, str] = {
    0xA1: "Ă",  # LATIN CAPITAL LETTER A WITH BREVE
    0xA2: "Â",  # LATIN CAPITAL LETTER A WITH CIRCUMFLEX
    0xA3: "Ê",  # LATIN CAPITAL LETTER E WITH CIRCUMFLEX
    0xA4: "Ô",  # LATIN CAPITAL LETTER O WITH CIRCUMFLEX
    0xA5: "Ơ",  # LATIN CAPITAL LETTER O WITH HORN
    0xA6: "Ư",  # LATIN CAPITAL LETTER U WITH HORN
    0xA7: "Đ",  # LATIN CAPITAL LETTER D WITH STROKE
    0xA8: "ă",  # LATIN SMALL LETTER A WITH BREVE
    0xA9: "â",  # LATIN SMALL LETTER A WITH CIRCUMFLEX
    0xAA: "ê",  # LATIN SMALL LETTER E WITH CIRCUMFLEX
    0xAB: "ô",  # LATIN SMALL LETTER O WITH CIRCUMFLEX
    0xAC: "ơ",  # LATIN SMALL LETTER O WITH HORN
    0xAD: "ư",  # LATIN SMALL LETTER U WITH HORN
    0xAE: "đ",  # LATIN SMALL LETTER D WITH STROKE
    0xB5: "à",  # LATIN SMALL LETTER A WITH GRAVE
    0xB6: "ả",  # LATIN SMALL LETTER A WITH HOOK ABOVE
    0xB7: "ã",  # LATIN SMALL LETTER A WITH TILDE
    0xB8: "á",  # LATIN SMALL LETTER A WITH ACUTE
    0xB9: "ạ",  # LATIN SMALL LETTER A WITH DOT BELOW
    0xBB: "ằ",  # LATIN SMALL LETTER A WITH BREVE AND GRAVE
    0xBC: "ẳ",  # LATIN SMALL LETTER A WITH BREVE AND HOOK ABOVE
    0xBD: "ẵ",  # LATIN SMALL LETTER A WITH BREVE AND TILDE
    0xBE: "ắ",  # LATIN SMALL LETTER A WITH BREVE AND ACUTE
    0xC6: "ặ",  # LATIN SMALL LETTER A WITH BREVE AND DOT BELOW
    0xC7: "ầ",  # LATIN SMALL LETTER A WITH CIRCUMFLEX AND GRAVE
    0xC8: "ẩ",  # LATIN SMALL LETTER A WITH CIRCUMFLEX AND HOOK ABOVE
    0xC9: "ẫ",  # LATIN SMALL LETTER A WITH CIRCUMFLEX AND TILDE
    0xCA: "ấ",  # LATIN SMALL LETTER A WITH CIRCUMFLEX AND ACUTE
    0xCB: "ậ",  # LATIN SMALL LETTER A WITH CIRCUMFLEX AND DOT BELOW
    0xCC: "è",  # LATIN SMALL LETTER E WITH GRAVE
    0xCE: "ẻ",  # LATIN SMALL LETTER E WITH HOOK ABOVE
    0xCF: "ẽ",  # LATIN SMALL LETTER E WITH TILDE
    0xD0: "é",  # LATIN SMALL LETTER E WITH ACUTE
    0xD1: "ẹ",  # LATIN SMALL LETTER E WITH DOT BELOW
    0xD2: "ề",  # LATIN SMALL LETTER E WITH CIRCUMFLEX AND GRAVE
    0xD3: "ể",  # LATIN SMALL LETTER E WITH CIRCUMFLEX AND HOOK ABOVE
    0xD4: "ễ",  # LATIN SMALL LETTER E WITH CIRCUMFLEX AND TILDE
    0xD5: "ế",  # LATIN SMALL LETTER E WITH CIRCUMFLEX AND ACUTE
    0xD6: "ệ",  # LATIN SMALL LETTER E WITH CIRCUMFLEX AND DOT BELOW
    0xD7: "ì",  # LATIN SMALL LETTER I WITH GRAVE
    0xD8: "ỉ",  # LATIN SMALL LETTER I WITH HOOK ABOVE
    0xDC: "ĩ",  # LATIN SMALL LETTER I WITH TILDE
    0xDD: "í",  # LATIN SMALL LETTER I WITH ACUTE
    0xDE: "ị",  # LATIN SMALL LETTER I WITH DOT BELOW
    0xDF: "ò",  # LATIN SMALL LETTER O WITH GRAVE
    0xE1: "ỏ",  # LATIN SMALL LETTER O WITH HOOK ABOVE
    0xE2: "õ",  # LATIN SMALL LETTER O WITH TILDE
    0xE3: "ó",  # LATIN SMALL LETTER O WITH ACUTE
    0xE4: "ọ",  # LATIN SMALL LETTER O WITH DOT BELOW
    0xE5: "ồ",  # LATIN SMALL LETTER O WITH CIRCUMFLEX AND GRAVE
    0xE6: "ổ",  # LATIN SMALL LETTER O WITH CIRCUMFLEX AND HOOK ABOVE
    0xE7: "ỗ",  # LATIN SMALL LETTER O WITH CIRCUMFLEX AND TILDE
    0xE8: "ố",  # LATIN SMALL LETTER O WITH CIRCUMFLEX AND ACUTE
    0xE9: "ộ",  # LATIN SMALL LETTER O WITH CIRCUMFLEX AND DOT BELOW
    0xEA: "ờ",  # LATIN SMALL LETTER O WITH HORN AND GRAVE
    0xEB: "ở",  # LATIN SMALL LETTER O WITH HORN AND HOOK ABOVE
    0xEC: "ỡ",  # LATIN SMALL LETTER O WITH HORN AND TILDE
    0xED: "ớ",  # LATIN SMALL LETTER O WITH HORN AND ACUTE
    0xEE: "ợ",  # LATIN SMALL LETTER O WITH HORN AND DOT BELOW
    0xEF: "ù",  # LATIN SMALL LETTER U WITH GRAVE
    0xF1: "ủ",  # LATIN SMALL LETTER U WITH HOOK ABOVE
    0xF2: "ũ",  # LATIN SMALL LETTER U WITH TILDE
    0xF3: "ú",  # LATIN SMALL LETTER U WITH ACUTE
    0xF4: "ụ",  # LATIN SMALL LETTER U WITH DOT BELOW
    0xF5: "ừ",  # LATIN SMALL LETTER U WITH HORN AND GRAVE
    0xF6: "ử",  # LATIN SMALL LETTER U WITH HORN AND HOOK ABOVE
    0xF7: "ữ",  # LATIN SMALL LETTER U WITH HORN AND TILDE
    0xF8: "ứ",  # LATIN SMALL LETTER U WITH HORN AND ACUTE
    0xF9: "ự",  # LATIN SMALL LETTER U WITH HORN AND DOT BELOW
    0xFA: "ỳ",  # LATIN SMALL LETTER Y WITH GRAVE
    0xFB: "ỷ",  # LATIN SMALL LETTER Y WITH HOOK ABOVE
    0xFC: "ỹ",  # LATIN SMALL LETTER Y WITH TILDE
    0xFD: "ý",  # LATIN SMALL LETTER Y WITH ACUTE
    0xFE: "ỵ",  # LATIN SMALL LETTER Y WITH DOT BELOW
}

#: VNI-Windows: (base byte, mark byte) -> Unicode character.
VNI_PAIRS: dict[tuple[int, int], str] = {
    (0x41, 0xC0): "Ầ",  # AÀ
    (0x41, 0xC1): "Ấ",  # AÁ
    (0x41, 0xC2): "Â",  # AÂ
    (0x41, 0xC3): "Ẫ",  # AÃ
    (0x41, 0xC4): "Ậ",  # AÄ
    (0x41, 0xC5): "Ẩ",  # AÅ
    (0x41, 0xC8): "Ằ",  # AÈ
    (0x41, 0xC9): "Ắ",  # AÉ
    (0x41, 0xCA): "Ă",  # AÊ
    (0x41, 0xCB): "Ặ",  # AË
    (0x41, 0xCF): "Ạ",  # AÏ
    (0x41, 0xD5): "Ã",  # AÕ
    (0x41, 0xD8): "À",  # AØ
    (0x41, 0xD9): "Á",  # AÙ
    (0x41, 0xDA): "Ẳ",  # AÚ
    (0x41, 0xDB): "Ả",  # AÛ
    (0x41, 0xDC): "Ẵ",  # AÜ
    (0x45, 0xC0): "Ề",  # EÀ
    (0x45, 0xC1): "Ế",  # EÁ
    (0x45, 0xC2): "Ê",  # EÂ
    (0x45, 0xC3): "Ễ",  # EÃ
    (0x45, 0xC4): "Ệ",  # EÄ
    (0x45, 0xC5): "Ể",  # EÅ
    (0x45, 0xCF): "Ẹ",  # EÏ
    (0x45, 0xD5): "Ẽ",  # EÕ
    (0x45, 0xD8): "È",  # EØ
    (0x45, 0xD9): "É",  # EÙ
    (0x45, 0xDB): "Ẻ",  # EÛ
    (0x4F, 0xC0): "Ồ",  # OÀ
    (0x4F, 0xC1): "Ố",  # OÁ
    (0x4F, 0xC2): "Ô",  # OÂ
    (0x4F, 0xC3): "Ỗ",  # OÃ
    (0x4F, 0xC4): "Ộ",  # OÄ
    (0x4F, 0xC5): "Ổ",  # OÅ
    (0x4F, 0xCF): "Ọ",  # OÏ
    (0x4F, 0xD5): "Õ",  # OÕ
    (0x4F, 0xD8): "Ò",  # OØ
    (0x4F, 0xD9): "Ó",  # OÙ
    (0x4F, 0xDB): "Ỏ",  # OÛ
    (0x55, 0xCF): "Ụ",  # UÏ
    (0x55, 0xD5): "Ũ",  # UÕ
    (0x55, 0xD8): "Ù",  # UØ
    (0x55, 0xD9): "Ú",  # UÙ
    (0x55, 0xDB): "Ủ",  # UÛ
    (0x59, 0xD5): "Ỹ",  # YÕ
    (0x59, 0xD8): "Ỳ",  # YØ
    (0x59, 0xD9): "Ý",  # YÙ
    (0x59, 0xDB): "Ỷ",  # YÛ
    (0x61, 0xE0): "ầ",  # aà
    (0x61, 0xE1): "ấ",  # aá
    (0x61, 0xE2): "â",  # aâ
    (0x61, 0xE3): "ẫ",  # aã
    (0x61, 0xE4): "ậ",  # aä
    (0x61, 0xE5): "ẩ",  # aå
    (0x61, 0xE8): "ằ",  # aè
    (0x61, 0xE9): "ắ",  # aé
    (0x61, 0xEA): "ă",  # aê
    (0x61, 0xEB): "ặ",  # aë
    (0x61, 0xEF): "ạ",  # aï
    (0x61, 0xF5): "ã",  # aõ
    (0x61, 0xF8): "à",  # aø
    (0x61, 0xF9): "á",  # aù
    (0x61, 0xFA): "ẳ",  # aú
    (0x61, 0xFB): "ả",  # aû
    (0x61, 0xFC): "ẵ",  # aü
    (0x65, 0xE0): "ề",  # eà
    (0x65, 0xE1): "ế",  # eá
    (0x65, 0xE2): "ê",  # eâ
    (0x65, 0xE3): "ễ",  # eã
    (0x65, 0xE4): "ệ",  # eä
    (0x65, 0xE5): "ể",  # eå
    (0x65, 0xEF): "ẹ",  # eï
    (0x65, 0xF5): "ẽ",  # eõ
    (0x65, 0xF8): "è",  # eø
    (0x65, 0xF9): "é",  # eù
    (0x65, 0xFB): "ẻ",  # eû
    (0x6F, 0xE0): "ồ",  # oà
    (0x6F, 0xE1): "ố",  # oá
    (0x6F, 0xE2): "ô",  # oâ
    (0x6F, 0xE3): "ỗ",  # oã
    (0x6F, 0xE4): "ộ",  # oä
    (0x6F, 0xE5): "ổ",  # oå
    (0x6F, 0xEF): "ọ",  # oï
    (0x6F, 0xF5): "õ",  # oõ
    (0x6F, 0xF8): "ò",  # oø
    (0x6F, 0xF9): "ó",  # où
    (0x6F, 0xFB): "ỏ",  # oû
    (0x75, 0xEF): "ụ",  # uï
    (0x75, 0xF5): "ũ",  # uõ
    (0x75, 0xF8): "ù",  # uø
    (0x75, 0xF9): "ú",  # uù
    (0x75, 0xFB): "ủ",  # uû
    (0x79, 0xF5): "ỹ",  # yõ
    (0x79, 0xF8): "ỳ",  # yø
    (0x79, 0xF9): "ý",  # yù
    (0x79, 0xFB): "ỷ",  # yû
    (0xD4, 0xCF): "Ợ",  # ÔÏ
    (0xD4, 0xD5): "Ỡ",  # ÔÕ
    (0xD4, 0xD8): "Ờ",  # ÔØ
    (0xD4, 0xD9): "Ớ",  # ÔÙ
    (0xD4, 0xDB): "Ở",  # ÔÛ
    (0xD6, 0xCF): "Ự",  # ÖÏ
    (0xD6, 0xD5): "Ữ",  # ÖÕ
    (0xD6, 0xD8): "Ừ",  # ÖØ
    (0xD6, 0xD9): "Ứ",  # ÖÙ
    (0xD6, 0xDB): "Ử",  # ÖÛ
    (0xF4, 0xEF): "ợ",  # ôï
    (0xF4, 0xF5): "ỡ",  # ôõ
    (0xF4, 0xF8): "ờ",  # ôø
    (0xF4, 0xF9): "ớ",  # ôù
    (0xF4, 0xFB): "ở",  # ôû
    (0xF6, 0xEF): "ự",  # öï
    (0xF6, 0xF5): "ữ",  # öõ
    (0xF6, 0xF8): "ừ",  # öø
    (0xF6, 0xF9): "ứ",  # öù
    (0xF6, 0xFB): "ử",  # öû
}

#: VNI-Windows: single bytes (ơ ư đ, i with a tone, ỵ) -> Unicode character.
VNI_SINGLE: dict[int, str] = {
    0xC6: "Ỉ",
    0xCC: "Ì",
    0xCD: "Í",
    0xCE: "Ỵ",
    0xD1: "Đ",
    0xD2: "Ị",
    0xD3: "Ĩ",
    0xD4: "Ơ",
    0xD6: "Ư",
    0xE6: "ỉ",
    0xEC: "ì",
    0xED: "í",
    0xEE: "ỵ",
    0xF1: "đ",
    0xF2: "ị",
    0xF3: "ĩ",
    0xF4: "ơ",
    0xF6: "ư",
}
# fmt: on

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TCVN3_OUT = {char: byte for byte, char in TCVN3.items()}
_VNI_OUT = {char: bytes(pair) for pair, char in VNI_PAIRS.items()} | {
    char: bytes([byte]) for byte, char in VNI_SINGLE.items()
}
#: Every Vietnamese letter with a diacritic (both cases).
VIETNAMESE_LETTERS = frozenset(
    set(TCVN3.values()) | set(VNI_PAIRS.values()) | set(VNI_SINGLE.values())
)
_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
#: Vowel clusters of a syllable (with its glide), written without a tone.
_NUCLEI_TEXT = (
    "a ă â e ê i y o ô ơ u ư "
    "ai ao au ay âu ây eo êu ia iu iê oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "iêu yêu oai oay oao oeo uôi ươi ươu uya uyê uyu uây uơi"
)
_NUCLEI = _NUCLEI_TEXT.split()
_SYLLABLE = re.compile(
    _ONSET + "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")(?:ch|nh|ng|[cmnpt])?"
)
_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def decode(raw: bytes, encoding: str) -> str | None:
    """Decode ``raw`` bytes to NFC text; ``None`` when they are not valid in ``encoding``.

    A legacy byte without a character in its table also gives ``None``.
    """
    if encoding == "tcvn3":
        return _decode_single(raw, TCVN3)
    if encoding == "vni":
        return _decode_vni(raw)
    try:
        text = raw.decode("utf-8" if encoding == "utf-8" else "cp1258")
    except UnicodeDecodeError:
        return None
    return unicodedata.normalize("NFC", text)


def _decode_single(raw: bytes, table: dict[int, str]) -> str | None:
    out = []
    for byte in raw:
        if byte < 0x80:
            out.append(chr(byte))
        elif byte in table:
            out.append(table[byte])
        else:
            return None
    return "".join(out)


def _decode_vni(raw: bytes) -> str | None:
    out, i = [], 0
    while i < len(raw):
        pair = (raw[i], raw[i + 1]) if i + 1 < len(raw) else None
        if pair in VNI_PAIRS:
            out.append(VNI_PAIRS[pair])
            i += 2
            continue
        byte = raw[i]
        if byte >= 0x80 and byte not in VNI_SINGLE:
            return None
        out.append(VNI_SINGLE.get(byte, chr(byte)))
        i += 1
    return "".join(out)


def encode(text: str, encoding: str) -> bytes:
    """Encode NFC ``text`` the way legacy software did (the inverse of :func:`decode`).

    Raises:
        ValueError: A character has no code in ``encoding`` (e.g. a capital with a tone in
            TCVN3).
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "cp1258":
        return b"".join(_encode_cp1258(ch) for ch in text)
    table: dict[str, int] | dict[str, bytes] = _TCVN3_OUT if encoding == "tcvn3" else _VNI_OUT
    out = bytearray()
    for ch in text:
        if ch.isascii():
            out += ch.encode("ascii")
        elif ch in table:
            code = table[ch]
            out += bytes([code]) if isinstance(code, int) else code
        else:
            raise ValueError(f"{ch!r} has no code in {encoding}")
    return bytes(out)


def _encode_cp1258(ch: str) -> bytes:
    """One character in CP1258: precomposed when it exists, else letter + combining tone."""
    decomposed = unicodedata.normalize("NFD", ch)
    tones = "".join(c for c in decomposed if c in _TONES)
    letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    for form in (ch, letter + tones):
        try:
            return form.encode("cp1258")
        except UnicodeEncodeError:
            continue
    raise ValueError(f"{ch!r} has no code in cp1258")


def plausible(text: str) -> bool:
    """Whether ``text`` reads as Vietnamese (or plain ASCII) text rather than mojibake.

    Every character must be ASCII printable, white space or a Vietnamese letter, and every
    word with a diacritic a well-formed syllable with at most one tone.
    """
    if _CONTROL.search(text):
        return False
    if any(not ch.isascii() and ch not in VIETNAMESE_LETTERS for ch in text):
        return False
    return all(_syllable(word) for word in _WORD.findall(text) if not word.isascii())


def _syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _valid(raw: bytes, encoding: str) -> str | None:
    """``raw`` decoded when the result is plausible (UTF-8: when it decodes at all)."""
    text = decode(raw, encoding)
    if text is None or _CONTROL.search(text):
        return None
    return text if encoding == "utf-8" or plausible(text) else None


@dataclass
class TextReport:
    """What :func:`convert_texts` did.

    Attributes:
        texts: The values in NFC Unicode; ``None`` for a suspicious value (never stored).
        encoding: The encoding most values were read in (``None``: nothing to detect).
        converted: Indices of values changed from their legacy bytes.
        suspicious: Indices of values no known encoding makes readable.
    """

    texts: list[str | None]
    encoding: str | None
    converted: list[int] = field(default_factory=list)
    suspicious: list[int] = field(default_factory=list)


def _raw_bytes(text: str) -> bytes | None:
    """The bytes a Latin-1 read gave (one code point per byte), or ``None`` when not Latin-1."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None


def _needs_decoding(text: str, raw_source: bool) -> bool:
    if text.isascii():
        return False
    if raw_source:
        return True
    return not plausible(text) and _raw_bytes(text) is not None


def detect(raws: Sequence[bytes]) -> str | None:
    """The encoding that makes the most of ``raws`` plausible (``None``: none makes any)."""
    best, best_count = None, 0
    for encoding in ENCODINGS:
        count = sum(1 for raw in raws if _valid(raw, encoding) is not None)
        if count > best_count:
            best, best_count = encoding, count
    return best


def convert_texts(
    values: Sequence[str], *, raw_source: bool, forced: str = "auto"
) -> TextReport:
    """Decode text values read from a file, detecting a legacy encoding.

    Args:
        values: The values. With ``raw_source`` each is a Latin-1 read of the file's bytes
            (one code point per byte, e.g. a DBF read with ``encoding="latin-1"``); otherwise
            they are Unicode already, and only values that are not plausible as they are and
            fit in Latin-1 (legacy bytes stored as Unicode: ``Nhµ m¸y``) are decoded.
        raw_source: See ``values``.
        forced: ``auto`` or one of :data:`ENCODINGS` (the officer's choice).

    Returns:
        The decoded values and what was done.
    """
    pending = [i for i, text in enumerate(values) if _needs_decoding(text, raw_source)]
    raws = {i: _raw_bytes(values[i]) or b"" for i in pending}
    encoding = forced if forced != "auto" else detect(list(raws.values()))
    order = [encoding] if forced != "auto" else [encoding, *ENCODINGS]
    report = TextReport(list(values), encoding if pending else None)
    for i in pending:
        text = next(
            (t for enc in order if enc and (t := _valid(raws[i], enc)) is not None), None
        )
        report.texts[i] = text
        if text is None:
            report.suspicious.append(i)
        elif text != values[i]:
            report.converted.append(i)
    for i, text in enumerate(report.texts):
        if text is None or i in raws:
            continue
        if _CONTROL.search(text):
            report.texts[i] = None
            report.suspicious.append(i)
        else:  # Unicode already, maybe decomposed (NFD from macOS and some editors)
            report.texts[i] = unicodedata.normalize("NFC", text)
    report.suspicious.sort()
    return report
