"""Add one uploaded document to the corpus and index it, or refuse it and leave everything as it was.

Every check that can fail (type, size, empty, unreadable, no clauses, duplicate) runs before the corpus is
touched. Only then is the file copied into ``corpus/documents/``, its metadata added to ``documents.json``
(atomically) and the incremental ``build_index`` run; if indexing fails, the copied file, the metadata and the
``CURRENT`` pointer are put back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import SUPPORTED_SUFFIXES, CatalogError, DocumentMeta, load_catalog
from .clean import clean_text
from .config import Settings
from .index import INDEXABLE, current_build, read_manifest
from .load import LoadError, read_file
from .parse import parse_document

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_STATUSES = ("in_force", "draft", "trial", "guidance", "plan")
DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
METADATA_FIELDS = ("title", "issuer", "region", "doc_number", "issue_date", "status")
_upload_lock = threading.Lock()


class UploadError(ValueError):
    """An upload that was refused; the message says why, in Chinese and English."""


@dataclass
class UploadReport:
    doc_id: str
    title: str
    source: str
    clauses: int
    build_id: str
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _slug(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(name).stem).strip("-.")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"upload-{stem[:40]}-{digest}" if stem else f"upload-{digest}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_metadata(metadata: dict[str, Any], filename: str) -> dict[str, Any]:
    unknown = set(metadata) - {*METADATA_FIELDS, "doc_id"}
    if unknown:
        raise UploadError(f"未知的元数据字段 unknown metadata fields: {', '.join(sorted(unknown))}")
    clean = {key: (str(value).strip() if value is not None else "") for key, value in metadata.items()}
    doc_id = clean.get("doc_id") or _slug(filename)
    if not DOC_ID.match(doc_id):
        raise UploadError(f"文件 ID 只能用字母、数字、-_. ，最长 64 字 (doc_id {doc_id!r} is not valid)")
    status = clean.get("status") or "in_force"
    if status not in UPLOAD_STATUSES:
        raise UploadError(f"状态必须是 {', '.join(UPLOAD_STATUSES)} 之一 (status {status!r} is not valid)")
    date = clean.get("issue_date") or ""
    if date and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", date):
        raise UploadError(f"发文日期格式应为 YYYY-MM-DD (issue_date {date!r} is not valid)")
    entry: dict[str, Any] = {
        "doc_id": doc_id,
        "title": clean.get("title") or Path(filename).stem,
        "issuer": clean.get("issuer") or "",
        "region": clean.get("region") or "",
        "doc_number": clean.get("doc_number") or None,
        "issue_date": date or None,
        "period": {"start": None, "end": None},
        "nature": "上传文件",
        "status": "in_force" if status == "trial" else status,
    }
    if status == "trial":
        entry["trial"] = True
    return entry


def _write_json_atomic(path: Path, data: Any) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _restore_bytes(path: Path, original: bytes | None) -> None:
    if original is None:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(f".{path.name}.restore.tmp")
    temporary.write_bytes(original)
    os.replace(temporary, path)


def _existing_hashes(settings: Settings) -> dict[str, str]:
    """Content hashes already in the corpus: raw file bytes and indexed document texts, to the doc they belong to."""
    known: dict[str, str] = {}
    build = current_build(settings.index_dir)
    if build is not None:
        for doc_id, info in read_manifest(build).get("documents", {}).items():
            known[info.get("hash", "")] = doc_id
    doc_dir = settings.corpus_dir / "documents"
    if doc_dir.exists():
        for file in doc_dir.iterdir():
            if file.is_file():
                known[_sha256(file.read_bytes())] = f"documents/{file.name}"
    return known


def _read_as(path: Path, filename: str) -> str:
    """The file's text, read under the user's file name so that error messages name what they uploaded."""
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        named = Path(folder) / Path(filename).name
        shutil.copyfile(path, named)
        try:
            return read_file(named)
        except LoadError as err:
            raise UploadError(f"无法读取文件 (unreadable): {err}") from None


def validate_upload(settings: Settings, path: Path, filename: str, metadata: dict[str, Any]) -> tuple[dict, str]:
    """Every check an upload must pass, touching nothing; returns (metadata entry, extracted text)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UploadError(f"{filename}: 不支持的文件类型 {suffix or '(无扩展名)'}，只接受 PDF、DOCX、TXT、MD (unsupported file type)")
    if not path.is_file():
        raise UploadError(f"{filename}: 没有收到文件 (no file received)")
    size = path.stat().st_size
    if size == 0:
        raise UploadError(f"{filename}: 空文件 (empty file)")
    if size > MAX_UPLOAD_BYTES:
        raise UploadError(
            f"{filename}: 文件 {size / 2**20:.1f} MB，超过 {MAX_UPLOAD_BYTES // 2**20} MB 上限 (file too large)"
        )
    entry = _check_metadata(metadata, filename)
    text = _read_as(path, filename)
    meta = DocumentMeta(doc_id=entry["doc_id"], title=entry["title"], source=filename)
    clauses = [c for c in parse_document(meta, clean_text(meta.doc_id, text)) if c.kind in INDEXABLE]
    if not clauses:
        raise UploadError(f"{filename}: 文件中没有可检索的条文 (no clauses could be parsed from the text)")
    try:
        catalog = load_catalog(settings.corpus_dir)
    except CatalogError as err:
        raise UploadError(f"文件库元数据有误 (corpus metadata is broken): {err}") from None
    if any(m.doc_id == entry["doc_id"] for m in catalog.documents):
        raise UploadError(f"文件 ID {entry['doc_id']} 已存在 (duplicate doc_id)")
    known = _existing_hashes(settings)
    for digest in (_sha256(path.read_bytes()), _sha256(text.encode("utf-8"))):
        if digest in known:
            raise UploadError(f"{filename}: 与已有文件 {known[digest]} 内容相同 (duplicate of an existing document)")
    return entry, text


def add_document(settings: Settings, path: Path, filename: str, metadata: dict[str, Any]) -> UploadReport:
    """Validate, copy, register and index one uploaded file; on any failure leave corpus and index unchanged."""
    from .index import _publish, build_index

    with _upload_lock:
        entry, _ = validate_upload(settings, Path(path), filename, metadata)
        suffix = Path(filename).suffix.lower()
        doc_dir = settings.corpus_dir / "documents"
        doc_dir.mkdir(parents=True, exist_ok=True)
        target = doc_dir / f"{entry['doc_id']}{suffix}"
        if target.exists():
            raise UploadError(f"{target.name} 已存在于文件库 (a file of that name is already in the corpus)")
        entry["source"] = f"documents/{target.name}"
        catalog_path = settings.corpus_dir / "documents.json"
        original_catalog = catalog_path.read_bytes() if catalog_path.exists() else None
        data = json.loads(original_catalog) if original_catalog else {"documents": []}
        previous = current_build(settings.index_dir)
        try:
            shutil.copyfile(path, target)
            data["documents"].append(entry)
            _write_json_atomic(catalog_path, data)
            report = build_index(settings, progress=False)
            failed = [e for e in report.errors if target.name in e or entry["doc_id"] in e]
            if failed or entry["doc_id"] not in report.changed or report.build_id is None:
                raise UploadError("索引失败 (indexing failed): " + ("; ".join(failed) or "the document was not indexed"))
        except BaseException:
            target.unlink(missing_ok=True)
            _restore_bytes(catalog_path, original_catalog)
            now = current_build(settings.index_dir)
            if previous is not None and (now is None or now.name != previous.name) and previous.exists():
                with contextlib.suppress(OSError):
                    _publish(settings.index_dir, previous.name)
                if now is not None:
                    shutil.rmtree(now, ignore_errors=True)
            raise
        build = current_build(settings.index_dir)
        info = read_manifest(build)["documents"][entry["doc_id"]] if build else {}
        return UploadReport(
            doc_id=entry["doc_id"],
            title=entry["title"],
            source=entry["source"],
            clauses=int(info.get("clauses", 0)),
            build_id=report.build_id,
            warnings=list(info.get("warnings", [])),
        )
