"""Questions about a document itself (its number, date, issuer, status, plan period), answered from the catalog.

An inspector asks 嘉兴那个规划的文号是多少 or 省里的意见是正式发布的吗: no clause is "about" the document
number, so the ranked search cannot find it, but the catalog knows it and the document's own header or
signature line says it. The answer states the catalog's facts and cites the clause that shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .catalog import Catalog, DocumentMeta
from .models import Clause
from .places import covers, places_in
from .question import PLAN_TERM
from .text import compact, int_to_cn, longest_run, normalize

FACETS = {
    "number": re.compile(r"文号|发文号|发文字号|文件号|文件编号|document number|reference number", re.I),
    "date": re.compile(
        r"哪天|哪一天|几月几[日号]|什么时候(?:发|印发|发布|出台|颁布|下发|出的)|(?:发布|印发|发文|下发|出台|颁布|成文|落款)(?:的)?(?:日期|时间)"
        r"|哪[一]?年(?:发|印发|发布|出台|颁布|下发)|when was (?:it|this|the [\w\s-]{1,60}?) (?:issued|published|released)"
        r"|issue date|date of issue",
        re.I,
    ),
    "status": re.compile(
        r"(?:是|算)(?:不是|不算)?(?:正式|征求意见稿|草案|草稿|试行|现行)|正式(?:发布|印发|出台|文件|实施)|(?:还|仍然?|现在)(?:有效|适用|管用|算数|作数)"
        r"|过期了|失效了|废止了|生效了|(?:is it|still) (?:a |still )?(?:draft|final|in force|valid)|still (?:valid|applies|apply|in effect|in force)"
        r"|\bstatus\b",
        re.I,
    ),
    "issuer": re.compile(
        r"谁(?:发|出|定|制定|印发|发布|提出?)的|哪个(?:部门|单位|机构|机关)(?:发|印发|发布|出|制定|定)|发文(?:单位|机关)|发布(?:单位|机关)"
        r"|政府(?:部门)?的?(?:规定|文件)|协会自己|who (?:issued|published|wrote)|issued by|\bissuer\b",
        re.I,
    ),
    "period": re.compile(
        r"规划期|管到哪|管哪几年|从哪[一]?年|到哪[一]?年为止|起止|期限是|管几年|plan period|which years|what years", re.I
    ),
}
OTHER_WORDS = 2  # more topical words than this: the question asks about the content, not the document
# how a reader points at the document and its issuing (这份规划的发文文号, 哪天发布的): never about its content
ABOUT_THE_DOCUMENT = frozenset("这份 那份 发文 发布 印发 出台 颁布 下发 成文 落款 日期 时间 文件 通知".split())
# the field every document is about, its plan period, and the kinds of body that issue one (a government department or an industry
# body?): English words that describe the document, not a topic in it
DESCRIBING_ENGLISH = frozenset(
    "ready mixed premixed concrete industry sector government department body authority authorities agency official"
    " organisation organization association five year five-year fyp th plan".split()
)
DIGITS = "〇一二三四五六七八九"
ISSUER_KINDS = ("协会", "委员会", "厅", "局")


@dataclass
class DocumentFacts:
    """What a question asks about one document, the catalog's answer, and the clauses that show it."""

    meta: DocumentMeta
    facets: list[str]
    summary: str
    shown: list[tuple[Clause, str]]  # each clause with the sentence that shows the fact

    @property
    def stated(self) -> bool:
        """Whether the document states any fact asked: a draft with no 文号 or date has no line that shows one."""
        return any(_states(self.meta, facet) for facet in self.facets)


def asked_facets(question: str) -> list[str]:
    return [name for name, pattern in FACETS.items() if pattern.search(question)]


def named_document(question: str, catalog: Catalog) -> DocumentMeta | None:
    """The one document a question names, by its title, the names users give it, its region or plan period."""
    text = normalize(compact(question))
    named = catalog.named_in(question)
    places = places_in(question)
    plans = PLAN_TERM.findall(text)
    scored = []
    for meta in catalog.documents:
        title = normalize(compact(_title_core(meta)))
        score = 2.0 * (meta.doc_id in named)
        run = longest_run(title, text)
        if run >= 4:
            score += 2.0 * run / len(title)
        if meta.region and any(covers(meta.region, place) for place in places):
            score += 1.0
        if plans and any(plan in meta.title for plan in plans):
            score += 1.0
        scored.append((score, meta))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if not scored or scored[0][0] < 1.0 or (len(scored) > 1 and scored[1][0] >= scored[0][0]):
        return None
    return scored[0][1]


def document_facts(
    question: str, topical_words: Iterable[str], catalog: Catalog, clauses_of: Callable[[str], list[Clause]]
) -> DocumentFacts | None:
    """The facts a question asks about a document, when that is all it asks.

    ``topical_words`` are the question's content words; those that name the document (its title, names, issuer,
    region) or the facet (文号, 发布) do not count, and a question with more than OTHER_WORDS left asks about
    what the document says (征求意见稿里产能利用率的目标是多少), which the ranked search answers.
    """
    facets = asked_facets(question)
    if not facets:
        return None
    meta = named_document(question, catalog)
    if meta is None:
        return None
    naming = normalize(compact(" ".join([meta.title, meta.issuer, meta.region, *meta.names])))
    facet_text = "".join(match.group(0) for pattern in FACETS.values() for match in pattern.finditer(question))
    others = [
        word
        for word in topical_words
        if len(word) > 1
        and normalize(compact(word)) not in naming
        and word not in facet_text
        and word not in ABOUT_THE_DOCUMENT
        and word not in DESCRIBING_ENGLISH
        and not word.isdigit()  # 12 of 12th Five-Year: the plan period names the document
        and (word.isascii() or longest_run(normalize(compact(word)), naming) < 2)  # counts shares nt with plant
    ]
    if len(others) > OTHER_WORDS:
        return None
    shown = _showing(meta, facets, clauses_of(meta.doc_id))
    if not shown:
        return None
    return DocumentFacts(meta=meta, facets=facets, summary=_summary(meta, facets), shown=shown)


def _showing(meta: DocumentMeta, facets: list[str], clauses: list[Clause]) -> list[tuple[Clause, str]]:
    """The clauses that show each asked fact: the line holding the number or the date, the plan-period sentence,
    else the document's header (its title says 征求意见稿 or 试行)."""
    if not clauses:
        return []
    out: list[tuple[Clause, str]] = []
    for facet in facets:
        needles: list[str] = []
        if facet == "number" and meta.doc_number:
            needles = [meta.doc_number]
        elif facet == "date" and meta.issue_date:
            needles = _date_forms(meta.issue_date)
        elif facet == "period":
            needles = ["规划期"]
            if meta.period_start and meta.period_end:
                needles.append(f"{meta.period_start}-{meta.period_end}")
        elif facet == "status":
            needles = [marker for marker, on in (("征求意见稿", meta.status() == "draft"), ("试行", meta.trial)) if on]
        elif facet == "issuer" and meta.issuer:
            issuer = re.sub(r"[（(].*", "", meta.issuer)
            needles = [issuer, *("本" + kind for kind in ISSUER_KINDS if issuer.endswith(kind))]  # 本协会特提出
        found = next(
            ((c, needle) for needle in needles for c in clauses if normalize(compact(needle)) in normalize(compact(c.text))),
            None,
        )
        clause, needle = found or (clauses[0], "")
        line = _line_with(clause, needle or _title_core(meta))
        at = next((i for i, (shown, _) in enumerate(out) if shown is clause), None)
        if at is None:
            out.append((clause, line))
        elif line not in out[at][1]:
            out[at] = (clause, f"{out[at][1]} … {line}")  # 文号 and 日期 on one header
    return out


def _states(meta: DocumentMeta, facet: str) -> bool:
    if facet == "number":
        return bool(meta.doc_number)
    if facet == "date":
        return bool(meta.issue_date)
    if facet == "issuer":
        return bool(meta.issuer)
    if facet == "period":
        return bool(meta.period_end)
    return True  # every document has a status: its title or header says 征求意见稿, 试行, or nothing (in force)


def _title_core(meta: DocumentMeta) -> str:
    return re.sub(r"[（(][^）)]*[）)]", "", meta.title)


def _line_with(clause: Clause, needle: str) -> str:
    """The line of a clause that holds the fact, else the line most like it (the header's title line)."""
    lines = [line.strip() for line in re.split(r"[\n。]", clause.text) if line.strip()]
    if not lines:
        return clause.text.strip()
    target = normalize(compact(needle))
    return max(lines, key=lambda line: (target in normalize(compact(line)), longest_run(target, normalize(compact(line)))))


def _date_forms(iso: str) -> list[str]:
    """2011-11-22 as the documents write it: 2011年11月22日 and 二〇一一年十一月二十二日."""
    year, month, day = (int(part) for part in iso.split("-"))
    written_year = "".join(DIGITS[int(digit)] for digit in str(year))
    return [f"{year}年{month}月{day}日", f"{written_year}年{int_to_cn(month)}月{int_to_cn(day)}日"]


def _summary(meta: DocumentMeta, facets: list[str]) -> str:
    parts = []
    for facet in facets:
        if facet == "number":
            parts.append(f"文号：{meta.doc_number}" if meta.doc_number else "文本中没有文号")
        elif facet == "date":
            parts.append(f"发布日期：{_date_forms(meta.issue_date)[0]}" if meta.issue_date else "文本中没有发布日期")
        elif facet == "issuer":
            parts.append(f"发布单位：{meta.issuer}" + (f"（{meta.nature}）" if meta.nature else ""))
        elif facet == "status":
            parts.append(f"状态：{meta.status_label()}")
        elif facet == "period":
            if meta.period_start and meta.period_end:
                parts.append(f"规划期：{meta.period_start}–{meta.period_end}年")
            elif meta.period_end:
                parts.append(f"目标期限至{meta.period_end}年")
    return f"《{meta.title}》：" + "；".join(parts) + "。"
