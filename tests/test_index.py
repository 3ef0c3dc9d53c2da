"""Index stage: atomic, incremental builds of Chroma + BM25 over the real corpus (always in tmp copies)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from contract import DOC_IDS, assert_matrix_matches_chroma

from assistant import Assistant
from assistant.index import (
    COLLECTION,
    INDEXABLE,
    build_index,
    chroma_client,
    current_build,
    read_clauses,
    read_manifest,
)

GREEN_FILE = "documents/000_e4cbb4ca3de258ea.txt"
NEW_CLAUSE = "\n\n六、附加要求\n\n（一）紫藤花架示范长廊。搅拌站应设置紫藤花架示范长廊，展示绿色生产成果。\n"


def _builds(index_dir: Path) -> list[str]:
    return sorted(p.name for p in (index_dir / "builds").iterdir())


def _pointer(index_dir: Path) -> str:
    return (index_dir / "CURRENT").read_text(encoding="utf-8").strip()


@pytest.fixture()
def workspace(tmp_path, make_corpus, settings, build_report, settings_for):
    """A corpus copy plus a copy of the session index (so incremental builds start from a finished build)."""
    corpus = make_corpus(tmp_path)
    index_dir = tmp_path / "indexes"
    shutil.copytree(settings.index_dir, index_dir)
    return settings_for(corpus, index_dir)


def _append(settings, relative: str, text: str) -> None:
    path = settings.corpus_dir / relative
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- the session build -----------------------------------------------------------------------------


def test_session_build_is_complete(settings, build_report, session_build):
    assert build_report.build_id is not None
    assert sorted(build_report.changed) == sorted(DOC_IDS)
    assert build_report.unchanged == [] and build_report.removed == [] and build_report.errors == []
    assert not build_report.up_to_date
    assert _pointer(settings.index_dir) == build_report.build_id == session_build.name
    for part in ("manifest.json", "clauses.jsonl", "chroma", "embedding", "lexical"):
        assert (session_build / part).exists(), part
    manifest = read_manifest(session_build)
    assert list(manifest["documents"]) == DOC_IDS
    assert manifest["embed_model"] == "lsa"
    assert all(len(doc["hash"]) == 64 and doc["clauses"] > 0 for doc in manifest["documents"].values())
    assert not [p for p in (settings.index_dir / "builds").iterdir() if p.name.endswith(".partial")]


def test_session_build_contents_agree(session_build, build_report, parsed):
    manifest = read_manifest(session_build)
    clauses = read_clauses(session_build)
    assert len(clauses) == build_report.clause_count == sum(len(c) for c in parsed.values())
    indexable = [c.clause_id for c in clauses if c.kind in INDEXABLE]
    assert manifest["lexical_order"] == indexable
    collection = chroma_client(session_build / "chroma").get_collection(COLLECTION)
    assert collection.count() == len(indexable)
    stored = collection.get(include=["metadatas"])
    assert set(stored["ids"]) == set(indexable)
    by_id = {c.clause_id: c for c in clauses}
    # each vector carries its clause's document (the filters and incremental deletes rely on it)
    for clause_id, metadata in zip(stored["ids"], stored["metadatas"], strict=True):
        assert metadata["doc_id"] == by_id[clause_id].doc_id
        assert metadata["label"] == by_id[clause_id].label
    for doc_id in DOC_IDS:
        assert manifest["documents"][doc_id]["clauses"] == len(parsed[doc_id])
    # the cleaner's warnings are recorded per document
    assert any("PAGE" in w for w in manifest["documents"]["jiaxing-13th-plan"]["warnings"])
    assert sum("garbled" in w for w in manifest["documents"]["beijing-12th-plan"]["warnings"]) == 2
    assert build_report.warnings["beijing-12th-plan"] == manifest["documents"]["beijing-12th-plan"]["warnings"]


# --- incremental builds ------------------------------------------------------------------------------


def test_second_build_without_changes_is_up_to_date(workspace):
    before_builds, before_pointer = _builds(workspace.index_dir), _pointer(workspace.index_dir)
    report = build_index(workspace, progress=False)
    assert report.up_to_date
    assert report.build_id is None
    assert report.changed == [] and report.removed == []
    assert sorted(report.unchanged) == sorted(DOC_IDS)
    assert report.clause_count > 300
    assert _builds(workspace.index_dir) == before_builds
    assert _pointer(workspace.index_dir) == before_pointer


def test_editing_one_document_reindexes_only_that_document(workspace):
    old_build = current_build(workspace.index_dir)
    old_manifest = read_manifest(old_build)
    old_clauses = {c.clause_id: c for c in read_clauses(old_build)}
    _append(workspace, GREEN_FILE, NEW_CLAUSE)

    report = build_index(workspace, progress=False)
    assert report.changed == ["hubei-assoc-green"]
    assert sorted(report.unchanged) == sorted(d for d in DOC_IDS if d != "hubei-assoc-green")
    assert report.build_id is not None and report.build_id != old_build.name
    assert _pointer(workspace.index_dir) == report.build_id
    assert set(report.warnings) == {"hubei-assoc-green"}

    new_build = current_build(workspace.index_dir)
    manifest = read_manifest(new_build)
    for doc_id in DOC_IDS:
        same = manifest["documents"][doc_id] == old_manifest["documents"][doc_id]
        assert same is (doc_id != "hubei-assoc-green"), doc_id
    # other documents' clauses are carried over untouched
    new_clauses = read_clauses(new_build)
    for clause in new_clauses:
        if clause.doc_id != "hubei-assoc-green":
            assert old_clauses[clause.clause_id] == clause
    added = [c for c in new_clauses if "紫藤花架示范长廊" in c.text]
    assert len(added) == 1 and added[0].label == "六（一）" and added[0].kind == "clause"
    # the previous build is kept as a fallback, nothing else piles up
    assert set(_builds(workspace.index_dir)) == {old_build.name, new_build.name}

    answer = Assistant.open(workspace).ask("紫藤花架示范长廊有什么要求？")
    assert not answer.abstained
    assert answer.citations[0]["doc_id"] == "hubei-assoc-green"
    assert "紫藤花架示范长廊" in answer.citations[0]["text"]


def test_rebuild_flag_redoes_everything(workspace):
    old = current_build(workspace.index_dir)
    old_clause_ids = [c.clause_id for c in read_clauses(old)]
    report = build_index(workspace, rebuild=True, progress=False)
    assert sorted(report.changed) == sorted(DOC_IDS)
    assert report.unchanged == []
    assert report.build_id is not None and report.build_id != old.name
    new = current_build(workspace.index_dir)
    assert [c.clause_id for c in read_clauses(new)] == old_clause_ids
    assert all(doc["indexed_at"] for doc in read_manifest(new)["documents"].values())
    assert (new / "embedding" / "lsa_projection.npy").exists()


def test_removed_document_leaves_the_index(workspace):
    catalog_path = workspace.corpus_dir / "documents.json"
    data = json.loads(catalog_path.read_text(encoding="utf-8"))
    data["documents"] = [d for d in data["documents"] if d["doc_id"] != "jiaxing-13th-plan"]
    catalog_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (workspace.corpus_dir / "documents" / "002_4249bb396c018fea.txt").unlink()

    report = build_index(workspace, progress=False)
    assert report.removed == ["jiaxing-13th-plan"]
    assert report.changed == []
    build = current_build(workspace.index_dir)
    assert "jiaxing-13th-plan" not in read_manifest(build)["documents"]
    assert not [c for c in read_clauses(build) if c.doc_id == "jiaxing-13th-plan"]
    collection = chroma_client(build / "chroma").get_collection(COLLECTION)
    assert set(collection.get()["ids"]) == set(read_manifest(build)["lexical_order"])
    assert_matrix_matches_chroma(build, collection)
    hits, _ = Assistant.open(workspace).search.search("嘉善县2020年混凝土产能规划", top_k=10)
    assert hits and not [h for h in hits if h.clause.doc_id == "jiaxing-13th-plan"]


def test_incremental_build_drops_vectors_of_edited_clauses(workspace):
    path = workspace.corpus_dir / GREEN_FILE
    text = path.read_text(encoding="utf-8")
    assert "全省前 10 家" in text
    path.write_text(text.replace("全省前 10 家", "全省前 12 家"), encoding="utf-8")
    report = build_index(workspace, progress=False)
    assert report.changed == ["hubei-assoc-green"]
    build = current_build(workspace.index_dir)
    collection = chroma_client(build / "chroma").get_collection(COLLECTION)
    assert set(collection.get()["ids"]) == set(read_manifest(build)["lexical_order"])
    assert_matrix_matches_chroma(build, collection)
    assert collection.metadata["hnsw:search_ef"] >= 100  # exact enough for 50 candidates and the margin


# --- atomicity and failures ------------------------------------------------------------------------


def test_crash_mid_build_keeps_previous_build_serving(workspace, monkeypatch):
    from assistant import index as index_module

    before_pointer = _pointer(workspace.index_dir)
    _append(workspace, GREEN_FILE, NEW_CLAUSE)
    calls = []

    def crash(cls, texts):
        calls.append(len(texts))
        raise RuntimeError("simulated crash after the vectors were written")

    monkeypatch.setattr(index_module.LexicalIndex, "build", classmethod(crash))
    with pytest.raises(RuntimeError, match="simulated crash"):
        build_index(workspace, progress=False)
    assert calls, "the crash was not reached"
    # the half-written build exists (Chroma was written) but was never published
    partial = [p for p in (workspace.index_dir / "builds").iterdir() if p.name.endswith(".partial")]
    assert len(partial) == 1 and (partial[0] / "chroma").is_dir()
    assert _pointer(workspace.index_dir) == before_pointer
    serving = current_build(workspace.index_dir)
    assert serving is not None and serving.name == before_pointer
    answer = Assistant.open(workspace).ask("标准化搅拌站整体绿化面积要求")
    assert not answer.abstained
    assert answer.citations[0]["clause"] == "附件1 九、8【绿化】"

    monkeypatch.undo()
    report = build_index(workspace, progress=False)
    assert report.changed == ["hubei-assoc-green"]
    assert report.build_id is not None and _pointer(workspace.index_dir) == report.build_id
    assert not [p for p in (workspace.index_dir / "builds").iterdir() if p.name.endswith(".partial")]
    assert any("紫藤花架" in c.text for c in read_clauses(current_build(workspace.index_dir)))


def test_unreadable_new_file_is_reported_and_others_stay_indexed(workspace):
    before_pointer = _pointer(workspace.index_dir)
    (workspace.corpus_dir / "documents" / "zz_notes.txt").write_bytes(b"")
    report = build_index(workspace, progress=False)
    assert len(report.errors) == 1 and "zz_notes.txt" in report.errors[0]
    assert not report.up_to_date
    assert report.build_id is None
    assert _pointer(workspace.index_dir) == before_pointer
    assert list(read_manifest(current_build(workspace.index_dir))["documents"]) == DOC_IDS
    answer = Assistant.open(workspace).ask("标准化搅拌站整体绿化面积要求")
    assert answer.citations and answer.citations[0]["doc_id"] == "hubei-standard-plant"


def test_unreadable_file_in_a_fresh_build(tmp_path, make_corpus, settings_for):
    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    (corpus / "documents" / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage without objects")
    fresh = settings_for(corpus, tmp_path / "indexes")
    report = build_index(fresh, progress=False)
    assert report.build_id is not None
    assert report.changed == ["hubei-assoc-green"]
    assert len(report.errors) == 1 and "broken.pdf" in report.errors[0]
    manifest = read_manifest(current_build(fresh.index_dir))
    assert list(manifest["documents"]) == ["hubei-assoc-green"]
    assert manifest["errors"] == report.errors


def test_document_that_becomes_unreadable_keeps_its_clauses(workspace):
    (workspace.corpus_dir / GREEN_FILE).write_bytes(b"")
    _append(
        workspace, "documents/004_eb0d18e07ce84a4f.txt", "\n\n六、补充\n（一）附加条款。北京应建设预拌砂浆示范工程。\n"
    )
    report = build_index(workspace, progress=False)
    assert report.changed == ["beijing-12th-plan"]
    assert "hubei-assoc-green" in report.unchanged
    assert any("000_e4cbb4ca3de258ea.txt" in e and "empty" in e for e in report.errors)
    build = current_build(workspace.index_dir)
    assert "hubei-assoc-green" in read_manifest(build)["documents"]
    assert any(c.doc_id == "hubei-assoc-green" for c in read_clauses(build))
    answer = Assistant.open(workspace).ask("全省前10家企业市场集中度要提高到多少？")
    assert any(c["doc_id"] == "hubei-assoc-green" for c in answer.citations)


def test_build_refuses_a_broken_catalogue(tmp_path, make_corpus, settings_for):
    from assistant.catalog import CatalogError

    corpus = make_corpus(tmp_path, ["hubei-assoc-green"])
    (corpus / "documents.json").write_text("[oops", encoding="utf-8")
    with pytest.raises(CatalogError):
        build_index(settings_for(corpus, tmp_path / "indexes"), progress=False)
    assert not (tmp_path / "indexes" / "CURRENT").exists()


def test_single_clause_corpus_is_indexed_and_answerable(tmp_path, settings_for):
    corpus = tmp_path / "corpus"
    (corpus / "documents").mkdir(parents=True)
    (corpus / "documents" / "one.txt").write_text(
        "一、总体要求\n1.【绿化】企业厂区内应进行绿化建设，整体绿化面积应不低于10%。\n", encoding="utf-8"
    )
    settings = settings_for(corpus, tmp_path / "indexes")
    report = build_index(settings, progress=False)
    assert report.changed == ["one"] and report.build_id is not None
    answer = Assistant.open(settings).ask("整体绿化面积要求是多少？")
    assert not answer.abstained
    assert [c["clause"] for c in answer.citations] == ["一、1【绿化】"]
