"""Plain data shapes shared by every stage (no behaviour, no heavy imports)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Block:
    """One line-level unit of cleaned text: a paragraph, a rebuilt table, or a garbled line."""

    text: str
    kind: str = "para"  # para | table | garbled


@dataclass
class CleanedDocument:
    doc_id: str
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


@dataclass
class Clause:
    """A retrievable unit: a numbered item (or part of one) with its heading path."""

    clause_id: str
    doc_id: str
    label: str
    path: list[str]
    text: str
    kind: str = "clause"  # clause | heading | table | preamble
    order: int = 0
    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    garbled: list[str] = field(default_factory=list)
    continued: bool = False  # a later piece of an over-long clause

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["blocks"] = [asdict(block) for block in self.blocks]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        data = dict(data)
        data["blocks"] = [Block(**block) for block in data.get("blocks", [])]
        return cls(**data)
