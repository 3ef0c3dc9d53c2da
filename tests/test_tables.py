"""Tables read back as labelled rows: the parsed structure of every table in the corpus, and the readout."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.tables import read_table, readout


@pytest.fixture(scope="module")
def tables(parsed) -> dict[str, str]:
    return {f"{doc_id} {c.label}": c.text for doc_id, clauses in parsed.items() for c in clauses if c.kind == "table"}


def _table(tables: dict[str, str], key: str):
    text = next(text for name, text in tables.items() if name.endswith(key))
    table = read_table(text)
    assert table is not None
    return table, text


def test_every_table_in_the_corpus_is_read_with_a_heading_for_each_value(tables):
    assert len(tables) >= 6
    for text in tables.values():
        table = read_table(text)
        assert table is not None and table.rows
        assert all(len(row.values) == len(table.columns) for row in table.rows)
        assert all(table.columns)


def test_a_heading_that_spans_two_columns_heads_both(tables):
    """嘉兴 表2: 2015年 and 2020年 each span a 供应量 and a 产能 column."""
    table, _ = _table(tables, "五（一）1 表2")
    assert table.columns == ["2015年 供应量（万立方米）", "2015年 产能（万立方米）", "2020年 供应量（万立方米）", "2020年 产能（万立方米）"]
    assert table.rows[-1].label == "全市合计"


def test_a_category_cell_carries_down_and_serial_numbers_are_no_label(tables):
    """主要指标: 产能 heads rows 1–3, the 序号 column is not part of a row's name."""
    table, _ = _table(tables, "四（三） 表2")
    labels = [row.label for row in table.rows]
    assert labels[1] == "产能 预拌混凝土供应量（万立方米）"
    assert labels[3].startswith("创新能力 ")
    assert not any(re.match(r"\d", label) for label in labels)


def test_a_named_place_and_year_narrow_the_reading_and_the_unit_joins_the_value(tables):
    table, text = _table(tables, "五（一）1 表3")
    reading, lines = readout(table, "平湖那边2015年砂浆实际供了多少？", ["平湖"], ["2015"])
    assert reading == "表3“十三五”嘉兴市预拌砂浆生产产能规划布局安排：平湖市：2015年 供应量 43.8万吨；2015年 产能 90万吨。"
    assert all(line in text for line in lines)  # the lines the reading came from are the table's own
    assert lines[-1].startswith("平湖市")


def test_the_place_that_scopes_the_table_names_no_row(tables):
    """嘉兴 is in the caption (嘉兴市…布局安排), not a row: 嘉兴港区 is not read for 嘉兴市本级."""
    table, _ = _table(tables, "五（一）1 表2")
    reading, _ = readout(table, "嘉兴市本级2015年预拌混凝土供应量是多少？", ["嘉兴"], ["2015"])
    assert "市本级：2015年 供应量 483.3万立方米" in reading and "嘉兴港区" not in reading


def test_a_unit_in_the_row_label_goes_with_the_value(tables):
    table, _ = _table(tables, "四（三） 表2")
    reading, _ = readout(table, "嘉兴水泥散装率2020年目标是多少", ["嘉兴"], ["2020"])
    assert "水泥散装率：2020年 88%" in reading and "85" not in reading


def test_a_paraphrase_names_no_row_and_the_whole_table_is_read(tables):
    """少排了多少灰 says 减排粉尘 in other words; 预拌混凝土、砂浆 is a third of the first row's name, not it."""
    table, _ = _table(tables, "二（一）4 表1")
    reading, _ = readout(table, "嘉兴“十二五”期间预拌混凝土、砂浆少排了多少灰？", ["嘉兴"], [])
    assert "减排粉尘：“十二五”期间环境效益 52.9万吨" in reading
    assert reading.count("\n  - ") == len(table.rows)  # a row a line under the caption


def test_a_year_range_and_a_total_keep_the_years_between_and_the_total(tables):
    table, _ = _table(tables, "四（三）2（1） 表2")
    reading, _ = readout(table, "杭州2011到2015年这五年的混凝土供应量目标加起来一共多少？", ["杭州"], ["2011"])
    assert "2013年 4500万立方米" in reading and "合计 22500万立方米" in reading


def test_a_transposed_table_narrows_to_the_column_a_place_names(tables):
    """杭州 表1 has a column per district: 建德 picks its column out of both rows."""
    table, _ = _table(tables, "二（二）1 表1")
    reading, _ = readout(table, "2010年杭州建德的预拌混凝土企业有多少从业人员？", ["杭州", "建德"], ["2010"])
    assert reading.endswith("  - 企业数：建德 3\n  - 从业人数：建德 208")


def test_rows_the_answer_stage_picked_are_read_when_none_is_named(tables):
    """An English question names no row in Chinese: the rows picked by its translated words are read."""
    table, text = _table(tables, "四（三） 表2")
    row = next(line for line in text.split("\n") if "省级企业技术科研中心" in line)
    reading, lines = readout(table, "How many provincial R&D centres?", [], [], picked=row)
    assert reading.endswith("创新能力 省级企业技术科研中心：2015年 2个；2020年 10个。") and lines[-1] == row


def test_text_without_header_and_figures_is_no_table():
    assert read_table("表9 说明\n只有文字\n没有数字") is None
    assert read_table("表9") is None


CELL = st.sampled_from(["市本级", "桐乡市", "2015年", "2020年", "产能（万吨）", "供应量（万立方米）", "85", "1595.8", "—",
                        "", "合计", "水泥散装率（%）", "注：说明", "1", "ABC"])
TABLE_LINE = st.lists(CELL, min_size=1, max_size=6).map("\t".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(TABLE_LINE, min_size=0, max_size=8), st.sampled_from(["桐乡2020年产能多少", "一共多少", "How much?", ""]))
def test_any_tab_separated_text_reads_without_crashing_and_states_only_its_cells(lines, asked):
    """Tables come from users' PDFs and DOCX too: whatever their shape, the reading adds no figure of its own."""
    text = "\n".join(["表9 测试", *lines])
    table = read_table(text)
    if table is None:
        return
    reading, shown = readout(table, asked, ["桐乡"], ["2020"])
    assert all(line in text for line in shown)
    figures = set(re.findall(r"\d+(?:\.\d+)?", text))
    assert set(re.findall(r"\d+(?:\.\d+)?", reading)) <= figures
