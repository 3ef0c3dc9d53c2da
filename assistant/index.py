"""Index stage: parse the corpus into clauses and build, side by side, a Chroma collection and a BM25 index.

Builds are atomic: each goes into a fresh directory under ``indexes/builds`` and only a finished build is
published, by atomically replacing the ``CURRENT`` pointer. A build that dies half-way leaves the previous
one serving. Builds are incremental: documents whose content hash is unchanged keep their clauses and
vectors (copied from the previous build), and only changed documents are parsed and embedded again.

Server mode (``ASSISTANT_CHROMA_URL``): the vectors go to a Chroma server, one collection per build named
after the index directory and the build id; everything else (clauses, BM25, manifest, ``CURRENT``) stays on
local disk, so publishing is still the atomic replace of ``CURRENT`` and old collections are pruned with
old builds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .catalog import Catalog, load_catalog
from .clean import clean_text
from .config import Settings
from .glossary import Glossary
from .lexical import LexicalIndex
from .load import load_sources
from .models import Clause
from .parse import parse_document
from .text import add_words

COLLECTION = "clauses"
INDEXABLE = ("clause", "table", "preamble")
FORMAT_VERSION = 7  # bump when parsing or indexing changes what a build holds (4: tables as source text; 5: the embedding matrix; 6: 帐 read as 账; 7: the annex list a preamble)
VECTORS = "vectors.npy"  # float32 clause embeddings, one row per ``lexical_order`` entry
# HNSW beam wider than our candidate depth (50 + margin), so that Chroma's nearest clauses are the exact ones
SEARCH_EF = 256
COLLECTION_METADATA = {"hnsw:space": "cosine", "hnsw:search_ef": SEARCH_EF}


class IndexError_(RuntimeError):
    """No usable index, or the index directory cannot be written."""


@dataclass
class BuildReport:
    build_id: str | None
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    clause_count: int = 0
    seconds: float = 0.0

    @property
    def up_to_date(self) -> bool:
        return self.build_id is None and not self.errors


def search_text(clause: Clause) -> str:
    """What the indexes see: the heading path (document and sections) and the clause text."""
    return " ".join([*clause.path, clause.text])


def current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    build = index_dir / "builds" / pointer.read_text(encoding="utf-8").strip()
    return build if (build / "manifest.json").exists() else None


def read_manifest(build: Path) -> dict[str, Any]:
    return json.loads((build / "manifest.json").read_text(encoding="utf-8"))


def read_vectors(build: Path, rows: int) -> Any:
    """The build's clause-embedding matrix (memory-mapped), or None when the build has none or it is damaged."""
    import numpy as np

    try:
        vectors = np.load(build / VECTORS, mmap_mode="r")
    except (OSError, ValueError):
        return None
    return vectors if vectors.ndim == 2 and vectors.shape[0] == rows else None


def read_clauses(build: Path) -> list[Clause]:
    with (build / "clauses.jsonl").open(encoding="utf-8") as handle:
        return [Clause.from_dict(json.loads(line)) for line in handle if line.strip()]


@contextlib.contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = (index_dir / ".lock").open("w")
    except OSError as err:
        raise IndexError_(_write_error(index_dir, err)) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def chroma_client(path: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def server_client(url: str):
    """A client for a Chroma server (``chroma run``); a clear IndexError_ when it cannot be reached."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    parsed = urlparse(url if "://" in url else f"http://{url}")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise IndexError_(f"ASSISTANT_CHROMA_URL={url!r} is not an http(s)://host:port address")
    port = parsed.port or (443 if parsed.scheme == "https" else 8000)
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname, port=port, ssl=parsed.scheme == "https",
            settings=ChromaSettings(anonymized_telemetry=False),
        )
        client.heartbeat()
    except Exception as err:  # connection refused, DNS, TLS, HTTP errors: all mean "no server there"
        raise IndexError_(f"cannot reach the Chroma server at {url}: {err.__class__.__name__}: {err}") from None
    return client


def server_prefix(index_dir: Path) -> str:
    """Collection-name prefix of one index directory, so that several can share a server without clashing."""
    digest = hashlib.sha256(str(index_dir.resolve()).encode("utf-8")).hexdigest()[:10]
    return f"clauses-{digest}-"


def open_collection(settings: Settings, build: Path):
    """The published build's clause collection; the one place retrieval reaches Chroma."""
    server = read_manifest(build).get("chroma_server")
    if server:
        url = settings.chroma_url or server["url"]
        try:
            return server_client(url).get_collection(server["collection"])
        except IndexError_:
            raise
        except Exception as err:
            raise IndexError_(
                f"the Chroma server at {url} has no collection {server['collection']} for build {build.name}; "
                f"run `assistant index --rebuild` ({err.__class__.__name__})"
            ) from None
    return chroma_client(build / "chroma").get_collection(COLLECTION)


def _copy_collection(source: Any, target: Any, page: int = 1000) -> None:
    """Copy every vector with its metadata and text: the server-mode counterpart of copying the chroma dir."""
    offset = 0
    while True:
        batch = source.get(include=["embeddings", "metadatas", "documents"], limit=page, offset=offset)
        if not batch["ids"]:
            return
        target.add(
            ids=batch["ids"], embeddings=batch["embeddings"], metadatas=batch["metadatas"], documents=batch["documents"]
        )
        offset += len(batch["ids"])


def _prune_server(settings: Settings, keep: set[str]) -> None:
    """Drop this index directory's collections on the server that no kept build uses (old or half-built)."""
    client = server_client(str(settings.chroma_url))
    prefix = server_prefix(settings.index_dir)
    for collection in client.list_collections():
        name = collection if isinstance(collection, str) else collection.name
        if name.startswith(prefix) and name not in keep:
            with contextlib.suppress(Exception):
                client.delete_collection(name)


def _progress(iterable, total: int, desc: str, enabled: bool):
    if not enabled:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="clause" if "embed" in desc else "doc")


def _stored_vectors(collection: Any, ids: list[str], page: int = 1000) -> Any:
    """The vectors Chroma holds for ``ids``, in that order, as a float32 matrix."""
    import numpy as np

    rows: list[Any] = []
    for start in range(0, len(ids), page):
        wanted = ids[start : start + page]
        stored = collection.get(ids=wanted, include=["embeddings"])
        by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
        rows.extend(by_id[cid] for cid in wanted)
    return np.asarray(rows, dtype=np.float32) if rows else np.zeros((0, 0), dtype=np.float32)


def _write_vectors(path: Path, matrix: Any) -> None:
    """The one-shot ask's dense index: one row per ``lexical_order`` clause, as Chroma holds it."""
    import numpy as np

    with path.open("wb") as handle:
        np.save(handle, matrix)


def _publish(index_dir: Path, build_id: str) -> None:
    pointer = index_dir / "CURRENT"
    temporary = index_dir / f"CURRENT.{os.getpid()}.tmp"
    temporary.write_text(build_id, encoding="utf-8")
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, pointer)


def _prune(index_dir: Path, keep: set[str]) -> None:
    builds = index_dir / "builds"
    if not builds.exists():
        return
    finished = sorted((p for p in builds.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for path in finished:
        if path.name in keep:
            continue
        shutil.rmtree(path, ignore_errors=True)


def _write_error(index_dir: Path, err: OSError) -> str:
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exhausted",
              errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
              errno.EPERM: "permission denied"}.get(err.errno or 0, err.strerror or str(err))
    return f"cannot write the index directory {index_dir}: {reason} ({err.filename or index_dir})"


def _is_write_error(index_dir: Path, err: OSError) -> bool:
    under = str(err.filename or "").startswith(str(index_dir))
    return under or err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)


def _checkpoint(stage: str) -> None:
    """Fault-injection point for the crash tests: ASSISTANT_KILL_AT=<stage> makes the build SIGKILL itself here."""
    if os.environ.get("ASSISTANT_KILL_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)


def build_index(settings: Settings, rebuild: bool = False, progress: bool = True) -> BuildReport:
    """Bring ``indexes/`` up to date with ``corpus/``; return what changed.

    A failure to write (disk full, read-only directory) is an IndexError_ saying so; the half-written build
    is removed and the previously published build keeps serving.
    """
    started = time.perf_counter()
    with _build_lock(settings.index_dir):
        try:
            report = _build_locked(settings, rebuild, progress)
        except OSError as err:
            if not _is_write_error(settings.index_dir, err):
                raise
            for partial in (settings.index_dir / "builds").glob("*.partial"):
                shutil.rmtree(partial, ignore_errors=True)
            raise IndexError_(_write_error(settings.index_dir, err) + "; the previous index is still published") from None
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(settings: Settings, rebuild: bool, progress: bool) -> BuildReport:
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from .embed import load_embedding

    catalog: Catalog = load_catalog(settings.corpus_dir)
    glossary_path = settings.corpus_dir / "glossary.json"
    glossary_hash = hashlib.sha256(glossary_path.read_bytes()).hexdigest() if glossary_path.exists() else ""
    # the segmenter must know the glossary's terms before any passage is tokenized, as queries will
    add_words(Glossary.load(glossary_path).words())
    errors: list[str] = []
    sources = load_sources(catalog, errors)
    previous = current_build(settings.index_dir)
    manifest = read_manifest(previous) if previous else None
    if manifest and (
        manifest.get("embed_model") != settings.embed_model
        or manifest.get("format") != FORMAT_VERSION
        or manifest.get("glossary") != glossary_hash
        or (manifest.get("chroma_server") or {}).get("url") != settings.chroma_url
    ):
        rebuild = True
    previous_docs: dict[str, Any] = manifest["documents"] if manifest and not rebuild else {}
    previous_clauses: dict[str, list[Clause]] = {}
    if previous is not None and not rebuild:
        for clause in read_clauses(previous):
            previous_clauses.setdefault(clause.doc_id, []).append(clause)

    loaded = {source.meta.doc_id: source for source in sources}
    failed_ids = {meta.doc_id for meta in catalog.documents if meta.doc_id not in loaded}
    changed = [s for s in sources if previous_docs.get(s.meta.doc_id, {}).get("hash") != s.content_hash]
    unchanged = [d for d in previous_docs if d in loaded and d not in {s.meta.doc_id for s in changed}]
    # a document that failed to load this time keeps its previous clauses: nothing indexed is lost
    kept_failed = [d for d in previous_docs if d in failed_ids]
    removed = [d for d in previous_docs if d not in loaded and d not in failed_ids]
    report = BuildReport(
        build_id=None,
        changed=[s.meta.doc_id for s in changed],
        unchanged=unchanged + kept_failed,
        removed=removed,
        errors=errors,
    )
    if previous is not None and not rebuild and not changed and not removed:
        report.clause_count = sum(d.get("clauses", 0) for d in previous_docs.values())
        return report

    build_id = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f") + f"-{os.getpid()}"
    builds = settings.index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    for stale in builds.glob("*.partial"):
        shutil.rmtree(stale, ignore_errors=True)
    work = builds / f"{build_id}.partial"
    incremental = previous is not None and not rebuild
    server = {"url": settings.chroma_url, "collection": server_prefix(settings.index_dir) + build_id}
    if settings.chroma_url:
        client = server_client(settings.chroma_url)
        collection = client.create_collection(server["collection"], metadata=COLLECTION_METADATA)
        if incremental:
            _copy_collection(open_collection(settings, previous), collection)
    else:
        collection = None
    work.mkdir(parents=True)
    if incremental and not settings.chroma_url:
        shutil.copytree(previous / "chroma", work / "chroma")
    if incremental and (previous / "embedding").exists():  # only fitted models (LSA) keep files here
        shutil.copytree(previous / "embedding", work / "embedding")

    documents: dict[str, Any] = {}
    clauses: list[Clause] = []
    for doc_id in unchanged + kept_failed:
        clauses.extend(previous_clauses.get(doc_id, []))
        documents[doc_id] = previous_docs[doc_id]
    new_clauses: list[Clause] = []
    for source in _progress(changed, len(changed), "parse", progress):
        cleaned = clean_text(source.meta.doc_id, source.text)
        parsed = parse_document(source.meta, cleaned)
        new_clauses.extend(parsed)
        documents[source.meta.doc_id] = {
            "hash": source.content_hash,
            "clauses": len(parsed),
            "warnings": cleaned.warnings,
            "indexed_at": dt.datetime.now().isoformat(timespec="seconds"),
        }
        report.warnings[source.meta.doc_id] = cleaned.warnings
    clauses.extend(new_clauses)
    _checkpoint("parsed")
    order = {meta.doc_id: i for i, meta in enumerate(catalog.documents)}
    clauses.sort(key=lambda c: (order.get(c.doc_id, len(order)), c.order))
    indexable = [c for c in clauses if c.kind in INDEXABLE]

    embed_model = load_embedding(
        settings.embed_model,
        work / "embedding",
        fit_texts=None if incremental else [search_text(c) for c in indexable],
    )
    if collection is None:
        client = chroma_client(work / "chroma")
        collection = client.get_or_create_collection(COLLECTION, metadata=COLLECTION_METADATA)
    stale_ids = [d for d in report.changed + removed if d in previous_docs]
    if incremental and stale_ids:
        collection.delete(where={"doc_id": {"$in": stale_ids}})
    store = ChromaVectorStore(chroma_collection=collection)
    to_embed = [c for c in new_clauses if c.kind in INDEXABLE]
    batch = 64
    for start in _progress(range(0, len(to_embed), batch), (len(to_embed) + batch - 1) // batch, "embed", progress):
        chunk = to_embed[start : start + batch]
        vectors = embed_model.get_text_embedding_batch([search_text(c) for c in chunk])
        nodes = []
        for clause, vector in zip(chunk, vectors, strict=True):
            meta = catalog.get(clause.doc_id) if clause.doc_id in order else None
            node = TextNode(
                id_=clause.clause_id,
                text=clause.text,
                embedding=vector,
                # LlamaIndex writes the source document's id into Chroma's "doc_id" field: make it ours
                relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=clause.doc_id)},
                metadata={
                    "doc_id": clause.doc_id,
                    "label": clause.label,
                    "kind": clause.kind,
                    "region": meta.region if meta else "",
                },
            )
            nodes.append(node)
        store.add(nodes)
    # the matrix is read back from Chroma, which stores each vector normalised: the two then hold the same bits
    _write_vectors(work / VECTORS, _stored_vectors(collection, [c.clause_id for c in indexable]))
    del store, collection
    _checkpoint("embedded")
    if not settings.chroma_url:  # release the embedded store's files before the build directory is renamed
        with contextlib.suppress(Exception):
            client.clear_system_cache()

    LexicalIndex.build([search_text(c) for c in indexable]).save(work / "lexical")
    with (work / "clauses.jsonl").open("w", encoding="utf-8") as handle:
        for clause in clauses:
            handle.write(json.dumps(clause.to_dict(), ensure_ascii=False) + "\n")
    (work / "manifest.json").write_text(
        json.dumps(
            {
                "format": FORMAT_VERSION,
                "build_id": build_id,
                "created": dt.datetime.now().isoformat(timespec="seconds"),
                "embed_model": settings.embed_model,
                "glossary": glossary_hash,
                "chroma_server": server if settings.chroma_url else None,
                "documents": documents,
                "errors": errors,
                "lexical_order": [c.clause_id for c in indexable],
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    final = builds / build_id
    os.replace(work, final)
    _checkpoint("renamed")
    _publish(settings.index_dir, build_id)
    _checkpoint("published")
    kept = {build_id, previous.name} if previous else {build_id}
    _prune(settings.index_dir, keep=kept)
    if settings.chroma_url:
        _prune_server(settings, {server_prefix(settings.index_dir) + name for name in kept})
    report.build_id = build_id
    report.clause_count = len(clauses)
    return report
