"""Tables read back as rows of labelled figures: 桐乡市：2020年 产能 650万立方米, not a run of bare cells.

A table clause is its caption, header rows and data rows, cells split by tabs (``clean`` rebuilt them so). A
question names a row (桐乡市, 水泥散装率) and a column (2020年); the answer shows the rows it names, each value
beside its column's heading and the unit that heading (or the row's label) gives. The cells are the
corpus's own; only their headings are brought beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import compact, normalize

NUMBER = re.compile(r"^(?:[-+]?\d+(?:\.\d+)?%?|—|-|－)$")
UNIT = re.compile(r"[（(]([^（）()]{1,8})[）)]\s*$")
NOTE = re.compile(r"^\s*(?:注|备注|说明)[:：]")
MAX_ROWS = 12
NAMED_RUN = 3  # 水泥散装率, 从业人 (for 从业人数): a run this long of the question names a row…
NAME_SHARE = 0.5  # …when it is this share of the row's own name
YEAR_IN = re.compile(r"\d")
TOTAL = re.compile(r"合计|总计|全市|总量")
ASKS_TOTAL = re.compile(r"合计|总计|一共|总共|加起来|全市|总量|总数|总和|总产能|总供应|total|altogether|combined|insum", re.I)
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})年?(?:[-–—~～到至]|to)((?:19|20)\d{2})")


@dataclass(frozen=True)
class Row:
    label: str  # its label cells joined, a category carried down from the row above (产能 水泥散装率（%）)
    name: str  # its own, last label cell (水泥散装率（%）)
    values: list[str]  # by column
    line: str  # as written in the table


@dataclass(frozen=True)
class Table:
    caption: str
    header_lines: list[str]
    columns: list[str]  # the heading of each value column, its header rows' parts joined
    rows: list[Row]


def read_table(text: str) -> Table | None:
    """The table's structure, or None when the text has no header and data rows to tell them by."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 3:
        return None
    caption, body = lines[0].strip(), [line for line in lines[1:] if not NOTE.match(line)]
    cells = [[cell.strip() for cell in line.split("\t")] for line in body]
    first_data = next((i for i, row in enumerate(cells) if any(NUMBER.match(c) for c in row[1:] if c)), None)
    if not first_data:
        return None
    header, data = cells[:first_data], cells[first_data:]
    width = max(len(row) for row in data)
    values = _value_columns(data, width)
    if not values:
        return None
    columns = _headings(header, width, values)
    rows = []
    above: list[str] = []
    for row, line in zip(data, body[first_data:], strict=True):
        row = [""] * (width - len(row)) + row if len(row) < width else row  # a merged cell on the left
        labels = row[: width - values]
        labels = [cell or (above[i] if i < len(above) and i < len(labels) - 1 else "") for i, cell in enumerate(labels)]
        above = labels
        named = [cell for cell in labels if cell and not cell.isdigit()]  # 序号 numbers say nothing
        rows.append(Row(" ".join(named), named[-1] if named else "", row[width - values:], line.strip()))
    return Table(caption=caption, header_lines=[line.strip() for line in body[:first_data]], columns=columns, rows=rows)


def _value_columns(data: list[list[str]], width: int) -> int:
    """How many columns on the right hold figures in every row (the label columns are left of them)."""
    count = 0
    for col in range(width - 1, 0, -1):
        cells = [row[col - (width - len(row))] for row in data if col - (width - len(row)) >= 0]
        if cells and all(NUMBER.match(cell) for cell in cells):
            count += 1
        else:
            break
    return count


def _headings(header: list[list[str]], width: int, values: int) -> list[str]:
    """Each value column's heading: 2015年 over 供应量（万立方米）, a spanning cell spread over the columns it spans."""
    parts: list[list[str]] = [[] for _ in range(values)]
    for row in header:
        cells = row[len(row) - values:] if len(row) >= width or len(row) - 1 >= values else []
        spanning = list(row[1:]) if not cells else []
        if spanning and values % len(spanning) == 0:
            span = values // len(spanning)
            cells = [cell for cell in spanning for _ in range(span)]
        elif not cells:
            cells = ([""] * values + row)[-values:]
        for i, cell in enumerate(cells):
            if cell:
                parts[i].append(cell)
    return [" ".join(p) for p in parts]


def _with_unit(heading: str, value: str) -> tuple[str, str]:
    """产能（万吨） and 490 read as 产能 and 490万吨; a heading without a unit is left as it is."""
    unit = UNIT.search(heading)
    if unit is None or not NUMBER.match(value) or value in "—-－":
        return heading, value
    return heading[: unit.start()].strip(), f"{value}{unit.group(1)}"


def readout(
    table: Table, asked: str, places: list[str], years: list[str], picked: str = ""
) -> tuple[str, list[str]]:
    """The table read out row by row, each value with its heading and unit, and the lines read from.

    Rows narrow to those the question names: by a place (桐乡), or by a run of at least NAMED_RUN characters of
    the question in the row's label (水泥散装率, 市本级); columns narrow to those a year or place picks out
    (2020年); a question that asks for a total (一共, 全市) names the total row and column. A question that names
    no row in the table's words (English, or 少排了多少灰 for 减排粉尘) is read the rows ``picked`` holds (those
    the answer stage weighed best, by the question's words and their translations), else the whole table, as a
    wrong row would hide the figure.
    """
    said = normalize(compact(asked))
    caption = normalize(compact(table.caption))
    total = bool(ASKS_TOTAL.search(said))
    places = [place for place in places if place not in caption]  # 嘉兴 in 嘉兴市…布局安排 is the table's scope
    for first, last in YEAR_RANGE.findall(said):  # 2011到2015年 names the years between too
        years = [*years, *(str(year) for year in range(int(first), int(last) + 1))]
    cores = [normalize(compact(UNIT.sub("", row.label))) for row in table.rows]
    runs = [_run_naming(core, row, said, caption) for core, row in zip(cores, table.rows, strict=True)]
    rows = [i for i, core in enumerate(cores) if any(place in core for place in places)]
    rows += [i for i, run in enumerate(runs) if run and i not in rows]  # 市本级和海宁市: a place and a run
    rows += [i for i, row in enumerate(table.rows) if total and TOTAL.search(row.label) and i not in rows]
    held = normalize(compact(picked))
    rows = sorted(rows) or [i for i, row in enumerate(table.rows) if normalize(compact(row.line)) in held]
    rows = rows or list(range(len(table.rows)))
    columns = [
        j for j, heading in enumerate(table.columns)
        if any(name in heading for name in [*places, *years]) or (total and TOTAL.search(heading))
    ] or list(range(len(table.columns)))
    points = [_read_row(table, i, columns) for i in rows[:MAX_ROWS]]
    lines = [*table.header_lines, *(table.rows[i].line for i in rows[:MAX_ROWS])]
    if len(points) == 1:
        return f"{table.caption}：{points[0]}。", lines
    return "\n".join([f"{table.caption}：", *(f"  - {point}" for point in points)]), lines  # a row a line


def _run_naming(label: str, row: Row, said: str, caption: str) -> int:
    """The longest run of the question in a row's ``label`` (normalised, units off) that names it, 0 when none does.

    A run names the row when it is at least NAMED_RUN characters and half the row's own name (水泥散装率, 从业人
    of 从业人数), and is neither the caption's wording (散装水泥 of a table about 散装水泥) nor a year (比2015年下降
    is no row 2015年 asks for); 预拌混凝土、砂浆 is a third of 预拌混凝土、砂浆领域散装水泥使用量 and names nothing.
    """
    name = normalize(compact(UNIT.sub("", row.name)))
    best = 0
    for start in range(len(label)):
        for end in range(start + best + 1, len(label) + 1):
            run = label[start:end]
            if run not in said:
                break
            if run not in caption and not YEAR_IN.search(run):
                best = end - start
    return best if best >= NAMED_RUN and best >= NAME_SHARE * len(name) else 0


def _read_row(table: Table, i: int, columns: list[int]) -> str:
    label, cells = table.rows[i].label, table.rows[i].values
    read = []
    for j in columns:
        heading, value = table.columns[j], cells[j]
        if UNIT.search(label) and not UNIT.search(heading):  # 水泥散装率（%） | 2020年 | 88
            _, value = _with_unit(label, value)
        else:
            heading, value = _with_unit(heading, value)
        read.append(f"{heading} {value}".strip())
    shown = UNIT.sub("", label).strip()
    return f"{shown}：{'；'.join(read)}" if shown else "；".join(read)
