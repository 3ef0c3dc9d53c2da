"""Document metadata from ``corpus/documents.json``: who issued what, for where, and whether it still applies."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .text import compact, normalize

STATUS_LABELS = {
    "in_force": "现行",
    "guidance": "行业指导（非政府规章）",
    "draft": "征求意见稿",
    "trial": "试行",
    "expired": "规划期已结束",
}


# a document number (京建发〔2011〕535号), whichever brackets the asker types
DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,8})\s*[〔\[［(（]\s*((?:19|20)\d{2})\s*[〕\]］)）]\s*(\d+)\s*号")


@lru_cache(maxsize=64)
def number_pattern(number: str) -> re.Pattern[str]:
    """How a question may write one document's number: its issuer code, year and serial, any brackets."""
    found = DOC_NUMBER.fullmatch(number)
    if found is None:
        return re.compile(re.escape(number))
    issuer, year, serial = found.groups()
    return re.compile(rf"{re.escape(issuer)}\s*[〔\[［(（]\s*{year}\s*[〕\]］)）]\s*{serial}\s*号")


class CatalogError(ValueError):
    """The metadata file is missing, malformed, or points at files that do not exist."""


@dataclass
class DocumentMeta:
    doc_id: str
    title: str
    source: str
    issuer: str = ""
    region: str = ""
    doc_number: str | None = None
    issue_date: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    nature: str = ""
    declared_status: str = "in_force"
    trial: bool = False
    annex: str | None = None
    part: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    names: list[str] = field(default_factory=list)  # how users refer to it (协会的意见, 标杆站, 附件1)
    opt_in: bool = False  # applies only to plants that seek it (the benchmark title), not to every plant

    @property
    def written_in(self) -> int | None:
        """The year it was written (its issue date, else its plan period's first year): it reports no later actuals."""
        if self.issue_date and self.issue_date[:4].isdigit():
            return int(self.issue_date[:4])
        return self.period_start

    def status(self, today: dt.date | None = None) -> str:
        """The status a reader should see today: drafts stay drafts, plans expire with their period."""
        today = today or dt.date.today()
        if self.declared_status == "draft":
            return "draft"
        if self.declared_status == "plan":
            if self.period_end is not None and self.period_end < today.year:
                return "expired"
            return "in_force"
        if self.declared_status in STATUS_LABELS:
            return self.declared_status
        return "in_force"

    def status_label(self, today: dt.date | None = None) -> str:
        label = STATUS_LABELS[self.status(today)]
        if self.trial and self.status(today) != "trial":
            label += "·试行"
        return label

    def warnings(self, today: dt.date | None = None) -> list[str]:
        """Why a reader should be careful quoting this document."""
        today = today or dt.date.today()
        status = self.status(today)
        out: list[str] = []
        if status == "draft":
            out.append(f"《{self.title}》是征求意见稿（draft for comment），不是正式发布的文件，条款可能已修改。")
        if self.trial:
            out.append(f"《{self.title}》标注为“试行”（trial）。")
        if status == "expired":
            out.append(
                f"《{self.title}》的规划期为{self.period_start}–{self.period_end}年，已经结束（plan period ended）；"
                "其目标和任务仅供参考。"
            )
        if status == "guidance":
            tail = f"，其目标期限至{self.period_end}年" if self.period_end else ""
            ended = "（已过）" if self.period_end and self.period_end < today.year else ""
            out.append(f"《{self.title}》是{self.issuer}发布的行业指导意见，不是政府规章{tail}{ended}。")
        return out

    def to_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "issuer": self.issuer,
            "region": self.region,
            "doc_number": self.doc_number,
            "issue_date": self.issue_date,
            "period": [self.period_start, self.period_end],
            "nature": self.nature,
            "status": self.status(today),
            "status_label": self.status_label(today),
            "source": self.source,
        }


@dataclass
class Catalog:
    root: Path
    documents: list[DocumentMeta]

    def named_in(self, question: str) -> set[str]:
        """The documents a question names the way users name them (协会的意见, 标杆站, 附件1) or by number (京建发〔2011〕535号)."""
        text = normalize(compact(question))
        return {
            meta.doc_id
            for meta in self.documents
            if any(normalize(compact(name)) in text for name in meta.names)
            or (meta.doc_number and number_pattern(meta.doc_number).search(question))
        }

    def called(self, phrase: str, other_chars: int) -> set[str]:
        """The documents a phrase is the name of, fewer than ``other_chars`` other characters said (标杆示范站), not
        those it only names (高质量发展意见对原材料管控)."""
        text = normalize(compact(phrase))
        names = [(meta.doc_id, normalize(compact(name))) for meta in self.documents for name in meta.names]
        return {doc_id for doc_id, name in names if name in text and len(text) - len(name) < other_chars}

    def without_numbers(self, question: str) -> str:
        """The question less the numbers it names indexed documents by: a name, not a year or a topic (京建发〔2011〕535号);
        a number the documents only quote (国办发〔2010〕33号) stays what is asked about."""
        for meta in self.documents:
            if meta.doc_number:
                question = number_pattern(meta.doc_number).sub(" ", question)
        return question

    def get(self, doc_id: str) -> DocumentMeta:
        for meta in self.documents:
            if meta.doc_id == doc_id:
                return meta
        raise KeyError(doc_id)

    def by_source(self) -> dict[str, list[DocumentMeta]]:
        grouped: dict[str, list[DocumentMeta]] = {}
        for meta in self.documents:
            grouped.setdefault(meta.source, []).append(meta)
        return grouped

    def regions(self) -> list[str]:
        return sorted({meta.region for meta in self.documents if meta.region})


def _meta_from_dict(entry: dict[str, Any]) -> DocumentMeta:
    try:
        period = entry.get("period") or {}
        return DocumentMeta(
            doc_id=str(entry["doc_id"]),
            title=str(entry["title"]),
            source=str(entry["source"]),
            issuer=entry.get("issuer") or "",
            region=entry.get("region") or "",
            doc_number=entry.get("doc_number"),
            issue_date=entry.get("issue_date"),
            period_start=period.get("start"),
            period_end=period.get("end"),
            nature=entry.get("nature") or "",
            declared_status=entry.get("status") or "in_force",
            trial=bool(entry.get("trial", False)),
            annex=entry.get("annex"),
            part=dict(entry.get("part") or {}),
            notes=entry.get("notes") or "",
            names=[str(name) for name in entry.get("names") or []],
            opt_in=bool(entry.get("opt_in", False)),
        )
    except KeyError as missing:
        raise CatalogError(f"documents.json: an entry lacks the field {missing}") from None


def load_catalog(corpus_dir: Path) -> Catalog:
    """Read the metadata file; documents found on disk but not listed get default metadata."""
    path = corpus_dir / "documents.json"
    entries: list[dict[str, Any]] = []
    if path.exists():
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))["documents"]
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise CatalogError(f"{path}: not a valid metadata file ({err})") from None
    documents = [_meta_from_dict(entry) for entry in entries]
    ids = [meta.doc_id for meta in documents]
    if len(ids) != len(set(ids)):
        raise CatalogError(f"{path}: duplicate doc_id")
    listed = {meta.source for meta in documents}
    doc_dir = corpus_dir / "documents"
    if doc_dir.exists():
        for file in sorted(doc_dir.iterdir()):
            rel = f"documents/{file.name}"
            if file.is_file() and rel not in listed and file.suffix.lower() in SUPPORTED_SUFFIXES:
                documents.append(DocumentMeta(doc_id=file.stem, title=file.stem, source=rel))
    return Catalog(root=corpus_dir, documents=documents)


SUPPORTED_SUFFIXES = {".txt", ".md", ".pdf", ".docx"}
