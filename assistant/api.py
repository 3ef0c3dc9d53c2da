"""The Python API: ``Assistant.open().ask(question, history=[...])`` — the one object the CLI and UI use."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from typing import Any

from .answer import Answer, Composed, answers_part, combine, compose
from .config import Settings
from .conversation import fold_follow_up
from .glossary import Expansion, Glossary
from .index import build_index, current_build
from .models import Clause
from .parts import part_asks
from .question import asks, leans_on
from .retrieve import ClauseSearch, Hit, Snapshot

MAX_QUESTION_CHARS = 2000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# zero-width and direction marks: invisible, so a question of only these is empty
INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

__all__ = ["Answer", "Assistant"]


class Assistant:
    """Opens the published index once; ``ask`` is then cheap and safe to call from many threads."""

    def __init__(self, settings: Settings, search: ClauseSearch, backend: str = "chroma") -> None:
        self.settings = settings
        self.search = search
        self.backend = backend
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings | None = None, build_if_missing: bool = False, backend: str = "chroma") -> Assistant:
        """Open the published index. ``backend="matrix"`` serves dense search from the build's embedding matrix,
        without importing LlamaIndex or Chroma: what a one-shot process wants; answers are the same."""
        settings = settings or Settings.from_env()
        if build_if_missing and current_build(settings.index_dir) is None:
            build_index(settings, progress=False)
        glossary = Glossary.load(settings.corpus_dir / "glossary.json")
        return cls(settings, ClauseSearch(Snapshot.open(settings, backend), glossary), backend)

    @property
    def catalog(self):
        return self.search.snapshot.catalog

    @property
    def build_id(self) -> str:
        """The published build this assistant answers from."""
        return self.search.snapshot.build.name

    def reload(self) -> bool:
        """Switch to the newest published build (e.g. after an upload); True when it changed.

        Questions already running finish on the snapshot they started with: ``ask`` reads ``self.search`` once.
        """
        with self._lock:
            latest = current_build(self.settings.index_dir)
            if latest is None or latest.name == self.build_id:
                return False
            glossary = Glossary.load(self.settings.corpus_dir / "glossary.json")
            self.search = ClauseSearch(Snapshot.open(self.settings, self.backend), glossary)
            return True

    def clause_context(self, clause_id: str, before: int = 2, after: int = 2) -> dict[str, Any] | None:
        """A clause with its heading path and its neighbours in the same document, in document order."""
        snapshot = self.search.snapshot
        clause = snapshot.clauses.get(clause_id)
        if clause is None:
            return None
        siblings = snapshot.document_clauses(clause.doc_id)
        at = next(i for i, c in enumerate(siblings) if c.clause_id == clause_id)
        try:
            meta = snapshot.catalog.get(clause.doc_id)
            title, status, status_label, warnings = meta.title, meta.status(), meta.status_label(), meta.warnings()
        except KeyError:
            title, status, status_label, warnings = clause.doc_id, "in_force", "", []

        def brief(c: Clause) -> dict[str, Any]:
            return {"clause_id": c.clause_id, "label": c.label, "kind": c.kind, "path": c.path, "text": c.text}

        return {
            **brief(clause),
            "doc_id": clause.doc_id,
            "doc_title": title,
            "status": status,
            "status_label": status_label,
            "warnings": warnings,
            "garbled": bool(clause.garbled),
            "before": [brief(c) for c in siblings[max(0, at - before) : at]],
            "after": [brief(c) for c in siblings[at + 1 : at + 1 + after]],
        }

    def documents(self) -> list[dict[str, Any]]:
        """The catalogued documents as the published index sees them: metadata, clause counts, warnings."""
        snapshot = self.search.snapshot
        indexed = snapshot.manifest.get("documents", {})
        out = []
        for meta in snapshot.catalog.documents:
            entry = meta.to_dict()
            info = indexed.get(meta.doc_id)
            entry["indexed"] = info is not None
            entry["clauses"] = info.get("clauses", 0) if info else 0
            entry["index_warnings"] = list(info.get("warnings", [])) if info else []
            entry["indexed_at"] = info.get("indexed_at") if info else None
            entry["warnings"] = meta.warnings()
            out.append(entry)
        return out

    def index_info(self) -> dict[str, Any]:
        """The published build: id, creation time, clause count and load errors."""
        snapshot = self.search.snapshot
        return {
            "build_id": snapshot.build.name,
            "created": snapshot.manifest.get("created"),
            "clauses": len(snapshot.clauses),
            "errors": list(snapshot.manifest.get("errors", [])),
        }

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
        raw = raw.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate cannot be printed or searched
        cleaned = INVISIBLE.sub("", CONTROL.sub("", raw)).strip()
        warnings: list[str] = []
        if len(cleaned) > MAX_QUESTION_CHARS:
            warnings.append(f"问题过长（{len(cleaned)} 字），只使用了前 {MAX_QUESTION_CHARS} 字。")
            cleaned = cleaned[:MAX_QUESTION_CHARS]
        filters = {"doc": doc, "region": region, "status": status, "top_k": top_k}
        if not cleaned:
            return Answer(raw, "", "请输入问题（the question is empty）。", True, [], [], warnings, {"total": 0.0}, filters)
        search = self.search  # one snapshot for the whole question, even if reload() swaps it meanwhile
        regions = [meta.region for meta in search.snapshot.catalog.documents if meta.region]
        standalone, added_by_follow_up = fold_follow_up(cleaned, history, regions)
        rewritten = time.perf_counter()
        doc_ids = search.doc_ids_for(doc, region, status)
        documents = {meta.doc_id: meta.names for meta in search.snapshot.catalog.documents}
        names = [name for names_of_one in documents.values() for name in names_of_one]
        searching = 0.0

        def search_for(ask: str) -> tuple[list[Hit], Expansion]:
            nonlocal searching
            before = time.perf_counter()
            found = search.search(ask, top_k=max(top_k, 10), doc_ids=doc_ids, mode=mode)
            searching += time.perf_counter() - before
            return found

        answered: list[Composed] = []
        labels: list[str] = []
        # each question of a message that asks several is answered, then joined (not a follow-up folded in)
        asked = asks(standalone, names) if standalone == cleaned else [standalone]
        for ask in asked:
            if answered and answered[0][1] and leans_on(ask, asked[0]):
                continue  # 都是哪些企业, of the plants 武汉已经评上 that no document counts
            whole = compose(cleaned, ask, *search_for(ask), search.snapshot, top_k, follow_up=added_by_follow_up)
            # 防灰、脏水、雨水这几块分别…: a part the whole answer does not hold is asked on its own
            missing = []
            for part_ask, part in part_asks(ask, regions, documents):
                # the glossary alone tells whether the whole answer holds the part: search only for the rest
                if part and not answers_part(whole, part_ask, part, search.glossary.expand(part_ask), search.snapshot):
                    hits, expansion = search_for(part_ask)
                    missing.append((compose(cleaned, part_ask, hits, expansion, search.snapshot, top_k, focus=part), part))
            if not (whole[1] and any(not composed[1] for composed, _ in missing)):
                answered.append(whole)
                labels.append(ask)
            answered += [composed for composed, _ in missing]
            labels += [part for _, part in missing]
        markdown, abstained, citations, retrieved, answer_warnings = combine(answered, labels)
        done = time.perf_counter()
        timing = {
            "rewrite": round((rewritten - started) * 1000, 2),
            "retrieve": round(searching * 1000, 2),
            "answer": round((done - rewritten - searching) * 1000, 2),
            "total": round((done - started) * 1000, 2),
        }
        return Answer(raw, standalone, markdown, abstained, citations, retrieved, warnings + answer_warnings, timing, filters)
