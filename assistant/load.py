"""Load stage: read .txt/.md/.pdf/.docx files into raw text, one entry per catalogued document."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .catalog import SUPPORTED_SUFFIXES, Catalog, DocumentMeta

MAX_FILE_BYTES = 50 * 1024 * 1024


class LoadError(ValueError):
    """A file that cannot be turned into text; the message names the file and the reason."""


@dataclass
class SourceText:
    meta: DocumentMeta
    text: str
    content_hash: str


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows "Unicode" text: UTF-16 with a byte-order mark
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise LoadError(f"{path.name}: damaged UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise LoadError(f"{path.name}: binary data, not a text file (is it a PDF, DOCX or image renamed?)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
        if controls > max(3, len(sample) // 50):
            raise LoadError(f"{path.name}: binary data, not a text file ({controls} control characters in the first 4 KB)")
        return text
    raise LoadError(f"{path.name}: not readable text: neither UTF-8 nor GB18030/GBK (binary data, or another encoding?)")


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(f"{path.name}: encrypted PDF (a password is needed)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise LoadError(f"{path.name}: unreadable PDF ({err.__class__.__name__}: {err})") from None
    except Exception as err:  # pypdf raises many private error types on corrupt input
        if err.__class__.__name__ == "DependencyError":  # AES encryption needs the cryptography package
            raise LoadError(f"{path.name}: encrypted PDF that needs the `cryptography` package to open") from None
        raise LoadError(f"{path.name}: unreadable PDF ({err.__class__.__name__})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise LoadError(f"{path.name}: the PDF has no text layer (scanned image?); OCR it first")
    return text


def _read_docx(path: Path) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise LoadError(
            f"{path.name}: unreadable DOCX ({err.__class__.__name__}); an old Word .doc or a damaged file? "
            "Save it as .docx again"
        ) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            lines.append(text)
        elif tag == "tbl":
            from docx.table import Table

            for row in Table(child, document).rows:
                lines.append("")
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    lines.append("\t" + cell.text.replace("\n", " "))
            lines.append("")
    return "\n".join(lines)


def read_file(path: Path) -> str:
    """Return the text of one file, or raise LoadError saying what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{path.name}: unsupported file type {suffix or '(none)'}; use .txt, .md, .pdf or .docx")
    if not path.exists():
        raise LoadError(f"{path.name}: file not found")
    size = path.stat().st_size
    if size == 0:
        raise LoadError(f"{path.name}: empty file")
    if size > MAX_FILE_BYTES:
        raise LoadError(f"{path.name}: {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit")
    if suffix == ".pdf":
        text = _read_pdf(path)
    elif suffix == ".docx":
        text = _read_docx(path)
    else:
        text = _decode(path.read_bytes(), path)
    if not text.strip():
        raise LoadError(f"{path.name}: no text in the file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _cut_part(text: str, meta: DocumentMeta) -> str:
    start = 0
    end = len(text)
    if "start_at" in meta.part:
        found = text.find(meta.part["start_at"])
        if found < 0:
            raise LoadError(f"{meta.source}: start marker of {meta.doc_id} not found")
        start = found
    if "end_before" in meta.part:
        found = text.find(meta.part["end_before"], start)
        if found < 0:
            raise LoadError(f"{meta.source}: end marker of {meta.doc_id} not found")
        end = found
    return text[start:end]


def load_sources(catalog: Catalog, errors: list[str] | None = None) -> list[SourceText]:
    """Read every catalogued document; unreadable files are reported in ``errors`` and skipped."""
    out: list[SourceText] = []
    for source, metas in catalog.by_source().items():
        path = catalog.root / source
        try:
            text = read_file(path)
        except LoadError as err:
            if errors is None:
                raise
            errors.append(str(err))
            continue
        for meta in metas:
            try:
                part = _cut_part(text, meta) if meta.part else text
            except LoadError as err:
                if errors is None:
                    raise
                errors.append(str(err))
                continue
            digest = hashlib.sha256(part.encode("utf-8")).hexdigest()
            out.append(SourceText(meta=meta, text=part, content_hash=digest))
    return out
