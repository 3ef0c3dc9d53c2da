"""Shared fixtures: the real corpus (snapshotted), its cleaned/parsed form, and ONE index built per session.

Everything that writes goes to pytest's tmp directories: the repository's ``corpus/`` and ``indexes/`` are
only ever read. The repository root is found from this file's location so the suite runs from any clone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
REPO_CORPUS = REPO_ROOT / "corpus"
MARKER = re.compile(r"\[(\d{1,3})\]")

# the package reads these; a developer's shell must not leak into the suite
_ENV_VARS = (
    "ASSISTANT_HOME", "ASSISTANT_CORPUS", "ASSISTANT_INDEX_DIR", "ASSISTANT_EMBED_MODEL", "ASSISTANT_CHROMA_URL",
    "ASSISTANT_KILL_AT", "ASSISTANT_FEEDBACK", "ASSISTANT_UI_AUTH",
)


@pytest.fixture(scope="session", autouse=True)
def _isolated_environment() -> Iterable[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name in _ENV_VARS:
            patch.delenv(name, raising=False)
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        patch.setenv("ANONYMIZED_TELEMETRY", "False")
        yield


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot of the repository's corpus, so that edits made elsewhere mid-run cannot skew the suite."""
    target = tmp_path_factory.mktemp("corpus-snapshot") / "corpus"
    shutil.copytree(REPO_CORPUS, target)
    return target


@pytest.fixture(scope="session")
def catalog(corpus_dir: Path):
    from assistant.catalog import load_catalog

    return load_catalog(corpus_dir)


@pytest.fixture(scope="session")
def sources(catalog) -> dict[str, Any]:
    from assistant.load import load_sources

    return {source.meta.doc_id: source for source in load_sources(catalog)}


@pytest.fixture(scope="session")
def cleaned(sources) -> dict[str, Any]:
    from assistant.clean import clean_text

    return {doc_id: clean_text(doc_id, source.text) for doc_id, source in sources.items()}


@pytest.fixture(scope="session")
def parsed(sources, cleaned) -> dict[str, list[Any]]:
    from assistant.parse import parse_document

    return {doc_id: parse_document(sources[doc_id].meta, cleaned[doc_id]) for doc_id in sources}


@pytest.fixture(scope="session")
def settings(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    from assistant.config import Settings

    index_dir = tmp_path_factory.mktemp("session-index") / "indexes"
    return Settings.from_env(root=REPO_ROOT, corpus_dir=corpus_dir, index_dir=index_dir, embed_model="lsa")


@pytest.fixture(scope="session")
def build_report(settings):
    """The index of the real corpus, built once for the whole session."""
    from assistant.index import build_index

    return build_index(settings, progress=False)


@pytest.fixture(scope="session")
def session_build(settings, build_report) -> Path:
    from assistant.index import current_build

    build = current_build(settings.index_dir)
    assert build is not None, "the session index was not published"
    return build


@pytest.fixture(scope="session")
def indexed_clauses(session_build: Path) -> dict[str, Any]:
    from assistant.index import read_clauses

    return {clause.clause_id: clause for clause in read_clauses(session_build)}


@pytest.fixture(scope="session")
def assistant(settings, build_report):
    from assistant import Assistant

    return Assistant.open(settings)


@pytest.fixture(scope="session")
def book(indexed_clauses, catalog):
    """The indexed clauses and the catalog, as the role tools read them."""
    from assistant.lookup import ClauseBook

    return ClauseBook(indexed_clauses.values(), catalog)


@pytest.fixture(scope="session")
def glossary(corpus_dir):
    """The corpus glossary, its terms taught to the segmenter as the tools do."""
    from assistant.glossary import Glossary
    from assistant.text import add_words

    loaded = Glossary.load(corpus_dir / "glossary.json")
    add_words(loaded.words())
    return loaded


@pytest.fixture(scope="session")
def garbled_texts(cleaned) -> list[str]:
    """The mojibake passages the cleaner flagged (only the Beijing plan has them)."""
    return [block.text for doc in cleaned.values() for block in doc.blocks if block.kind == "garbled"]


def _write_catalog(corpus: Path, entries: list[dict[str, Any]]) -> None:
    (corpus / "documents.json").write_text(
        json.dumps({"documents": entries}, ensure_ascii=False, indent=1), encoding="utf-8"
    )


@pytest.fixture(scope="session")
def make_corpus(corpus_dir: Path) -> Callable[..., Path]:
    """Copy the corpus (or only some documents of it) into a directory the test may modify."""

    def make(target: Path, doc_ids: list[str] | None = None, glossary: bool = True) -> Path:
        corpus = target / "corpus"
        if doc_ids is None:
            shutil.copytree(corpus_dir, corpus)
            return corpus
        (corpus / "documents").mkdir(parents=True)
        entries = json.loads((corpus_dir / "documents.json").read_text(encoding="utf-8"))["documents"]
        chosen = [entry for entry in entries if entry["doc_id"] in doc_ids]
        assert {entry["doc_id"] for entry in chosen} == set(doc_ids)
        for entry in chosen:
            shutil.copy2(corpus_dir / entry["source"], corpus / entry["source"])
        _write_catalog(corpus, chosen)
        if glossary and (corpus_dir / "glossary.json").exists():
            shutil.copy2(corpus_dir / "glossary.json", corpus / "glossary.json")
        return corpus

    return make


@pytest.fixture()
def settings_for() -> Callable[..., Any]:
    """Settings for a corpus copy and an index directory, with nothing taken from the environment."""
    from assistant.config import Settings

    def make(corpus: Path, index_dir: Path, embed_model: str = "lsa"):
        return Settings.from_env(root=corpus.parent, corpus_dir=corpus, index_dir=index_dir, embed_model=embed_model)

    return make


def markers(answer: str) -> set[int]:
    return {int(n) for n in MARKER.findall(answer)}


@pytest.fixture(scope="session")
def answer_markers() -> Callable[[str], set[int]]:
    return markers


@pytest.fixture(scope="session")
def cli_command() -> list[str]:
    """The installed console script when there is one next to this interpreter, else the module."""
    script = Path(sys.executable).with_name("assistant")
    if script.exists() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("assistant")
    if found:
        return [found]
    return [sys.executable, "-m", "assistant.cli"]
