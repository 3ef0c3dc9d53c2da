"""Fold a follow-up question ("那二星级呢？", "北京呢？") into a standalone query using the conversation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .places import covers, place_pattern, places_in

FOLLOW_UP_START = re.compile(r"^(那么?|那如果|还有|另外|再问|其中|它的?|其|这个|那个|该|and\b|what about\b|how about\b)", re.I)
POINTS_BACK = re.compile(r"(?:那|这)一?(?:条|项|款)(?![件例])")  # 坚持绿色发展那一条: an item of the answer before
FOLLOW_UP_END = re.compile(r"(呢|吗|怎么样|如何|又是多少|是多少|分别呢)[？?。.！!]*$")
FILLER = re.compile(r"^(那么?|还有|另外|再问一下|再问|其中|and|what about|how about)\s*|(呢|吗)?[？?。.！!\s]*$", re.I)
LINKING = re.compile(r"^(?:[的和及与、,，\s]|(?:for|of|in|on|about|the)\b)+|(?:[的和及与、,，\s]|\b(?:for|of|in|the))+$", re.I)
PLAN = re.compile(r"[“\"]?十[一二三四五]五[”\"]?")
KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("star", re.compile(r"[一二三1-3]星级?")),
    ("year", re.compile(r"(19|20)\d{2}\s*年?底?")),
    ("annex", re.compile(r"附件\s*\d")),
    ("plan", PLAN),
    ("plant", re.compile(r"标杆示范搅拌站|标杆示范站|标杆站|示范站|标准化搅拌站|标准化站")),
    (
        "material",
        re.compile(
            r"预拌砂浆|预拌混凝土|商品混凝土|商品砼|散装水泥|干混砂浆|湿拌砂浆|预制构件|混凝土|砂浆|商混|商砼|砼"
            r"|ready[- ]mix(?:ed)? concrete|dry[- ]mix(?:ed)? mortar|bulk cement|concrete|mortar",
            re.I,
        ),
    ),
]
MEASURE_ASKED = re.compile(r"(?<=多少)[万千]?(?:立方米|立方|方|吨)")


def user_turns(history: Sequence[Any] | None) -> list[str]:
    """Earlier user questions, oldest first, from strings or {"role", "content"} turns."""
    turns: list[str] = []
    for item in history or []:
        if isinstance(item, str):
            text = item
        elif isinstance(item, dict) and item.get("role", "user") == "user":
            text = str(item.get("content", ""))
        else:
            continue
        if text.strip():
            turns.append(text.strip())
    return turns


PLACE_ASK_CHARS = 8


def is_follow_up(question: str) -> bool:
    text = question.strip()
    if FOLLOW_UP_START.match(text) or POINTS_BACK.search(text):
        return True
    core = FILLER.sub("", text)
    if text.rstrip("？?。！! ").endswith("呢") and len(core) <= 20:
        return True
    # a short question with no subject of its own ("年生产能力是多少？") leans on the previous one
    places = places_in(core)
    rest = core
    for place in places:
        rest = rest.replace(place, "")
    return (
        len(core) <= 12
        and (not places or len(rest) <= PLACE_ASK_CHARS)  # 武汉的企业要达到多少: a place, and what the last turn asked
        and not re.search(r"附件|标杆|标准化|规划|意见|[a-z]{4,}", core, re.I)
    )


def _substitute(previous: str, core: str, regions: Sequence[str]) -> str | None:
    swapped = _swap_place(previous, core, regions)
    if swapped is not None:  # 杭州 … in 2009?: the place, then the year or rate said with it
        return _swap_kinds(swapped, core, keep_leftover=False) or swapped
    return _swap_kinds(previous, core, keep_leftover=True)


YEAR_SAID = re.compile(r"(?:到|截至|截止|至)?(?<!\d)(?:19|20)\d{2}(?!\d)年?(?:底|末|初|年底)?")


def _swap_place(previous: str, core: str, regions: Sequence[str]) -> str | None:
    new_places = places_in(core)
    if not new_places:
        return None
    old = [p for p in places_in(previous) if p not in new_places]
    if not old:
        return None
    rest = re.sub("|".join(place_pattern(p) for p in new_places), "", core)
    only_places = not re.sub(r"[和及与、,，\s的]|and", "", rest)
    replacement = core.rstrip("的") if only_places else new_places[0]
    swapped = re.sub(place_pattern(old[0]), lambda _: replacement, previous, count=1)
    restated = PLAN.search(core)
    if restated is None or restated.group(0) not in swapped:
        # 嘉兴's 十三五 plan is not 杭州's: keep only the plan the user names now
        swapped = PLAN.sub(lambda _: restated.group(0) if restated else "", swapped, count=1)
    shared = any(covers(region, old[0]) and covers(region, new_places[0]) for region in regions)
    if regions and not shared and not YEAR_SAID.search(core):
        # 北京2010年的…, 嘉兴呢: 2010 dated 北京's figures and 嘉兴's plan dates its own (宜昌 after 武汉 is asked
        # of the same provincial document, and of the same year)
        swapped = YEAR_SAID.sub("", swapped)
    return swapped


def _swap_kinds(previous: str, core: str, keep_leftover: bool) -> str | None:
    for kind, pattern in KINDS:
        new = pattern.search(core)
        if not new or (kind == "plan" and not keep_leftover):
            continue
        old = pattern.search(previous)
        if old and old.group(0) != new.group(0):
            swapped = previous[: old.start()] + new.group(0) + previous[old.end():]
            if kind == "material":  # concrete is counted in 立方米, mortar in 吨: the earlier unit is not asked
                swapped = MEASURE_ASKED.sub("", swapped)
            if not keep_leftover:
                return swapped
            # 预拌砂浆产能呢: the words said beside the new subject (产能) are asked too
            leftover = LINKING.sub("", core.replace(new.group(0), ""))
            return f"{swapped} {leftover}" if len(leftover) >= 2 else swapped
    return None


def standalone_query(question: str, history: Sequence[Any] | None = None, regions: Sequence[str] = ()) -> str:
    """The question as it would be asked on its own; unchanged when it does not lean on earlier turns."""
    return fold_follow_up(question, history, regions)[0]


def fold_follow_up(
    question: str, history: Sequence[Any] | None = None, regions: Sequence[str] = ()
) -> tuple[str, str]:
    """The standalone question, and what a follow-up adds to the question it leans on (那用能和碳排放方面呢 →
    用能和碳排放方面) when it is added rather than swapped in: the answer is about that, not the earlier topic.
    ``regions`` are the documents' regions: a place swapped for one no document shares drops the earlier year."""
    turns = user_turns(history)
    if not turns or not is_follow_up(question):
        return question.strip(), ""
    previous = standalone_query(turns[-1], turns[:-1], regions)
    core = FILLER.sub("", question.strip()).strip()
    if not core:
        return previous, ""
    replaced = _substitute(previous, core, regions)
    if replaced is not None:
        return replaced, ""
    return f"{previous} {core}", core
