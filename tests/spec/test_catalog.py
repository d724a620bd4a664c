"""The packaged classification catalogues and their loader.

Expectations copied from the seed publications are inline (the tests never read /work/shared):
000 = 阿图什工业园区管理委员会 2024, 002 = 阿图什市人民政府办公室 2024,
004 = 中共克孜勒苏柯尔克孜自治州工业和信息化局 2024.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xlbudget.spec import catalog
from xlbudget.spec.catalog import CodeStatus, Level

# 表1 of 000/002/004: the 30 功能分类 类 printed in 2024.
LEI_2024 = [
    *(str(c) for c in range(201, 218)),
    *(str(c) for c in range(219, 225)),
    "227",
    *(str(c) for c in range(229, 235)),
]

# (code, name) pairs printed in 表2/表3/表5/表7 of the seeds (000, 002, 004), as printed,
# except 004 表5's "201 一般公共预算支出", a misprint tested separately.
SEED_FUNCTIONAL = [
    ("201", "一般公共服务支出"),  # 000, 002, 004
    ("20103", "政府办公厅（室）及相关机构事务"),  # 002
    ("2010301", "行政运行"),  # 002
    ("2010303", "机关服务"),  # 002
    ("2010350", "事业运行"),  # 002
    ("2010399", "其他政府办公厅（室）及相关机构事务支出"),  # 002
    ("20104", "发展与改革事务"),  # 000
    ("2010499", "其他发展与改革事务支出"),  # 000
    ("20113", "商贸事务"),  # 000, 004
    ("2011301", "行政运行"),  # 004
    ("2011308", "招商引资"),  # 000
    ("2011350", "事业运行"),  # 004
    ("2011399", "其他商贸事务支出"),  # 004
    ("20132", "组织事务"),  # 000, 002
    ("2013299", "其他组织事务支出"),  # 000, 002
    ("208", "社会保障和就业支出"),  # 000, 002, 004
    ("20805", "行政事业单位养老支出"),  # 000, 002, 004
    ("2080501", "行政单位离退休"),  # 000, 002, 004
    ("2080502", "事业单位离退休"),  # 000, 002
    ("2080505", "机关事业单位基本养老保险缴费支出"),  # 000, 002, 004
    ("210", "卫生健康支出"),  # 000, 002, 004
    ("21011", "行政事业单位医疗"),  # 000, 002
    ("2101101", "行政单位医疗"),  # 000, 002
    ("2101102", "事业单位医疗"),  # 000, 002
    ("21015", "医疗保障管理事务"),  # 004
    ("2101506", "医疗保障经办事务"),  # 004
    ("211", "节能环保支出"),  # 002
    ("21110", "能源节约利用"),  # 002
    ("2111001", "能源节约利用"),  # 002
    ("220", "自然资源海洋气象等支出"),  # 002
    ("22005", "气象事务"),  # 002
    ("2200504", "气象事业机构"),  # 002
    ("221", "住房保障支出"),  # 000, 002
    ("22102", "住房改革支出"),  # 000, 002
    ("2210201", "住房公积金"),  # 000, 002
    ("229", "其他支出"),  # 000
    ("22904", "其他政府性基金及对应专项债务收入安排的支出"),  # 000
    ("2290402", "其他地方自行试点项目收益专项债券收入安排的支出"),  # 000
]

# (code, name) pairs printed in 表6 of the seeds (000, 002, 004).
SEED_ECONOMIC = [
    ("301", "工资福利支出"),
    ("30101", "基本工资"),
    ("30102", "津贴补贴"),
    ("30103", "奖金"),
    ("30108", "机关事业单位基本养老保险缴费"),
    ("30110", "职工基本医疗保险缴费"),
    ("30112", "其他社会保障缴费"),
    ("30113", "住房公积金"),
    ("302", "商品和服务支出"),
    ("30201", "办公费"),
    ("30202", "印刷费"),
    ("30204", "手续费"),
    ("30206", "电费"),
    ("30207", "邮电费"),
    ("30208", "取暖费"),
    ("30211", "差旅费"),
    ("30217", "公务接待费"),
    ("30228", "工会经费"),
    ("30229", "福利费"),
    ("30231", "公务用车运行维护费"),
    ("30299", "其他商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("30301", "离休费"),
    ("30302", "退休费"),
    ("30305", "生活补助"),
    ("30309", "奖励金"),
    ("30399", "其他对个人和家庭的补助"),
]

# 表7 column headers of the seeds: the ten 经济分类 类 in order.
ECONOMIC_LEI = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("307", "债务利息及费用支出"),
    ("309", "资本性支出（基本建设）"),
    ("310", "资本性支出"),
    ("311", "对企业补助（基本建设）"),
    ("312", "对企业补助"),
    ("313", "对社会保障基金补助"),
    ("399", "其他支出"),
]


YEARS = (2024, 2025, 2026)


def test_available_catalogues() -> None:
    assert list(catalog.available()) == [f"{kind}-{year}" for kind in ("economic", "functional")
                                   for year in YEARS]
    assert catalog.years() == YEARS


@pytest.mark.parametrize("catalog_id", [f"{k}-{y}" for k in ("economic", "functional")
                                        for y in YEARS])
def test_each_catalogue_loads(catalog_id: str) -> None:
    loaded = catalog.load(catalog_id)
    assert loaded.id == catalog_id
    assert loaded.names
    assert loaded.source.startswith("财政部") or "财预" in loaded.source  # the header names it
    assert loaded.year == int(catalog_id[-4:])
    assert catalog.load(catalog_id) is loaded  # cached


def test_year_selection_takes_the_nearest_shipped_year() -> None:
    assert catalog.functional(2024).id == "functional-2024"
    assert catalog.functional(2025).id == "functional-2025"
    assert catalog.functional(2026).id == "functional-2026"
    assert catalog.functional(2030).id == "functional-2026"
    assert catalog.functional(2020).id == "functional-2024"
    assert catalog.economic(2025).id == "economic-2025"
    assert catalog.catalog_year(2023) == 2024


def test_load_rejects_an_unknown_id() -> None:
    with pytest.raises(ValueError, match="no catalogue 'functional-1999'"):
        catalog.load("functional-1999")


@pytest.mark.parametrize("year", YEARS)
def test_functional_lei_are_the_thirty_of_table_1(year: int) -> None:
    assert catalog.functional(year).children("") == LEI_2024


def test_functional_2024_names_of_lei() -> None:
    functional = catalog.functional(2024)
    assert functional.name("201") == "一般公共服务支出"
    # 表1 name; 表4 of 000/002/004 prints 抗疫特别国债还本支出, a misprint.
    assert functional.name("234") == "抗疫特别国债安排的支出"
    assert functional.name_matches("234", "抗疫特别国债还本支出") is False


@pytest.mark.parametrize(("code", "name"), SEED_FUNCTIONAL)
def test_seed_functional_codes_are_known_and_match(code: str, name: str) -> None:
    for year in YEARS:
        functional = catalog.functional(year)
        assert functional.status(code) is CodeStatus.KNOWN
        assert functional.name_matches(code, name) is True


# Codes real books print that the first, partial catalogue lacked (issue: false warnings).
REAL_GAPS = ["2040607", "2049999", "2080705", "2089999", "2129999"]


@pytest.mark.parametrize("year", YEARS)
def test_codes_real_books_print_are_known(year: int) -> None:
    functional = catalog.functional(year)
    assert [c for c in REAL_GAPS if functional.status(c) is not CodeStatus.KNOWN] == []


@pytest.mark.parametrize(("code", "name"), SEED_ECONOMIC + ECONOMIC_LEI)
def test_seed_economic_codes_are_known_and_match(code: str, name: str) -> None:
    for year in YEARS:
        economic = catalog.economic(year)
        assert economic.status(code) is CodeStatus.KNOWN
        assert economic.name_matches(code, name) is True


def test_economic_catalogue_is_complete() -> None:
    economic = catalog.economic(2025)
    assert economic.children("") == [code for code, _ in ECONOMIC_LEI]
    assert economic.complete == {Level.LEI: True, Level.KUAN: True}
    assert economic.status("304") is CodeStatus.UNKNOWN
    assert economic.status("30198") is CodeStatus.UNKNOWN


def test_bad_name_of_201_in_004_does_not_match() -> None:
    # 004 表5 prints "201 一般公共预算支出"; the official name is 一般公共服务支出.
    assert catalog.functional(2024).name_matches("201", "一般公共预算支出") is False


def test_name_match_ignores_width_spaces_and_brackets() -> None:
    functional = catalog.functional(2024)
    assert functional.name_matches("20103", "政府办公厅(室)及相关机构事务") is True
    assert functional.name_matches("20103", "政府办公厅（室）及相关机构事务") is True
    assert functional.name_matches("20103", " 政府办公厅 ( 室 ) 及相关机构事务") is True
    assert functional.name_matches("20103", "政府办公厅室及相关机构事务") is True
    assert functional.name_matches("20103", "政府办公厅及相关机构事务") is False


def test_name_match_of_an_unlisted_code_is_none() -> None:
    assert catalog.functional(2024).name_matches("2019998", "随便") is None
    assert catalog.functional(2024).name("2019998") is None


def test_codes_named() -> None:
    functional = catalog.functional(2024)
    assert functional.codes_named("一般公共服务支出", Level.LEI) == ["201"]
    assert "2010301" in functional.codes_named("行政运行", Level.XIANG)


def test_status_by_how_sure_the_catalogue_is() -> None:
    functional = catalog.functional(2024)
    assert functional.status("2011308") is CodeStatus.KNOWN
    # 类 are complete: 218 does not exist, nor anything under it.
    assert functional.status("218") is CodeStatus.UNKNOWN
    assert functional.status("21801") is CodeStatus.UNKNOWN
    assert functional.status("2180101") is CodeStatus.UNKNOWN
    # 201's 款 are believed complete: an unlisted 款 is suspicious (a warning for users).
    assert functional.status("20198") is CodeStatus.UNLISTED
    assert functional.status("2019801") is CodeStatus.UNLISTED
    # 项 lists are the least certain: an unlisted 项 is uncertain (a note).
    assert functional.status("2010398") is CodeStatus.UNCERTAIN
    # 230's 款 list is incomplete: nothing under it is more than uncertain.
    assert "230" in functional.incomplete
    assert functional.status("23098") is CodeStatus.UNCERTAIN
    # Malformed codes are never right.
    assert functional.status("20103x") is CodeStatus.MALFORMED
    assert functional.status("2010") is CodeStatus.MALFORMED


def test_the_98_kuan_of_2025_are_not_suspicious() -> None:
    # 超长期特别国债安排的支出 (款 98) exists under many 类 from 2025 without being listed.
    assert catalog.functional(2025).status("21398") is CodeStatus.UNCERTAIN
    assert catalog.functional(2024).status("21398") is CodeStatus.UNLISTED


def test_adjacent_years() -> None:
    assert [c.year for c in catalog.adjacent(catalog.functional(2025))] == [2024, 2026]
    assert [c.year for c in catalog.adjacent(catalog.functional(2024))] == [2025]
    added = catalog.functional(2025).status("2170404")
    assert added is CodeStatus.KNOWN and catalog.functional(2024).status("2170404") is not added


def test_children_and_levels() -> None:
    functional = catalog.functional(2024)
    assert functional.children("2010301") == []
    assert "20103" in functional.children("201")
    assert functional.children("22102") == ["2210201", "2210202", "2210203"]
    assert functional.level("201") is Level.LEI
    assert functional.level("20103") is Level.KUAN
    assert functional.level("2010301") is Level.XIANG
    assert catalog.economic(2024).level("30201") is Level.KUAN
    with pytest.raises(ValueError, match="malformed"):
        functional.level("20")
    with pytest.raises(ValueError, match="malformed"):
        functional.children("2O1")
    with pytest.raises(ValueError, match="malformed"):
        catalog.economic(2024).level("3020101")


@pytest.mark.parametrize(
    ("code", "kind", "expected"),
    [
        ("201", "functional", Level.LEI),
        ("20103", "functional", Level.KUAN),
        ("2010301", "functional", Level.XIANG),
        ("30201", "economic", Level.KUAN),
        ("3020101", "economic", None),
        ("2010", "functional", None),
        ("", "functional", None),
        ("20a", "functional", None),
        ("２０１", "functional", None),  # full-width digits: the reader must normalise first
        (" 201", "functional", None),
        ("201.0", "functional", None),
    ],
)
def test_level_of(code: str, kind: str, expected: Level | None) -> None:
    assert catalog.level_of(code, kind) is expected


def test_level_of_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown catalogue kind"):
        catalog.level_of("201", "revenue")


def test_packaged_files_are_sorted_and_diff_friendly() -> None:
    for catalog_id in catalog.available():
        names = catalog.load(catalog_id).names
        assert list(names) == sorted(names)
        for name in names.values():
            assert "(" not in name and ")" not in name  # official full-width brackets only


# ---- broken files -------------------------------------------------------------------------

HEADER = ("# source: test\n# year: 2099\n# kind: functional\n"
          "# coverage: 类=complete 款=partial 项=partial\n# incomplete: 20101\n")
ENTRIES = "201\t一般公共服务支出\n20101\t人大事务\n2010101\t行政运行\n"


def _write(tmp_path: Path, text: str, name: str = "functional-2099.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_loads_from_a_path(tmp_path: Path) -> None:
    loaded = catalog.load_path(_write(tmp_path, HEADER + ENTRIES))
    assert loaded.children("") == ["201"]
    assert loaded.status("2010102") is CodeStatus.UNCERTAIN  # 20101's 项 are incomplete
    assert loaded.status("20102") is CodeStatus.UNLISTED
    assert loaded.status("202") is CodeStatus.UNKNOWN


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER + "201\t一般公共服务支出\n2010101\t行政运行\n", "parent 20101"),
        (HEADER + "201\t一般公共服务支出\n2011\tx\n", "code '2011'"),
        (HEADER + "201\t一般公共服务支出\n20A01\tx\n", "code '20A01'"),
        (HEADER + "201\t\n", "expected code<TAB>name"),
        (HEADER + "201 一般公共服务支出\n", "expected code<TAB>name"),
        (HEADER.replace("# source: test\n", "") + ENTRIES, "'# source: …' is missing"),
        (HEADER.replace("2099", "2098") + ENTRIES, "file name"),
        (HEADER.replace("类=complete ", "") + ENTRIES, "every level"),
        (HEADER.replace("类=complete", "类=full") + ENTRIES, "LEVEL=complete|partial"),
        (HEADER.replace("20101", "202") + ENTRIES, r"incomplete codes \['202'\]"),
        (HEADER, "no entries"),
        (HEADER + ENTRIES + "20101\t政协事务\n", "code 20101 is listed twice"),
    ],
)
def test_broken_file_fails_clearly(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ValueError, match=message) as raised:
        catalog.load_path(path)
    assert str(path) in str(raised.value)


def test_a_file_name_must_say_kind_and_year(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"kind-YEAR\.tsv"):
        catalog.load_path(_write(tmp_path, HEADER + ENTRIES, "catalogue.tsv"))
