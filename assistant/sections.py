"""Clauses a question names by their heading: a quoted title (“规范生产行为”这部分, 【碳排放】的原文) or, for a 哪些
question, a section heading said nearly whole (存在哪些主要问题). The answer stage cites such a section whole."""

from __future__ import annotations

import re
from functools import lru_cache

from .glossary import chinese_number
from .index import INDEXABLE
from .models import Clause
from .parse import match_heading
from .question import ARTICLE, QueryProfile
from .retrieve import ClauseTerms, Hit, Snapshot
from .text import LABEL, STOPWORDS, compact, longest_run, normalize, words

QUOTED = re.compile(r"[“\"「『【]([^”\"」』】]{2,40})[”\"」』】]")
QUOTED_CHARS = 4  # “十三五” is a plan, not a heading
SECTION_FROM_HITS = 5  # a section heading the question says is looked for above the best five hits
SECTION_HEADING_CHARS = 4
SECTION_SAID = 0.6  # share of the heading the question must say verbatim
SECTION_WORDS_SAID = 0.75  # … or share of the heading's words it says (存在哪些主要问题 → 面临的主要问题)
SECTION_WORDS = 3
HEADING_CACHE = 20_000
# 应有应急管理机构和兼职应急管理人员，: an item requiring the thing asked for (人) as what must be had or set up
HAS_TO_HAVE = r"(?:应|须|必须)(?:设立有|设立|设置|有|配备|配置|配齐)[^，。；]*?{word}[^，。；、]{{0,2}}[，。；]"


@lru_cache(maxsize=HEADING_CACHE)
def heading_terms(heading: str) -> ClauseTerms:
    """A heading's words, cut once: every question looks at the headings of all its candidates."""
    return ClauseTerms(words=frozenset(words(heading)), text=heading, compact=normalize(compact(heading)))


def named_section(question: str, hits: list[Hit], snapshot: Snapshot) -> list[Clause]:
    """The clauses under a heading the question quotes (“规范生产行为”这部分, 【碳排放】的原文), in document order.

    Only headings of the documents retrieval found are looked at; when several match, the one holding the
    best-ranked hit wins.
    """
    phrases = [normalize(compact(p)) for p in QUOTED.findall(question)]
    phrases = [p for p in phrases if len(p) >= QUOTED_CHARS]
    if not phrases or not hits:
        return []
    sections: dict[tuple[str, ...], list[Clause]] = {}
    quoted: dict[tuple[str, ...], int] = {}  # how many of the quoted headings the section's path says
    for doc_id in dict.fromkeys(hit.clause.doc_id for hit in hits):
        for clause in snapshot.document_clauses(doc_id):
            if clause.kind not in INDEXABLE:
                continue
            said = [
                depth
                for depth, heading in enumerate(clause.path[1:], start=2)
                if any(phrase in normalize(compact(heading)) for phrase in phrases)
            ]
            if said:  # “五、保障措施”里“4.发挥行业协会作用”: the deepest heading quoted is the section asked for
                key = (doc_id, *clause.path[: said[-1]])
                sections.setdefault(key, []).append(clause)
                quoted[key] = len(said)
    if not sections:
        return []
    rank = {hit.clause.clause_id: i for i, hit in enumerate(hits)}

    def preference(key: tuple[str, ...]) -> tuple[int, int]:
        clauses = sections[key]
        return -quoted[key], min((rank.get(c.clause_id, len(rank)) for c in clauses), default=len(rank))

    return sections[min(sections, key=preference)]


def listed_section(question: str, hits: list[Hit], snapshot: Snapshot) -> list[Clause]:
    """A 哪些 question that says a section's heading (存在哪些主要问题 → （四）…面临的主要问题): that section's clauses.

    The heading (less its number) must be said nearly whole in the question, and head at least two clauses.
    A 分别 question names the parts it wants inside the section, so it is not asked of this.
    """
    asked = normalize(compact(question))
    asked_words = set(words(question))
    seen: set[tuple[str, ...]] = set()
    for hit in hits[:SECTION_FROM_HITS]:
        path = hit.clause.path
        for depth in range(2, len(path)):  # not the document title, not the clause's own heading
            key = (hit.clause.doc_id, *path[:depth])
            if key in seen:
                continue
            seen.add(key)
            heading = normalize(compact(LABEL.sub("", path[depth - 1])))
            if len(heading) < SECTION_HEADING_CHARS:
                continue
            said = [word for word in words(heading) if word not in STOPWORDS]
            said_words = len(said) >= SECTION_WORDS and sum(w in asked_words for w in said) >= SECTION_WORDS_SAID * len(said)
            if said_words or longest_run(heading, asked) >= max(SECTION_HEADING_CHARS, SECTION_SAID * len(heading)):
                under = [
                    c for c in snapshot.document_clauses(hit.clause.doc_id)
                    if c.path[:depth] == path[:depth] and c.kind in INDEXABLE
                ]
                if len(under) >= 2:
                    return under
    return []


def section_first(
    ranked: list[tuple[Hit, dict[str, float]]], section: list[Clause], profile: QueryProfile, snapshot: Snapshot
) -> list[tuple[Hit, dict[str, float]]]:
    """The named section's clauses first, at the top score, then the other hits as ranked."""
    top = ranked[0][0].score if ranked else 1.0
    ids = {clause.clause_id for clause in section}
    first = [(Hit(clause=c, score=top), profile.covered(snapshot.clause_terms(c))) for c in section]
    return first + [(hit, found) for hit, found in ranked if hit.clause.clause_id not in ids]


def narrowed(section: list[Clause], profile: QueryProfile, snapshot: Snapshot) -> list[Clause]:
    """The section's clauses about what the question asks beyond the section's heading.

    安全生产方面要配哪些人 says the heading (安全生产) and asks for people: the items headed 【管理人员】 and
    【特种作业人员…】, and 【应急管理】, which requires 兼职应急管理人员 under a heading that does not say so — not
    all ten. Items whose own heading holds the further words come first, with the items that require having
    them; failing those, items whose text holds them; failing both, the whole section.
    """
    if len(section) < 2:
        return section
    depth = len(_common_path(section))
    heading = heading_terms(" ".join(section[0].path[:depth]))
    extra = {word for word in profile.weights if word not in profile.covered(heading)}
    if not extra:
        return section
    by_heading = [c for c in section if extra & profile.covered(heading_terms(c.path[-1])).keys()]
    if by_heading:
        required = [re.compile(HAS_TO_HAVE.format(word=re.escape(word))) for word in extra]
        return by_heading + [c for c in section if c not in by_heading and any(r.search(c.text) for r in required)]
    by_text = [c for c in section if extra & profile.covered(snapshot.clause_terms(c)).keys()]
    return by_text if 0 < len(by_text) < len(section) else section


def _common_path(clauses: list[Clause]) -> tuple[str, ...]:
    common = tuple(clauses[0].path)
    for clause in clauses[1:]:
        while tuple(clause.path[: len(common)]) != common:
            common = common[:-1]
    return common


def numbered_item(section: list[Clause], question: str) -> list[Clause]:
    """The item a question numbers inside a named section (“三、发展目标”第3条): that item's clauses, else all.

    Numbers count the section's own items (3.鼓励创建…), not its sub-items; pieces of one long item all stay.
    """
    if len(section) < 2:
        return section
    depth = len(_common_path(section)) + 1
    asked = ARTICLE.search(question)
    if asked is None:  # “五、保障措施”中（六）统筹集料基地发展…: the item's own heading, said whole
        return _headed(section, depth, question) or section
    said = asked.group(1)
    number = int(said) if said.isdigit() else chinese_number(said)  # 第一百条, 第二三条: no item of ours
    chosen = []
    for clause in section:
        heading = match_heading(clause.path[depth - 1]) if len(clause.path) >= depth else None
        if heading is not None and heading.number == number:
            chosen.append(clause)
    return chosen or section


def _headed(section: list[Clause], depth: int, question: str) -> list[Clause]:
    """The section's clauses under the item heading the question says nearly whole (its number aside)."""
    asked = normalize(compact(question))
    chosen = []
    for clause in section:
        if len(clause.path) < depth:
            continue
        heading = normalize(compact(LABEL.sub("", clause.path[depth - 1])))
        if len(heading) >= SECTION_HEADING_CHARS and longest_run(heading, asked) >= SECTION_SAID * len(heading):
            chosen.append(clause)
    return chosen
