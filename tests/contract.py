"""What the tests hold the project to, in one place: the catalogued documents, the answer JSON's keys, and how
a document's clauses join back into its cleaned text."""

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
