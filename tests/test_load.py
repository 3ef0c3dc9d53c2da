"""Load stage with real files: reportlab PDFs, python-docx documents, GBK text, and the ways files go wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from ui_files import make_pdf

from assistant.catalog import DocumentMeta, load_catalog
from assistant.clean import clean_text
from assistant.load import LoadError, _cut_part, load_sources, read_file
from assistant.parse import parse_document

PDF_LINES = [
    "一、总体要求",
    "1.【绿化】企业厂区内应进行绿化建设，整体绿化面积应不低于10%。",
    "2.【门前三包】企业厂区路面应进行硬化处理，定期冲洗，保持清洁。",
    "二、保障措施",
    "1.【组织领导】各级住建主管部门要加强组织领导。",
]


def make_docx(path: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("一、产能规划")
    document.add_paragraph("表1 各县混凝土产能规划")
    table = document.add_table(rows=3, cols=3)
    rows = [["地区名称", "2015年", "2020年"], ["嘉善县", "107.8", "440"], ["平湖市", "162.1", "350"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、保障措施")
    document.add_paragraph("（一）加强监督管理。各地应按规划控制搅拌站产能。")
    document.save(str(path))
    return path


# --- PDF ---------------------------------------------------------------------------------------------


def test_pdf_text_is_read_and_parsed_into_clauses(tmp_path):
    pdf = make_pdf(tmp_path / "plan.pdf", PDF_LINES)
    text = read_file(pdf)
    for line in PDF_LINES:
        assert line in text
    meta = DocumentMeta(doc_id="pdf-doc", title="PDF文件", source="documents/plan.pdf")
    clauses = {c.label: c for c in parse_document(meta, clean_text("pdf-doc", text))}
    assert clauses["一、1【绿化】"].text == PDF_LINES[1]
    assert clauses["一、2【门前三包】"].path == ["PDF文件", "一、总体要求", "2.【门前三包】"]
    assert clauses["二、1【组织领导】"].text.startswith("1.【组织领导】")


def test_encrypted_pdf_is_refused_by_name(tmp_path):
    pdf = make_pdf(tmp_path / "locked.pdf", PDF_LINES, encrypt="secret")
    with pytest.raises(LoadError, match=r"locked\.pdf.*encrypted"):
        read_file(pdf)


def test_pypdf_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", PDF_LINES)
    writer = PdfWriter()
    writer.append(str(plain))
    writer.encrypt("pw", algorithm="RC4-128")
    locked = tmp_path / "rc4.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(LoadError, match=r"rc4\.pdf.*password"):
        read_file(locked)


def test_pdf_without_text_layer_is_refused(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(LoadError, match=r"scan\.pdf.*no text layer"):
        read_file(path)


@pytest.mark.parametrize("seed", [0, 1])
def test_corrupt_pdf_is_refused(tmp_path, seed):
    import random

    rng = random.Random(seed)
    path = tmp_path / f"corrupt{seed}.pdf"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    with pytest.raises(LoadError, match=rf"corrupt{seed}\.pdf.*unreadable PDF"):
        read_file(path)


def test_truncated_pdf_is_refused(tmp_path):
    full = make_pdf(tmp_path / "full.pdf", PDF_LINES).read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(full[: len(full) // 3])
    with pytest.raises(LoadError, match=r"half\.pdf"):
        read_file(path)


# --- DOCX ------------------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table(tmp_path):
    text = read_file(make_docx(tmp_path / "plan.docx"))
    lines = text.split("\n")
    assert "一、产能规划" in lines
    assert "\t嘉善县" in lines and "\t107.8" in lines and "\t440" in lines
    # each table row is a run of tab-led cell lines
    start = lines.index("\t嘉善县")
    assert lines[start : start + 3] == ["\t嘉善县", "\t107.8", "\t440"]
    doc = clean_text("docx", text)
    tables = [b.text for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].split("\n")
    assert rows[0] == "表1各县混凝土产能规划"
    assert "嘉善县\t107.8\t440" in rows and "平湖市\t162.1\t350" in rows
    assert [b.text for b in doc.blocks if b.kind == "para"][-1] == "（一）加强监督管理。各地应按规划控制搅拌站产能。"


def test_docx_table_becomes_a_table_clause(tmp_path):
    text = read_file(make_docx(tmp_path / "plan.docx"))
    meta = DocumentMeta(doc_id="docx-doc", title="DOCX文件", source="documents/plan.docx")
    clauses = {c.label: c for c in parse_document(meta, clean_text("docx-doc", text))}
    table = clauses["一、 表1"]
    assert table.kind == "table"
    assert "嘉善县\t107.8\t440" in table.text
    assert clauses["二（一）"].text.startswith("（一）加强监督管理。")


def test_docx_with_merged_cells_reads_each_cell_once(tmp_path):
    from docx import Document

    document = Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(0, 0).text = "合并单元格"
    table.cell(0, 2).text = "右"
    for c, value in enumerate(["a", "b", "c"]):
        table.cell(1, c).text = value
    path = tmp_path / "merged.docx"
    document.save(str(path))
    lines = read_file(path).split("\n")
    assert lines.count("\t合并单元格") == 1
    assert lines.count("\t右") == 1


def test_corrupt_docx_is_refused(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(os.urandom(512))
    with pytest.raises(LoadError, match=r"broken\.docx.*unreadable DOCX"):
        read_file(path)


# --- text files and general errors --------------------------------------------------------------------------


def test_gbk_text_decodes(tmp_path):
    path = tmp_path / "gbk.txt"
    original = "一、总体要求\n企业厂区内应进行绿化建设，整体绿化面积应不低于10%。\n"
    path.write_bytes(original.encode("gbk"))
    assert read_file(path) == original


def test_utf8_bom_and_crlf_are_normalised(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff一、总体要求\r\n正文。\r\n".encode())
    assert read_file(path) == "一、总体要求\n正文。\n"


def test_markdown_is_read(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# 标题\n正文。", encoding="utf-8")
    assert read_file(path) == "# 标题\n正文。"


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(LoadError, match=r"empty\.txt.*empty"):
        read_file(path)


def test_whitespace_only_file_is_refused(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\u3000\n\t", encoding="utf-8")
    with pytest.raises(LoadError, match=r"blank\.txt.*no text"):
        read_file(path)


def test_binary_data_named_txt_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(256))
    with pytest.raises(LoadError, match=r"image\.txt.*binary"):
        read_file(path)


@pytest.mark.parametrize("name", ["old.doc", "sheet.xlsx", "noext"])
def test_unsupported_suffix_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_text("一、总体要求", encoding="utf-8")
    with pytest.raises(LoadError, match=rf"{name}.*unsupported"):
        read_file(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(LoadError, match=r"ghost\.txt.*not found"):
        read_file(tmp_path / "ghost.txt")


# --- the catalogue and load_sources ---------------------------------------------------------------------


def test_load_sources_reads_pdf_and_docx_and_reports_bad_files(tmp_path):
    corpus = tmp_path / "corpus"
    documents = corpus / "documents"
    documents.mkdir(parents=True)
    make_pdf(documents / "plan.pdf", PDF_LINES)
    make_docx(documents / "table.docx")
    (documents / "empty.txt").write_bytes(b"")
    (documents / "ignored.xlsx").write_bytes(b"PK")
    catalog = load_catalog(corpus)
    assert sorted(meta.doc_id for meta in catalog.documents) == ["empty", "plan", "table"]
    errors: list[str] = []
    loaded = {s.meta.doc_id: s for s in load_sources(catalog, errors)}
    assert sorted(loaded) == ["plan", "table"]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert "整体绿化面积应不低于10%" in loaded["plan"].text
    assert len(loaded["plan"].content_hash) == 64
    # without an error list the first bad file raises
    with pytest.raises(LoadError, match=r"empty\.txt"):
        load_sources(catalog)


def test_catalogued_parts_of_one_file(sources):
    hq, standard, benchmark = (
        sources[d].text for d in ("hubei-hq-opinion", "hubei-standard-plant", "hubei-benchmark-plant")
    )
    assert "附件1\n湖北省预拌混凝土标准化搅拌站要求" not in hq
    assert standard.startswith("附件1\n湖北省预拌混凝土标准化搅拌站要求")
    assert "附件2\n湖北省预拌混凝土标杆示范搅拌站创建要点" not in standard
    assert benchmark.startswith("附件2\n湖北省预拌混凝土标杆示范搅拌站创建要点")
    # the three parts tile the file
    assert (
        len({sources[d].content_hash for d in ("hubei-hq-opinion", "hubei-standard-plant", "hubei-benchmark-plant")})
        == 3
    )


def test_missing_part_marker_is_reported(tmp_path):
    meta = DocumentMeta(doc_id="x", title="x", source="documents/x.txt", part={"start_at": "附件9"})
    with pytest.raises(LoadError, match="start marker of x"):
        _cut_part("正文", meta)
    meta = DocumentMeta(doc_id="y", title="y", source="documents/y.txt", part={"end_before": "附件9"})
    with pytest.raises(LoadError, match="end marker of y"):
        _cut_part("正文", meta)


def test_catalog_rejects_duplicate_ids_and_bad_json(tmp_path):
    from assistant.catalog import CatalogError

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    entry = {"doc_id": "a", "title": "A", "source": "documents/a.txt"}
    (corpus / "documents.json").write_text(json.dumps({"documents": [entry, entry]}), encoding="utf-8")
    with pytest.raises(CatalogError, match="duplicate"):
        load_catalog(corpus)
    (corpus / "documents.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogError, match="not a valid metadata file"):
        load_catalog(corpus)
    (corpus / "documents.json").write_text(json.dumps({"documents": [{"title": "no id"}]}), encoding="utf-8")
    with pytest.raises(CatalogError, match="doc_id"):
        load_catalog(corpus)
