"""Parse stage: cleaned blocks -> a clause tree keyed by the documents' own numbering.

Numbering schemes (一、 /（一）/ 1、 / 1. /（1）/ 【title】 / 附件N) nest in the order a document first
uses them, so the same parser reads a plan (一、（一）1、) and an annex (1、 then 1.【title】).
Only a marker at the start of a block is a heading: "见附件1" inside a sentence never is.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .catalog import DocumentMeta
from .models import Block, Clause, CleanedDocument
from .text import cn_to_int, int_to_cn

MAX_CLAUSE_CHARS = 450

MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("preface", re.compile(r"^(前\s*言|序\s*言|引\s*言)\s*$")),
    ("cn", re.compile(r"^([一二三四五六七八九十]+)\s*、\s*")),
    ("cn_paren", re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*")),
    ("num_dun", re.compile(r"^(\d{1,2})\s*、\s*(?!\d)")),
    ("num_dot", re.compile(r"^(\d{1,2})\s*[.．](?![\d])\s*")),
    ("num_paren", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
]
TITLE_BRACKET = re.compile(r"^【([^】]{1,30})】")
TABLE_CAPTION = re.compile(r"^表\s*(\d+)")
ANNEX_LIST = re.compile(r"^附\s*件\s*[：:]")
ANNEX_LIST_ITEM = re.compile(r"^\d{1,2}\s*[.．、]\s*[^。]{2,60}$")


@dataclass
class Heading:
    scheme: str
    number: int
    marker: str
    title: str
    bracket_title: str = ""


def match_heading(text: str) -> Heading | None:
    """Recognise a numbered heading at the start of a block; sentences that merely cite a number don't match."""
    for scheme, pattern in MARKERS:
        found = pattern.match(text)
        if not found:
            continue
        rest = text[found.end():]
        if scheme == "preface":
            return Heading(scheme, 0, text.strip(), "")
        if scheme in ("num_dun", "num_dot") and not rest:
            return None
        number = cn_to_int(found.group(1))
        bracket = TITLE_BRACKET.match(rest)
        if bracket:
            title = bracket.group(0)
        else:
            head, dot, tail = rest.partition("。")
            if dot and len(head) <= 40 and tail:
                title = head
            elif len(rest) <= 60:
                title = rest.rstrip("。")
            else:
                title = rest[:30] + "…"
        return Heading(scheme, number, found.group(0).strip(), title.strip(), bracket.group(1) if bracket else "")
    return None


@dataclass
class Node:
    heading: Heading | None
    parent: Node | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    kind: str = "clause"
    group_label: str = ""
    group_path: str = ""
    table_number: str = ""
    order: int = 0


def _component(node: Node, next_node: Node | None, depth: int) -> str:
    if node.group_label:
        return node.group_label
    heading = node.heading
    if heading is None:
        return ""
    follows_arabic = next_node is not None and next_node.heading is not None and next_node.heading.scheme in (
        "num_dun",
        "num_dot",
    )
    if heading.scheme == "preface":
        return heading.marker.replace(" ", "")
    if heading.scheme == "cn" or (heading.scheme == "num_dun" and depth == 0):
        return int_to_cn(heading.number) + ("、" if follows_arabic or next_node is None else "")
    if heading.scheme == "cn_paren":
        return f"（{int_to_cn(heading.number)}）"
    if heading.scheme == "num_paren":
        return f"（{heading.number}）"
    return str(heading.number)


def _chain(node: Node) -> list[Node]:
    chain: list[Node] = []
    current: Node | None = node
    while current is not None and current.parent is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def _label(node: Node) -> str:
    chain = [n for n in _chain(node) if n.heading is not None or n.group_label]
    parts: list[str] = []
    for index, item in enumerate(chain):
        nxt = chain[index + 1] if index + 1 < len(chain) else None
        part = _component(item, nxt, index)
        if parts and part and parts[-1][-1:].isdigit() and part[:1].isdigit():
            part = "." + part
        parts.append(part)
    label = "".join(parts)
    if node.heading is not None and node.heading.bracket_title:
        label += f"【{node.heading.bracket_title}】"
    return label


def _path_entry(node: Node) -> str:
    if node.group_path:
        return node.group_path
    if node.heading is None:
        return ""
    heading = node.heading
    if heading.scheme == "preface":
        return heading.marker.replace(" ", "")
    title = heading.title or "〔标题原文乱码，已略去〕"
    return f"{heading.marker}{title}"


def build_tree(blocks: list[Block]) -> Node:
    """Nest headings by first use of each numbering scheme; a number that falls back to 1 opens a new group."""
    root = Node(heading=None, parent=None, kind="preamble")
    stack: list[Node] = [root]
    counter = 0

    def attach(node: Node, parent: Node) -> None:
        nonlocal counter
        counter += 1
        node.order = counter
        parent.children.append(node)

    in_annex_list = False
    for block in blocks:
        if block.kind == "para" and ANNEX_LIST.match(block.text):
            in_annex_list = True
            listing = Node(heading=None, parent=root, blocks=[block], kind="preamble")
            listing.group_label = listing.group_path = "附件目录"
            attach(listing, root)
            del stack[1:]
            stack.append(listing)
            continue
        elif in_annex_list and not ANNEX_LIST_ITEM.match(block.text):
            in_annex_list = False
        heading = match_heading(block.text) if block.kind == "para" and not in_annex_list else None
        if heading is None:
            if block.kind == "table":
                caption = TABLE_CAPTION.match(block.text)
                table = Node(heading=None, parent=stack[-1], blocks=[block], kind="table")
                table.table_number = caption.group(1) if caption else ""
                attach(table, stack[-1])
                continue
            target = stack[-1]
            if target.children and target.children[-1].kind == "table":
                target = target.children[-1]  # a note after a table belongs to the table, in reading order
            target.blocks.append(block)
            continue
        scheme_level = next(
            (i for i, n in enumerate(stack) if n.heading is not None and n.heading.scheme == heading.scheme), None
        )
        if heading.scheme in ("cn", "preface"):
            scheme_level = next(
                (i for i, n in enumerate(stack) if n.heading is not None and n.heading.scheme in ("cn", "preface")),
                scheme_level,
            )
        if scheme_level is None:
            parent = stack[-1]
            node = Node(heading=heading, parent=parent, blocks=[block])
            attach(node, parent)
            stack.append(node)
            continue
        previous = stack[scheme_level]
        parent = previous.parent or root
        del stack[scheme_level:]
        if heading.number == 1 and previous.heading is not None and previous.heading.number >= 2 and not (
            parent.group_label
        ):
            groups = sum(1 for child in parent.children if child.group_label)
            group = Node(heading=None, parent=parent, kind="heading")
            group.group_label = f"第{int_to_cn(groups + 2)}部分"
            group.group_path = f"第{int_to_cn(groups + 2)}部分（编号重新从1开始）"
            attach(group, parent)
            parent = group
        if parent is not root and parent not in stack:
            stack.append(parent)
        node = Node(heading=heading, parent=parent, blocks=[block])
        attach(node, parent)
        stack.append(node)
    return root


def _split_long(text: str, limit: int = MAX_CLAUSE_CHARS) -> list[str]:
    """Cut an over-long clause at paragraph, then sentence boundaries; pieces keep every character."""
    if len(text) <= limit:
        return [text]
    units: list[str] = []
    for paragraph in text.split("\n"):
        pieces = [piece for piece in re.split(r"(?<=[。；！？])", paragraph) if piece]
        for index, piece in enumerate(pieces):
            units.append(piece + ("\n" if index == len(pieces) - 1 else ""))
    if units:
        units[-1] = units[-1].rstrip("\n")
    chunks: list[str] = []
    current = ""
    for unit in units:
        if current and len(current) + len(unit) > limit:
            chunks.append(current)
            current = ""
        current += unit
    if current:
        chunks.append(current)
    return chunks


def _clause_id(doc_id: str, label: str, text: str) -> str:
    return hashlib.sha1(f"{doc_id}|{label}|{text}".encode()).hexdigest()[:20]


def _walk(node: Node) -> list[Node]:
    out = [node]
    for child in node.children:
        out.extend(_walk(child))
    return out


def parse_document(meta: DocumentMeta, cleaned: CleanedDocument) -> list[Clause]:
    """Every block lands in exactly one clause, in document order; labels are unique within the document."""
    root = build_tree(cleaned.blocks)
    prefix = f"{meta.annex} " if meta.annex else ""
    doc_path = meta.title
    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    # a node holding only garbled lines (e.g. mojibake before the first heading) has no text to cite
    nodes = [n for n in _walk(root) if any(b.kind != "garbled" for b in n.blocks)]
    for node in sorted(nodes, key=lambda n: n.order):
        if node.kind == "table":
            parent_label = _label(node.parent) if node.parent is not None and node.parent is not root else ""
            base = (parent_label + " " if parent_label else "") + (f"表{node.table_number}" if node.table_number else "表")
            path = [doc_path] + [_path_entry(n) for n in _chain(node.parent)] if node.parent else [doc_path]
            path = [p for p in path if p] + [node.blocks[0].text.split("\n")[0]]
            kind = "table"
        elif node is root:
            base = "导语"
            path = [doc_path]
            kind = "preamble"
        else:
            base = _label(node)
            path = [doc_path] + [p for p in (_path_entry(n) for n in _chain(node)) if p]
            body = [b for b in node.blocks[1:] if b.kind != "garbled"]
            # a heading line with sub-items and no body of its own is not a clause; a leaf always is
            kind = "heading" if not body and any(child.kind != "table" for child in node.children) else "clause"
            if node.kind == "preamble":  # the list of annexes names them and says no rule: it answers as a preamble
                kind = "preamble"
        label = prefix + base
        count = seen.get(label, 0) + 1
        seen[label] = count
        if count > 1:
            label = f"{label}（第{count}处）"
        text_blocks = [b for b in node.blocks if b.kind != "garbled"]
        garbled = [b.text for b in node.blocks if b.kind == "garbled"]
        text = "\n".join(b.text for b in text_blocks)
        pieces = _split_long(text) if kind != "heading" else [text]
        title = node.heading.bracket_title if node.heading else ""
        for index, piece in enumerate(pieces):
            piece_label = label if len(pieces) == 1 else f"{label}（{index + 1}/{len(pieces)}）"
            clauses.append(
                Clause(
                    clause_id=_clause_id(meta.doc_id, piece_label, piece),
                    doc_id=meta.doc_id,
                    label=piece_label,
                    path=list(path),
                    text=piece,
                    kind=kind,
                    order=len(clauses),
                    title=title,
                    blocks=list(node.blocks) if index == 0 else [],
                    garbled=garbled if index == 0 else [],
                    continued=index > 0,
                )
            )
    return clauses
