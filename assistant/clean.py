"""Clean stage: undo PDF hard-wrapping, drop page-footer residue, rebuild flattened tables, flag garbled text.

Everything that is policy text comes out again, in order; what is dropped (footers) or flagged
(garbled lines) is named in the document's warnings so that nothing disappears silently.
"""

from __future__ import annotations

import re
import statistics

from .models import Block, CleanedDocument

TERMINAL = "。！？；：!?;:”’」』）)"
CONTINUING = "，、（“‘《(-—"
HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*、|[（(]\s*[一二三四五六七八九十]+\s*[）)]|\d{1,2}\s*[、.．](?!\d)|附件\s*\d)")
FOOTER = [
    re.compile(r"^PAGE\s*$"),
    re.compile(r"^[—\-–－]+\s*\d{1,3}\s*[—\-–－]+$"),
    re.compile(r"^第\s*\d{1,3}\s*页(\s*共\s*\d+\s*页)?$"),
    re.compile(r"^\d{1,3}$"),
]
CJK = r"\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。、；：？！（）“”‘’《》【】—…"
SPACE_BETWEEN = re.compile(rf"(?<=[{CJK}{CJK_PUNCT}])[ \u3000]+(?=[{CJK}{CJK_PUNCT}\d])|(?<=[{CJK}{CJK_PUNCT}\d])[ \u3000]+(?=[{CJK}{CJK_PUNCT}])")
SPACE_PERCENT = re.compile(r"(?<=\d)[ \u3000]+(?=[%％])")
SENTENCE_END = re.compile(r"(?<=[。；！？])")


def _is_cell(line: str) -> bool:
    return line.startswith("\t")


def _is_footer(line: str) -> bool:
    stripped = line.strip()
    return any(pattern.match(stripped) for pattern in FOOTER)


def tidy_spaces(text: str) -> str:
    """Remove typesetting spaces inside Chinese text ("前 10 家" -> "前10家"); keep spaces between Latin words."""
    text = SPACE_BETWEEN.sub("", text.strip())
    return SPACE_PERCENT.sub("", text)


# --- garbled (mojibake) text -------------------------------------------------------------------

def _suspicious(char: str) -> int:
    code = ord(char)
    if 0xE000 <= code <= 0xF8FF or code == 0xFFFD:
        return 3
    if 0x3100 <= code <= 0x312F or 0x3040 <= code <= 0x30FF or 0x2474 <= code <= 0x249B:
        return 1
    return 0


def is_garbled(text: str) -> bool:
    """Mojibake carries private-use code points or runs of kana, bopomofo and ⑴-style symbols."""
    score = sum(_suspicious(char) for char in text)
    if score >= 3:
        return True
    return score >= 2 and score / max(len(text), 1) >= 0.03


def _split_garbled(paragraph: str) -> list[Block]:
    if not is_garbled(paragraph):
        return [Block(paragraph)]
    blocks: list[Block] = []
    marker = HEADING_START.match(paragraph)
    head = ""
    if marker:
        head = paragraph[: marker.end()]
        paragraph = paragraph[marker.end():]
    sentences = [s for s in SENTENCE_END.split(paragraph) if s]
    current: list[str] = []
    current_bad = False
    for sentence in sentences:
        bad = is_garbled(sentence)
        if current and bad != current_bad:
            blocks.append(Block("".join(current), "garbled" if current_bad else "para"))
            current = []
        current.append(sentence)
        current_bad = bad
    if current:
        blocks.append(Block("".join(current), "garbled" if current_bad else "para"))
    if head:
        if blocks and blocks[0].kind == "para":
            blocks[0] = Block(head + blocks[0].text)
        else:
            blocks.insert(0, Block(head.strip()))
    return blocks


# --- tables ---------------------------------------------------------------------------------------

TABLE_CELL_SEPARATOR = "\t"


def _table_rows(lines: list[str]) -> list[list[str]]:
    """Rows are runs of cell lines separated by blank lines; a short untabbed line continues the cell above."""
    rows: list[list[str]] = []
    row: list[str] = []
    pending_blank = False
    for line in lines:
        if not line.strip() and not _is_cell(line):
            pending_blank = True
            continue
        if not _is_cell(line):
            if row:
                row[-1] = (row[-1] + line.strip()).strip()
            elif rows:
                rows[-1][-1] = (rows[-1][-1] + line.strip()).strip()
            pending_blank = False
            continue
        if pending_blank and row:
            rows.append(row)
            row = []
        pending_blank = False
        row.append(line.strip())
    if row:
        rows.append(row)
    return [r for r in rows if any(cell for cell in r)]


def _render_table(caption: str | None, rows: list[list[str]]) -> str:
    """One line per row, cells separated by a tab.

    The separator is whitespace and nothing is filled in (a merged cell stays empty), so the table with its
    whitespace removed is exactly the source's text and a figure copied from the source matches it.
    """
    lines = [caption] if caption else []
    lines.extend(TABLE_CELL_SEPARATOR.join(row).rstrip() for row in rows)
    return "\n".join(line for line in lines if line.strip())


def _table_end(lines: list[str], start: int) -> int:
    """Index after the table that starts at ``start`` (a cell line)."""
    i = start
    last_cell = start
    while i < len(lines):
        line = lines[i]
        if _is_cell(line):
            last_cell = i
            i += 1
            continue
        if not line.strip():
            i += 1
            continue
        following = next((j for j in range(i + 1, len(lines)) if lines[j].strip() or _is_cell(lines[j])), None)
        if len(line.strip()) <= 16 and following is not None and _is_cell(lines[following]):
            i += 1
            continue
        break
    return last_cell + 1


# --- hard-wrapped paragraphs ------------------------------------------------------------------------

def wrap_width(lines: list[str]) -> int | None:
    """The column a PDF extraction wrapped at, or None when lines are whole paragraphs."""
    lengths = [len(line.strip()) for line in lines if line.strip()]
    if len(lengths) < 12:
        return None
    long_lines = [n for n in lengths if n >= 10]
    if not long_lines:
        return None
    median = statistics.median(long_lines)
    near = sum(1 for n in lengths if abs(n - median) <= 3)
    if median <= 60 and near / len(lengths) >= 0.5:
        return int(median)
    return None


def _join_wrapped(lines: list[str], width: int | None) -> list[str]:
    paragraphs: list[str] = []
    buffer = ""
    last_len = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            if width is None and buffer:
                paragraphs.append(buffer)
                buffer = ""
            continue
        if buffer:
            wrapped = width is not None and (last_len >= width - 4 or buffer[-1] in CONTINUING)
            ends = buffer[-1] in TERMINAL
            if wrapped and not ends and not HEADING_START.match(line):
                buffer += line
                last_len = len(line)
                continue
            paragraphs.append(buffer)
        buffer = line
        last_len = len(line)
    if buffer:
        paragraphs.append(buffer)
    return paragraphs


def clean_text(doc_id: str, raw: str) -> CleanedDocument:
    """Turn raw extracted text into ordered blocks that the parser can number."""
    raw = raw.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip(" \u3000") for line in raw.split("\n")]
    warnings: list[str] = []
    text_lines = [line for line in lines if line.strip() and not _is_cell(line)]
    width = wrap_width(text_lines)

    blocks: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        for paragraph in _join_wrapped(pending, width):
            paragraph = tidy_spaces(paragraph)
            if paragraph:
                blocks.extend(_split_garbled(paragraph))
        pending.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_cell(line):
            end = _table_end(lines, i)
            cells = [cell for cell in lines[i:end] if _is_cell(cell)]
            if len([c for c in cells if c.strip()]) >= 3:
                flush()
                caption = None
                if blocks and blocks[-1].kind == "para" and re.match(r"^表\s*\d", blocks[-1].text):
                    caption = blocks.pop().text
                rows = _table_rows(lines[i:end])
                blocks.append(Block(_render_table(caption, rows), "table"))
                i = end
                continue
            pending.append(line.strip())
            i += 1
            continue
        if line.strip() and _is_footer(line):
            warnings.append(f"dropped page-footer residue: {line.strip()!r}")
            i += 1
            continue
        pending.append(line)
        i += 1
    flush()
    for block in blocks:
        if block.kind == "garbled":
            warnings.append(f"garbled line (mojibake) kept out of answers: {block.text[:40]}…")
    return CleanedDocument(doc_id=doc_id, blocks=blocks, warnings=warnings)
