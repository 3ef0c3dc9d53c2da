"""Uploads: a good file is indexed incrementally and becomes searchable; a bad one changes nothing at all."""

from __future__ import annotations

import json
import shutil

import pytest
from ui_files import UPLOAD_FACT, UPLOAD_LINES, UPLOAD_QUESTION, UPLOAD_TITLE, make_corrupt_pdf, make_pdf, snapshot_tree

from assistant import corpus_admin
from assistant.corpus_admin import UploadError, add_document, validate_upload
from assistant.index import current_build, read_clauses

METADATA = {"title": UPLOAD_TITLE, "issuer": "襄阳市住房和城乡建设局", "region": "湖北省襄阳市", "status": "in_force"}


@pytest.fixture(scope="module")
def indexed_copy(corpus_dir, tmp_path_factory):
    """Two real documents and their index, built once for this module."""
    from assistant.config import Settings
    from assistant.index import build_index

    root = tmp_path_factory.mktemp("admin-base")
    (root / "corpus" / "documents").mkdir(parents=True)
    entries = json.loads((corpus_dir / "documents.json").read_text(encoding="utf-8"))["documents"]
    chosen = [e for e in entries if e["doc_id"] in ("hubei-assoc-green", "hangzhou-12th-plan")]
    for entry in chosen:
        shutil.copy2(corpus_dir / entry["source"], root / "corpus" / entry["source"])
    (root / "corpus" / "documents.json").write_text(json.dumps({"documents": chosen}, ensure_ascii=False))
    shutil.copy2(corpus_dir / "glossary.json", root / "corpus" / "glossary.json")
    build_index(Settings.from_env(root=root, corpus_dir=root / "corpus", index_dir=root / "indexes"), progress=False)
    return root


@pytest.fixture()
def small_corpus(indexed_copy, tmp_path, settings_for):
    """A private copy of the indexed two-document corpus that the test may change."""
    shutil.copytree(indexed_copy / "corpus", tmp_path / "corpus")
    shutil.copytree(indexed_copy / "indexes", tmp_path / "indexes")
    return settings_for(tmp_path / "corpus", tmp_path / "indexes")


def _state(settings):
    return snapshot_tree(settings.corpus_dir), snapshot_tree(settings.index_dir)


def test_pdf_upload_is_indexed_and_searchable(small_corpus, tmp_path):
    from assistant import Assistant

    settings = small_corpus
    assistant = Assistant.open(settings)
    before_build = assistant.build_id
    before_clauses = {c.clause_id for c in read_clauses(current_build(settings.index_dir))}
    pdf = make_pdf(tmp_path / "xiangyang.pdf", UPLOAD_LINES)

    report = add_document(settings, pdf, "xiangyang.pdf", METADATA)

    assert report.title == UPLOAD_TITLE and report.clauses >= 3
    entries = json.loads((settings.corpus_dir / "documents.json").read_text(encoding="utf-8"))["documents"]
    added = next(e for e in entries if e["doc_id"] == report.doc_id)
    assert added["region"] == "湖北省襄阳市" and added["source"] == report.source
    assert (settings.corpus_dir / report.source).read_bytes() == pdf.read_bytes()
    # incremental: the documents already indexed keep their clauses
    after_clauses = {c.clause_id for c in read_clauses(current_build(settings.index_dir))}
    assert before_clauses < after_clauses
    # searchable without restarting: the open assistant picks up the new build
    assert assistant.reload() is True and assistant.build_id != before_build
    answer = assistant.ask(UPLOAD_QUESTION).to_dict()
    assert not answer["abstained"]
    assert answer["citations"][0]["doc_title"] == UPLOAD_TITLE
    assert UPLOAD_FACT in answer["citations"][0]["text"]
    # the region filter sees the new document's metadata
    filtered = assistant.ask(UPLOAD_QUESTION, region="襄阳").to_dict()
    assert {c["doc_id"] for c in filtered["retrieved"]} == {report.doc_id}
    assert assistant.reload() is False


def _bad_files(tmp_path, settings):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    exe = tmp_path / "tool.exe"
    exe.write_bytes(b"MZ\x90\x00binary")
    binary_txt = tmp_path / "binary.txt"
    binary_txt.write_bytes(b"\x00\x01\x02" * 100)
    headings_only = tmp_path / "blank.md"
    headings_only.write_text("   \n\n  \n", encoding="utf-8")
    existing = next((settings.corpus_dir / "documents").iterdir())
    duplicate = tmp_path / "copy-of-existing.txt"
    shutil.copyfile(existing, duplicate)
    return [
        (empty, {}, "empty"),
        (exe, {}, "unsupported file type"),
        (binary_txt, {}, "binary"),
        (make_corrupt_pdf(tmp_path / "broken.pdf"), {}, "unreadable"),
        (headings_only, {}, "no text|empty"),
        (duplicate, {}, "duplicate"),
        (make_pdf(tmp_path / "again.pdf", UPLOAD_LINES), {"doc_id": "hubei-assoc-green"}, "duplicate doc_id"),
        (make_pdf(tmp_path / "status.pdf", UPLOAD_LINES), {"status": "abolished"}, "status"),
        (make_pdf(tmp_path / "date.pdf", UPLOAD_LINES), {"issue_date": "去年"}, "issue_date"),
        (make_pdf(tmp_path / "id.pdf", UPLOAD_LINES), {"doc_id": "../../etc/passwd"}, "doc_id"),
    ]


def test_bad_uploads_are_refused_and_change_nothing(small_corpus, tmp_path):
    settings = small_corpus
    before = _state(settings)
    for path, metadata, reason in _bad_files(tmp_path, settings):
        with pytest.raises(UploadError, match=reason):
            add_document(settings, path, path.name, metadata)
        assert _state(settings) == before, f"{path.name} changed the corpus or the index"


def test_too_large_upload_is_refused(small_corpus, tmp_path, monkeypatch):
    settings = small_corpus
    before = _state(settings)
    big = tmp_path / "big.txt"
    big.write_text("一、总则\n1. 内容。\n" * 2000, encoding="utf-8")
    monkeypatch.setattr(corpus_admin, "MAX_UPLOAD_BYTES", 10_000)
    with pytest.raises(UploadError, match="too large"):
        add_document(settings, big, big.name, {})
    assert _state(settings) == before


def test_error_messages_name_the_uploaded_file(small_corpus, tmp_path):
    path = make_corrupt_pdf(tmp_path / "tmpab12cd.pdf")
    with pytest.raises(UploadError, match=r"政策原件\.pdf"):
        validate_upload(small_corpus, path, "政策原件.pdf", {})


def test_failed_indexing_rolls_back_corpus_and_index(small_corpus, tmp_path, monkeypatch):
    """The index build publishes and then something fails: the file, metadata and CURRENT all go back."""
    from assistant import index

    settings = small_corpus
    corpus_before = snapshot_tree(settings.corpus_dir)
    current_before = (settings.index_dir / "CURRENT").read_text(encoding="utf-8")
    real_build = index.build_index

    def build_then_fail(*args, **kwargs):
        real_build(*args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(index, "build_index", build_then_fail)
    pdf = make_pdf(tmp_path / "xiangyang.pdf", UPLOAD_LINES)
    with pytest.raises(OSError, match="disk full"):
        add_document(settings, pdf, pdf.name, METADATA)
    assert snapshot_tree(settings.corpus_dir) == corpus_before
    assert (settings.index_dir / "CURRENT").read_text(encoding="utf-8") == current_before
    builds = sorted(p.name for p in (settings.index_dir / "builds").iterdir())
    assert builds == [current_before]


def test_upload_without_metadata_gets_a_safe_id_and_the_file_name_as_title(small_corpus, tmp_path):
    path = tmp_path / "管理 规定(2024).md"
    path.write_text("\n".join(UPLOAD_LINES), encoding="utf-8")
    report = add_document(small_corpus, path, path.name, {})
    assert corpus_admin.DOC_ID.match(report.doc_id)
    assert report.title == "管理 规定(2024)"
    assert (small_corpus.corpus_dir / report.source).exists()
