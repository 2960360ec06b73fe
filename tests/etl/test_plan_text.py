"""Tests for etl.plan_text: the parser of Decision 148/QĐ-UBND (Green Growth Action Plan)."""

from __future__ import annotations

import hashlib
import pickle
import re
import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest

from etl.plan_text import (
    COMPARISONS,
    DECISION_NUMBER,
    ENGLISH_FILE_NAME,
    PLAN_FILE_NAME,
    SOURCE_SHA256,
    Plan,
    default_plan_dir,
    is_vietnamese_syllable,
    load_plan,
    parse_plan,
    repair_text,
)
from webmap.errors import GreenMapError, PlanTextError

PLAN_DIR = Path(__file__).resolve().parents[2] / "layers" / "plan"
STATED_COUNTS = (2, 2, 2, 3, 2, 3, 2, 6, 7, 3, 7, 6, 12, 6, 5, 2, 2, 2)


@pytest.fixture(scope="module")
def raw() -> str:
    """The bundled plan text, exactly as stored."""
    return (PLAN_DIR / PLAN_FILE_NAME).read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def english() -> dict[str, object]:
    """The English companion file."""
    return tomllib.loads((PLAN_DIR / ENGLISH_FILE_NAME).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan() -> Plan:
    """The plan as loaded by the public loader."""
    return load_plan()


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _index(lines: list[str], prefix: str) -> int:
    """Index of the only line starting with ``prefix``."""
    found = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    assert len(found) == 1, (prefix, found)
    return found[0]


def _parse_error(text: str, english: dict[str, object]) -> PlanTextError:
    with pytest.raises(PlanTextError) as info:
        parse_plan(text, english=english)
    return info.value


# --------------------------------------------------------------------------- fragment checker

# "ở", "ô nhiễm", "ý kiến", "y tế", and the roman numeral of "cấp V"
REAL_ONE_LETTER_WORDS = frozenset({"ở", "ô", "ý", "y", "Y", "V"})
NON_VIETNAMESE_WORDS = frozenset({"carbon", "logistics", "TTg"})
_PUNCT = ".,;:()“”\"'!?…"
_CONSONANTS_ONLY = re.compile(r"^[bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX]+$")


def _is_fragment(word: str) -> bool:
    """Tell whether one word looks like a piece of a split syllable."""
    if word in NON_VIETNAMESE_WORDS or word in REAL_ONE_LETTER_WORDS:
        return False
    if len(word) == 1 or (_CONSONANTS_ONLY.match(word) and not word.isupper()):
        return True
    return not word.isupper() and not is_vietnamese_syllable(word)


def split_fragments(text: str) -> list[str]:
    """Return the traces of split syllables or numbers left in a text.

    Flags lone lowercase consonant clusters ("nh"), lone letters that are not
    real one-letter words ("ụ", "i"), lowercase tokens that are not
    well-formed Vietnamese syllables ("xuấ", "biể"), years or days split by a
    space ("202 4", "1 9/6/2015") and double spaces.
    """
    found: list[str] = []
    if "  " in text:
        found.append("double space")
    found += re.findall(r"(?<![\d,./])\d{1,3} \d{1,3}(?![\d%,./])", text)
    found += re.findall(r"(?<![\d/])\d \d{1,2}/\d{1,2}/\d{4}", text)
    for word in re.split(r"[\s\-–/]+", text):
        word = word.strip(_PUNCT)
        if word and word.isalpha() and _is_fragment(word):
            found.append(word)
    return found


def _all_vietnamese(plan: Plan) -> list[str]:
    decision = plan.decision
    texts = [decision.title_vi, decision.issuer, decision.signer, *decision.legal_bases]
    texts += [g.title_vi for g in plan.groups] + [g.description_vi for g in plan.groups]
    texts += [t.text_vi for t in plan.tasks]
    texts += [t.indicator_vi for t in plan.targets] + [t.section_title_vi for t in plan.targets]
    return texts


def test_checker_finds_the_fragments_of_the_raw_text(raw: str) -> None:
    flagged = split_fragments(raw.replace("  ", " "))
    for fragment in ("M", "K", "ụ", "ì", "nh", "xuấ", "i", "ể", "q", "202 4", "1 9/6/2015"):
        assert fragment in flagged
    assert split_fragments("năm 202 4") == ["202 4"]
    assert split_fragments("ngày 1 9/6/2015") == ["1 9/6/2015"]
    assert split_fragments("Mục tiêu cụ thể, nhà ở, ô nhiễm, Y tế, cấp V, 8 - 8,5%") == []


def test_no_split_fragment_remains_in_the_parsed_output(plan: Plan) -> None:
    leftovers = {text[:40]: split_fragments(text) for text in _all_vietnamese(plan)}
    assert {k: v for k, v in leftovers.items() if v} == {}


# --------------------------------------------------------------------------- repair_text


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("M ụ c tiêu", "Mục tiêu"),
        ("t ì nh trạng", "tình trạng"),
        ("bi ể n đảo", "biển đảo"),
        ("nhà k í nh", "nhà kính"),
        ("s ố  1658", "số 1658"),
        ("xây dựng K ế  hoạch", "xây dựng Kế hoạch"),
        ("- C ổ ng Thông tin Điện t ử  tỉnh;", "- Cổng Thông tin Điện tử tỉnh;"),
        ("năm 202 4", "năm 2024"),
        ("ngày  1 9/6/2015;", "ngày 19/6/2015;"),
        ("- TT: Tỉnh  ủ y, HĐND tỉnh;", "- TT: Tỉnh ủy, HĐND tỉnh;"),
        ("theo  q uy định", "theo quy định"),
        ("điện s i nh khối", "điện sinh khối"),
        ("sản xuấ t  nông nghiệp", "sản xuất nông nghiệp"),
        ("điểm “ đấu nố i   ”  vào", "điểm “đấu nối” vào"),
        ("Xanh hóa qu á  trình", "Xanh hóa quá trình"),
        ("biến đ ổ i khí hậu", "biến đổi khí hậu"),
        ("bình đ ẳ ng, bao trùm", "bình đẳng, bao trùm"),
        ("+   V ề kinh tế,  việc", "+ Về kinh tế, việc"),
        ("kinh tế c ầ n được", "kinh tế cần được"),
        ("du lịch thể thao mạo hi ể m", "du lịch thể thao mạo hiểm"),
        (" Số:  148 /QĐ-UBND", "Số: 148/QĐ-UBND"),
        ("ứng phó (BĐKH) , khai thác", "ứng phó (BĐKH), khai thác"),
        ("hàng năm  . Sở", "hàng năm. Sở"),
        # the same rule on syllables that are not in the file
        ("có c ầ n", "có cần"),
        ("Ngh ĩ a", "Nghĩa"),
        ("ĐI Ề U 1", "ĐIỀU 1"),
        ("hi ể u biết", "hiểu biết"),
        ("qu ố c gia", "quốc gia"),
        ("ng h i ê ng", "nghiêng"),
        ("gi ữ gìn", "giữ gìn"),
    ],
)
def test_repair_text_fixes_split_syllables(broken: str, fixed: str) -> None:
    assert repair_text(broken) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "và ở",
        "đi ô tô",
        "a) Mục tiêu",
        "Bộ Y tế",
        "17. Y tế, bao gồm 02 nhóm nhiệm vụ cụ thể",
        "đóng góp ý kiến, góp phần",
        "tiếng ồn ở các đô thị",
        "sản xuất ô tô điện, xe máy điện",
        "mùa thu ở Bạc Liêu",
        "tiêu chuẩn tối thiểu cấp V đồng bằng",
        "- Lưu VT, CH (QĐ 12).",
        "- CT, các PCT UBND tỉnh;",
        "- Cục Thống kê, Ngân hàng NNVN - CN tỉnh;",
        "theo khoản 6 Điều 79 Luật Bảo vệ môi trường 2020",
        "Bạc Liêu, ngày 29 tháng 5 năm 2024",
        "khoảng 8 - 8,5%/năm",
        "ngày 4 9/6/2015",
        "điểm a khoản 1",
        "u ám, e ngại, ì ạch",
        "sức khỏe .cộng đồng",
        "giai đoạn 2021- 2030",
        "Việt 'Nam",
    ],
)
def test_repair_text_leaves_real_words_alone(text: str) -> None:
    assert repair_text(text) == text


def test_repair_text_keeps_lines_and_is_idempotent(raw: str) -> None:
    repaired = repair_text(raw)
    assert repaired.count("\n") == raw.count("\n")
    assert repair_text(repaired) == repaired
    assert "M ụ c" not in repaired and "Mục tiêu cụ thể đến năm 2030" in repaired


@pytest.mark.parametrize(
    "word", ["Mục", "nghiêng", "quy", "ủy", "quốc", "giữ", "khuyến", "Thiều", "ĐIỀU", "thuở"]
)
def test_is_vietnamese_syllable_accepts(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["M", "biể", "xuấ", "nhàở", "tếc", "Tỉnhủ", "cấpV", "mÚc", "điô", "1658", ""]
)
def test_is_vietnamese_syllable_rejects(word: str) -> None:
    assert not is_vietnamese_syllable(word)


def test_is_vietnamese_syllable_applies_spelling_rules() -> None:
    for word in ("ki", "kẻ", "ghế", "nghĩa", "cá", "gà", "ngà", "quạt", "yên", "khuya"):
        assert is_vietnamese_syllable(word), word
    for word in ("ci", "ka", "gha", "ngi", "ngha", "ca\u0300c", "tềp", "byên", "quu"):
        assert not is_vietnamese_syllable(word), word


# --------------------------------------------------------------------------- decision


def test_decision_metadata(plan: Plan, raw: str) -> None:
    decision = plan.decision
    assert decision.number == DECISION_NUMBER == "148/QĐ-UBND"
    assert decision.issuer == "Ủy ban nhân dân tỉnh Bạc Liêu"
    assert decision.place == "Bạc Liêu"
    assert decision.signed_on == date(2024, 5, 29)
    assert decision.plan_heading_date == date(2024, 5, 19)
    assert decision.signer == "Phạm Văn Thiều"
    assert decision.signer_title == "Chủ tịch"
    assert decision.title_vi == (
        "Ban hành Kế hoạch hành động tăng trưởng xanh tỉnh Bạc Liêu giai đoạn 2023 - 2030"
    )
    assert decision.source_sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()
    assert decision.source_sha256 == SOURCE_SHA256


def test_legal_bases_are_repaired(plan: Plan) -> None:
    bases = plan.decision.legal_bases
    assert len(bases) == 5
    assert all(basis.startswith("Căn cứ ") for basis in bases)
    assert "ngày 19/6/2015;" in bases[0]
    assert "Quyết định số 1658/QĐ-TTg ngày 01/10/2021" in bases[1]
    assert "Quyết định số 882/QĐ-TTg" in bases[2]
    assert "xây dựng Kế hoạch hành động" in bases[3]
    assert "Thông tư số 10/2023/TT-BKHĐT" in bases[4]


def test_source_md_and_bundled_copy_agree() -> None:
    data = (PLAN_DIR / PLAN_FILE_NAME).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == SOURCE_SHA256
    source_md = (PLAN_DIR / "SOURCE.md").read_text(encoding="utf-8")
    assert source_md.count(digest) == 2  # Vietnamese and English parts
    assert source_md.index("## Tiếng Việt") < source_md.index("## English")
    assert default_plan_dir() == PLAN_DIR


# --------------------------------------------------------------------------- groups and tasks


def test_eighteen_groups_and_all_their_tasks(plan: Plan) -> None:
    assert [g.number for g in plan.groups] == list(range(1, 19))
    # The document states 18 groups ("gồm 18 nhóm nhiệm vụ") and per-group counts that add up to
    # 74, and it numbers 74 tasks.
    assert len(plan.tasks) == sum(STATED_COUNTS) == 74


def test_every_group_has_its_stated_number_of_tasks(plan: Plan) -> None:
    assert tuple(g.stated_task_count for g in plan.groups) == STATED_COUNTS
    for group in plan.groups:
        tasks = plan.tasks_of(group.number)
        assert len(tasks) == group.stated_task_count, group.number
        assert [t.code for t in tasks] == [f"{group.number}.{i}" for i in range(1, len(tasks) + 1)]
        assert all(t.group == group.number for t in tasks)


def test_group_titles_descriptions_and_lines(plan: Plan) -> None:
    energy = plan.group(8)
    assert energy.title_vi == "Năng lượng"
    assert energy.description_vi.startswith("Bảo đảm an ninh năng lượng")
    assert energy.description_vi.endswith("tiến tới xây dựng lưới điện thông minh")
    assert energy.raw_line == 103 and energy.title_en == "Energy"
    assert plan.group(17).title_vi == "Y tế" and plan.group(17).description_vi == ""
    assert plan.group(4).title_vi == (
        "Huy động nguồn lực tài chính và thúc đẩy đầu tư cho tăng trưởng xanh"
    )
    assert plan.group(13).stated_task_count == 12 and plan.group(13).raw_line == 138
    assert plan.group(16).stated_task_count == 2  # stated as "có 02 nhóm nhiệm vụ"


def test_task_8_5(plan: Plan) -> None:
    task = plan.task("8.5")
    assert task.group == 8 and task.seq == 5 and task.raw_lines == (108,)
    assert task.text_vi == (
        "Theo dõi, phối hợp với địa phương và các Sở, Ngành có liên quan hỗ trợ các chủ đầu tư "
        "thực hiện các thủ tục liên quan nhằm đẩy nhanh tiến độ, hoàn thành các dự án năng lượng "
        "tái tạo, các dự án điện gió, điện mặt trời trên địa bàn tỉnh"
    )
    assert task.raw_text.startswith("8.5. Theo dõi")
    assert "renewable" in task.summary_en


def test_task_13_3_names_the_three_waste_sites(plan: Plan) -> None:
    task = plan.task("13.3")
    assert task.raw_lines == (141,)
    assert task.text_vi.startswith("Triển khai thu hút, kêu gọi đầu tư xây dựng 03 khu xử lý")
    assert "Khu xử lý rác thải Châu Hưng (cụm Bạc Liêu - Hòa Bình - Vĩnh Lợi);" in task.text_vi
    assert "khu xử lý rác thải cụm Giá Rai - Đông Hải;" in task.text_vi
    assert task.text_vi.endswith("khu xử lý rác thải cụm Phước Long - Hồng Dân.")
    for place in ("Châu Hưng", "Giá Rai – Đông Hải", "Phước Long – Hồng Dân"):
        assert place in task.summary_en


def test_task_12_3_includes_its_continuation_paragraph(plan: Plan) -> None:
    task = plan.task("12.3")
    assert task.raw_lines == (133, 134)
    first, second = task.text_vi.split("\n")
    assert first.startswith("Xây dựng nông thôn mới có lối sống hòa hợp với môi trường")
    assert second == (
        "Xây dựng và nhân rộng các mô hình sản xuất ở nông thôn theo hướng kinh tế tuần hoàn, "
        "phát triển các sản phẩm OCOP xanh, du lịch nông thôn bền vững, thân thiện với môi trường."
    )
    assert task.raw_text.count("\n") == 1
    assert "nhân rộng" not in plan.task("12.4").text_vi


def test_appendix_note_is_not_part_of_the_last_task(plan: Plan) -> None:
    last = plan.task("18.2")
    assert last.raw_lines == (172,)
    assert "Phụ lục" not in last.text_vi


@pytest.mark.parametrize(
    ("code", "split", "repaired"),
    [
        ("2.2", "lối s ố ng xanh", "lối sống xanh"),
        ("11.4", "g ắ n với", "gắn với"),
        ("12.1", "nhà k í nh", "nhà kính"),
        ("12.6", "sản xuấ t  nông", "sản xuất nông"),
        ("13.9", "t ì nh trạng", "tình trạng"),
        ("14.4", "t ì nh trạng", "tình trạng"),
        ("18.2", "nghỉ dưỡng bi ể n đảo", "nghỉ dưỡng biển đảo"),
        ("18.2", "kinh tế bi ể n xanh", "kinh tế biển xanh"),
        ("18.2", "mạo hi ể m", "mạo hiểm"),
    ],
)
def test_tasks_with_split_syllables_are_repaired(
    plan: Plan, code: str, split: str, repaired: str
) -> None:
    task = plan.task(code)
    assert split in task.raw_text
    assert repaired in task.text_vi
    assert split not in task.text_vi


def test_english_for_every_group_task_and_target(plan: Plan, english: dict[str, object]) -> None:
    assert english["note"] == (
        "Unofficial English translation by GreenMap; "
        "the Vietnamese text of Decision 148/QĐ-UBND is authoritative."
    )
    assert all(g.title_en for g in plan.groups)
    assert all(t.summary_en.endswith(".") for t in plan.tasks)
    assert all(t.indicator_en for t in plan.targets)
    assert plan.group(13).title_en == "Waste management and air quality management"


def test_lookup_helpers(plan: Plan) -> None:
    assert plan.task("13.10").seq == 10
    assert len(plan.tasks_of(13)) == 12 and plan.tasks_of(99) == ()
    with pytest.raises(KeyError):
        plan.task("13.13")
    with pytest.raises(KeyError):
        plan.group(19)


# --------------------------------------------------------------------------- targets

TARGETS = [
    # id, comparison, min, max, unit, baseline year, target year, source line
    ("a1", "reduce_by", 15.0, None, "%", 2014, 2030, 54),
    ("a2", "reduce_by", 43.5, 43.5, "%", None, 2030, 55),
    ("b1", "range", 9.5, 10.5, "%/năm", None, 2030, 58),
    ("b2", "range", 3.5, 4.0, "lần", 2020, 2030, 58),
    ("b3", "about", 29.0, 29.0, "%", None, 2030, 59),
    ("b4", "about", 36.4, 36.4, "%", None, 2030, 59),
    ("b5", "about", 32.0, 32.0, "%", None, 2030, 59),
    ("b6", "about", 187.0, 187.0, "triệu đồng", None, 2030, 60),
    ("b7", "about", 2.0, 2.0, "tỷ USD", None, 2030, 61),
    ("b8", "about", 1.7, 1.7, "tỷ USD", None, 2030, 61),
    ("b9", "range", 8.0, 8.5, "%/năm", None, 2030, 62),
    ("b10", "range", 20.0, 25.0, "% GRDP", None, 2030, 63),
    ("b11", "equal", 100.0, 100.0, "%", None, 2030, 64),
    ("c1", "above", 50.0, None, "%", None, 2030, 67),
    ("c2", "above", 20.0, None, "%", None, 2030, 67),
    ("c3", "equal", 100.0, 100.0, "%", None, 2030, 67),
    ("c4", "about", 90.0, 90.0, "%", None, 2030, 67),
    ("c5", "equal", 100.0, 100.0, "%", None, 2030, 68),
    ("c6", "range", 1.7, 1.8, "%", None, 2030, 70),
    ("c7", "equal", 100.0, 100.0, "%", None, 2030, 71),
    ("d1", "above", 98.0, None, "%", None, 2030, 74),
    ("d2", "above", 80.0, None, "%", None, 2030, 74),
    ("d3", "reduce_by", 1.0, 1.0, "%/năm", None, 2030, 75),
    ("d4", "equal", 100.0, 100.0, "%", None, 2030, 76),
]


def test_all_targets_are_parsed_in_order(plan: Plan) -> None:
    assert [t.id for t in plan.targets] == [row[0] for row in TARGETS]
    sections = {s: sum(t.section == s for t in plan.targets) for s in "abcd"}
    assert sections == {"a": 2, "b": 11, "c": 7, "d": 4}


@pytest.mark.parametrize(
    ("target_id", "comparison", "value_min", "value_max", "unit", "baseline", "year", "line"),
    TARGETS,
)
def test_target_values(
    plan: Plan,
    target_id: str,
    comparison: str,
    value_min: float | None,
    value_max: float | None,
    unit: str,
    baseline: int | None,
    year: int,
    line: int,
) -> None:
    target = plan.target(target_id)
    assert target.comparison == comparison
    assert target.value_min == value_min
    assert target.value_max == value_max
    assert target.unit == unit
    assert target.baseline_year == baseline
    assert target.target_year == year
    assert target.raw_line == line


def test_target_texts(plan: Plan, raw: str) -> None:
    lines = _lines(raw)
    assert plan.target("c6").indicator_vi == "Tỷ lệ che phủ rừng đạt khoảng 1,7-1,8%"
    assert plan.target("d1").indicator_vi == (
        "Tỷ lệ dân cư đô thị được sử dụng nước sạch đạt trên 98%"
    )
    assert plan.target("d2").indicator_vi == "dân cư nông thôn được sử dụng nước sạch đạt trên 80%"
    assert plan.target("b8").indicator_vi == "trong đó xuất khẩu tôm đạt khoảng 1,7 tỷ USD"
    assert plan.target("c3").indicator_vi.endswith(
        "theo quy định: 100% khối lượng nước thải từ các khu công nghiệp, cụm công nghiệp"
    )
    assert plan.target("b3").indicator_vi.startswith("Cơ cấu kinh tế: Khu vực nông - lâm")
    assert plan.target("a1").section_title_vi == "Giảm phát thải khí nhà kính"
    assert plan.target("d4").section_title_vi == (
        "Xanh hóa quá trình chuyển đổi trên nguyên tắc bình đẳng, bao trùm, nâng cao năng lực "
        "chống chịu của người dân với biến đổi khí hậu"
    )
    for target in plan.targets:
        assert target.raw_text == lines[target.raw_line - 1]
    assert "xuất kh ẩ u" in plan.target("b8").raw_text


# --------------------------------------------------------------------------- refused texts


def test_removed_task_line_names_its_group(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    del lines[_index(lines, "13.3. ")]
    error = _parse_error("\n".join(lines), english)
    assert error.group == 13
    assert "Group 13" in str(error) and "Nhóm 13" in str(error)
    assert "13.4" in str(error)


def test_removed_last_task_of_a_group_names_its_group(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    del lines[_index(lines, "9.7. ")]
    error = _parse_error("\n".join(lines), english)
    assert error.group == 9 and error.line == 110
    assert "states 7 tasks but 6 were parsed" in str(error)
    assert "Nhóm 9: tiêu đề nêu 7 nhiệm vụ nhưng đọc được 6" in str(error)


def test_plan_text_error_gives_vietnamese_first_then_english(
    raw: str, english: dict[str, object]
) -> None:
    lines = _lines(raw)
    del lines[_index(lines, "9.7. ")]
    error = _parse_error("\n".join(lines), english)
    assert isinstance(error, GreenMapError) and error.code == "bad_plan_text"
    assert error.plain_vi == "tiêu đề nêu 7 nhiệm vụ nhưng đọc được 6"
    assert error.plain_en == "the heading states 7 tasks but 6 were parsed"
    assert error.message_vi == "Nhóm 9: tiêu đề nêu 7 nhiệm vụ nhưng đọc được 6 (dòng 110)"
    assert error.message_en == "Group 9: the heading states 7 tasks but 6 were parsed (line 110)"
    assert (error.message("vi"), error.message("en")) == (error.message_vi, error.message_en)
    not_the_plan = _parse_error("Số: 1/QĐ-UBND\n", english)
    assert not_the_plan.message_vi.startswith("văn bản không phải Quyết định 148/QĐ-UBND")
    assert not_the_plan.message_en.startswith("the text is not Decision 148/QĐ-UBND")


def test_changed_stated_count_names_its_group(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    index = _index(lines, "11. Xây dựng:")
    assert "bao gồm 07 nhóm nhiệm vụ" in lines[index]
    lines[index] = lines[index].replace("bao gồm 07 nhóm", "bao gồm 08 nhóm")
    error = _parse_error("\n".join(lines), english)
    assert error.group == 11 and error.line == index + 1
    assert "Group 11" in str(error) and "Nhóm 11" in str(error)


def test_missing_stated_count_is_refused(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    index = _index(lines, "17. Y tế")
    lines[index] = "17. Y tế"
    error = _parse_error("\n".join(lines), english)
    assert error.group == 17 and "Nhóm 17" in str(error)


def test_duplicated_task_code_is_refused(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    index = _index(lines, "13.3. ")
    lines.insert(index + 1, lines[index])
    error = _parse_error("\n".join(lines), english)
    assert error.task == "13.3" and error.group == 13
    assert "duplicated" in str(error) and "bị trùng" in str(error)


def test_renumbered_duplicate_task_code_is_refused(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    index = _index(lines, "13.4. ")
    lines[index] = lines[index].replace("13.4. ", "13.3. ", 1)
    error = _parse_error("\n".join(lines), english)
    assert error.task == "13.3" and "bị trùng" in str(error)


def test_task_under_the_wrong_group_is_refused(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    index = _index(lines, "12.6. ")
    lines[index] = lines[index].replace("12.6. ", "11.8. ", 1)
    error = _parse_error("\n".join(lines), english)
    assert error.group == 12 and error.task == "11.8"
    assert "belongs to group 11" in str(error) and "thuộc nhóm 11" in str(error)


def test_group_numbering_gap_is_refused(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    start = _index(lines, "10. Giao thông")
    end = _index(lines, "11. Xây dựng")
    del lines[start:end]  # drop group 10 and its tasks
    error = _parse_error("\n".join(lines), english)
    assert error.group == 11
    assert "group 11 follows group 9" in str(error)


def test_non_plan_texts_are_refused(raw: str, english: dict[str, object]) -> None:
    for text in (
        "",
        "Hello world\n",
        "Số: 149/QĐ-UBND\nBạc Liêu, ngày 29 tháng 5 năm 2024\n",
        raw.replace("148 /QĐ-UBND", "149 /QĐ-UBND", 1),
        "\n".join(_lines(raw)[32:]),  # the plan without its decision
    ):
        error = _parse_error(text, english)
        assert "148/QĐ-UBND" in str(error)


def test_inconsistent_title_or_plan_heading_is_refused(
    raw: str, english: dict[str, object]
) -> None:
    changed_title = raw.replace("GIAI ĐOẠN 2023 - 2030\nỦY BAN", "GIAI ĐOẠN 2023 - 2025\nỦY BAN", 1)
    assert changed_title != raw
    assert "Điều 1" in str(_parse_error(changed_title, english))
    changed_heading = raw.replace(
        "Quyết định số  148 /QĐ-UBND ngày 19", "Quyết định số 150/QĐ-UBND ngày 19"
    )
    assert changed_heading != raw
    assert "150/QĐ-UBND" in str(_parse_error(changed_heading, english))


def test_missing_target_section_is_refused(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    index = _index(lines, "d) Xanh hóa")
    del lines[index : _index(lines, "III. ")]
    error = _parse_error("\n".join(lines), english)
    assert "II.2" in str(error) and "'d'" in str(error)


def test_target_section_without_values_is_refused(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    start, end = _index(lines, "a) Giảm"), _index(lines, "b) Xanh")
    del lines[start + 1 : end]
    error = _parse_error("\n".join(lines), english)
    assert "a) has no quantified target" in str(error) and "a) không có chỉ tiêu" in str(error)


def _table(english: dict[str, object], name: str) -> dict[str, str]:
    table = english[name]
    assert isinstance(table, dict)
    return {str(key): str(value) for key, value in table.items()}


def test_english_must_match_the_plan(raw: str, english: dict[str, object]) -> None:
    tasks = _table(english, "tasks")
    del tasks["13.3"]
    error = _parse_error(raw, {**english, "tasks": tasks})
    assert error.task == "13.3" and "missing ['13.3']" in str(error)
    targets = _table(english, "targets")
    targets["e1"] = "Invented target"
    error = _parse_error(raw, {**english, "targets": targets})
    assert "not in the plan ['e1']" in str(error)
    error = _parse_error(raw, {key: value for key, value in english.items() if key != "groups"})
    assert "[groups]" in str(error)


def test_parse_plan_reads_the_default_english(raw: str, plan: Plan) -> None:
    assert parse_plan(raw) == plan


def test_load_plan_from_a_folder_and_refuses_an_edited_copy(tmp_path: Path, plan: Plan) -> None:
    for name in (PLAN_FILE_NAME, ENGLISH_FILE_NAME):
        shutil.copy(PLAN_DIR / name, tmp_path / name)
    assert load_plan(tmp_path) == plan
    assert load_plan(tmp_path / PLAN_FILE_NAME) == plan
    edited = tmp_path / PLAN_FILE_NAME
    edited.write_bytes(
        edited.read_bytes().replace("tài nguyên hước".encode(), "tài nguyên nước".encode())
    )
    assert parse_plan(edited.read_text(encoding="utf-8")).task("14.2").text_vi.count("nước") >= 2
    with pytest.raises(PlanTextError, match="byte-exact"):
        load_plan(edited)
    with pytest.raises(PlanTextError) as missing:
        load_plan(tmp_path / "missing.txt")
    assert missing.value.message_vi == "không tìm thấy tệp missing.txt"
    assert missing.value.message_en == "missing.txt not found"


def test_windows_line_ends_and_bom_give_the_same_plan(raw: str, plan: Plan) -> None:
    other = parse_plan("\ufeff" + raw.replace("\n", "\r\n"))
    assert other.decision.source_sha256 != plan.decision.source_sha256
    assert other.tasks == plan.tasks and other.groups == plan.groups
    assert other.targets == plan.targets


def test_targets_are_consistent(plan: Plan) -> None:
    for target in plan.targets:
        assert target.comparison in COMPARISONS
        if target.comparison in ("at_least", "above"):
            assert target.value_min is not None and target.value_max is None
        elif target.comparison == "range":
            assert target.value_min is not None and target.value_max is not None
            assert target.value_min < target.value_max
        elif target.comparison in ("about", "equal"):
            assert target.value_min == target.value_max is not None
        assert target.id == f"{target.section}{target.id[1:]}" and target.id[1:].isdigit()


def test_parse_error_survives_pickling(raw: str, english: dict[str, object]) -> None:
    lines = _lines(raw)
    del lines[_index(lines, "13.3. ")]
    error = _parse_error("\n".join(lines), english)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, PlanTextError) and isinstance(copy, GreenMapError)
    assert str(copy) == str(error) and (copy.group, copy.task, copy.line) == (13, "13.4", 141)
    assert (copy.message_vi, copy.message_en) == (error.message_vi, error.message_en)
    assert copy.plain_en.startswith("task 13.4") and copy.plain_vi.startswith("nhiệm vụ 13.4")
