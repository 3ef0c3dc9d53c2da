"""The Python API: ``Assistant.open().ask(question, history=[...])`` — the one object the CLI and UI use."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from typing import Any

from .answer import Answer, compose
from .config import Settings
from .conversation import standalone_query
from .glossary import Glossary
from .index import build_index, current_build
from .retrieve import ClauseSearch, Snapshot

MAX_QUESTION_CHARS = 2000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

__all__ = ["Answer", "Assistant"]


class Assistant:
    """Opens the published index once; ``ask`` is then cheap and safe to call from many threads."""

    def __init__(self, settings: Settings, search: ClauseSearch) -> None:
        self.settings = settings
        self.search = search
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings | None = None, build_if_missing: bool = False) -> Assistant:
        settings = settings or Settings.from_env()
        if build_if_missing and current_build(settings.index_dir) is None:
            build_index(settings, progress=False)
        glossary = Glossary.load(settings.corpus_dir / "glossary.json")
        return cls(settings, ClauseSearch(Snapshot.open(settings), glossary))

    @property
    def catalog(self):
        return self.search.snapshot.catalog

    def ask(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        top_k: int | None = None,
        doc: str | list[str] | None = None,
        region: str | None = None,
        status: str | None = None,
        mode: str = "hybrid",
    ) -> Answer:
        started = time.perf_counter()
        top_k = max(1, min(int(top_k or self.settings.top_k), 50))
        raw = question if isinstance(question, str) else str(question)
        cleaned = CONTROL.sub(" ", raw).strip()
        warnings: list[str] = []
        if len(cleaned) > MAX_QUESTION_CHARS:
            warnings.append(f"问题过长（{len(cleaned)} 字），只使用了前 {MAX_QUESTION_CHARS} 字。")
            cleaned = cleaned[:MAX_QUESTION_CHARS]
        filters = {"doc": doc, "region": region, "status": status, "top_k": top_k}
        if not cleaned:
            return Answer(raw, "", "请输入问题（the question is empty）。", True, [], [], warnings, {"total": 0.0}, filters)
        standalone = standalone_query(cleaned, history)
        rewritten = time.perf_counter()
        doc_ids = self.search.doc_ids_for(doc, region, status)
        hits, expansion = self.search.search(standalone, top_k=max(top_k, 10), doc_ids=doc_ids, mode=mode)
        searched = time.perf_counter()
        markdown, abstained, citations, retrieved, answer_warnings = compose(
            cleaned, standalone, hits, expansion, self.search.snapshot, top_k
        )
        done = time.perf_counter()
        timing = {
            "rewrite": round((rewritten - started) * 1000, 2),
            "retrieve": round((searched - rewritten) * 1000, 2),
            "answer": round((done - searched) * 1000, 2),
            "total": round((done - started) * 1000, 2),
        }
        return Answer(raw, standalone, markdown, abstained, citations, retrieved, warnings + answer_warnings, timing, filters)
