"""Answer stage: an extractive, cited answer from retrieved clauses, or a plain abstention.

Every point is a sentence copied from a clause, marked [n]; every [n] is a citation of a retrieved clause.
Whether the documents answer the question at all is judged against the question's profile (``question``):
the share of its informative words (weighted by rarity) that the best clause contains, and the specifics it
names (places, years, plans, codes, nouns the corpus never uses), which the clause must hold.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .catalog import Catalog
from .docfacts import DocumentFacts, document_facts
from .glossary import Expansion
from .models import Clause
from .places import LOCAL_PLACES, covers
from .question import INTERROGATIVE, QueryProfile, content_words, figure_in
from .retrieve import ClauseTerms, Hit, Snapshot
from .sections import heading_terms, listed_section, named_section, narrowed, numbered_item, section_first
from .tables import read_table, readout
from .text import LABEL, compact, dictionary_nouns, in_dictionary, longest_run, normalize, words

ABSTAIN_BELOW = 0.35  # topical share of the question a clause must hold to answer (everyday words weigh less)
KEY_WORD_SHARE = 0.35  # a word carrying this share of the question's weight must be in the clause
WHOLE_CLAUSE_CHARS = 300
PREDICATE_HELD = 0.8  # share of what a yes/no question asks (往罐里加点水) a clause must hold to answer it
PREDICATE_FLOOR = 0.2  # and of the whole question, context (路上发现太干了) included; so for a district's row
CITE_RELATIVE = 0.5
EQUAL_RELATIVE = 0.9
ADDS_AT_LEAST = 0.15  # share of the question's weight a further citation must add
LIST_COVERAGE = 0.8  # a list item (分别/哪些) covers nearly as much of the question as the lead
MAX_SENTENCES = 4
SENTENCE_RELATIVE = 0.35
HEADING_BONUS = 0.3
DISTRICT_BONUS = 0.5  # a clause that names the district or county asked about (海宁, 萧山)
DOCUMENT_BONUS = 0.5  # the question names the clause's document (协会的意见, 标杆站)
OPT_IN_UNNAMED = 0.6  # a document for plants that seek it (the benchmark title), when the question names it not
MAX_SECTION_POINTS = 8
FIGURE_BONUS = 0.5  # a clause whose answering sentences state a figure (in the unit asked), for a figure question
REQUIREMENT_BONUS = 0.6  # a clause whose answering sentences require (应, 必须, 不得), when the question asks what is required
# 应 as a modal, not in 供应, 相应, 适应, 反应, 应用, 应急, 应对
REQUIRES = re.compile(r"(?<![供相适反响对效感呼答])应(?![用急对])|须|不得|严禁|禁止|不准|不允许|一律")
SUBHEADING = re.compile(r"^\s*(?:——|--|－－)[^。；]{2,16}[。；：:]?\s*$")
FIGURE = re.compile(
    r"\d|[一二三四五六七八九十百千万两半]+(?:个|家|项|名|条|年|次|类|星|月|周|天|日|小时|倍|成|级|吨|方|米|人|台|辆|座|种|位|班|批)"
)
REFERENCE = re.compile(
    r"(?:附件|附表|表|图|第)\s*[:：]?\s*[\d一二三四五六七八九十]+"  # （见附件1）: where to look, not a figure
    r"|(?<![\d.])\d{1,2}[.、．](?=[\u4e00-\u9fff【])|[（(]\d{1,2}[）)]"  # 2.湖北省…, （1）近三年: an item's number
)
DATED = re.compile(r"(?:19|20)\d{2}\s*年|年底|年末|底前|月底")
TABLE_UNITS = re.compile(r"[（(]([^（）()]{1,8})[）)]")  # 产能（万吨）, 企业数（家）
MAX_POINTS = 4
PART_SEPARATORS = re.compile(r"[，,、；;：:？?。]|和|与|以及|及|或者|还有")
PART_FRAME = re.compile(r"^(?:对|在|关于|对于)|(?:方面|上|里|中|分别|都|各|有|定了|提了|要求|规定|怎么|安排|的)+$")
PART_CHARS = 4
PART_HELD = 0.5  # share of a named part's weight a cited clause must hold to answer that part too
ANNOUNCES_LIST = re.compile(r"(?:以下|如下|下列)[^。；]{0,10}[：:。]?$")
ASKS_CONDITIONS = re.compile(r"什么(?:要求|条件|标准)|(?:要求|条件|标准)是什么|满足什么|符合什么")
PASSAGE_CACHE = 200_000
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
ENUMERATED = re.compile(r"^\s*(?:\d+[.、．]|[（(]\d+[）)]|[一二三四五六七八九十]+[、是]|（[一二三四五六七八九十]+）|[①-⑳]|——)")
FRAME = re.compile(r"^[^：:。；，,]{2,14}[：:]")  # 到2010年底： — a time or scope that the following sentences share
NOT_COVERED = "文件中没有涉及这个问题的内容（the documents do not cover this）。"


def shared_phrase(asked: str, clause_text: str) -> float:
    """The longest run of the question found verbatim in the clause, as a share of the question (0 below 4 chars)."""
    if not asked:
        return 0.0
    run = longest_run(asked, clause_text)
    return run / len(asked) if run >= 4 else 0.0


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


_passages: dict[tuple[str, str, str], list[ClauseTerms]] = {}
PIECE = re.compile(r"（\d+/\d+）$")


def whole_clause(clause: Clause, snapshot: Snapshot) -> str:
    """The compact text of all pieces of an over-long clause that was split (label ends （k/n））; "" otherwise."""
    if not PIECE.search(clause.label):
        return ""
    pieces = [c for c in snapshot.document_clauses(clause.doc_id) if c.path == clause.path]
    return normalize(compact("".join(piece.text for piece in pieces)))


def _piece_of(clause: Clause, cited: list[Clause]) -> bool:
    """Whether ``clause`` is a piece of an over-long clause another of whose pieces is cited."""
    return bool(PIECE.search(clause.label)) and any(
        other.doc_id == clause.doc_id and other.path == clause.path for other in cited
    )


def heading_share(clause: Clause, profile: QueryProfile, partial: bool = False) -> float:
    """The share of the question's words (each counted once, however common) in the clause's own heading.

    A heading (【粉尘、噪声控制设备设施】, a table's caption) says what the clause is about; the document title in
    every clause's path says 预拌混凝土 for all of them, so only the clause's own heading tells 表2 (混凝土) from
    表3 (预拌砂浆).
    """
    if not clause.path or not profile.weights:
        return 0.0
    terms = heading_terms(clause.path[-1])
    found = profile.covered(terms)
    total = 0.0
    for word in profile.weights:
        if word in found:
            total += 1.0
        elif partial and len(word) > 2:  # 预拌混凝土 asked, 混凝土 in the caption: the part that is there counts
            run = longest_run(normalize(compact(word)), terms.compact)
            total += run / len(word) if run >= 2 else 0.0
    return total / len(profile.weights)


def passage_terms(clause: Clause, named_as: str = "") -> list[ClauseTerms]:
    """The clause read a sentence at a time, each under the clause's headings; a table is read whole.

    A clause that answers a question says it in one place: the question's words close together in one
    sentence, not scattered over a long clause. Cached per clause text, as the words are cut only once.
    """
    key = (clause.clause_id, clause.text, named_as)
    cached = _passages.get(key)
    if cached is None:
        headings = " ".join([*clause.path, named_as])
        parts = [clause.text] if clause.kind == "table" else _sentences(clause.text) or [clause.text]
        cached = []
        frame = ""
        for part in parts:
            framed = FRAME.match(part)
            if framed:  # 到2010年底：… frames the sentences after it, until the next frame
                frame = framed.group(0)
            text = f"{headings} {part}" if framed or not frame else f"{headings} {frame} {part}"
            cached.append(ClauseTerms(words=frozenset(words(text)), text=text, compact=normalize(compact(text))))
        if len(_passages) > PASSAGE_CACHE:
            _passages.clear()
        _passages[key] = cached
    return cached


def supporting_sentences(clause: Clause, profile: QueryProfile) -> str:
    """The clause itself when short or when its wording is asked; otherwise its best sentences, in document order.

    A sentence that is the clause's own heading line ((三)发展目标) says nothing by itself: it brings the
    sentences after it, as a sub-heading does.
    """
    body = clause.text
    if len(body) <= WHOLE_CLAUSE_CHARS or profile.asks_wording:
        return body.replace("\n", " ")
    sentences = _sentences(body)
    if not sentences:
        return body[:180]

    held = []
    for sentence in sentences:
        text = normalize(compact(sentence))
        held.append(profile.covered(ClauseTerms(words=frozenset(words(sentence)), text=sentence, compact=text)))
    # a table's rows: a word in many of them (预拌混凝土 in every row) tells them apart less
    spread = {word: sum(word in found for found in held) if clause.kind == "table" else 1 for found in held for word in found}

    def score(i: int) -> float:
        found = sum(profile.weights[word] * share / spread[word] ** 0.5 for word, share in held[i].items())
        if profile.asks_figure and FIGURE.search(sentences[i]):
            found *= 1.5  # 多少/几 asks for a figure: a sentence that states one answers it
        return found

    scored = sorted(((score(i), i) for i in range(len(sentences))), key=lambda pair: (-pair[0], pair[1]))
    best = scored[0][0]
    chosen = [i for value, i in scored[:MAX_SENTENCES] if value > 0 and value >= SENTENCE_RELATIVE * best]
    dated = [i for _, i in scored if DATED.search(sentences[i])]
    if profile.asks_when and dated and not any(DATED.search(sentences[i]) for i in chosen):
        chosen.append(dated[0])  # 什么时候之前搞完, by when: the sentence that names the year answers it
    heading = clause.path[-1].strip() if clause.path else ""
    kept = _with_bodies(chosen or [scored[0][1]], sentences, heading)
    return " ".join(sentences[i] for i in sorted(kept | _continued(kept, sentences)))


def _continued(chosen: set[int], sentences: list[str]) -> set[int]:
    """A chosen sentence that ends in ； brings the one after it, unless that one opens a new item.

    ； joins the halves of one requirement (单班产能不小于200吨；散装砂浆发放能力达到70%以上。); a point cut at the
    semicolon states half of it. An enumerated next part (（2）, 二是) is an item of its own.
    """
    return {
        i + 1 for i in chosen
        if sentences[i].endswith("；") and i + 1 < len(sentences) and i + 1 not in chosen
        and not ENUMERATED.match(sentences[i + 1])
    }


def table_reading(clause: Clause, profile: QueryProfile, asked: str, point: str) -> tuple[str, list[str]] | None:
    """A table read out with its headings (桐乡市：2020年 产能 650万立方米), narrowed to the rows the question
    names (else to the rows its ``point``, the best sentences, holds), and the lines read from; None for a clause
    that is no table, or a table whose wording is asked."""
    if clause.kind != "table" or profile.asks_wording:
        return None
    table = read_table(clause.text)
    if table is None:
        return None
    return readout(table, asked, profile.places, profile.years, point)


def _with_bodies(chosen: list[int], sentences: list[str], heading: str = "") -> set[int]:
    """A chosen sub-heading (——强化绿色发展。) or heading line brings the sentences under it, up to the next one."""
    out = set(chosen)
    for i in chosen:
        if not (SUBHEADING.match(sentences[i]) or (heading and sentences[i] == heading)):
            continue
        for j in range(i + 1, min(i + 1 + MAX_SENTENCES, len(sentences))):
            if SUBHEADING.match(sentences[j]):
                break
            out.add(j)
    return out


def states_figure(clause: Clause, profile: QueryProfile) -> bool:
    """Whether the sentences that answer the question state a figure (the clause's own number label aside)."""
    if profile.rate and not re.search(profile.rate, clause.text):
        return False  # 每吨多少元: a clause that gives no rate per ton (only a total collected) does not answer
    lines = [REFERENCE.sub("", LABEL.sub("", line)) for line in _sentences(supporting_sentences(clause, profile))]
    if profile.figure_unit and clause.kind == "table":  # bare cells: the units head the columns, if anywhere
        declared = TABLE_UNITS.findall(clause.text)
        if declared and not any(re.search(profile.figure_unit, unit) for unit in declared):
            return False  # 供应量（万立方米）: a table of volumes gives no sums of money
    elif profile.figure_unit:
        return any(figure_in(profile.figure_unit).search(line) for line in lines)
    return any(FIGURE.search(line) for line in lines)


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


Composed = tuple[str, bool, list[dict[str, Any]], list[dict[str, Any]], list[str]]


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


def rerank(hits: list[Hit], profile: QueryProfile, standalone: str, snapshot: Snapshot) -> list[Hit]:
    """Order hits by fusion score times how much of the question each holds (words, and verbatim phrases)."""
    return [hit for hit, _ in _rescored(hits, profile, standalone, snapshot)]


def _rescored(
    hits: list[Hit], profile: QueryProfile, standalone: str, snapshot: Snapshot
) -> list[tuple[Hit, dict[str, float]]]:
    """Reranked hits, each with the question words it holds (computed once per hit and question).

    Fusion scores see each word's rarity; a reader sees whether the clause says what was asked. The new
    score is what ``retrieved`` reports, so the ranking and the scores agree.
    """
    asked_text = normalize(compact(INTERROGATIVE.sub("", standalone)))
    named = snapshot.catalog.named_in(standalone)
    opt_in = {meta.doc_id for meta in snapshot.catalog.documents if meta.opt_in}
    districts = _districts(profile)
    rescored = []
    for hit in hits:
        terms = snapshot.clause_terms(hit.clause)
        found = profile.covered(terms)
        named_as = snapshot.document_names(hit.clause.doc_id)
        together = max((profile.coverage(part) for part in passage_terms(hit.clause, named_as)), default=0.0)
        relevance = hit.score * profile.share(found) * together * (1 + shared_phrase(asked_text, terms.compact))
        relevance *= 1 + HEADING_BONUS * heading_share(hit.clause, profile)
        if _names_district(hit.clause, districts):
            relevance *= 1 + DISTRICT_BONUS  # 海宁 asked: the table row that names it, before the city-wide total
        if profile.asks_requirement and REQUIRES.search(supporting_sentences(hit.clause, profile)):
            relevance *= 1 + REQUIREMENT_BONUS  # 罐车要不要装定位: 四（二）4 requires it, before Beijing reports it
        if profile.asks_figure and states_figure(hit.clause, profile):
            relevance *= 1 + FIGURE_BONUS  # 比例提到多少: 四（三）2（4）'s 50%, before the clauses that only urge it
        if hit.clause.doc_id in named:
            relevance *= 1 + DOCUMENT_BONUS
        elif hit.clause.doc_id in opt_in:
            relevance *= OPT_IN_UNNAMED  # 我们站的试验室: every plant's requirement before the benchmark title's
        rescored.append((replace(hit, score=relevance), found))
    rescored.sort(key=lambda pair: pair[0].score, reverse=True)
    top = rescored[0][0].score if rescored else 0.0
    if top <= 0:
        return [(hit, profile.covered(snapshot.clause_terms(hit.clause))) for hit in hits]
    return [(replace(hit, score=hit.score / top), found) for hit, found in rescored]


def compose(
    question: str,
    standalone: str,
    hits: list[Hit],
    expansion: Expansion,
    snapshot: Snapshot,
    top_k: int,
    focus: str = "",
    follow_up: str = "",
) -> tuple[str, bool, list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Build (markdown, abstained, citations, retrieved, warnings) from ranked hits.

    ``focus`` is the part of a listed question this ask is about (脏水 of 防灰、脏水、雨水这几块): a clause that
    holds only the words shared by every part (标杆站, 要做到什么) does not answer it. ``follow_up`` is what a
    follow-up added to the question it leans on (用能和碳排放方面): a clause holding it answers before one that
    holds only the earlier topic, when there is one.
    """
    catalog = snapshot.catalog
    profile = QueryProfile.build(catalog.without_numbers(standalone), expansion, snapshot.lexical)
    ranked = _rescored(hits, profile, standalone, snapshot)
    ranked_hits = [hit for hit, _ in ranked]
    section = numbered_item(named_section(standalone, ranked_hits, snapshot), standalone) or (
        narrowed(listed_section(standalone, ranked_hits, snapshot), profile, snapshot)
        if profile.asks_list and "分别" not in standalone
        else []
    )
    if section:
        ranked = section_first(ranked, section, profile, snapshot)
    hits = [hit for hit, _ in ranked]
    found = [words for _, words in ranked]
    terms = [snapshot.clause_terms(hit.clause) for hit in hits]
    coverages = [profile.share(words) for words in found]
    retrieved = [clause_record(hit, catalog, cov) for hit, cov in zip(hits, coverages, strict=True)][: max(top_k, 1)]
    for rank, record in enumerate(retrieved, start=1):
        record["rank"] = rank
    facts = document_facts(standalone, content_words(standalone), catalog, snapshot.document_clauses)
    if facts is not None:  # 文号是多少, 是正式发布的吗: the catalog answers, the header or signature line shows it
        if not facts.stated:  # 这份征求意见稿的文号: the text gives none, so no line can show it
            return _abstain(catalog, retrieved, facts.summary)
        return _document_answer(facts, snapshot, retrieved)
    if not hits or not (profile.weights or profile.places):
        return _abstain(catalog, retrieved, "问题里没有可以在文件中查找的内容。")
    gaps = [
        profile.gaps(hit.clause, t, catalog, whole_clause(hit.clause, snapshot), _holds_predicate(profile, words))
        for hit, t, words in zip(hits[:top_k], terms, found, strict=False)
    ]
    districts = _districts(profile)
    naming = {i for i, hit in enumerate(hits[:top_k]) if _names_district(hit.clause, districts)}
    answerable = [i for i, missing in enumerate(gaps) if not missing and _holds_enough(profile, found[i], i in naming)]
    total = sum(profile.weights.values())
    keys = [word for word, weight in profile.weights.items() if weight >= KEY_WORD_SHARE * total]
    # two such words (罐车 and 加水 weigh alike): a clause holding either may answer
    if keys and all(key in dictionary_nouns() or not in_dictionary(key) for key in keys):
        # the noun that makes the question specific (a verb such as 指出 or 包括 is rare in the corpus, not topical)
        answerable = [i for i in answerable if any(key in found[i] for key in keys)]
    named = catalog.named_in(focus) or catalog.named_in(standalone)  # a part that names a document is asked of it
    if len(named) == 1 and any(hits[i].clause.doc_id in named for i in answerable):
        # 协会那份意见里…: the one document the question names answers, when it can; others only when it cannot
        answerable = [i for i in answerable if hits[i].clause.doc_id in named]
    focal = profile.words_within(focus) if focus else []
    if focal:  # a place part (杭州 of 杭州和北京的规划) is a specific already: gaps() holds the clause to it
        answerable = [i for i in answerable if any(word in found[i] for word in focal)]
    if not answerable:
        if gaps and gaps[0]:
            return _abstain(catalog, retrieved, f"文件没有关于{'、'.join(gaps[0])}的规定或数据。")
        return _abstain(catalog, retrieved)
    if profile.asks_figure:
        answerable = [
            i for i in answerable if states_figure(hits[i].clause, profile) and _figure_beside_named(hits[i].clause, profile, catalog)
        ]
        if not answerable:  # 罚多少钱, 工资最低多少: the clauses on the topic give no figure for it
            return _abstain(catalog, retrieved, "相关条款没有给出问题所问的数字。")
        if naming & set(answerable):  # 平湖2015年砂浆供了多少: the row that names 平湖 states its figure, not the city's total
            answerable = [i for i in answerable if i in naming]
        elif districts:  # 萧山2015年要控制在多少家: the city's figure is not the district's, and no clause gives that
            return _abstain(catalog, retrieved, f"文件没有给出{'、'.join(districts)}的这个数字。")
    added = profile.words_within(follow_up) if follow_up else []
    if added and any(word in found[i] for i in answerable for word in added):
        answerable = [i for i in answerable if any(word in found[i] for word in added)]
    lead = answerable[0]
    # a preamble says what its document is for: it may lead the answer, never be a further point of it;
    # a document only plants that seek it must follow (the benchmark title) adds to another's answer only when named
    unasked = {m.doc_id for m in catalog.documents if m.opt_in and m.doc_id not in named} - {hits[lead].clause.doc_id}
    answerable = [
        lead,
        *(i for i in answerable[1:] if hits[i].clause.kind != "preamble" and hits[i].clause.doc_id not in unasked),
    ]
    best = hits[lead].score
    cited: list[tuple[Hit, float]] = [(hits[lead], coverages[lead])]
    asked = set(found[lead])
    if section and lead == 0:  # the question names a heading: its clauses are the answer, in document order
        cited = [(hits[i], coverages[i]) for i in range(min(len(section), MAX_SECTION_POINTS))]
    for i in answerable:
        if len(cited) >= MAX_POINTS or section:
            break
        if i == lead or hits[i].score < CITE_RELATIVE * best:
            continue
        if profile.predicate and not _holds_predicate(profile, found[i]):
            continue  # 罐车能不能往罐里加水: a further clause holds what is asked (加水), not only who (罐车, 车容车貌)
        adds = set(found[i]) - asked
        gain = profile.share({word: found[i][word] for word in adds})
        equal = (
            hits[i].score >= EQUAL_RELATIVE * best
            and coverages[i] >= coverages[lead]
            and heading_share(hits[i].clause, profile, True) >= heading_share(hits[lead].clause, profile, True)
        )  # as good as the lead in every way: its score, the words it holds, and what its heading names
        listed = profile.asks_list and coverages[i] >= LIST_COVERAGE * coverages[lead]
        if _piece_of(hits[i].clause, [hit.clause for hit, _ in cited]):
            gain = 0.0  # another piece of a cited clause: the words it adds (信用评价) are that clause's own
        if gain < ADDS_AT_LEAST and not equal and not listed:
            continue  # a further point adds a real part of the question, is as good as the lead, or is a list item
        asked |= adds
        cited.append((hits[i], coverages[i]))
    if profile.asks_list:
        cited = _with_parts(cited, standalone, [(hits[i], coverages[i]) for i in answerable], catalog)
    if ANNOUNCES_LIST.search(hits[lead].clause.text.strip()) and (profile.asks_list or ASKS_CONDITIONS.search(standalone)):
        cited = _with_items(cited, snapshot)

    citations = []
    warnings: list[str] = []
    for n, (hit, cov) in enumerate(cited, start=1):
        record = clause_record(hit, catalog, cov)
        record["n"] = n
        point = supporting_sentences(hit.clause, profile)
        # the whole message names the rows: 省级企业技术科研中心2015年有几个？2020年目标是几个？ asks both of one row
        asked = standalone if question in standalone else f"{standalone} {question}"
        reading = table_reading(hit.clause, profile, asked, point)
        if reading is None:
            record["highlight"] = point
        else:  # the point reads the rows out; the highlight marks them in the table
            record["reading"], lines = reading
            record["highlight"] = "\n".join(lines)
        citations.append(record)
        try:
            for warning in catalog.get(hit.clause.doc_id).warnings():
                if warning not in warnings:
                    warnings.append(warning)
        except KeyError:
            pass
        if hit.clause.garbled:
            warnings.append(f"{hit.clause.label} 原文有一行乱码，已略去，未作为政策文本引用。")
    return render(citations), False, citations, _cited_first(citations, retrieved), warnings


def _figure_beside_named(clause: Clause, profile: QueryProfile, catalog: Catalog) -> bool:
    """Whether a place the clause's document does not speak for (南京 in Hangzhou's plan), or a firm the question
    names, stands beside a figure: 1990年国家将南京、杭州、厦门列为… names 南京 in passing, and states no count of
    南京's firms; 钟大建材 did 工艺改造, and the sentence naming it gives no capacity."""
    try:
        region = catalog.get(clause.doc_id).region
    except KeyError:
        region = ""
    foreign = [place for place in profile.places if not covers(region, place)] + profile.firms
    if not foreign:
        return True
    unit = figure_in(profile.figure_unit) if profile.figure_unit else FIGURE
    return any(place in line and unit.search(line) for line in _sentences(clause.text) for place in foreign)


def _districts(profile: QueryProfile) -> list[str]:
    """The districts and counties the question names (海宁, 萧山): a clause naming one speaks for it."""
    return [place for place in profile.places if place in LOCAL_PLACES]


def _names_district(clause: Clause, districts: list[str]) -> bool:
    return any(place in clause.text for place in districts)


def _holds_enough(profile: QueryProfile, found: dict[str, float], names_district: bool = False) -> bool:
    """Whether a clause holds enough of the question to answer it: ABSTAIN_BELOW of its topical weight, or some of
    it and either the district asked about (淳安's row of a table that words its topic otherwise) or, for a yes/no
    question, nearly all of what it asks (往罐里加点水; the setting, 路上, 司机, 坍落度不够, is no clause's topic)."""
    share = profile.topical_share(found)
    if share >= ABSTAIN_BELOW:
        return True
    if share < PREDICATE_FLOOR:
        return False
    return names_district or _holds_predicate(profile, found)


def _holds_predicate(profile: QueryProfile, found: dict[str, float]) -> bool:
    """Whether a clause holds nearly all of what a yes/no question asks (往罐里加点水 of 司机能不能往罐里加点水)."""
    return bool(profile.predicate) and profile.share_of(found, profile.predicate) >= PREDICATE_HELD


def _cited_first(citations: list[dict[str, Any]], retrieved: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``retrieved`` led by the cited clauses, in citation order, then the rest as ranked, ranks renumbered.

    The answer stage knows more than the rerank (a clause that lacks a specific is passed over; a list's items
    follow its lead-in), so the ranking a caller sees agrees with the answer.
    """
    cited = {record["clause_id"] for record in citations}
    by_id = {record["clause_id"]: record for record in retrieved}
    ranked = [by_id.get(c["clause_id"], c) for c in citations]
    ranked += [record for record in retrieved if record["clause_id"] not in cited]
    return [
        {**{k: v for k, v in record.items() if k not in ("n", "highlight", "reading")}, "rank": rank}
        for rank, record in enumerate(ranked, 1)
    ]


def _document_answer(facts: DocumentFacts, snapshot: Snapshot, retrieved: list[dict[str, Any]]) -> Composed:
    """The catalog's facts about a document as the lead, each shown by the clause line that states it."""
    citations = []
    for n, (clause, line) in enumerate(facts.shown, start=1):
        record = clause_record(Hit(clause=clause, score=1.0), snapshot.catalog)
        citations.append({**record, "n": n, "highlight": line})
    answer = f"{facts.summary}\n\n{render(citations)}"
    return answer, False, citations, _cited_first(citations, retrieved), facts.meta.warnings()


def render(citations: list[dict[str, Any]]) -> str:
    """The answer's markdown: a lead line naming the document, a point per citation, then the sources."""
    docs = {c["doc_title"] for c in citations}
    opening = f"据《{next(iter(docs))}》：" if len(docs) == 1 else "以下条款与问题相关："
    points = [f"- {c.get('reading') or c['highlight']} [{c['n']}]" for c in citations]
    sources = [f"[{c['n']}] {c['clause']} —《{c['doc_title']}》" for c in citations]
    return "\n".join([opening, "", *points, "", "**来源 Sources**", *sources])


def combine(parts: list[Composed], asked: list[str]) -> Composed:
    """One answer to a question that asks several things (产能要砍掉多少？清洁化改造哪年底搞完？).

    Each ask was answered on its own; the answers that found their clause are joined, citations renumbered
    and ``retrieved`` is led by the citations, then takes each answered ask's clauses in turn, then the
    others'; an ask the documents do not cover is named in the warnings. When none is covered, the first
    ask's abstention stands.
    """
    answered = [part for part in parts if not part[1]]
    if not answered or len(parts) == 1:
        return parts[0]
    citations: list[dict[str, Any]] = []
    warnings: list[str] = []
    leads: list[str] = []
    for markdown, _, cited, _, said in answered:
        rendered = render(cited)
        lead = markdown[: -len(rendered)].strip() if markdown.endswith(rendered) else ""
        if lead:  # the catalog's facts (文号：…) that lead a document answer
            leads = _with_lead(leads, lead)
        for record in cited:
            same = next((c for c in citations if c["clause_id"] == record["clause_id"]), None)
            if same is None:
                citations.append({**record, "n": len(citations) + 1})
            else:  # two asks answered from one clause, each by its own sentence: the point shows both
                for key in ("highlight", "reading"):
                    if record.get(key) and record[key] not in same.get(key, ""):
                        same[key] = f"{same[key]} … {record[key]}" if same.get(key) else record[key]
        warnings.extend(w for w in said if w not in warnings)
    retrieved = [
        {**{k: v for k, v in c.items() if k not in ("n", "highlight", "reading")}, "rank": c["n"]} for c in citations
    ]
    # then the answered asks' other clauses: one retrieved for an ask the documents do not cover answers nothing
    in_turn = [part[3] for part in answered] + [part[3] for part in parts if part[1]]
    for turn in itertools.zip_longest(*in_turn):
        for record in turn:
            if record is not None and all(record["clause_id"] != r["clause_id"] for r in retrieved):
                retrieved.append({**record, "rank": len(retrieved) + 1})
    warnings += [f"问题中的“{ask}”一问，文件中没有涉及（not covered）。" for ask, part in zip(asked, parts, strict=True) if part[1]]
    return "\n\n".join([*leads, render(citations)]), False, citations, retrieved, warnings


def _with_lead(leads: list[str], lead: str) -> list[str]:
    """Facts about one document asked in two asks (哪个单位发的？文号是什么？) make one lead: 《…》：a；b。"""
    title, _, facts = lead.partition("》：")
    for i, earlier in enumerate(leads):
        if earlier.startswith(f"{title}》："):
            new = [fact for fact in facts.rstrip("。").split("；") if fact not in earlier]
            leads[i] = "；".join([earlier.rstrip("。"), *new]) + "。"
            return leads
    return [*leads, lead]


def answers_part(whole: Composed, part_ask: str, part: str, expansion: Expansion, snapshot: Snapshot) -> bool:
    """Whether the answer to the whole question already holds one named part (水泥产能 in 三（三）, which sets
    every target at once): only a part it does not hold is answered on its own, so no clause is cited twice
    over and a part said in everyday words (脏水 for 废水) is not lost under the clause that names the others."""
    if whole[1]:
        return False
    cited = [snapshot.clauses[r["clause_id"]] for r in whole[2] if r["clause_id"] in snapshot.clauses]
    documents = snapshot.catalog.named_in(part)
    if documents:  # 省协会的绿色发展意见: held by a clause of that document, not one that names 协会 (五、4)
        return any(clause.doc_id in documents for clause in cited)
    profile = QueryProfile.build(snapshot.catalog.without_numbers(part_ask), expansion, snapshot.lexical)
    focal = profile.words_within(part)
    if not focal:  # a place (杭州 of 杭州和北京的规划): held by a clause its place does not rule out
        return not profile.places or any(not profile.gaps(c, snapshot.clause_terms(c), snapshot.catalog) for c in cited)
    return any(profile.share_of(profile.covered(snapshot.clause_terms(c)), focal) >= PART_HELD for c in cited)


def coordinated_parts(question: str) -> list[str]:
    """The named parts of a question that joins several (原材料管控和生产过程控制分别…), each as it was written.

    A part is kept when at least PART_CHARS characters remain once question words are taken out: a reader
    names each thing they ask about, and a clause that names it answers that part.
    """
    core = INTERROGATIVE.sub("，", normalize(compact(question)))
    parts = []
    for piece in PART_SEPARATORS.split(core):
        piece = PART_FRAME.sub("", piece)
        if len(piece) >= PART_CHARS:
            parts.append(piece)
    return parts if len(parts) >= 2 else []


def _with_parts(
    cited: list[tuple[Hit, float]], question: str, candidates: list[tuple[Hit, float]], catalog: Catalog
) -> list[tuple[Hit, float]]:
    """For 分别/哪些 questions naming several things: the clause whose own text names each part best, if not cited.

    The clause text, not its heading path: every clause of a document repeats the document's title. A part
    that names a document (标杆示范站 of 标准化搅拌站和标杆示范站) is that document's to answer: a clause of
    it, not one that names it in passing (三、3, a share of plants to be titled 标杆示范站).
    """
    out = list(cited)
    for part in coordinated_parts(question):
        if len(out) >= MAX_POINTS:
            break
        documents = catalog.called(part, PART_CHARS)
        if documents:
            if not any(hit.clause.doc_id in documents for hit, _ in out):
                out.extend([pair for pair in candidates if pair[0].clause.doc_id in documents][:1])
            continue
        named = max(longest_run(part, normalize(compact(hit.clause.text))) for hit, _ in out)
        best, best_run = None, max(named, PART_CHARS - 1)
        for pair in candidates:
            run = longest_run(part, normalize(compact(pair[0].clause.text)))
            if run > best_run:
                best, best_run = pair, run
        if best is not None and best not in out:
            out.append(best)
    return out


def _with_items(cited: list[tuple[Hit, float]], snapshot: Snapshot) -> list[tuple[Hit, float]]:
    """The lead announces a list (应满足以下要求): the items that follow it are the answer, so cite the first ones.

    The lead-in stays the first point when it says more than the announcement; they lead ``retrieved`` like
    every citation (see ``_cited_first``).
    """
    lead = cited[0][0].clause
    following = [c for c in snapshot.document_clauses(lead.doc_id) if c.order > lead.order]
    *before, announcing = _sentences(lead.text) or [""]
    # 应满足以下要求 and nothing more (a title line above it says nothing): the items say it all
    alone = bool(ANNOUNCES_LIST.search(announcing)) and all(line[-1] not in "。；！？：:" for line in before)
    items = [c for c in following if c.kind in ("clause", "table")][: MAX_POINTS - (0 if alone else 1)]
    return ([] if alone else cited[:1]) + [(Hit(clause=clause, score=0.0), 0.0) for clause in items]


def _abstain(
    catalog: Catalog, retrieved: list[dict[str, Any]], reason: str = ""
) -> tuple[str, bool, list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    text = NOT_COVERED + (reason + " " if reason else "") + corpus_summary(catalog)
    return text, True, [], retrieved, []
