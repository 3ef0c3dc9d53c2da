"""Answer stage: an extractive, cited answer from retrieved clauses, or a plain abstention.

Every point is a sentence copied from a clause, marked [n]; every [n] is a citation of a retrieved clause.
Whether the documents answer the question at all is judged by coverage: the share of the question's
informative words (weighted by rarity) that the best clause contains, plus a check that every place the
question names is one the clause or its document is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog
from .glossary import Expansion
from .lexical import LexicalIndex
from .models import Clause
from .places import places_in
from .retrieve import ClauseTerms, Hit, Snapshot
from .text import compact, normalize, tokens

ABSTAIN_BELOW = 0.45
WHOLE_CLAUSE_CHARS = 300
OOV_CHAR_WEIGHT = 0.15
CITE_RELATIVE = 0.85
MAX_POINTS = 4
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
NOT_COVERED = "文件中没有涉及这个问题的内容（the documents do not cover this）。"


@dataclass
class QueryProfile:
    """Informative words of a question, weighted by rarity (unknown words weigh most)."""

    weights: dict[str, float] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, question: str, expansion: Expansion, lexical: LexicalIndex) -> QueryProfile:
        profile = cls(aliases=dict(expansion.aliases), places=places_in(question))
        top = lexical.max_idf()
        for word in tokens(question):
            if word.isascii() and word.isalpha():
                if word in expansion.english_words:
                    continue
                if not re.search(r"[\u3400-\u9fff]", question):
                    continue  # English words the glossary does not know: no judgement either way
            idf = lexical.term_idf(word)
            if idf is None:
                # unknown to the corpus: decisive when it is a real word, weak when it is a lone character
                idf = top if len(word) > 1 else top * OOV_CHAR_WEIGHT
                profile.unknown.add(word)
            profile.weights[word] = idf
        for term, weight in expansion.terms.items():
            if term in expansion.aliases.values():
                continue
            profile.weights.setdefault(term, top * weight)
        return profile

    def coverage(self, terms: ClauseTerms) -> float:
        total = sum(self.weights.values())
        if total <= 0:
            return 0.0
        haystack, words = terms.compact, terms.words
        covered = 0.0
        for word, weight in self.weights.items():
            if word in words or normalize(compact(word)) in haystack:
                covered += weight
                continue
            alias_terms = [term for alias, term in self.aliases.items() if word in alias]
            if any(normalize(compact(term)) in haystack for term in alias_terms):
                covered += weight
        return covered / total

    def missing_places(self, clause: Clause, terms: ClauseTerms, catalog: Catalog) -> list[str]:
        """Places the question names that neither the clause nor its document's region is about."""
        try:
            region = catalog.get(clause.doc_id).region
        except KeyError:
            region = ""
        return [place for place in self.places if place not in terms.text and place not in region]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


def supporting_sentences(clause: Clause, profile: QueryProfile) -> str:
    """The clause itself when short; otherwise its best one or two sentences, in document order."""
    body = clause.text
    if len(body) <= WHOLE_CLAUSE_CHARS:
        return body.replace("\n", " ")
    sentences = _sentences(body)
    if not sentences:
        return body[:180]

    def score(sentence: str) -> float:
        text = normalize(compact(sentence))
        return sum(w for word, w in profile.weights.items() if normalize(compact(word)) in text)

    scored = [(score(s), i) for i, s in enumerate(sentences)]
    best = max(scored)
    chosen = {best[1]}
    second = sorted(scored, reverse=True)[1:2]
    if second and best[0] > 0 and second[0][0] >= 0.7 * best[0]:
        chosen.add(second[0][1])
    return " ".join(sentences[i] for i in sorted(chosen))


@dataclass
class Answer:
    question: str
    standalone_query: str
    answer: str
    abstained: bool
    citations: list[dict[str, Any]]
    retrieved: list[dict[str, Any]]
    warnings: list[str]
    timing_ms: dict[str, float]
    filters: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_query": self.standalone_query,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": self.citations,
            "retrieved": self.retrieved,
            "warnings": self.warnings,
            "timing_ms": self.timing_ms,
            "filters": self.filters,
        }


def clause_record(hit: Hit, catalog: Catalog, coverage: float | None = None) -> dict[str, Any]:
    clause = hit.clause
    try:
        meta = catalog.get(clause.doc_id)
        title, status = meta.title, meta.status()
    except KeyError:
        title, status = clause.doc_id, "in_force"
    record = {
        "doc_id": clause.doc_id,
        "doc_title": title,
        "clause": clause.label,
        "clause_id": clause.clause_id,
        "path": clause.path,
        "text": clause.text,
        "score": round(hit.score, 4),
        "status": status,
    }
    if coverage is not None:
        record["coverage"] = round(coverage, 3)
    return record


def corpus_summary(catalog: Catalog) -> str:
    titles = "；".join(f"《{meta.title}》" for meta in catalog.documents)
    return f"现有文件：{titles}。"


def compose(
    question: str,
    standalone: str,
    hits: list[Hit],
    expansion: Expansion,
    snapshot: Snapshot,
    top_k: int,
) -> tuple[str, bool, list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Build (markdown, abstained, citations, retrieved, warnings) from ranked hits."""
    catalog = snapshot.catalog
    profile = QueryProfile.build(standalone, expansion, snapshot.lexical)
    terms = [snapshot.clause_terms(hit.clause) for hit in hits]
    coverages = [profile.coverage(t) for t in terms]
    retrieved = [clause_record(hit, catalog, cov) for hit, cov in zip(hits, coverages, strict=True)][: max(top_k, 1)]
    for rank, record in enumerate(retrieved, start=1):
        record["rank"] = rank
    if not hits or not profile.weights:
        return _abstain(catalog, retrieved, "问题里没有可以在文件中查找的内容。")
    head = hits[0]
    if coverages[0] < ABSTAIN_BELOW:
        return _abstain(catalog, retrieved)
    missing = profile.missing_places(head.clause, terms[0], catalog)
    if missing:
        return _abstain(catalog, retrieved, f"文件没有关于{'、'.join(missing)}的规定或数据。")

    cited: list[tuple[Hit, float]] = []
    for hit, cov, clause_terms in zip(hits[:top_k], coverages[:top_k], terms[:top_k], strict=False):
        if len(cited) >= MAX_POINTS:
            break
        if cited and (hit.score < CITE_RELATIVE * head.score or cov < ABSTAIN_BELOW):
            continue
        if profile.missing_places(hit.clause, clause_terms, catalog):
            continue
        cited.append((hit, cov))

    citations = []
    points = []
    warnings: list[str] = []
    for n, (hit, cov) in enumerate(cited, start=1):
        record = clause_record(hit, catalog, cov)
        record["n"] = n
        record["highlight"] = supporting_sentences(hit.clause, profile)
        citations.append(record)
        points.append(f"- {record['highlight']} [{n}]")
        try:
            for warning in catalog.get(hit.clause.doc_id).warnings():
                if warning not in warnings:
                    warnings.append(warning)
        except KeyError:
            pass
        if hit.clause.garbled:
            warnings.append(f"{hit.clause.label} 原文有一行乱码，已略去，未作为政策文本引用。")
    docs = {c["doc_title"] for c in citations}
    lead = f"据《{next(iter(docs))}》：" if len(docs) == 1 else "以下条款与问题相关："
    sources = [f"[{c['n']}] {c['clause']} —《{c['doc_title']}》" for c in citations]
    markdown = "\n".join([lead, "", *points, "", "**来源 Sources**", *sources])
    return markdown, False, citations, retrieved, warnings


def _abstain(
    catalog: Catalog, retrieved: list[dict[str, Any]], reason: str = ""
) -> tuple[str, bool, list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    text = NOT_COVERED + (reason + " " if reason else "") + corpus_summary(catalog)
    return text, True, [], retrieved, []
