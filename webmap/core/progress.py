"""Task progress: what an officer reports on a task, checked, and each group's roll-up.

An entry is appended, never changed (the store keeps the history; the current state is the
latest entry). Before anything is stored every field is checked: the implementation status
(a code or its Vietnamese/English label), a percent written ``9,5`` or ``9.5`` within 0..100,
the reporting year and the effective date within the plan period (2023–2030, the date not in
the future), the lead agency, co-operating agencies separated by commas, and evidence as
``label | https://…`` lines plus files kept by :func:`webmap.core.evidence.keep_evidence`
(the form's ``evidence_files``). An editor limited to named agencies may only report on tasks
those agencies lead.

A group's percent rolls up from its tasks as Decidim's Accountability does: completed 100,
not started 0, in progress or ongoing at the percent stated (50 when none is), a task nobody
reported on 0; weighted by the group's weights (equal when none are set; a task a partial
set of weights does not name weighs 1). The linked sites' statuses (from :mod:`webmap.core.plan`)
are shown beside the reported progress, never mixed into it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from webmap.core import evidence as evidence_files
from webmap.core import plan
from webmap.domain.dates import parse_partial_date
from webmap.domain.text import fold, normalise
from webmap.errors import BadRequest, Conflict, Forbidden
from webmap.store import Store

#: Implementation status → (Vietnamese, English) label.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "not_started": ("Chưa triển khai", "Not started"),
    "in_progress": ("Đang triển khai", "In progress"),
    "completed": ("Hoàn thành", "Completed"),
    "ongoing": ("Thường xuyên, liên tục", "Ongoing (continuous)"),
}
STATUSES = tuple(STATUS_LABELS)
#: Form field → (Vietnamese, English) name, for messages.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "status": ("Tình trạng thực hiện", "Implementation status"),
    "percent": ("Tỷ lệ hoàn thành (%)", "Percent complete"),
    "period_year": ("Năm báo cáo", "Reporting year"),
    "effective_date": ("Ngày cập nhật", "Effective date"),
    "lead_agency": ("Cơ quan chủ trì", "Lead agency"),
    "partner_agencies": ("Cơ quan phối hợp", "Co-operating agencies"),
    "results": ("Kết quả thực hiện", "Results"),
    "obstacles": ("Khó khăn, vướng mắc", "Obstacles and difficulties"),
    "proposals": ("Đề xuất, kiến nghị", "Proposed solutions"),
    "evidence": ("Minh chứng", "Evidence"),
}
#: The plan period: reporting years and effective dates must fall within it.
FIRST_YEAR, LAST_YEAR = 2023, 2030
PERIOD_START, PERIOD_END = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
#: The yearly report covers 15 November of the year before to 14 November.
REPORT_DAY = (11, 14)
MAX_TEXT = 10_000
MAX_AGENCY = 200
MAX_EVIDENCE = 20
MAX_URL = 2000
#: Percent a status counts for when the entry states none.
STATUS_PERCENT = {"completed": 100.0, "not_started": 0.0, "in_progress": 50.0, "ongoing": 50.0}

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)*|[.,]\d+)$")

Problem = tuple[str, str, str]  # field, message in Vietnamese, message in English
Entry = dict[str, Any]


# --- numbers --------------------------------------------------------------------------------


def parse_number(value: Any) -> float | None:
    """A number as an officer writes it: ``9,5`` or ``9.5`` (one separator is the decimal
    mark), ``1.234,5`` or ``1,234.5`` (the last separator is the decimal mark), ``1.234.567``
    (repeated: thousands); a spreadsheet's number as it is. ``None`` for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value == value and abs(value) != float("inf") else None
    text = str(value if value is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.match(text):
        return None
    return float(_decimal_text(text))


def _decimal_text(text: str) -> str:
    """``text`` (already known to be digits and separators) with ``.`` as the decimal mark."""
    separators = [ch for ch in text if ch in ".,"]
    if not separators:
        return text
    last = text.rfind(separators[-1])
    if len(set(separators)) == 1 and len(separators) > 1:
        return text.replace(separators[0], "")  # 1.234.567: thousands only
    whole = text[:last].replace(".", "").replace(",", "")
    return f"{whole}.{text[last + 1 :]}"


# --- checking one field ---------------------------------------------------------------------


def raise_problems(problems: Sequence[Problem]) -> None:
    """:class:`BadRequest` naming every field at fault, if any: the messages joined, the
    first field as ``details["field"]``, all as ``details["fields"]`` (field → (vi, en))."""
    if problems:
        raise BadRequest(
            " ".join(vi for _, vi, _ in problems),
            " ".join(en for _, _, en in problems),
            field=problems[0][0],
            fields={name: (vi, en) for name, vi, en in problems},
        )


def _problem(field: str, vi: str, en: str) -> Problem:
    label_vi, label_en = FIELD_LABELS.get(field, (field, field))
    return field, f"{label_vi}: {vi}", f"{label_en}: {en}"


def status_code(value: Any) -> str | None:
    """A status from its code or its Vietnamese/English label (accents and case ignored)."""
    text = fold(str(value or ""))
    for code, (vi, en) in STATUS_LABELS.items():
        if text in (fold(code), fold(vi), fold(en)):
            return code
    return None


def _status(form: Mapping[str, Any], problems: list[Problem]) -> str | None:
    code = status_code(form.get("status"))
    if code is None:
        names = ", ".join(vi for vi, _ in STATUS_LABELS.values())
        names_en = ", ".join(en for _, en in STATUS_LABELS.values())
        problems.append(_problem("status", f"chọn một trong: {names}.", f"choose {names_en}."))
    return code


def _percent(form: Mapping[str, Any], status: str | None, problems: list[Problem]) -> float | None:
    text = str(form.get("percent") or "").strip().rstrip("%").strip()
    if not text:
        return None
    value = parse_number(text)
    if value is None or not 0 <= value <= 100:
        problems.append(
            _problem(
                "percent",
                f"“{text[:40]}” không phải số từ 0 đến 100 (ví dụ 9,5).",
                f"“{text[:40]}” is not a number from 0 to 100 (e.g. 9.5).",
            )
        )
        return None
    if (status == "completed" and value < 100) or (status == "not_started" and value > 0):
        problems.append(
            _problem(
                "percent",
                "không khớp với tình trạng (hoàn thành là 100, chưa triển khai là 0).",
                "does not match the status (completed is 100, not started is 0).",
            )
        )
    return value


def report_year(day: date) -> int:
    """The yearly report a date belongs to: after 14 November it is next year's."""
    return day.year + 1 if (day.month, day.day) > REPORT_DAY else day.year


def _effective_date(
    form: Mapping[str, Any], today: date, problems: list[Problem]
) -> date | None:
    text = str(form.get("effective_date") or "").strip()
    if not text:
        return today
    parsed = parse_partial_date(text)
    if parsed is None:
        problems.append(
            _problem(
                "effective_date",
                f"“{text[:40]}” không phải ngày (ví dụ 17/05/2024).",
                f"“{text[:40]}” is not a date (e.g. 17/05/2024 or 2024-05-17).",
            )
        )
        return None
    day = parsed[0]
    if not PERIOD_START <= day <= PERIOD_END or day > today:
        problems.append(
            _problem(
                "effective_date",
                f"phải trong thời kỳ kế hoạch {FIRST_YEAR}–{LAST_YEAR} và không ở tương lai.",
                f"must be within the plan period {FIRST_YEAR}–{LAST_YEAR} and not in the future.",
            )
        )
        return None
    return day


def _period_year(form: Mapping[str, Any], day: date | None, problems: list[Problem]) -> int | None:
    text = str(form.get("period_year") or "").strip()
    if not text:
        if day is None:
            return None  # the date's own problem is reported
        text = str(report_year(day))
    year = int(text) if text.isdigit() else None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(
            _problem(
                "period_year",
                f"phải là một năm từ {FIRST_YEAR} đến {LAST_YEAR}.",
                f"must be a year from {FIRST_YEAR} to {LAST_YEAR}.",
            )
        )
        return None
    return year


def _agency(form: Mapping[str, Any], problems: list[Problem]) -> str:
    name = " ".join(str(form.get("lead_agency") or "").split())
    if not name or len(name) > MAX_AGENCY:
        problems.append(
            _problem(
                "lead_agency",
                f"cần ghi tên cơ quan chủ trì (tối đa {MAX_AGENCY} ký tự).",
                f"name the lead agency ({MAX_AGENCY} characters at most).",
            )
        )
    return name


def split_agencies(value: Any) -> list[str]:
    """Agency names, trimmed, without repeats: a list as given, or text separated by
    commas — or by semicolons or lines when it has any, since names such as "Sở Lao động,
    Thương binh và Xã hội" contain a comma."""
    if isinstance(value, list | tuple):
        parts = [str(v) for v in value]
    else:
        text = str(value or "")
        parts = re.split(r"[;\n]" if re.search(r"[;\n]", text) else ",", text)
    names = [" ".join(part.split()) for part in parts]
    return list(dict.fromkeys(name for name in names if name))


def _partners(form: Mapping[str, Any], lead: str, problems: list[Problem]) -> list[str]:
    names = [n for n in split_agencies(form.get("partner_agencies")) if n != lead]
    if any(len(n) > MAX_AGENCY for n in names):
        problems.append(
            _problem(
                "partner_agencies",
                f"mỗi tên tối đa {MAX_AGENCY} ký tự; phân cách bằng dấu phẩy.",
                f"each name {MAX_AGENCY} characters at most; separate them with commas.",
            )
        )
    return names


def _texts(form: Mapping[str, Any], problems: list[Problem]) -> dict[str, str]:
    out = {}
    for name in ("results", "obstacles", "proposals"):
        text = str(form.get(name) or "").strip()
        if len(text) > MAX_TEXT:
            problems.append(
                _problem(name, f"tối đa {MAX_TEXT} ký tự.", f"{MAX_TEXT} characters at most.")
            )
        out[name] = text[:MAX_TEXT]
    return out


# --- evidence -------------------------------------------------------------------------------


def is_web_url(url: str) -> bool:
    """An ``http``/``https`` address with a host and no spaces."""
    parts = urlsplit(url)
    ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    return ok and not re.search(r"\s", url) and len(url) <= MAX_URL


def _evidence_pairs(form: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, url) pairs: from ``label | url`` lines, or from parallel lists of URLs
    (``evidence``) and labels (``evidence_label``) as a form with repeated fields sends."""
    value = form.get("evidence")
    if isinstance(value, list | tuple):
        labels = list(form.get("evidence_label") or [])
        labels += [""] * (len(value) - len(labels))
        pairs = [(str(label), str(url)) for label, url in zip(labels, value, strict=False)]
    else:
        pairs = []
        for line in str(value or "").splitlines():
            label, bar, url = line.rpartition("|")
            pairs.append((label, url) if bar else ("", line))
    return [(" ".join(lb.split()), url.strip()) for lb, url in pairs if url.strip() or lb.strip()]


def _evidence_file(item: Any) -> dict[str, Any] | None:
    """A kept file's evidence item as :func:`~webmap.core.evidence.keep_evidence` made it,
    or ``None`` for anything else."""
    if not isinstance(item, Mapping) or not evidence_files.is_evidence_file(item.get("file")):
        return None
    sha, size = item.get("sha256"), item.get("size")
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        return None
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        return None
    label = " ".join(str(item.get("label") or "").split())[:200]
    return {
        "label": label or item["file"].rpartition("/")[2],
        "file": item["file"],
        "sha256": sha,
        "size": size,
    }


def _kept_files(form: Mapping[str, Any], problems: list[Problem]) -> list[dict[str, Any]]:
    items = []
    for item in form.get("evidence_files") or []:
        checked = _evidence_file(item)
        if checked is None:
            problems.append(
                _problem("evidence", "tệp minh chứng không hợp lệ.", "invalid evidence file.")
            )
        else:
            items.append(checked)
    return items


def _evidence(form: Mapping[str, Any], problems: list[Problem]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for number, (label, url) in enumerate(_evidence_pairs(form), start=1):
        if not is_web_url(url):
            problems.append(
                _problem(
                    "evidence",
                    f"dòng {number}: “{url[:60]}” không phải địa chỉ http(s)://.",
                    f"line {number}: “{url[:60]}” is not an http(s):// address.",
                )
            )
            continue
        items.append({"label": label[:200] or urlsplit(url).hostname or url, "url": url})
    items += _kept_files(form, problems)
    if len(items) > MAX_EVIDENCE:
        problems.append(
            _problem("evidence", f"tối đa {MAX_EVIDENCE} dòng.", f"{MAX_EVIDENCE} lines at most.")
        )
    return items


# --- recording an entry ---------------------------------------------------------------------


def check_entry(code: str, form: Mapping[str, Any], *, today: date | None = None) -> Entry:
    """The store's entry for task ``code`` from a form, or :class:`BadRequest` naming every
    field at fault (``details["fields"]``: field → (vi, en))."""
    today = today or date.today()
    problems: list[Problem] = []
    status = _status(form, problems)
    percent = _percent(form, status, problems)
    day = _effective_date(form, today, problems)
    year = _period_year(form, day, problems)
    lead = _agency(form, problems)
    entry = {
        "task_code": code,
        "period_year": year,
        "status": status,
        "percent": percent,
        "effective_date": day,
        "lead_agency": lead,
        "partner_agencies": _partners(form, lead, problems),
        **_texts(form, problems),
        "evidence": _evidence(form, problems),
    }
    raise_problems(problems)
    return entry


def _same_agency(name: str, agencies: Sequence[str]) -> bool:
    return normalise(name) in {normalise(a) for a in agencies}


def check_agency(lead: str, current: Mapping[str, Any] | None, agencies: Sequence[str]) -> None:
    """:class:`Forbidden` unless an editor limited to ``agencies`` may report on the task:
    its current lead agency (when reported) and the entry's are both among them."""
    if not agencies:
        return
    owner = str((current or {}).get("lead_agency") or "")
    if owner and not _same_agency(owner, agencies):
        raise Forbidden(
            f"Nhiệm vụ do {owner} chủ trì; tài khoản này chỉ báo cáo cho: "
            f"{', '.join(agencies)}.",
            f"The task is led by {owner}; this account reports only for: {', '.join(agencies)}.",
        )
    if not _same_agency(lead, agencies):
        raise Forbidden(
            f"Tài khoản này chỉ báo cáo cho: {', '.join(agencies)}; không ghi được "
            f"cơ quan chủ trì {lead}.",
            f"This account reports only for: {', '.join(agencies)}; it cannot name {lead} as "
            "the lead agency.",
        )


_COMPARED = ("period_year", "status", "percent", "effective_date", "lead_agency")
_COMPARED_TEXT = ("partner_agencies", "results", "obstacles", "proposals", "evidence")


def _unchanged(entry: Mapping[str, Any], current: Mapping[str, Any] | None) -> bool:
    if current is None:
        return False
    return all(entry[k] == current.get(k) for k in _COMPARED + _COMPARED_TEXT)


def record_task_progress(
    store: Store,
    code: str,
    form: Mapping[str, Any],
    *,
    by: str,
    agencies: list[str] | None,
) -> int:
    """Check a progress form for task ``code`` and append the entry; returns its id.

    Raises:
        NotFound: for an unknown task.
        BadRequest: naming every field at fault; nothing is stored.
        Forbidden: when ``agencies`` (the editor's; empty = every task) do not lead the task.
        Conflict: when the entry repeats the current one exactly.
    """
    plan.get_task(store, code)
    entry = check_entry(code, form)
    history = store.task_progress_history(code)
    current = history[-1] if history else None
    check_agency(entry["lead_agency"], current, agencies or [])
    if _unchanged(entry, current):
        raise Conflict(
            f"Nhiệm vụ {code} đã có đúng báo cáo này; không lưu trùng.",
            f"Task {code} already has exactly this entry; nothing stored twice.",
        )
    return store.add_task_progress(entry, actor=by)


def task_progress_history(store: Store, code: str) -> list[Entry]:
    """A task's progress entries, newest first (the first is current)."""
    plan.get_task(store, code)
    return list(reversed(store.task_progress_history(code)))


# --- roll-up --------------------------------------------------------------------------------


def task_percent(status: str | None, percent: float | None) -> float:
    """How far a task is by its current entry: completed 100, not started or none 0,
    in progress/ongoing at its percent (50 when it states none)."""
    if status in ("in_progress", "ongoing") and percent is not None:
        return float(percent)
    return STATUS_PERCENT.get(status or "", 0.0)


def weighted_percent(tasks: Sequence[Mapping[str, Any]], weights: Mapping[str, float]) -> float:
    """The weighted mean of the tasks' ``percent`` (equal weights when ``weights`` is empty;
    a task it does not name weighs 1); 0 for no tasks or weights adding up to 0."""
    pairs = [(float(weights.get(t["code"], 1.0)), float(t["percent"])) for t in tasks]
    total = sum(w for w, _ in pairs)
    return round(sum(w * p for w, p in pairs) / total, 1) if total else 0.0


def _task_row(task: Mapping[str, Any], current: Mapping[str, Any] | None) -> Entry:
    status = current["status"] if current else None
    percent = current.get("percent") if current else None
    return {
        **task,
        "current": dict(current) if current else None,
        "status": status,
        "percent": task_percent(status, percent),
    }


def _involves(current: Mapping[str, Any] | None, agency: str) -> bool:
    """Whether ``agency`` leads or co-operates on the entry."""
    if current is None:
        return False
    names = [str(current.get("lead_agency") or ""), *(current.get("partner_agencies") or [])]
    return _same_agency(agency, names)


def _group_row(group: Mapping[str, Any], tasks: list[Entry], weights: dict[str, float]) -> Entry:
    counts = Counter(t["status"] or "no_report" for t in tasks)
    return {
        "number": group["number"],
        "title_vi": group["title_vi"],
        "title_en": group["title_en"],
        "percent": weighted_percent(tasks, weights),
        "weights": weights,
        "counts": {s: counts.get(s, 0) for s in (*STATUSES, "no_report")},
        "reported": sum(t["current"] is not None for t in tasks),
        "task_count": len(tasks),
        "tasks": tasks,
        # Sites are shown beside the progress, never counted in it.
        "linked_count": group["linked_count"],
        "status_breakdown": group["status_breakdown"],
    }


def group_progress(store: Store, *, agency: str | None = None) -> list[Entry]:
    """Every group (plan order) with its weighted percent, task counts by status
    (``no_report`` for none), its tasks each with its ``current`` entry, ``status`` and
    ``percent``, and its linked sites' ``status_breakdown`` beside. With ``agency``, only
    tasks it leads or co-operates on (groups left empty are dropped)."""
    current = store.current_task_progress()
    out = []
    for group in plan.list_groups(store):
        tasks = [_task_row(t, current.get(t["code"])) for t in group["tasks"]]
        if agency:
            tasks = [t for t in tasks if _involves(t["current"], agency)]
            if not tasks:
                continue
        out.append(_group_row(group, tasks, store.group_weights(group["number"])))
    return out


def not_reported(store: Store, year: int) -> list[Entry]:
    """Tasks with no entry for reporting year ``year``, ordered by their lead agency (as
    last reported; unknown last) then plan order; each with ``lead_agency``."""
    reported = store.current_task_progress(year)
    latest = store.current_task_progress()
    rows = []
    for order, task in enumerate(store.tasks()):
        if task["code"] in reported:
            continue
        lead = str((latest.get(task["code"]) or {}).get("lead_agency") or "")
        rows.append((not lead, fold(lead), order, {**task, "lead_agency": lead}))
    return [row[-1] for row in sorted(rows, key=lambda r: r[:3])]


# --- settings (admins) ----------------------------------------------------------------------


def set_weights(store: Store, group: int, form: Mapping[str, str], *, by: str) -> None:
    """Set a group's weights from ``{task code: "1,5"}`` (blank: not weighted — all blank
    means equal weights); :class:`BadRequest` for a weight that is not a number ≥ 0."""
    weights: dict[str, float] = {}
    for code, text in form.items():
        if not str(text).strip():
            continue
        value = parse_number(text)
        if value is None or value < 0:
            raise BadRequest(
                f"Trọng số của nhiệm vụ {code}: “{str(text)[:40]}” không phải số ≥ 0.",
                f"Weight of task {code}: “{str(text)[:40]}” is not a number ≥ 0.",
                field=f"weight_{code}",
            )
        weights[code] = value
    store.set_group_weights(group, weights, actor=by)


def set_user_agencies(store: Store, username: str, agencies: Sequence[str], *, by: str) -> None:
    """Limit an editor to the tasks of ``agencies`` (none: every task)."""
    store.set_user_agencies(username, split_agencies(list(agencies)), actor=by)
