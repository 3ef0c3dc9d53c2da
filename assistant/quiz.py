"""Quiz items for trainers, built from clause sentences: a figure, deadline or key term is blanked.

Multiple-choice distractors are values of the same kind and unit found elsewhere in the corpus (percent with
percent, years with years, 名 with 名, glossary terms with terms of the same kind); a distractor that also
occurs in the item's own clause is never used, so the clause supports exactly one option. True/false items
state the sentence as written (true), with its obligation flipped, or with a figure changed (false).
The same seed gives the same quiz.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .checklist import obligation
from .compare import Topic, compact, figures, make_topic, sentences
from .glossary import Glossary
from .lookup import ClauseBook, ToolError
from .models import Clause

TYPES = ("mc", "tf", "cloze")
BLANK = "____"
ITEM_PREFIX = re.compile(r"^\s*(?:\d{1,2}\s*[.．、]\s*)?(?:【[^】]{1,30}】)?")
FLIPS = {"严禁": "允许", "不得": "可以", "禁止": "允许", "必须": "可不", "应当": "可不", "应": "可不"}
MIN_CHARS, MAX_CHARS = 12, 160
TERM_KINDS = ("term", "abbreviation")
COMMON_TERM_SHARE = 0.15  # place names and generic words make trivial items
DEADLINE = re.compile(r"(?:到|至|在|于)(?:19|20)\d{2}\s*年")


@dataclass(frozen=True)
class Fact:
    """What an item asks for: a figure (kind/unit from the figure) or a glossary term (kind ``term:<kind>``)."""

    text: str
    kind: str
    unit: str

    @property
    def pool_key(self) -> tuple[str, str, bool]:
        return (self.kind, self.unit, bool(re.match(r"\d", self.text)))


@dataclass
class QuizItem:
    item_id: str
    qtype: str  # mc | tf | cloze
    question: str
    answer: str  # mc/cloze: the correct text; tf: "true" / "false"
    options: list[str] = field(default_factory=list)  # mc only, in display order
    accepted: list[str] = field(default_factory=list)  # cloze: every accepted answer
    explanation: str = ""
    citation: dict[str, Any] = field(default_factory=dict)  # doc_id, doc_title, clause, clause_id, text, sentence

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Quiz:
    items: list[QuizItem]
    seed: int
    qtype: str
    topic: str | None = None
    doc: str | None = None
    requested: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "type": self.qtype,
            "topic": self.topic,
            "doc": self.doc,
            "requested": self.requested,
            "items": [item.to_dict() for item in self.items],
        }


@dataclass(frozen=True)
class Candidate:
    clause: Clause
    sentence: str  # verbatim, without the leading "8.【绿化】"
    fact: Fact


def _stem(sentence: str) -> str:
    return sentence[ITEM_PREFIX.match(sentence).end() :].strip()


def _facts(sentence: str, terms: list[tuple[str, str]]) -> list[Fact]:
    out = [Fact(f.text, f.kind, f.unit) for f in figures(sentence)]
    for term, kind in terms:
        if term in sentence and not any(term in other.text or other.text in term for other in out):
            out.append(Fact(term, f"term:{kind}", ""))
    return [fact for fact in out if sentence.count(fact.text) == 1]


def _glossary_terms(glossary: Glossary | None, clause_texts: list[str]) -> list[tuple[str, str]]:
    """Glossary terms that occur in the corpus as written but are not everywhere (预拌混凝土 is no question),
    longest first (so 绿色生产 beats 绿色)."""
    if glossary is None:
        return []
    limit = COMMON_TERM_SHARE * len(clause_texts)
    found = {
        (t.term, t.kind)
        for t in glossary.terms
        if t.kind in TERM_KINDS and len(t.term) >= 2 and 0 < sum(t.term in text for text in clause_texts) <= limit
    }
    return sorted(found, key=lambda item: (-len(item[0]), item[0]))


def _usable(clause: Clause) -> bool:
    return clause.kind in ("clause", "preamble") and "|" not in clause.text


def candidates(book: ClauseBook, clauses: list[Clause], glossary: Glossary | None) -> list[Candidate]:
    terms = _glossary_terms(glossary, [c.text for c in book.clauses])
    out: list[Candidate] = []
    for clause in clauses:
        if not _usable(clause):
            continue
        for sentence in sentences(clause.text):
            stem = _stem(sentence)
            if not MIN_CHARS <= len(stem) <= MAX_CHARS or stem[-1] not in "。；！？":
                continue
            out.extend(Candidate(clause, stem, fact) for fact in _facts(stem, terms))
    return out


def value_pools(book: ClauseBook, glossary: Glossary | None) -> dict[tuple[str, str, bool], list[str]]:
    """Every distinct value of each kind in the corpus: where distractors come from."""
    terms = _glossary_terms(glossary, [c.text for c in book.clauses])
    pools: dict[tuple[str, str, bool], set[str]] = {}
    for clause in book.clauses:
        if not _usable(clause):
            continue
        for sentence in sentences(clause.text):
            for fact in _facts(_stem(sentence), terms) + [Fact(f.text, f.kind, f.unit) for f in figures(sentence)]:
                pools.setdefault(fact.pool_key, set()).add(fact.text)
    return {key: sorted(values) for key, values in pools.items()}


def _distractors(candidate: Candidate, pools: dict, rng: random.Random, count: int) -> list[str] | None:
    """Values of the same kind that the item's clause does not contain; None when there are too few."""
    clause_text = compact(candidate.clause.text)
    answer = compact(candidate.fact.text)
    pool = [
        value
        for value in pools.get(candidate.fact.pool_key, [])
        if compact(value) != answer and compact(value) not in clause_text and answer not in compact(value)
    ]
    if len(pool) < count:
        return None
    return rng.sample(pool, count)


def _citation(book: ClauseBook, candidate: Candidate) -> dict[str, Any]:
    cite = book.citation(candidate.clause)
    cite.update({"text": candidate.clause.text, "sentence": candidate.sentence})
    return cite


def _item_id(qtype: str, candidate: Candidate, variant: str = "") -> str:
    key = f"{qtype}|{candidate.clause.clause_id}|{candidate.sentence}|{candidate.fact.text}|{variant}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _blanked(candidate: Candidate) -> str:
    return candidate.sentence.replace(candidate.fact.text, BLANK, 1)


def make_mc(book: ClauseBook, candidate: Candidate, pools: dict, rng: random.Random) -> QuizItem | None:
    wrong = _distractors(candidate, pools, rng, 3)
    if wrong is None:
        return None
    options = [candidate.fact.text, *wrong]
    rng.shuffle(options)
    return QuizItem(
        item_id=_item_id("mc", candidate),
        qtype="mc",
        question=_blanked(candidate),
        answer=candidate.fact.text,
        options=options,
        explanation=candidate.sentence,
        citation=_citation(book, candidate),
    )


def make_cloze(book: ClauseBook, candidate: Candidate) -> QuizItem:
    accepted = [candidate.fact.text]
    number = re.match(r"\d+(?:\.\d+)?", candidate.fact.text)
    if number and number.group(0) != candidate.fact.text and candidate.fact.kind in ("year", "percent", "area", "volume", "mass", "money"):
        accepted.append(number.group(0))
    return QuizItem(
        item_id=_item_id("cloze", candidate),
        qtype="cloze",
        question=_blanked(candidate),
        answer=candidate.fact.text,
        accepted=accepted,
        explanation=candidate.sentence,
        citation=_citation(book, candidate),
    )


def make_tf(book: ClauseBook, candidate: Candidate, pools: dict, rng: random.Random) -> QuizItem | None:
    """The sentence as written (true), its obligation flipped (false), or one figure changed (false)."""
    sentence = candidate.sentence
    choice = rng.choice(("true", "flip", "figure"))
    statement, answer, variant = sentence, "true", "true"
    if choice == "flip":
        strength, markers = obligation(sentence)
        marker = next((m for m in markers if m in FLIPS), None) if strength in ("must", "must_not") else None
        if marker is not None:
            statement, answer, variant = sentence.replace(marker, FLIPS[marker], 1), "false", "flip"
    elif choice == "figure" and not candidate.fact.kind.startswith("term"):
        wrong = _distractors(candidate, pools, rng, 1)
        if wrong:
            statement, answer, variant = sentence.replace(candidate.fact.text, wrong[0], 1), "false", "figure"
    if answer == "false" and compact(statement) in compact(candidate.clause.text):
        return None
    return QuizItem(
        item_id=_item_id("tf", candidate, variant),
        qtype="tf",
        question=statement,
        answer=answer,
        explanation=sentence,
        citation=_citation(book, candidate),
    )


def _pick_clauses(book: ClauseBook, topic: Topic | None, doc: str | None) -> list[Clause]:
    chosen = []
    for clause in book.clauses:
        if doc is not None and clause.doc_id != doc:
            continue
        if topic is not None and not topic.occurs_in(" ".join(clause.path[1:]) + clause.title + clause.text):
            continue
        chosen.append(clause)
    return chosen


def build_quiz(
    book: ClauseBook,
    n: int = 10,
    qtype: str = "mixed",
    seed: int = 0,
    topic: str | None = None,
    doc: str | None = None,
    glossary: Glossary | None = None,
) -> Quiz:
    """Up to ``n`` items, spread over clauses; each cites its clause and quotes it verbatim."""
    if qtype not in (*TYPES, "mixed"):
        raise ToolError(f"unknown quiz type {qtype!r}; use mc, tf, cloze or mixed")
    if n < 1:
        raise ToolError("--n must be at least 1")
    book.check_doc(doc)
    topic_obj = make_topic(topic, glossary) if topic else None
    pool = candidates(book, _pick_clauses(book, topic_obj, doc), glossary)
    if not pool:
        raise ToolError("no clause with a figure or key term matches these filters; try another --topic or --doc")
    pools = value_pools(book, glossary)
    rng = random.Random(seed)
    order = list(pool)
    rng.shuffle(order)
    # requirements and deadlines make better training items than narrative statistics: they come first
    order.sort(key=lambda c: 0 if obligation(c.sentence)[0] or DEADLINE.search(c.sentence) else 1)
    # spread items over clauses: one round over distinct clauses, then the rest
    seen_clauses: set[str] = set()
    first, rest = [], []
    for candidate in order:
        (rest if candidate.clause.clause_id in seen_clauses else first).append(candidate)
        seen_clauses.add(candidate.clause.clause_id)
    types = list(TYPES) if qtype == "mixed" else [qtype]
    items: list[QuizItem] = []
    used_ids: set[str] = set()
    used_questions: set[str] = set()
    used_sentences: set[tuple[str, str]] = set()
    for candidate in [*first, *rest]:
        if len(items) >= n:
            break
        if (candidate.clause.clause_id, candidate.sentence) in used_sentences:
            continue
        wanted = types[len(items) % len(types)]
        if wanted == "mc":
            item = make_mc(book, candidate, pools, rng)
        elif wanted == "tf":
            item = make_tf(book, candidate, pools, rng)
        else:
            item = make_cloze(book, candidate)
        if item is None or item.item_id in used_ids or item.question in used_questions:
            continue
        used_ids.add(item.item_id)
        used_questions.add(item.question)
        used_sentences.add((candidate.clause.clause_id, candidate.sentence))
        items.append(item)
    return Quiz(items, seed, qtype, topic, doc, n)
