"""Answer stage: an extractive, cited answer from retrieved clauses, or a plain abstention.

Every point is a sentence copied from a clause, marked [n]; every [n] is a citation of a retrieved clause.
Whether the documents answer the question at all is judged by coverage: the share of the question's
informative words (weighted by rarity) that the best clause contains, plus a check that every place the
question names is one the clause or its document is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any

from .catalog import Catalog
from .glossary import Expansion
from .lexical import LexicalIndex
from .models import Clause
from .places import covers, places_in
from .retrieve import ClauseTerms, Hit, Snapshot
from .text import STOPWORDS, compact, dictionary_nouns, in_dictionary, normalize, sub_words, words

ABSTAIN_BELOW = 0.4
KEY_WORD_SHARE = 0.35  # a word carrying this share of the question's weight must be in the clause
WHOLE_CLAUSE_CHARS = 300
OOV_WEAK = 0.3
OOV_CHAR_WEIGHT = 0.15
CITE_RELATIVE = 0.5
EQUAL_RELATIVE = 0.9
ADDS_AT_LEAST = 0.15  # share of the question's weight a further citation must add
LIST_COVERAGE = 0.8  # a list item (分别/哪些) covers nearly as much of the question as the lead
MAX_SENTENCES = 3
SENTENCE_RELATIVE = 0.35
FIGURE = re.compile(
    r"\d|[一二三四五六七八九十百千万两半]+(?:个|家|项|名|条|年|次|类|星|月|周|天|日|小时|倍|成|级|吨|方|米|人|台|辆|座|种|位|班|批)"
)
ASKS_LIST = re.compile(r"分别|哪些|哪几|清单|列出|列个|都有|几个方面|几项|which\b|list\b", re.I)
ASKS_FIGURE = re.compile(
    r"多少|(?<!哪)几|多大|多久|多长|多高|百分之"
    r"|\bhow (?:much|many|long|large|big|high|often)\b|\bwhat (?:percentage|share|proportion|rate|ratio)\b",
    re.I,
)
LABEL = re.compile(r"^\s*(?:\d+[.、．]|（\d+）|\(\d+\)|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?\s*(?:【[^】]*】)?")
MAX_POINTS = 4
PART_SEPARATORS = re.compile(r"[，,、；;：:？?。]|和|与|以及|及|或者|还有")
PART_FRAME = re.compile(r"^(?:对|在|关于|对于)|(?:方面|上|里|中|分别|都|各|有|定了|提了|要求|规定|怎么|安排|的)+$")
PART_CHARS = 4
ANNOUNCES_LIST = re.compile(r"(?:以下|如下|下列)[^。；]{0,10}[：:。]?$")
ASKS_CONDITIONS = re.compile(r"什么(?:要求|条件|标准)|(?:要求|条件|标准)是什么|满足什么|符合什么")
PASSAGE_CACHE = 200_000
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
NOT_COVERED = "文件中没有涉及这个问题的内容（the documents do not cover this）。"
# how a question is asked, not what it is about: never evidence for or against a clause
QUESTION_WORDS = frozenset(
    """多少 多大 多久 多长 多高 多远 多宽 几 几个 几家 几年 几级 几项 几种 几条 几篇 几次 几类 哪 哪些 哪个 哪里 哪儿 哪几
    哪几个 哪几项 哪几种 哪几类 什么 怎么 怎样 怎么样 如何 为什么 为何 是否 是不是 能不能 可不可以 行不行 算不算 要不要 会不会
    有没有 需不需要 应该 应当 最少 最多 最低 最高 至少 至多 大概 一般 分别 具体 到底 究竟 目前 现在 这些 那些 这样 那样 大家
    自己 他们 你们 对方 的话 时候 地方 情况 东西 事情 原文 列个 给我 告诉 知道 想 想要 得 才能 必须 还是 或者 以及 就是 只是
    不能 不要 不用 可能 会 算 行 干 搞 弄 做 说 讲 写 定 提 按 按照 根据 依据 跟 同 对于 经过 通过 为了 因为 所以 如果 但是
    然后 之后 以后 以前 之前 很 太 更 最 可 想 往 用 拿 拿到 一共 总共 又 才 态度 看法 立场 观点 说法 想法 意思 全文 起码
    硬性 加点 一点 外地 当地 本地""".split()
)
INTERROGATIVE = re.compile(
    r"多(?:少|大|久|长|高|远|宽)|几[个家年级项种条篇次类]?|哪(?:几[个项种类]?|些|个|里|儿)?|什么|怎么样?|怎样|如何|为什么|为何"
    r"|是否|是不是|能不能|可不可以|行不行|算不算|要不要|会不会|有没有|需不需要"
)
QUESTION_PREFIX = re.compile(r"^(哪些|哪个|哪几|什么|多少|几)(?=..)")
LOCATIVE_SUFFIX = re.compile(r"(?<=.)(里|上|中|内|外)$")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
PLAN_TERM = re.compile(r"十[一二三四五]五")
CODE = re.compile(r"^[a-z]+\d+[a-z\d]*$")


@dataclass
class QueryProfile:
    """What a question is about: its informative words weighted by rarity, and the specifics it names.

    Specifics (places, years, five-year plans, and nouns the corpus never uses, such as 罚款 or 分贝) must
    appear in a clause for it to answer the question; the other words only need to be mostly covered.
    """

    weights: dict[str, float] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)  # compound unknown to the corpus -> its known words
    aliases: dict[str, str] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    decisive: list[str] = field(default_factory=list)
    asks_figure: bool = False
    asks_list: bool = False  # 分别/哪些/清单: every clause that answers a part is wanted, not only new words

    @classmethod
    def build(cls, question: str, expansion: Expansion, lexical: LexicalIndex) -> QueryProfile:
        profile = cls(
            aliases=dict(expansion.aliases),
            places=places_in(question),
            years=sorted(set(YEAR.findall(question))),
            plans=sorted(set(PLAN_TERM.findall(question))),
            asks_figure=bool(ASKS_FIGURE.search(question)),
            asks_list=bool(ASKS_LIST.search(question)),
        )
        top = lexical.max_idf()
        chinese = bool(re.search(r"[\u3400-\u9fff]", question))
        for word in words(INTERROGATIVE.sub(" ", question)):
            if word in STOPWORDS or word in QUESTION_WORDS:
                continue
            if word.isascii() and word.isalpha() and (word in expansion.english_words or not chinese):
                continue  # English the glossary explains (its terms are added below), or no judgement
            word = LOCATIVE_SUFFIX.sub("", QUESTION_PREFIX.sub("", word))
            if word in STOPWORDS or word in QUESTION_WORDS or any(word in place for place in profile.places):
                continue
            weight = profile._weigh(word, lexical, top)
            if weight > 0:
                profile.weights[word] = weight
        for term, weight in expansion.terms.items():
            if term in expansion.aliases.values():
                continue
            profile.weights.setdefault(term, top * weight)
        return profile

    def _weigh(self, word: str, lexical: LexicalIndex, top: float) -> float:
        if len(word) == 1 and not word.isascii():
            return top * OOV_CHAR_WEIGHT  # a lone character (多, 拉) is mostly grammar: a hint, never decisive
        idf = lexical.term_idf(word)
        if CODE.match(word):
            self.decisive.append(word)  # a grade or model code (C50): only a clause naming it answers
            return idf if idf is not None else top
        if idf is not None:
            return idf
        if any(word in alias for alias in self.aliases):
            known = [part for part in sub_words(word) if lexical.term_idf(part) is not None]
            if known:
                self.parts[word] = known  # the clause may use the words of the question, not the glossary's
            return top
        known = [part for part in sub_words(word) if lexical.term_idf(part) is not None]
        if known and sum(len(part) for part in set(known)) >= len(word) - 1:
            self.parts[word] = known
            if word in dictionary_nouns():
                self.decisive.append(word)  # 月工资: the clause must hold it, or all of its parts
            return max(lexical.term_idf(part) or 0.0 for part in known)
        if YEAR.fullmatch(word):
            return top  # checked as a specific, see gaps()
        if len(word) > 1 and word in dictionary_nouns():
            self.decisive.append(word)
            return top
        unknown_nouns = [p for p in sub_words(word) if lexical.term_idf(p) is None and p in dictionary_nouns()]
        if unknown_nouns:  # 违章罚款: a rare compound that holds a noun the corpus never uses
            self.decisive.extend(unknown_nouns)
            return top
        if len(word) > 1 and not word.isascii() and not in_dictionary(word):
            # a guess of the segmenter's (期是, 里定): only its characters can count
            chars = [c for c in word if c not in STOPWORDS and c not in QUESTION_WORDS]
            if not chars:
                return 0.0
            self.parts[word] = chars
            return top * OOV_CHAR_WEIGHT
        return top * (OOV_WEAK if len(word) > 1 else OOV_CHAR_WEIGHT)

    def covered(self, terms: ClauseTerms) -> dict[str, float]:
        """The question's words this clause holds, with the share of each word's weight it earns."""
        haystack, clause_words = terms.compact, terms.words
        found: dict[str, float] = {}
        for word in self.weights:
            if word in clause_words or normalize(compact(word)) in haystack or self._alias_in(word, haystack):
                found[word] = 1.0
            elif word in self.parts:
                known = self.parts[word]
                share = sum(part in clause_words or part in haystack for part in known) / len(known)
                if share:
                    found[word] = share
        return found

    def _alias_in(self, word: str, haystack: str) -> bool:
        return any(normalize(compact(term)) in haystack for alias, term in self.aliases.items() if word in alias)

    def coverage(self, terms: ClauseTerms) -> float:
        return self.share(self.covered(terms))

    def share(self, found: dict[str, float]) -> float:
        """The weighted share of the question that ``covered`` found."""
        total = sum(self.weights.values())
        if total <= 0:
            return 0.0
        return sum(self.weights[word] * part for word, part in found.items()) / total

    def gaps(self, clause: Clause, terms: ClauseTerms, catalog: Catalog, whole: str = "") -> list[str]:
        """The specifics the question names that this clause (and, for places and plans, its document) lacks.

        ``whole`` is the text of the whole clause when this is one piece of a long one: the year or place that
        frames a list ("到2020年，…") is said once, in the first piece.
        """
        try:
            meta = catalog.get(clause.doc_id)
            region, title = meta.region, meta.title
        except KeyError:
            region, title = "", ""
        context = terms.compact + whole
        missing = [place for place in self.places if place not in context and not covers(region, place)]
        missing += [f"{year}年" for year in self.years if year not in context]
        missing += [f"“{plan}”" for plan in self.plans if plan not in context and plan not in title]
        missing += [f"“{word}”" for word in self.decisive if not self._holds(word, terms)]
        return missing

    def _holds(self, word: str, terms: ClauseTerms) -> bool:
        if normalize(compact(word)) in terms.compact:
            return True
        parts = self.parts.get(word)
        return bool(parts) and all(part in terms.words or part in terms.compact for part in parts)


def shared_phrase(asked: str, clause_text: str) -> float:
    """The longest run of the question found verbatim in the clause, as a share of the question (0 below 4 chars)."""
    if not asked:
        return 0.0
    match = SequenceMatcher(None, asked, clause_text, autojunk=False).find_longest_match(0, len(asked), 0, len(clause_text))
    return match.size / len(asked) if match.size >= 4 else 0.0


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


_passages: dict[tuple[str, str], list[ClauseTerms]] = {}
_wholes: dict[tuple[str, str], str] = {}
PIECE = re.compile(r"（\d+/\d+）$")


def whole_clause(clause: Clause, snapshot: Snapshot) -> str:
    """The compact text of all pieces of an over-long clause that was split (label ends （k/n））; "" otherwise."""
    if not PIECE.search(clause.label):
        return ""
    key = (clause.clause_id, clause.text)
    if key not in _wholes:
        pieces = sorted(
            (c for c in snapshot.clauses.values() if c.doc_id == clause.doc_id and c.path == clause.path),
            key=lambda c: c.order,
        )
        if len(_wholes) > PASSAGE_CACHE:
            _wholes.clear()
        _wholes[key] = normalize(compact("".join(piece.text for piece in pieces)))
    return _wholes[key]


def passage_terms(clause: Clause) -> list[ClauseTerms]:
    """The clause read a sentence at a time, each under the clause's headings; a table is read whole.

    A clause that answers a question says it in one place: the question's words close together in one
    sentence, not scattered over a long clause. Cached per clause text, as the words are cut only once.
    """
    key = (clause.clause_id, clause.text)
    cached = _passages.get(key)
    if cached is None:
        headings = " ".join(clause.path)
        parts = [clause.text] if clause.kind == "table" else _sentences(clause.text) or [clause.text]
        cached = []
        for part in parts:
            text = f"{headings} {part}"
            cached.append(ClauseTerms(words=frozenset(words(text)), text=text, compact=normalize(compact(text))))
        if len(_passages) > PASSAGE_CACHE:
            _passages.clear()
        _passages[key] = cached
    return cached


def supporting_sentences(clause: Clause, profile: QueryProfile) -> str:
    """The clause itself when short; otherwise its best sentences (at most three), in document order."""
    body = clause.text
    if len(body) <= WHOLE_CLAUSE_CHARS:
        return body.replace("\n", " ")
    sentences = _sentences(body)
    if not sentences:
        return body[:180]

    def score(sentence: str) -> float:
        text = normalize(compact(sentence))
        terms = ClauseTerms(words=frozenset(words(sentence)), text=sentence, compact=text)
        found = sum(profile.weights[word] * share for word, share in profile.covered(terms).items())
        if profile.asks_figure and FIGURE.search(text):
            found *= 1.5  # 多少/几 asks for a figure: a sentence that states one answers it
        return found

    scored = sorted(((score(s), i) for i, s in enumerate(sentences)), reverse=True)
    best = scored[0][0]
    chosen = [i for value, i in scored[:MAX_SENTENCES] if value > 0 and value >= SENTENCE_RELATIVE * best]
    return " ".join(sentences[i] for i in sorted(chosen or [scored[0][1]]))


def states_figure(clause: Clause, profile: QueryProfile) -> bool:
    """Whether the sentences that answer the question state a figure (the clause's own number label aside)."""
    return any(FIGURE.search(LABEL.sub("", line)) for line in _sentences(supporting_sentences(clause, profile)))


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
    rescored = []
    for hit in hits:
        terms = snapshot.clause_terms(hit.clause)
        found = profile.covered(terms)
        together = max((profile.coverage(part) for part in passage_terms(hit.clause)), default=0.0)
        relevance = hit.score * profile.share(found) * together * (1 + shared_phrase(asked_text, terms.compact))
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
) -> tuple[str, bool, list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Build (markdown, abstained, citations, retrieved, warnings) from ranked hits."""
    catalog = snapshot.catalog
    profile = QueryProfile.build(standalone, expansion, snapshot.lexical)
    ranked = _rescored(hits, profile, standalone, snapshot)
    hits = [hit for hit, _ in ranked]
    found = [words for _, words in ranked]
    terms = [snapshot.clause_terms(hit.clause) for hit in hits]
    coverages = [profile.share(words) for words in found]
    retrieved = [clause_record(hit, catalog, cov) for hit, cov in zip(hits, coverages, strict=True)][: max(top_k, 1)]
    for rank, record in enumerate(retrieved, start=1):
        record["rank"] = rank
    if not hits or not (profile.weights or profile.places):
        return _abstain(catalog, retrieved, "问题里没有可以在文件中查找的内容。")
    gaps = [
        profile.gaps(hit.clause, t, catalog, whole_clause(hit.clause, snapshot))
        for hit, t in zip(hits[:top_k], terms, strict=False)
    ]
    answerable = [i for i, missing in enumerate(gaps) if not missing and coverages[i] >= ABSTAIN_BELOW]
    key = max(profile.weights, key=profile.weights.__getitem__, default=None)
    if key is not None and profile.weights[key] >= KEY_WORD_SHARE * sum(profile.weights.values()):
        answerable = [i for i in answerable if key in found[i]]  # the word that makes the question specific
    if not answerable:
        if gaps and gaps[0]:
            return _abstain(catalog, retrieved, f"文件没有关于{'、'.join(gaps[0])}的规定或数据。")
        return _abstain(catalog, retrieved)
    if profile.asks_figure:
        answerable = [i for i in answerable if states_figure(hits[i].clause, profile)]
        if not answerable:  # 罚多少钱, 工资最低多少: the clauses on the topic give no figure for it
            return _abstain(catalog, retrieved, "相关条款没有给出问题所问的数字。")
    lead = answerable[0]
    best = hits[lead].score
    cited: list[tuple[Hit, float]] = [(hits[lead], coverages[lead])]
    asked = set(found[lead])
    for i in answerable:
        if len(cited) >= MAX_POINTS:
            break
        if i == lead or hits[i].score < CITE_RELATIVE * best:
            continue
        adds = set(found[i]) - asked
        gain = profile.share({word: found[i][word] for word in adds})
        equal = hits[i].score >= EQUAL_RELATIVE * best and coverages[i] >= coverages[lead]
        listed = profile.asks_list and coverages[i] >= LIST_COVERAGE * coverages[lead]
        if gain < ADDS_AT_LEAST and not equal and not listed:
            continue  # a further point adds a real part of the question, is as good as the lead, or is a list item
        asked |= adds
        cited.append((hits[i], coverages[i]))
    if profile.asks_list:
        cited = _with_parts(cited, standalone, [(hits[i], coverages[i]) for i in answerable])
    if ANNOUNCES_LIST.search(hits[lead].clause.text.strip()) and (profile.asks_list or ASKS_CONDITIONS.search(standalone)):
        cited = _with_items(cited, snapshot, retrieved, catalog)

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
    opening = f"据《{next(iter(docs))}》：" if len(docs) == 1 else "以下条款与问题相关："
    sources = [f"[{c['n']}] {c['clause']} —《{c['doc_title']}》" for c in citations]
    markdown = "\n".join([opening, "", *points, "", "**来源 Sources**", *sources])
    return markdown, False, citations, retrieved, warnings


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


def _with_parts(cited: list[tuple[Hit, float]], question: str, candidates: list[tuple[Hit, float]]) -> list[tuple[Hit, float]]:
    """For 分别/哪些 questions naming several things: the clause whose own text names each part best, if not cited.

    The clause text, not its heading path: every clause of a document repeats the document's title.
    """
    out = list(cited)
    for part in coordinated_parts(question):
        if len(out) >= MAX_POINTS:
            break
        named = max(_run(part, normalize(compact(hit.clause.text))) for hit, _ in out)
        best, best_run = None, max(named, PART_CHARS - 1)
        for pair in candidates:
            run = _run(part, normalize(compact(pair[0].clause.text)))
            if run > best_run:
                best, best_run = pair, run
        if best is not None and best not in out:
            out.append(best)
    return out


def _run(part: str, text: str) -> int:
    """Length of the longest run of ``part`` found verbatim in ``text``."""
    return SequenceMatcher(None, part, text, autojunk=False).find_longest_match(0, len(part), 0, len(text)).size


def _with_items(
    cited: list[tuple[Hit, float]], snapshot: Snapshot, retrieved: list[dict[str, Any]], catalog: Catalog
) -> list[tuple[Hit, float]]:
    """The lead announces a list (应满足以下要求): the items that follow it are the answer, so cite the first ones.

    They join ``retrieved`` after the ranked clauses, so every citation is still among the retrieved.
    """
    lead = cited[0][0].clause
    siblings = sorted((c for c in snapshot.clauses.values() if c.doc_id == lead.doc_id), key=lambda c: c.order)
    items = [c for c in siblings if c.order > lead.order and c.kind in ("clause", "table")][: MAX_POINTS - 1]
    shown = {record["clause_id"] for record in retrieved}
    out = cited[:1]
    for clause in items:
        hit = Hit(clause=clause, score=0.0)
        if clause.clause_id not in shown:
            record = clause_record(hit, catalog)
            record["rank"] = len(retrieved) + 1
            retrieved.append(record)
        out.append((hit, 0.0))
    return out


def _abstain(
    catalog: Catalog, retrieved: list[dict[str, Any]], reason: str = ""
) -> tuple[str, bool, list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    text = NOT_COVERED + (reason + " " if reason else "") + corpus_summary(catalog)
    return text, True, [], retrieved, []
