"""What the tests hold the project to, in one place: the catalogued documents and the answer JSON's keys."""

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
