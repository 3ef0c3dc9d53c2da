"""What the tests hold the project to, in one place: the catalogued documents, the answer JSON's keys, and how
a document's clauses join back into its cleaned text."""

from pathlib import Path
from typing import Any

import numpy as np

DOC_IDS = [
    "hubei-assoc-green",
    "hubei-hq-opinion",
    "hubei-standard-plant",
    "hubei-benchmark-plant",
    "jiaxing-13th-plan",
    "hangzhou-12th-plan",
    "beijing-12th-plan",
]
CONTRACT_KEYS = {
    "question",
    "standalone_query",
    "answer",
    "abstained",
    "citations",
    "retrieved",
    "warnings",
    "timing_ms",
}
RECORD_KEYS = {"doc_id", "doc_title", "clause", "path", "text", "score", "status"}


def reassemble(clauses) -> str:
    """A document's clauses joined back: pieces of a split clause run on, other clauses start a new line."""
    text = ""
    for index, clause in enumerate(clauses):
        if index == 0:
            text = clause.text
        elif clause.continued:
            text += clause.text
        else:
            text += "\n" + clause.text
    return text


def assert_matrix_matches_chroma(build: Path, collection: Any) -> None:
    """The build's embedding matrix holds, row for row in lexical order, the vectors Chroma holds."""
    from assistant.index import read_manifest, read_vectors

    ids = read_manifest(build)["lexical_order"]
    matrix = read_vectors(build, len(ids))
    assert matrix is not None and matrix.dtype == np.float32
    stored = collection.get(ids=ids, include=["embeddings"])
    by_id = dict(zip(stored["ids"], stored["embeddings"], strict=True))
    assert np.array_equal(matrix, np.asarray([by_id[cid] for cid in ids], dtype=np.float32))
