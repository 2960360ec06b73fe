"""Parse the text of Decision 148/QĐ-UBND (Bạc Liêu Green Growth Action Plan 2023–2030).

The input is the plain-text extraction of the signed decision kept in
``layers/plan/`` (see ``layers/plan/SOURCE.md``). The parser turns it into
frozen dataclasses: the decision's metadata, the 18 task groups and their
tasks of section III, and the quantified 2030 targets of section II.2 (a–d).

Everything is cross-checked against what the document itself states (the
number of groups, the number of tasks of each group, the decision number and
title, the target sections). Any inconsistency raises :class:`PlanTextError`
with a bilingual message naming the group, task or line at fault, so that a
changed or corrupted text never parses silently.

The extraction splits some syllables ("M ụ c tiêu", "202 4"). They are fixed
by :func:`repair_text`, a general rule based on Vietnamese syllable structure;
the raw text is kept next to the repaired text for audit.

English titles and summaries are written by GreenMap in ``plan_en.toml``; they
are an unofficial translation, the Vietnamese text is authoritative.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from webmap.domain.bundled import bundled_dir
from webmap.errors import PlanTextError

__all__ = [
    "COMPARISONS",
    "DECISION_NUMBER",
    "ENGLISH_FILE_NAME",
    "PLAN_FILE_NAME",
    "SOURCE_SHA256",
    "Decision",
    "Plan",
    "Target",
    "Task",
    "TaskGroup",
    "default_plan_dir",
    "is_vietnamese_syllable",
    "load_plan",
    "parse_plan",
    "repair_text",
]

PLAN_FILE_NAME = "qd-148-2024-bac-lieu-green-growth-plan.txt"
ENGLISH_FILE_NAME = "plan_en.toml"
DECISION_NUMBER = "148/QĐ-UBND"
#: SHA-256 of the bundled, byte-exact copy of the extraction (checked by load_plan).
SOURCE_SHA256 = "7095f7addb5a33cb4dfd2693555fb30fdd00f5ea692f2ece69b8565d74a51a4b"
EXPECTED_GROUP_COUNT = 18
TARGET_SECTIONS = ("a", "b", "c", "d")
DEFAULT_TARGET_YEAR = 2030
COMPARISONS = frozenset({"at_least", "about", "above", "below", "reduce_by", "range", "equal"})


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Decision:
    """Metadata of the decision that issues the plan.

    Attributes:
        number: Official number, ``"148/QĐ-UBND"``.
        issuer: Issuing body, ``"Ủy ban nhân dân tỉnh Bạc Liêu"``.
        place: Place of signature, ``"Bạc Liêu"``.
        signed_on: Date of the decision (29 May 2024).
        plan_heading_date: Date given in the heading of the attached plan
            (19 May 2024); it differs from ``signed_on`` in the source.
        signer: Name of the signatory.
        signer_title: Title of the signatory, ``"Chủ tịch"``.
        title_vi: Title of the decision in sentence case.
        legal_bases: The "Căn cứ ..." paragraphs, repaired.
        source_sha256: SHA-256 of the UTF-8 text that was parsed.
    """

    number: str
    issuer: str
    place: str
    signed_on: date
    plan_heading_date: date
    signer: str
    signer_title: str
    title_vi: str
    legal_bases: tuple[str, ...]
    source_sha256: str


@dataclass(frozen=True)
class TaskGroup:
    """A numbered task group of section III ("8. Năng lượng: ...").

    Attributes:
        number: Group number, 1..18.
        title_vi: Title (the heading before its colon, or the whole heading).
        description_vi: The heading's statement after the colon plus any text
            between the heading and the first task; may be ``""``.
        stated_task_count: How many tasks the heading says the group has
            ("bao gồm 06 nhóm nhiệm vụ cụ thể").
        title_en: English title (GreenMap translation).
        raw_line: 1-based line of the heading in the source file.
    """

    number: int
    title_vi: str
    description_vi: str
    stated_task_count: int
    title_en: str
    raw_line: int


@dataclass(frozen=True)
class Task:
    """A numbered task ("13.3. Triển khai thu hút ...").

    Attributes:
        code: Task code, ``"13.3"``.
        group: Group number.
        seq: Position within the group, from 1.
        text_vi: Repaired Vietnamese text without the code; unnumbered
            continuation paragraphs follow on new lines.
        summary_en: One-sentence English summary (GreenMap translation).
        raw_lines: 1-based lines of the source file the task comes from.
        raw_text: The unrepaired source lines, joined by newlines.
    """

    code: str
    group: int
    seq: int
    text_vi: str
    summary_en: str
    raw_lines: tuple[int, ...]
    raw_text: str


@dataclass(frozen=True)
class Target:
    """A quantified 2030 target of section II.2.

    ``value_min``/``value_max`` bound the stated value and are ``None`` when
    open: ``at_least``/``above`` have no maximum, ``below`` has no minimum;
    ``reduce_by`` bounds the size of the reduction (no maximum for "at least").

    Attributes:
        id: Stable id, section letter plus rank in the section (``"b3"``).
        section: ``"a"`` .. ``"d"``.
        section_title_vi: Repaired title of the section.
        indicator_vi: Repaired clause stating the indicator and its value.
        indicator_en: English wording (GreenMap translation).
        comparison: One of :data:`COMPARISONS`.
        value_min: Lower bound, or ``None``.
        value_max: Upper bound, or ``None``.
        unit: Unit as written (``"%"``, ``"%/năm"``, ``"lần"``, ``"tỷ USD"`` ...).
        baseline_year: Year of comparison ("so với năm 2014"), if stated.
        target_year: Year the target applies to (2030 unless stated).
        raw_line: 1-based line of the source file.
        raw_text: The unrepaired source line.
    """

    id: str
    section: str
    section_title_vi: str
    indicator_vi: str
    indicator_en: str
    comparison: str
    value_min: float | None
    value_max: float | None
    unit: str
    baseline_year: int | None
    target_year: int
    raw_line: int
    raw_text: str


@dataclass(frozen=True)
class Plan:
    """The parsed plan: decision metadata, task groups, tasks and targets."""

    decision: Decision
    groups: tuple[TaskGroup, ...]
    tasks: tuple[Task, ...]
    targets: tuple[Target, ...]

    def tasks_of(self, group: int) -> tuple[Task, ...]:
        """Return the tasks of one group, in document order.

        Args:
            group: Group number (1..18).

        Returns:
            The group's tasks; empty if the group does not exist.
        """
        return tuple(task for task in self.tasks if task.group == group)

    def task(self, code: str) -> Task:
        """Return a task by code.

        Args:
            code: Task code such as ``"13.3"``.

        Raises:
            KeyError: No task has this code.
        """
        for task in self.tasks:
            if task.code == code:
                return task
        raise KeyError(code)

    def group(self, number: int) -> TaskGroup:
        """Return a task group by number.

        Raises:
            KeyError: No group has this number.
        """
        for group in self.groups:
            if group.number == number:
                return group
        raise KeyError(number)

    def target(self, target_id: str) -> Target:
        """Return a target by id (``"a1"``).

        Raises:
            KeyError: No target has this id.
        """
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(target_id)


# --------------------------------------------------------------------------- syllables

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_STOP_TONES = frozenset("\u0301\u0323")  # only sắc and nặng go with -c, -ch, -p, -t
_VOWELS = frozenset("aăâeêioôơuưy")
_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
_CODAS = frozenset({"c", "ch", "m", "n", "ng", "nh", "p", "t"})
_CONSONANT_CLUSTERS = frozenset(_ONSETS) | _CODAS | {"q"}  # "q" is split from "uy"
_RIME_TABLE = """
    a ai ao au ay ac ach am an ang anh ap at
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu
    iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot ooc oong
    oa oac oach oai oam oan oang oanh oao oap oat oay
    oăc oăm oăn oăng oăp oăt
    oe oem oen oeo oet
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut
    uân uâng uât uây
    uê uêch uênh
    uy uya uych uyn uynh uyp uyt uyu uyên uyêt
    uôc uôi uôm uôn uông uôt
    uơ
    ư ưa ưc ưi ưm ưn ưng ưt ưu
    ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêt yêu
"""
_RIMES = frozenset(_RIME_TABLE.split())
_FRONT_VOWELS = frozenset("ieêy")
_MAX_PIECES = 5  # a syllable is never split into more than five tokens


def _strip_tones(word: str) -> tuple[str, str]:
    """Split a word into its toneless letters and its tone marks.

    Args:
        word: A word in any Unicode normal form.

    Returns:
        The word without tone marks (NFC; vowel shapes such as ``ê``, ``ư``
        kept) and the tone marks found, in order.
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
    base = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    return unicodedata.normalize("NFC", base), tones


def _spelling_ok(onset: str, rime: str) -> bool:
    """Check the Vietnamese spelling rules that tie an onset to its rime."""
    first = rime[0]
    if onset in ("k", "gh", "ngh"):
        return first in _FRONT_VOWELS
    if onset in ("c", "ng"):
        return first not in _FRONT_VOWELS
    if onset == "g":
        return first not in "eê"
    if onset == "qu":
        return first not in "uo"
    if onset == "gi" and first == "i":
        return False
    if first == "y" and len(rime) > 1:  # yên, yêu ... stand alone or after qu
        return onset == ""
    return True


def is_vietnamese_syllable(word: str) -> bool:
    """Tell whether a word is a well-formed Vietnamese syllable.

    The check is structural (onset + rime + at most one tone mark, spelling
    rules such as ``k``/``c`` and ``gh``/``g``, stop endings only with the
    sắc or nặng tone, and a consistent letter case), not a dictionary look-up.

    Args:
        word: A single token without spaces or punctuation.

    Returns:
        True for ``"Mục"``, ``"nghiêng"``, ``"quy"``, ``"ủy"``; False for
        ``"M"``, ``"biể"``, ``"nhàở"``, ``"tếc"``.
    """
    if not word or not word.isalpha() or not _case_ok(word):
        return False
    base, tones = _strip_tones(word.lower())
    if len(tones) > 1:
        return False
    for onset in ("", *_ONSETS):
        if not base.startswith(onset):
            continue
        rime = base[len(onset) :]
        if rime not in _RIMES or not _spelling_ok(onset, rime):
            continue
        if rime.endswith(("c", "ch", "p", "t")) and tones not in _STOP_TONES:
            continue
        return True
    return False


def _case_ok(word: str) -> bool:
    """Accept ``lower``, ``Capitalised`` and ``UPPER`` words only."""
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


@dataclass(frozen=True)
class _Token:
    """A space-separated token: leading punctuation, letters, trailing punctuation.

    ``kind`` is ``C`` (a lone consonant cluster such as ``nh``), ``V`` (a lone
    vowel carrying a diacritic such as ``ụ``), ``W`` (a lone plain vowel: ``i``),
    ``R`` (any other run of letters) or ``X`` (not joinable: digits, symbols).
    """

    lead: str
    core: str
    trail: str
    kind: str


_TOKEN_RE = re.compile(r"^(\W*?)(\w*)(\W*)$")


def _token(text: str) -> _Token:
    """Classify one space-separated token."""
    match = _TOKEN_RE.match(text)
    if match is None or not match.group(2).isalpha():
        return _Token("", text, "", "X")
    lead, core, trail = match.groups()
    return _Token(lead, core, trail, _kind(core))


def _kind(core: str) -> str:
    """Return the fragment kind (C, V, W or R) of a run of letters."""
    low = core.lower()
    base, tones = _strip_tones(low)
    if low in ("qu", "gi") or (
        not any(ch in _VOWELS for ch in base) and base in _CONSONANT_CLUSTERS and not tones
    ):
        return "C"
    if len(core) == 1 and base in _VOWELS and unicodedata.normalize("NFD", low) != low:
        return "V"
    if len(low) == 1 and low in _VOWELS:
        return "W"
    return "R"


def _ends_with_toned_vowel(core: str) -> bool:
    """Tell whether the last letter is a vowel carrying a tone mark (``nố``)."""
    base, tones = _strip_tones(core[-1].lower())
    return base in _VOWELS and bool(tones)


_Cost = tuple[int, int, int, int]


def _group_cost(group: Sequence[_Token]) -> _Cost | None:
    """Score gluing several tokens into one syllable, or None if not allowed.

    A group must spell a valid syllable and contain a fragment (C or V). It may
    absorb at most one ordinary word (R), and only together with a lone
    consonant (``xuấ t``), with two fragments (``bi ể n``, ``hi ể u``), or as
    ``R + i/y`` after a toned vowel (``nố i``). Two ordinary words are never
    glued ("và ở", "đi ô tô"), nor a word and a lone vowel word ("thu ở").

    Returns:
        (leftover fragments, starts with a vowel fragment, ordinary words
        absorbed, groups) — lower is better, compared lexicographically.
    """
    kinds = [token.kind for token in group]
    word = "".join(token.core for token in group)
    if not is_vietnamese_syllable(word):
        return None
    ordinary = kinds.count("R")
    offglide = (
        kinds == ["R", "W"]
        and group[1].core.lower() in ("i", "y")
        and _ends_with_toned_vowel(group[0].core)
    )
    if ordinary > 1 or ("C" not in kinds and "V" not in kinds and not offglide):
        return None
    if ordinary == 1 and "C" not in kinds and len(group) < 3 and not offglide:
        return None  # "thu ở" stays apart; "bi ể n", "hi ể u", "xuấ t", "nố i" are glued
    return (0, int(kinds[0] in ("V", "W")), ordinary, 1)


def _single_cost(token: _Token) -> _Cost:
    """Score leaving a token as it is: a stranded fragment costs one."""
    return (int(token.kind in ("C", "V", "W")), 0, 0, 0)


def _add(a: _Cost, b: _Cost) -> _Cost:
    """Add two costs element-wise."""
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


def _joinable(left: _Token, right: _Token) -> bool:
    """Tell whether two neighbouring tokens may belong to one syllable."""
    return left.kind != "X" and right.kind != "X" and not left.trail and not right.lead


def _join_split_syllables(line: str) -> str:
    """Glue syllables split by spaces, choosing the best segmentation of the line.

    Dynamic programming over the tokens: each token stays alone or starts a
    group of 2..5 tokens accepted by :func:`_group_cost`; the cheapest
    segmentation (fewest stranded fragments, then fewest vowel-initial joins,
    then fewest ordinary words absorbed) wins.
    """
    tokens = [_token(part) for part in line.split(" ")]
    size = len(tokens)
    best: list[tuple[_Cost, int]] = [((0, 0, 0, 0), size)] * (size + 1)
    for start in range(size - 1, -1, -1):
        choice = (_add(_single_cost(tokens[start]), best[start + 1][0]), start + 1)
        for end in range(start + 2, min(size, start + _MAX_PIECES) + 1):
            if not _joinable(tokens[end - 2], tokens[end - 1]):
                break
            cost = _group_cost(tokens[start:end])
            if cost is not None:
                total = _add(cost, best[end][0])
                if total < choice[0]:
                    choice = (total, end)
        best[start] = choice
    words: list[str] = []
    start = 0
    while start < size:
        end = best[start][1]
        group = tokens[start:end]
        if len(group) == 1:
            words.append(line.split(" ")[start])
        else:
            words.append(group[0].lead + "".join(t.core for t in group) + group[-1].trail)
        start = end
    return " ".join(words)


_SPLIT_YEAR_RE = re.compile(r"(?<=[Nn]ăm )(\d{1,3}) (\d{1,3})(?![\d/])")
_SPLIT_DAY_RE = re.compile(r"(?<![\d/,.])(\d) (\d)/(\d{1,2})/(\d{4})(?!\d)")


def _join_split_numbers(line: str) -> str:
    """Glue years and dates split by a space ("năm 202 4", "ngày 1 9/6/2015").

    A year is glued only after the word "năm" (year) and only if it becomes a
    four-digit year 1900–2099; a day only if it becomes 10–31 in a valid
    d/m/yyyy date. Other neighbouring numbers are left alone.
    """

    def year(match: re.Match[str]) -> str:
        joined = match.group(1) + match.group(2)
        return joined if len(joined) == 4 and 1900 <= int(joined) <= 2099 else match.group(0)

    def day(match: re.Match[str]) -> str:
        joined = int(match.group(1) + match.group(2))
        month = int(match.group(3))
        if 10 <= joined <= 31 and 1 <= month <= 12:
            return f"{joined}/{match.group(3)}/{match.group(4)}"
        return match.group(0)

    return _SPLIT_DAY_RE.sub(day, _SPLIT_YEAR_RE.sub(year, line))


_SPACES_RE = re.compile(r"[ \t\u00a0]+")
_SPACE_BEFORE_CLOSE_RE = re.compile(r" +([,;:.!?)\]”])(?= |$)")
_SPACE_AFTER_OPEN_RE = re.compile(r"([(\[“]) +")
_NUMBER_SLASH_RE = re.compile(r"(?<=\d) +(?=/\w)")


def _tidy_punctuation(line: str) -> str:
    """Remove stray spaces inside brackets and quotes and before punctuation.

    ``"(BĐKH) ,"`` becomes ``"(BĐKH),"``, ``"“ đấu nối ”"`` becomes
    ``"“đấu nối”"`` and ``"148 /QĐ-UBND"`` becomes ``"148/QĐ-UBND"``. A period
    glued to the next word (a typo of the source such as ``".cộng"``) is kept.
    """
    line = _NUMBER_SLASH_RE.sub("", line)
    line = _SPACE_AFTER_OPEN_RE.sub(r"\1", line)
    return _SPACE_BEFORE_CLOSE_RE.sub(r"\1", line)


def _repair_line(line: str) -> str:
    """Repair one line: spaces, split numbers, split syllables, punctuation."""
    line = _SPACES_RE.sub(" ", line).strip()
    if not line:
        return ""
    line = _join_split_numbers(line)
    line = _join_split_syllables(line)
    return _tidy_punctuation(line)


def repair_text(s: str) -> str:
    """Repair the extraction quirks of the plan text.

    Fixes syllables split by spaces (``"M ụ c tiêu"`` → ``"Mục tiêu"``,
    ``"bi ể n đảo"`` → ``"biển đảo"``, ``"s ố  1658"`` → ``"số 1658"``),
    years and days split by a space (``"202 4"`` → ``"2024"``,
    ``"1 9/6/2015"`` → ``"19/6/2015"``), collapses runs of spaces, strips line
    ends and removes spaces inside brackets/quotes and before punctuation.

    The syllable rule is general: a lone consonant cluster, a lone vowel with a
    diacritic, or a lone plain vowel is glued to its neighbours when the result
    is a well-formed Vietnamese syllable (:func:`is_vietnamese_syllable`);
    ordinary words are absorbed only under the stricter conditions of
    :func:`_group_cost`, and the best segmentation of each line is chosen.
    Real separate words are never glued ("và ở", "đi ô tô", "a) Mục tiêu").

    Args:
        s: Text, possibly several lines; the result is NFC-normalised and keeps
            the same number of lines.

    Returns:
        The repaired text.
    """
    text = unicodedata.normalize("NFC", s)
    return "\n".join(_repair_line(line) for line in text.split("\n"))


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    """A line of the source: 1-based number, raw text and repaired text."""

    number: int
    raw: str
    text: str


def _lines(text: str) -> list[_Line]:
    """Split the source into numbered raw and repaired lines."""
    raws = text.split("\n")
    return [
        _Line(number, raw.rstrip("\r"), _repair_line(unicodedata.normalize("NFC", raw)))
        for number, raw in enumerate(raws, start=1)
    ]


def _not_the_plan(reason_vi: str, reason_en: str, line: int | None = None) -> PlanTextError:
    """Build the error for a text that is not Decision 148/QĐ-UBND (Vietnamese first)."""
    return PlanTextError(
        f"văn bản không phải Quyết định {DECISION_NUMBER}: {reason_vi}",
        f"the text is not Decision {DECISION_NUMBER}: {reason_en}",
        line=line,
    )


def _find(lines: Sequence[_Line], pattern: re.Pattern[str], start: int = 0) -> int | None:
    """Index of the first line at or after ``start`` whose text matches, or None."""
    for index in range(start, len(lines)):
        if pattern.match(lines[index].text):
            return index
    return None


def _date(day: str, month: str, year: str, line: int) -> date:
    """Build a date from strings, turning an impossible date into a parse error."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError as exc:  # datetime.date's only error for an impossible day or month
        raise PlanTextError(
            f"ngày không hợp lệ {day}/{month}/{year}",
            f"invalid date {day}/{month}/{year}",
            line=line,
        ) from exc


# --------------------------------------------------------------------------- decision

_NUMBER_RE = re.compile(r"^Số: ?(\d+/[A-ZĐ]+-[A-ZĐ]+)$")
_PLACE_DATE_RE = re.compile(r"^([^,]+), ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})$")
_DECISION_HEAD_RE = re.compile(r"^QUYẾT ĐỊNH$")
_BASIS_RE = re.compile(r"^Căn cứ ")
_ARTICLE_1_RE = re.compile(r"^Điều 1\. .*Quyết định này (Kế hoạch .+?)\.?$")
_SIGNATURE_RE = re.compile(r"^TM\. (.+)$")
_PLAN_HEAD_RE = re.compile(r"^KẾ HOẠCH$")
_PLAN_REF_RE = re.compile(
    r"^\(Kèm theo Quyết định số (\S+) ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4}) của (.+)\)$"
)
_TITLE_MARK = "KẾ HOẠCH HÀNH ĐỘNG TĂNG TRƯỞNG XANH"


def _parse_decision(lines: Sequence[_Line], sha256: str) -> tuple[Decision, int]:
    """Parse the decision's metadata and cross-check it with the plan heading.

    Returns:
        The decision and the index of the line after the plan heading.

    Raises:
        PlanTextError: The number, title, dates, issuer or signature are
            missing or inconsistent.
    """
    filled = [line for line in lines if line.text]
    if not filled:
        raise _not_the_plan("văn bản rỗng", "the text is empty")
    number_match = _NUMBER_RE.match(filled[0].text)
    if number_match is None or number_match.group(1) != DECISION_NUMBER:
        raise _not_the_plan(
            f"dòng đầu không phải 'Số: {DECISION_NUMBER}'",
            f"the first line does not read 'Số: {DECISION_NUMBER}'",
            filled[0].number,
        )
    place_match = _PLACE_DATE_RE.match(filled[1].text) if len(filled) > 1 else None
    if place_match is None:
        raise _not_the_plan(
            "thiếu dòng địa danh, ngày tháng",
            "the place and date line is missing",
            filled[0].number,
        )
    place, day, month, year = place_match.groups()
    signed_on = _date(day, month, year, filled[1].number)

    head = _find(lines, _DECISION_HEAD_RE)
    if head is None or head + 2 >= len(lines) or _TITLE_MARK not in lines[head + 1].text:
        raise _not_the_plan(
            f"thiếu tên văn bản có '{_TITLE_MARK}'",
            f"the title containing '{_TITLE_MARK}' is missing",
        )
    title_upper, issuer_upper = lines[head + 1].text, lines[head + 2].text
    title_vi, article_1 = _decision_title(lines, title_upper)
    preamble = lines[head:article_1]
    legal_bases = tuple(line.text for line in preamble if _BASIS_RE.match(line.text))
    if not legal_bases:
        raise _not_the_plan("không có căn cứ pháp lý 'Căn cứ ...'", "no 'Căn cứ ...' legal basis")
    signer_title, signer, sign_index = _signature(lines)
    plan_heading_date, issuer, after_heading = _plan_heading(lines, sign_index, issuer_upper)
    decision = Decision(
        number=DECISION_NUMBER,
        issuer=issuer,
        place=place,
        signed_on=signed_on,
        plan_heading_date=plan_heading_date,
        signer=signer,
        signer_title=signer_title,
        title_vi=title_vi,
        legal_bases=legal_bases,
        source_sha256=sha256,
    )
    return decision, after_heading


def _decision_title(lines: Sequence[_Line], title_upper: str) -> tuple[str, int]:
    """Take the sentence-case title from Article 1 and check it against the heading.

    Returns:
        The title and the index of the Article 1 line.
    """
    index = _find(lines, _ARTICLE_1_RE)
    if index is None:
        raise _not_the_plan("thiếu Điều 1", "Article 1 (Điều 1) is missing")
    match = _ARTICLE_1_RE.match(lines[index].text)
    assert match is not None
    title_vi = f"Ban hành {match.group(1)}"
    if title_vi.upper() != title_upper:
        raise _not_the_plan(
            f"Điều 1 ghi '{match.group(1)}', khác với tên văn bản '{title_upper}'",
            f"Article 1 names '{match.group(1)}', which differs from the title '{title_upper}'",
            lines[index].number,
        )
    return title_vi, index


def _signature(lines: Sequence[_Line]) -> tuple[str, str, int]:
    """Return (signer title, signer name, index of the name line)."""
    index = _find(lines, _SIGNATURE_RE)
    if index is None or index + 2 >= len(lines):
        raise _not_the_plan("thiếu phần ký (TM. ...)", "the signature block (TM. ...) is missing")
    title_line, name_line = lines[index + 1], lines[index + 2]
    name = name_line.text
    if not title_line.text.isupper() or not name or not all(w[:1].isupper() for w in name.split()):
        raise _not_the_plan(
            "chức vụ và tên người ký không nằm sau 'TM. ...'",
            "the signer's title and name do not follow 'TM. ...'",
            title_line.number,
        )
    return title_line.text.capitalize(), name, index + 2


def _plan_heading(lines: Sequence[_Line], start: int, issuer_upper: str) -> tuple[date, str, int]:
    """Parse the plan heading "(Kèm theo Quyết định số ... ngày ... của ...)".

    Returns:
        The heading's date, the issuer in sentence case and the index of the
        line after the heading.
    """
    head = _find(lines, _PLAN_HEAD_RE, start)
    ref = _find(lines, _PLAN_REF_RE, head) if head is not None else None
    if head is None or ref is None or ref > head + 3:
        raise _not_the_plan(
            "thiếu phần đầu của Kế hoạch (KẾ HOẠCH ... Kèm theo Quyết định số ...)",
            "the heading of the attached plan (KẾ HOẠCH ... Kèm theo Quyết định số ...) is missing",
        )
    match = _PLAN_REF_RE.match(lines[ref].text)
    assert match is not None
    number, day, month, year, issuer = match.groups()
    if number != DECISION_NUMBER:
        raise _not_the_plan(
            f"phần đầu Kế hoạch dẫn quyết định {number}",
            f"the plan heading refers to decision {number}",
            lines[ref].number,
        )
    if issuer.upper() != issuer_upper:
        raise _not_the_plan(
            f"cơ quan ban hành Kế hoạch '{issuer}' khác '{issuer_upper}'",
            f"the plan's issuer '{issuer}' differs from '{issuer_upper}'",
            lines[ref].number,
        )
    return _date(day, month, year, lines[ref].number), issuer, ref + 1


# --------------------------------------------------------------------------- sections

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_ROMAN_RE = re.compile(r"^(X|IX|VIII|VII|VI|V|IV|III|II|I)\. (\S.*)$")


def _roman_sections(lines: Sequence[_Line], start: int) -> dict[str, list[_Line]]:
    """Cut the plan body into its roman-numbered sections (I. MỤC ĐÍCH ...).

    Raises:
        PlanTextError: The sections are out of sequence or II/III is missing.
    """
    sections: dict[str, list[_Line]] = {}
    current: list[_Line] | None = None
    for line in lines[start:]:
        match = _ROMAN_RE.match(line.text)
        if match is not None and match.group(2).isupper():
            numeral = match.group(1)
            expected = _ROMAN[len(sections)]
            if numeral != expected:
                raise _not_the_plan(
                    f"gặp mục {numeral} trong khi cần mục {expected}",
                    f"section {numeral} found where section {expected} was expected",
                    line.number,
                )
            current = sections.setdefault(numeral, [])
        elif current is not None:
            current.append(line)
    for needed in ("II", "III"):
        if needed not in sections:
            raise _not_the_plan(f"thiếu mục {needed}", f"section {needed} is missing")
    return sections


# --------------------------------------------------------------------------- tasks

_TASK_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.? (\S.*)$")
_GROUP_RE = re.compile(r"^(\d{1,2})\. (\S.*)$")
_GROUP_COUNT_RE = re.compile(r",? (?:bao gồm|gồm|có):? (\d+) nhóm nhiệm vụ\b.*$")
_TOTAL_COUNT_RE = re.compile(r"\bgồm (\d+) nhóm nhiệm vụ\b")
_APPENDIX_NOTE_RE = re.compile(r"^\(.*Phụ lục.*\)\.?$")


@dataclass
class _GroupDraft:
    """A task group being read."""

    number: int
    line: _Line
    title: str
    description: list[str]
    stated: int
    tasks: list[_TaskDraft] = dataclasses.field(default_factory=list)


@dataclass
class _TaskDraft:
    """A task being read (continuation lines are appended)."""

    group: int
    seq: int
    lines: list[_Line]
    texts: list[str]

    @property
    def code(self) -> str:
        """The task code, ``"group.seq"``."""
        return f"{self.group}.{self.seq}"


def _start_group(line: _Line, number: int, heading: str, previous: int) -> _GroupDraft:
    """Read a group heading and check its number follows the previous group's.

    Raises:
        PlanTextError: Numbers not consecutive from 1, or no stated count.
    """
    if number != previous + 1:
        raise PlanTextError(
            f"số nhóm phải liên tục 1..{EXPECTED_GROUP_COUNT}; "
            f"nhóm {number} đứng sau nhóm {previous}",
            f"group numbers must run 1..{EXPECTED_GROUP_COUNT} without gaps; "
            f"group {number} follows group {previous}",
            group=number,
            line=line.number,
        )
    count = _GROUP_COUNT_RE.search(heading)
    if count is None:
        raise PlanTextError(
            "tiêu đề nhóm không nêu số nhiệm vụ ('bao gồm NN nhóm nhiệm vụ')",
            "the heading does not state how many tasks the group has ('bao gồm NN nhóm nhiệm vụ')",
            group=number,
            line=line.number,
        )
    head = heading[: count.start()].strip()
    title, _, description = head.partition(": ")
    return _GroupDraft(
        number=number,
        line=line,
        title=title.strip().rstrip(":,"),
        description=[description.strip()] if description.strip() else [],
        stated=int(count.group(1)),
    )


def _close_group(group: _GroupDraft) -> None:
    """Check that a finished group has as many tasks as its heading states."""
    parsed = len(group.tasks)
    if parsed != group.stated:
        raise PlanTextError(
            f"tiêu đề nêu {group.stated} nhiệm vụ nhưng đọc được {parsed}",
            f"the heading states {group.stated} tasks but {parsed} were parsed",
            group=group.number,
            line=group.line.number,
        )


def _add_task(
    group: _GroupDraft | None, line: _Line, number: int, seq: int, seen: dict[str, int]
) -> _TaskDraft:
    """Check a task line's code (group, duplicates, order) and add it to its group.

    Raises:
        PlanTextError: The code is duplicated, out of order or stands under
            another group.
    """
    code = f"{number}.{seq}"
    if group is None:
        raise PlanTextError(
            "nhiệm vụ đứng trước tiêu đề nhóm đầu tiên",
            "task found before the first group heading",
            task=code,
            line=line.number,
        )
    if code in seen:
        raise PlanTextError(
            f"mã nhiệm vụ {code} bị trùng (dòng {seen[code]} và {line.number})",
            f"task code {code} is duplicated (lines {seen[code]} and {line.number})",
            group=group.number,
            task=code,
            line=line.number,
        )
    seen[code] = line.number
    if number != group.number:
        raise PlanTextError(
            f"nhiệm vụ {code} thuộc nhóm {number} nhưng nằm dưới nhóm {group.number}",
            f"task {code} belongs to group {number} but stands under group {group.number}",
            group=group.number,
            task=code,
            line=line.number,
        )
    expected = f"{group.number}.{len(group.tasks) + 1}"
    if code != expected:
        raise PlanTextError(
            f"nhiệm vụ {code} sai thứ tự hoặc thiếu nhiệm vụ: cần {expected}",
            f"task {code} is out of order or a task is missing: expected {expected}",
            group=group.number,
            task=code,
            line=line.number,
        )
    task = _TaskDraft(group=number, seq=seq, lines=[line], texts=[])
    group.tasks.append(task)
    return task


def _parse_tasks(section: Sequence[_Line]) -> list[_GroupDraft]:
    """Read the task groups and tasks of section III and check their counts.

    Raises:
        PlanTextError: Any inconsistency between numbering, stated counts and
            parsed tasks.
    """
    groups: list[_GroupDraft] = []
    task: _TaskDraft | None = None
    stated_total: int | None = None
    seen: dict[str, int] = {}
    for line in section:
        text = line.text
        if not text:
            continue
        group = groups[-1] if groups else None
        if (match := _TASK_RE.match(text)) is not None:
            task = _add_task(group, line, int(match.group(1)), int(match.group(2)), seen)
            task.texts.append(match.group(3))
        elif (match := _GROUP_RE.match(text)) is not None:
            groups.append(_next_group(group, line, int(match.group(1)), match.group(2)))
            task = None
        elif group is None:
            stated_total = _stated_total(text, stated_total)
        else:
            _continue_group(group, task, line)
    if groups:
        _close_group(groups[-1])
    _check_group_total(groups, stated_total)
    return groups


def _next_group(current: _GroupDraft | None, line: _Line, number: int, heading: str) -> _GroupDraft:
    """Close the group being read (if any) and start the one whose heading is ``line``."""
    if current is not None:
        _close_group(current)
    return _start_group(line, number, heading, current.number if current else 0)


def _stated_total(text: str, stated_total: int | None) -> int | None:
    """The number of groups section III states, read from a line before the first group."""
    total = _TOTAL_COUNT_RE.search(text)
    return int(total.group(1)) if total is not None else stated_total


def _continue_group(group: _GroupDraft, task: _TaskDraft | None, line: _Line) -> None:
    """Add a line that is neither a group nor a task heading to the task or group being read.

    Notes pointing to the appendix ("(... Phụ lục ...)") belong to neither and are skipped.
    """
    if _APPENDIX_NOTE_RE.match(line.text):
        return
    if task is not None:
        task.lines.append(line)
        task.texts.append(line.text)
    else:
        group.description.append(line.text)


def _check_group_total(groups: Sequence[_GroupDraft], stated_total: int | None) -> None:
    """Check the number of groups against the document's statement and the plan."""
    if stated_total is None:
        raise PlanTextError(
            "mục III không nêu số nhóm nhiệm vụ ('gồm NN nhóm nhiệm vụ')",
            "section III does not state how many task groups it has ('gồm NN nhóm nhiệm vụ')",
        )
    count = len(groups)
    if count != stated_total or count != EXPECTED_GROUP_COUNT:
        last = groups[-1].number if groups else None
        raise PlanTextError(
            f"mục III nêu {stated_total} nhóm, đọc được {count} (cần {EXPECTED_GROUP_COUNT})",
            f"section III states {stated_total} groups, {count} were parsed "
            f"(expected {EXPECTED_GROUP_COUNT})",
            group=last,
        )


# --------------------------------------------------------------------------- targets

_SUBSECTION_RE = re.compile(r"^(\d+)\. (\S.*)$")
_LETTER_RE = re.compile(r"^([a-zđ])\) (\S.*)$")
_NUMBER = r"\d+(?:,\d+)?"
_QUANTITY_RE = re.compile(
    rf"(?<![\d,./])(?P<low>{_NUMBER})(?: ?- ?(?P<high>{_NUMBER}))? ?"
    r"(?P<unit>%/năm|% GRDP|%|lần|triệu đồng|tỷ USD)(?![\w/])"
)
_QUALIFIER_RE = re.compile(
    r"(?:^|\s)(?P<word>ít nhất|tối thiểu|khoảng|trên|dưới|không quá|tối đa)\s*$", re.IGNORECASE
)
_QUALIFIERS = {
    "ít nhất": "at_least",
    "tối thiểu": "at_least",
    "khoảng": "about",
    "trên": "above",
    "dưới": "below",
    "không quá": "below",
    "tối đa": "below",
}
_REDUCE_RE = re.compile(r"\bgiảm\b", re.IGNORECASE)
_PER_YEAR_RE = re.compile(r"\b(?:hàng|mỗi) năm\b", re.IGNORECASE)
_BASELINE_RE = re.compile(r"so với năm (\d{4})")
_YEAR_RE = re.compile(r"(?<!so với )năm (\d{4})")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?]) +")


@dataclass(frozen=True)
class _Section:
    """A lettered target section of II.2 with its lines."""

    letter: str
    title: str
    line: _Line
    lines: tuple[_Line, ...]


def _specific_targets_block(section_ii: Sequence[_Line]) -> Sequence[_Line]:
    """Return the lines of II.2 ("Mục tiêu cụ thể ..."), up to the next subsection.

    Raises:
        PlanTextError: II.2 is missing.
    """
    start: int | None = None
    for index, line in enumerate(section_ii):
        match = _SUBSECTION_RE.match(line.text)
        if match is None:
            continue
        if start is not None:
            return section_ii[start:index]
        if match.group(2).lower().startswith("mục tiêu cụ thể"):
            start = index + 1
    if start is None:
        raise _not_the_plan(
            "thiếu mục II.2 'Mục tiêu cụ thể'",
            "section II.2 'Mục tiêu cụ thể' (specific targets) is missing",
        )
    return section_ii[start:]


def _target_sections(section_ii: Sequence[_Line]) -> list[_Section]:
    """Cut section II.2 into its lettered parts a) .. d).

    Raises:
        PlanTextError: II.2 is missing or its letters are not exactly a) to d).
    """
    block = _specific_targets_block(section_ii)
    heads = [
        (index, match)
        for index, line in enumerate(block)
        if (match := _LETTER_RE.match(line.text)) is not None
    ]
    letters = tuple(match.group(1) for _, match in heads)
    if letters != TARGET_SECTIONS:
        mismatched = [
            block[index].number
            for (index, match), want in zip(heads, TARGET_SECTIONS, strict=False)
            if match.group(1) != want
        ]
        ends = [block[heads[-1][0]].number] if heads else [None]
        wrong = (mismatched or ends)[0]
        raise PlanTextError(
            f"mục II.2 có các phần {letters}, cần {TARGET_SECTIONS}",
            f"section II.2 has target sections {letters}, expected {TARGET_SECTIONS}",
            line=wrong,
        )
    sections: list[_Section] = []
    for rank, (index, match) in enumerate(heads):
        end = heads[rank + 1][0] if rank + 1 < len(heads) else len(block)
        sections.append(
            _Section(match.group(1), match.group(2), block[index], tuple(block[index + 1 : end]))
        )
    return sections


def _sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (a period then a capitalised word)."""
    sentences: list[str] = []
    for part in _SENTENCE_END_RE.split(text):
        if sentences and not part[:1].isupper():
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    return sentences


def _balanced(text: str) -> bool:
    """Tell whether the round brackets of a text are balanced."""
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def _clean_clause(clause: str) -> str:
    """Trim spaces, separators and unbalanced brackets around a clause."""
    clause = clause.strip().strip(",;.").strip()
    if clause.startswith("(") and clause.endswith(")") and _balanced(clause[1:-1]):
        clause = clause[1:-1].strip()
    if clause.startswith("(") and clause.count("(") > clause.count(")"):
        clause = clause[1:].strip()
    if clause.endswith(")") and clause.count(")") > clause.count("("):
        clause = clause[:-1].strip()
    return clause.rstrip(".").strip()


def _clauses(item: str, line: _Line) -> list[str]:
    """Cut an item holding several values so that each clause holds one.

    The cut is made at the last comma or opening bracket between two values
    ("trên 98%, dân cư nông thôn ... trên 80%").

    Raises:
        PlanTextError: Two values are not separated by a comma or bracket.
    """
    matches = list(_QUANTITY_RE.finditer(item))
    cuts = [0]
    for before, after in zip(matches, matches[1:], strict=False):
        gap = item[before.end() : after.start()]
        position = max(gap.rfind(","), gap.rfind("("))
        if position < 0:
            raise PlanTextError(
                f"không tách được hai giá trị '{before.group(0)}' và '{after.group(0)}'",
                f"cannot separate the values '{before.group(0)}' and '{after.group(0)}'",
                line=line.number,
            )
        cuts.append(before.end() + position)
    cuts.append(len(item))
    return [_clean_clause(item[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]


def _statements(text: str, line: _Line) -> Iterator[str]:
    """Yield one statement per value of a target line.

    Sentences are split; a lead-in before a colon ("Cơ cấu kinh tế: ...") is
    repeated before each item of its ';'-separated list.
    """
    for sentence in _sentences(text):
        first = _QUANTITY_RE.search(sentence)
        if first is None:
            continue
        lead, body = "", sentence
        colon = sentence.find(":")
        if 0 <= colon < first.start():
            lead, body = sentence[:colon].strip(), sentence[colon + 1 :]
        for item in body.split(";"):
            if _QUANTITY_RE.search(item) is None:
                continue
            for clause in _clauses(item, line):
                yield f"{lead}: {clause}" if lead else clause


def _context(statement: str, match: re.Match[str]) -> tuple[str, str]:
    """The clause text right before and right after a value (up to , ; : ( ))."""
    before = statement[: match.start()]
    cut = max(before.rfind(mark) for mark in ",;:(")
    after = statement[match.end() :]
    ends = [after.find(mark) for mark in ",;)" if mark in after]
    return before[cut + 1 :], after[: min(ends)] if ends else after


def _number(text: str | None) -> float | None:
    """Parse a Vietnamese decimal ("9,5") or return None."""
    return float(text.replace(",", ".")) if text is not None else None


def _comparison(
    before: str, low: float, high: float | None
) -> tuple[str, float | None, float | None]:
    """Derive (comparison, value_min, value_max) from the words before a value."""
    qualifier = _QUALIFIER_RE.search(before)
    kind = _QUALIFIERS[qualifier.group("word").lower()] if qualifier else None
    if _REDUCE_RE.search(before):
        return "reduce_by", low, (None if kind == "at_least" else (high if high else low))
    if high is not None:
        return "range", low, high
    if kind == "at_least" or kind == "above":
        return kind, low, None
    if kind == "below":
        return kind, None, low
    return (kind or "equal"), low, low


def _target(section: _Section, rank: int, statement: str, line: _Line) -> Target:
    """Build one target (without English) from its statement."""
    match = _QUANTITY_RE.search(statement)
    assert match is not None
    before, after = _context(statement, match)
    low = _number(match.group("low"))
    assert low is not None
    comparison, value_min, value_max = _comparison(before, low, _number(match.group("high")))
    unit = match.group("unit")
    if unit == "%" and _PER_YEAR_RE.search(before):
        unit = "%/năm"
    baseline = _BASELINE_RE.search(after) or _BASELINE_RE.search(before)
    years = [int(y) for y in _YEAR_RE.findall(before + " " + after)]
    return Target(
        id=f"{section.letter}{rank}",
        section=section.letter,
        section_title_vi=section.title,
        indicator_vi=statement,
        indicator_en="",
        comparison=comparison,
        value_min=value_min,
        value_max=value_max,
        unit=unit,
        baseline_year=int(baseline.group(1)) if baseline else None,
        target_year=years[0] if years else DEFAULT_TARGET_YEAR,
        raw_line=line.number,
        raw_text=line.raw,
    )


def _parse_targets(section_ii: Sequence[_Line]) -> list[Target]:
    """Parse every quantified target of II.2 a) .. d).

    Raises:
        PlanTextError: II.2 or one of its sections is missing, or a section
            has no quantified target.
    """
    targets: list[Target] = []
    for section in _target_sections(section_ii):
        found = 0
        for line in section.lines:
            text = line.text.lstrip("-+ ").strip()
            for statement in _statements(text, line):
                found += 1
                targets.append(_target(section, found, statement, line))
        if not found:
            raise PlanTextError(
                f"mục tiêu {section.letter}) không có chỉ tiêu định lượng nào",
                f"target section {section.letter}) has no quantified target",
                line=section.line.number,
            )
    return targets


# --------------------------------------------------------------------------- English


def _english_table(english: Mapping[str, object], name: str) -> dict[str, str]:
    """Read one table ([groups], [tasks] or [targets]) of the English texts."""
    table = english.get(name)
    if not isinstance(table, Mapping):
        raise PlanTextError(
            f"bản tiếng Anh thiếu bảng [{name}]", f"the English texts have no [{name}] table"
        )
    result: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            raise PlanTextError(
                f"mục [{name}] {key!r} của bản tiếng Anh phải là chuỗi không rỗng",
                f"English [{name}] entry {key!r} must be a non-empty string",
            )
        result[key] = " ".join(value.split())
    return result


def _check_english_keys(name: str, table: Mapping[str, str], codes: Sequence[str]) -> None:
    """Require exactly one English entry per code, no more, no less."""
    missing = [code for code in codes if code not in table]
    unknown = sorted(set(table) - set(codes))
    if missing or unknown:
        group = None
        first = (missing or unknown)[0]
        if name == "groups" and first.isdigit():
            group = int(first)
        elif name == "tasks" and first.split(".")[0].isdigit():
            group = int(first.split(".")[0])
        raise PlanTextError(
            f"bản tiếng Anh [{name}]: thiếu {missing}, không có trong kế hoạch {unknown}",
            f"English [{name}]: missing {missing}, not in the plan {unknown}",
            group=group,
            task=first if name == "tasks" else None,
        )


def default_plan_dir() -> Path:
    """The ``layers/plan`` folder, in a checkout or in an installed wheel.

    Raises:
        FileNotFoundError: Neither location holds the plan text.
    """
    candidate = bundled_dir("layers") / "plan"
    if not (candidate / PLAN_FILE_NAME).is_file():
        raise FileNotFoundError(f"{PLAN_FILE_NAME} not found in {candidate}")
    return candidate


def _load_english(path: Path) -> dict[str, object]:
    """Read the English TOML file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PlanTextError(
            f"{path.name} không phải TOML hợp lệ: {exc}", f"{path.name} is not valid TOML: {exc}"
        ) from exc


# --------------------------------------------------------------------------- API


def parse_plan(text: str, *, english: Mapping[str, object] | None = None) -> Plan:
    """Parse and cross-check the text of Decision 148/QĐ-UBND.

    Args:
        text: The plain-text extraction (see ``layers/plan/SOURCE.md``).
        english: Parsed ``plan_en.toml`` (tables ``groups``, ``tasks``,
            ``targets``); None reads the default file next to the bundled text.

    Returns:
        The plan with its decision metadata, 18 groups, their tasks and the
        quantified targets of section II.2.

    Raises:
        PlanTextError: The text is not the expected document, its numbering or
            counts are inconsistent, or an English entry is missing or unknown.
    """
    if english is None:
        english = _load_english(default_plan_dir() / ENGLISH_FILE_NAME)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = _lines(text.removeprefix("\ufeff"))
    decision, body_start = _parse_decision(lines, sha256)
    sections = _roman_sections(lines, body_start)
    drafts = _parse_tasks(sections["III"])
    targets = _parse_targets(sections["II"])

    group_en = _english_table(english, "groups")
    task_en = _english_table(english, "tasks")
    target_en = _english_table(english, "targets")
    _check_english_keys("groups", group_en, [str(g.number) for g in drafts])
    _check_english_keys("tasks", task_en, [t.code for g in drafts for t in g.tasks])
    _check_english_keys("targets", target_en, [t.id for t in targets])

    groups = tuple(
        TaskGroup(
            number=g.number,
            title_vi=g.title,
            description_vi="\n".join(g.description),
            stated_task_count=g.stated,
            title_en=group_en[str(g.number)],
            raw_line=g.line.number,
        )
        for g in drafts
    )
    tasks = tuple(
        Task(
            code=t.code,
            group=t.group,
            seq=t.seq,
            text_vi="\n".join(t.texts),
            summary_en=task_en[t.code],
            raw_lines=tuple(line.number for line in t.lines),
            raw_text="\n".join(line.raw for line in t.lines),
        )
        for g in drafts
        for t in g.tasks
    )
    targets_en = tuple(dataclasses.replace(t, indicator_en=target_en[t.id]) for t in targets)
    return Plan(decision=decision, groups=groups, tasks=tasks, targets=targets_en)


def load_plan(path: Path | None = None) -> Plan:
    """Load the bundled plan text and its English companion, and parse them.

    The text is read as bytes (no newline translation) and must be the
    byte-exact copy of the signed decision: its SHA-256 must equal
    :data:`SOURCE_SHA256`. English comes from ``plan_en.toml`` next to the
    text, or from the bundled folder when there is none.

    Args:
        path: The plan text file, or a folder holding it; default: the copy in
            ``layers/plan`` (checkout) or ``webmap/_bundled/layers/plan`` (wheel).

    Returns:
        The parsed plan.

    Raises:
        PlanTextError: The text does not exist, cannot be parsed or is not the exact copy.
        FileNotFoundError: The bundled plan folder is missing (a broken installation).
    """
    if path is None:
        path = default_plan_dir() / PLAN_FILE_NAME
    path = Path(path)
    if path.is_dir():
        path = path / PLAN_FILE_NAME
    if not path.is_file():
        raise PlanTextError(f"không tìm thấy tệp {path.name}", f"{path.name} not found")
    english_path = path.parent / ENGLISH_FILE_NAME
    if not english_path.is_file():
        english_path = default_plan_dir() / ENGLISH_FILE_NAME
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_the_plan(f"{path.name} không phải UTF-8", f"{path.name} is not UTF-8") from exc
    plan = parse_plan(text, english=_load_english(english_path))
    if plan.decision.source_sha256 != SOURCE_SHA256:
        raise PlanTextError(
            f"{path.name} đọc được nhưng không phải bản sao nguyên vẹn của quyết định "
            f"(SHA-256 {plan.decision.source_sha256}, cần {SOURCE_SHA256})",
            f"{path.name} parses but is not the byte-exact copy of the decision "
            f"(SHA-256 {plan.decision.source_sha256}, expected {SOURCE_SHA256})",
        )
    return plan
