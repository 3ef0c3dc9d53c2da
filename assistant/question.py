"""What a question asks: its informative words weighted by rarity, and the specifics it names.

The answer stage judges clauses against this profile; how a question is phrased (多少, 哪些, 态度) never counts
for or against a clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .catalog import Catalog
from .glossary import Expansion
from .lexical import LexicalIndex
from .models import Clause
from .places import PINYIN_PLACES, covers, places_in
from .retrieve import ClauseTerms
from .text import STOPWORDS, compact, dictionary_nouns, general_rarity, in_dictionary, normalize, sub_words, words

OOV_WEAK = 0.3
EVERYDAY_RARITY = (7.5, 10.0)  # general-Chinese rarity: 直接, 所有, 发现 sit at the first; 罐车, 坍落度 far past the second
EVERYDAY_FLOOR = 0.3
ENGLISH_UNEXPLAINED = 0.3  # an English content word the lexicons do not explain weighs as an unknown Chinese word
ENGLISH_GENERAL = frozenset(
    """according actually also annex any anything approach asked avoid based been being besides between big both
    but call can cannot change come could current currently day days did different does doing done each either
    else end enough even ever every exactly expect expected far few figure find first get gets give given go going
    good got had has have having help here high how however if into just keep kind know last least less let like
    list long low made main make makes many may mean means might more most much must my need needed needs new
    next no not now number of off often old on once one only or other others our out over own part per plan
    planned plans point points possible put rather really right run said same say says see set should since so
    some something specific specifically state stated states still such supposed sure take tell terms than then
    they thing things think time times too total under until up upon us use used uses using very want wanted
    wants way ways we well went were when where whether while who whom whose why will within without would yes
    yet you your document documents text clause clauses section mentioned mention required require
    requires requirement requirements rule rules during best work works period periods year years month months
    minute minutes percent two three four five six seven eight nine ten eleven twelve thirteen fifteen twenty
    hundred thousand million billion""".split()
)
OOV_CHAR_WEIGHT = 0.15
ASKS_LIST = re.compile(r"分别|哪些|哪几|清单|列出|列个|都有|都要|都得|都需要|都包括|几个方面|几项|list\b", re.I)
WHICH = re.compile(r"\bwhich\b((?:\s+[a-z-]+){1,5})", re.I)
NOUN_PHRASE_ENDS = frozenset(
    "does do did is are was were must should has have had can could will would may of in for to on the a an".split()
)
ARTICLE = re.compile(r"第\s*[（(]?\s*([一二三四五六七八九十百零〇\d]{1,3})\s*[）)]?\s*[条项点款]")  # 第十条, 第3项
ASKED_FOR = re.compile(r"(?:什么|啥|哪些|哪种|哪几种|哪类|哪几类|何种)([\u4e00-\u9fff]{2,4}?)(?=[？?，,。；;吗呢]|$)")
ASKED_GENERIC = frozenset({"条件", "要求", "规定", "门槛"})  # 有什么门槛: whatever a clause requires answers
ASKED_FOR_WEIGHT = 1.5  # the noun after 啥/什么/哪些 names what the answer is (要上啥设备)
# 打分细则是什么: the word an ask ends on before 是什么/有哪些 is the thing asked for; a clause lacking it answers not
ASKED_HEAD = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:具体)?(?:是什么|是怎样的?|是啥|是怎么样的?|有哪些|包括哪些|都有哪些|都是什么|怎么分配|怎么定的?)"
    r"(?=[？?，,。！!]|$)"
)
BOOK_TITLE = re.compile(r"《([^《》]{4,60})》")
TITLE_CHARS_SHARED = 0.8  # 《北京十二五规划》 names 北京市“十二五”时期…发展规划: nearly all its characters are there
# 司机能不能往罐里加点水: a yes/no question asks about what follows; what comes before (路上发现太干了, 司机) sets it
YES_NO = re.compile(r"(?:能不能|可不可以|可以不可以|行不行|要不要|需不需要|允不允许|让不让|准不准|是否|能否|可否)([^，,。；;？?！!]+)")
ASKS_WHEN = re.compile(
    r"什么时候|啥时候|何时|哪年|哪一年|截止到?(?:什么|哪)|期限|最晚|by when|\bwhen\b|deadline|by what (?:date|year)|which year",
    re.I,
)
# what a plant must do (要求, 门槛, 必须, must; or a yes/no ask, YES_NO): a clause that requires it answers before one that reports it
ASKS_REQUIREMENT = re.compile(
    r"要求|门槛|条件|规定|必须|应该|应当|需要|允许|可以吗|不能|得(?=[\u4e00-\u9fff])"
    r"|\bmust\b|\bshould\b|\brequire|\bneeds?\b|\ballowed\b|mandatory|threshold|\bha(?:ve|s) to\b|\bobliged\b"
    r"|\bcompulsory\b|\bbanned?\b|\bprohibit",
    re.I,
)
ASKS_RECOMMENDATION = re.compile(r"鼓励|建议|推荐|提倡|encourag|recommend|optional", re.I)  # 是硬性要求还是鼓励
ASKS_ACTUAL = re.compile(r"实际|\bactual\b", re.I)  # 2015年实际产量: what happened, not the target set for it
ASKS_TARGET = re.compile(r"目标|计划|预计|力争|要达到|想要|\b(?:want|wanted|target|targets|aim|aimed|goal|expect|expected)\b", re.I)
QUOTED = re.compile(r"[“\"「][^”\"」]{8,}[”\"」]")  # a sentence of a clause, quoted
ASKS_SOURCE = re.compile(r"出自|出处|哪一?条|哪一?(?:部分|段|节|款)|在哪|which (?:clause|section|article)", re.I)
ASKS_WORDING = re.compile(r"原文|原话|原句|原样|全文|怎么写的|怎么表述|\bwording\b|\bverbatim\b|\bfull text\b", re.I)
ASKS_FIGURE = re.compile(
    r"多少|(?<![哪这那])几|多大|多久|多长|多高|百分之|量化"
    r"|\bquantifi|\bnumerical\b|\bhow (?:much|many|long|large|big|high|often)\b|\bwhat (?:percentage|share|proportion|rate|ratio)\b",
    re.I,
)
# how a question is asked, not what it is about: never evidence for or against a clause
QUESTION_WORDS = frozenset(
    """多少 多大 多久 多长 多高 多远 多宽 几 几个 几家 几年 几级 几项 几种 几条 几篇 几次 几类 哪 哪些 哪个 哪里 哪儿 哪几
    哪几个 哪几项 哪几种 哪几类 什么 怎么 怎样 怎么样 如何 为什么 为何 是否 是不是 能不能 可不可以 行不行 算不算 要不要 会不会
    有没有 需不需要 应该 应当 最少 最多 最低 最高 至少 至多 大概 一般 分别 具体 到底 究竟 目前 现在 这些 那些 这样 那样 大家
    自己 他们 你们 对方 的话 时候 地方 情况 东西 事情 原文 列个 给我 告诉 知道 想 想要 得 才能 必须 还是 或者 以及 就是 只是
    不能 不要 不用 可能 会 算 行 干 搞 弄 做 说 讲 写 定 提 按 按照 根据 依据 跟 同 对于 经过 通过 为了 因为 所以 如果 但是
    然后 之后 以后 以前 之前 很 太 更 最 可 想 往 用 拿 拿到 一共 总共 又 才 态度 看法 立场 观点 说法 想法 意思 全文 起码
    硬性 加点 一点 外地 当地 本地 那会儿 那会 那时 那时候 当时 这会儿 眼下 如今 一年 包括 包含 指出 提出 提到 提及 涉及
    存在 还要 还得 后果 每家 各家 一定 原话 原句 原样 硬指标 硬杠杠 杠杠 算数 量化 这几 那几 做到 程度 性质 一条 一项 一份 一种 规格 每个 那边 这边 基数 这块 那块 这一块 那一块 实际
    专门 这种 那种 咋办 咋整 咋样 咋弄 回事 多会儿 咱 咱们 俺们 人家 到时候 平时 一般来说 通常 呗 嘛 哈 情形 节点 时间节点 时间点
    条文""".split()
)
NUMERAL_LED = re.compile(r"^[一二两三四五六七八九十百千万几]")
INTERROGATIVE = re.compile(
    r"多(?:少|大|久|长|高|远|宽)|几[个家年级项种条篇次类]?|哪(?:几[个项种类]?|些|个|里|儿)?|什么|怎么样?|怎样|如何|为什么|为何"
    r"|是否|是不是|能不能|可不可以|行不行|算不算|要不要|会不会|有没有|需不需要|谁|啥"
)
# 多少天 / 几转 / 多少钱: the unit a figure question asks in, and how a clause states a figure in it
NUMBER = r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十百千万两半]+)\s*"
UNITS = {
    "天": "天|日|d\\b",
    "日": "天|日",
    "钱": "元",
    "块": "元",
    "元": "元",
    "分": "分(?!钟|之|别)",
    "转": "转|r/min",
    "度": "度|℃|°",
    "吨": "吨|t\\b",
    "方": "方|立方米|m3|m³",
    "立方": "立方米|方|m3|m³",
    "家": "家",
    "人": "人|名",
    "名": "人|名",
    "次": "次",
    "星": "星",
    "平米": "㎡|平方米|m2|m²",
    "平方": "㎡|平方米|m2|m²",
    "小时": "小时|h\\b",
    "分钟": "分钟|min",
    "毫米": "毫米|mm\\b",
    "厘米": "厘米|cm\\b",
    "公里": "公里|km\\b",
    "分贝": "分贝|dB\\b",
    "辆": "辆",
    "台": "台",
    "倍": "倍",
    "成": "成|%|％",
}
ASKED_UNIT = re.compile(
    r"(?<![前第哪这那])(?:多少|几)(?:万|亿|千)?个?(" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")(?![面式法案向])"
)  # 哪几方面 asks for aspects, not cubic metres
FIGURE_ASKS = re.compile(r"多少|(?<![前第哪这那])几")
QUESTION_PREFIX = re.compile(r"^(哪些|哪个|哪几|什么|多少|几)(?=..)")
LOCATIVE_SUFFIX = re.compile(r"(?<=.)(里|上|中|内|外)$")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
PLAN_TERM = re.compile(r"十[一二三四五]五")
ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I)  # the 12th (Five-Year Plan): no figure a clause says
CODE = re.compile(r"^(?!(?:k|c|m)?m[23]$)[a-z]+\d+[a-z\d]*$")  # C50, P8; not a unit (m3, m2: see lexicon_en)
# a standard's number (GB/T 14902, JGJ 55, DB11/513): only a clause that names it answers a question about it
STANDARD = re.compile(r"\b(?:GB|JGJ|JG|JC|DB\d{0,2}|CECS|ISO|HJ)\s*(?:/\s*T)?\s*/?\s*\d+(?:[.-]\d+)*", re.I)


# asks that name their unit without a measure word: a price is a sum of money, however it is worded
MONEY_RULES = r"(?:rules?|polic(?:y|ies)|measures?|schemes?|methods?|systems?|regulations?|programs?|programmes?|mechanisms?)"
# asked as a sum (how much, the price of, what is the fee): "undercutting each other on price" asks a stance
ASKS_A_SUM = (
    r"^(?=.*?(?:\bhow (?:much|expensive)\b|\b(?:prices?|costs?|fees?|salar(?:y|ies)|wages?|subsid(?:y|ies))\s+(?:of|for|per|at|is|was|are|were)\b"
    r"|\bwhat(?:'s| is| was| are| were)\b|\b(?:do|does|did|will|would)\b[^?]{0,40}\bcosts?\b|\byuan\b|\brmb\b))"
)
NAMED_UNITS = (
    # a sum of money, not the rules about one (subsidy rules, fee policy)
    (re.compile(ASKS_A_SUM + r".*?\b(?:prices?|costs?|fees?|salar(?:y|ies)|wages?|subsid(?:y|ies)|yuan|rmb)\b(?!\s+" + MONEY_RULES + ")", re.I | re.S), "元"),
    (re.compile(r"\bhow many (?:days|working days)\b", re.I), "天|日"),
    (re.compile(r"\bhow many points\b", re.I), "分(?!钟|之|别)"),
    (re.compile(r"\b(?:rpm|revolutions?)\b", re.I), "转|r/min"),
    (re.compile(r"(?:价格|价钱|费用|收费|工资|薪水|薪资|罚款|罚金|资金|经费|奖金|补贴|补助|(?:考试|报名|培训|检测|检验|服务|运输|管理|排污|会)费)[^。？?；;]{0,12}多少(?!天|年|人|家|个|名|次|项|条|%|％)"), "元"),
    (re.compile(r"多少(?:资金|经费|奖金|补贴|补助)"), "元"),
)


# a rate asked per unit (每吨多少元, per cubic metre): a total (累计征收11672.2万元) does not answer it
PER_UNIT = (
    (r"吨|tonnes?|tons?", r"(?:每|/)\s*(?:吨|t\b)"),
    (r"立方米?|方|m3|m³|cubic met(?:re|er)s?", r"(?:每|/)\s*(?:立方米?|方|m3|m³)"),
    (r"公斤|千克|kg|kilograms?", r"(?:每|/)\s*(?:公斤|千克|kg)"),
    (r"平方米|㎡|m2|m²|square met(?:re|er)s?", r"(?:每|/)\s*(?:平方米|㎡|m2|m²)"),
    (r"车|truck(?:load)?s?", r"(?:每|/)\s*车"),
    (r"分钟|minutes?", r"(?:每|/)\s*(?:分钟|min\b)"),
)
ASKS_PER = re.compile(r"每一?(\S{1,6})[^，,。；;？?]{0,12}?(?:多少|几)|\bper ([a-z]+(?: [a-z]+)?)", re.I)


def asked_rate(question: str) -> str:
    """How clauses write the per-unit rate a question asks (每吨 → 每吨 or /吨), or "" (每个县, 每家: counts)."""
    for found in ASKS_PER.finditer(question):
        said = (found.group(1) or found.group(2)).lower()
        for unit, written in PER_UNIT:
            if re.match(f"(?:{unit})(?![a-z])", said):
                return written
    return ""


# 比例提到多少, 利用率是多少, what share: a percentage answers (not 二十一世纪头20年, not a count of plants)
SHARE_ASK = re.compile(
    r"(?:比例|比重|占比|百分比|份额|(?<![频效功汇税])率)[^。？?；;，,]{0,8}(?:多少|几)(?![天年人家个名次项条万吨方])"
    r"|多(?:大|高)的?(?:比例|比重|占比|份额)|百分之几"  # 几成: UNITS
    r"|\b(?:what|which) (?:share|percentage|proportion|rate|ratio)\b|\bwhat per ?cent\b"
    r"|\bhow (?:high|much) (?:a |is the )?(?:share|percentage|rate)\b",
    re.I,
)


def asked_unit(question: str) -> str:
    """The unit a figure question asks in, as a pattern of how clauses write it (多少天 → 天|日); "" for none.

    Empty too when the question asks several figures (多少家…比例多少): each part asks in its own unit.
    """
    for pattern, unit in NAMED_UNITS:
        if pattern.search(question):
            return unit
    if len(FIGURE_ASKS.findall(question)) > 1:
        return ""
    if SHARE_ASK.search(question):
        return "%|％"
    asked = ASKED_UNIT.search(question)
    if asked is None:
        return ""
    return UNITS[asked.group(1)]


@lru_cache(maxsize=64)
def figure_in(unit: str) -> re.Pattern[str]:
    """A figure stated in ``unit`` (三星, 240㎡, 5万元)."""
    return re.compile(NUMBER + "(?:万|亿|千)?(?:" + unit + ")")


ASK_END = re.compile(r"[？?]+")
SOURCE_ASK = re.compile(
    r"省里|市里|上面|国家|文件|规定|条款|条文|原文|出处|依据|政策|意见|规划|里面|说的|讲的|写的|定的|怎么说|怎么讲|怎么写|是怎么|条|的"
)
ASK_CHARS = 4
LEANING_WORDS = 2  # a later ask naming fewer things of its own than this is asked of what the first asked about
COUNTED_UNIT = re.compile(r"((?:多少|几|\d)方)(?=才)")  # 卖多少方才够: 方 is the unit, not 方才 (just now)
PHRASE = re.compile(r"([、，,])")  # 要上哪些设备、做哪些监测: asks joined by 、 are parallel (a comma may elide)
ASKED_OF = re.compile(r"(?:得|要|需要?|应该?|应当|必须|要求)[\u4e00-\u9fff]?$")  # 要配, 得设: how a requirement is asked
# a part that only asks where the answer is written (是哪份文件哪条规定的, 省里怎么说的): it frames the ask
SOURCES_JOINED = re.compile(r"要求|以及|和|与|及|各|分别")  # 意见稿和标准化搅拌站要求里各(怎么写): documents, joined
WHERE_WRITTEN = re.compile(r"哪份|哪个文件|哪一?条|哪款|哪项规定|出处|依据|怎么(?:说|讲|写|规定|要求)|(?:说|讲|写|规定)的")


QUIZ = r"(?:做|出|编)[^，,。；;？?！!：:]{0,6}(?:题|题目|试卷|考题|课件)"  # 出题, 出一道判断题, 做培训题
QUIZ_LABEL = r"(?:培训|考试|测验|练习|课堂)?(?:考题|试题|题目|练习题|判断题|填空题|选择题)"  # 培训考题：…
PURPOSE_LEADING = re.compile(r"^\s*(?:请|帮我|给我|给(?:学员|学生|工人|员工|新人|新员工|大家|同事|司机)们?)?(?:" + QUIZ + "|" + QUIZ_LABEL + r")(?:(?:要|来)?用)?\s*[：:，,。]")  # 出题用：
# what the asker wants beside the answer (附答案, 请给出正确答案和依据, 给出条文和出处): every answer cites its clause
REQUEST_TRAILING = re.compile(
    r"([，,。；;？?！!])\s*(?:请|并)?(?:给出|附上?|写出|注明|标明|说明|列出|带上)[^，,。；;？?！!]{0,8}"
    r"(?:答案|依据|出处|条文|来源|解析)[^，,。；;？?！!]{0,6}[。！!]?\s*$"
)
PURPOSE_TRAILING = re.compile(r"([，,。；;？?！!])\s*" + QUIZ + r"(?:要|来)?用\s*[。！!]?\s*$")
ASKING = re.compile(INTERROGATIVE.pattern + r"|吗|呢|么")
STATEMENT_END = re.compile(r"(?<=[。！!])")
SELF_CONTAINED_WORDS = 3  # an ask this full needs no sentence said before it
TAIL_WORDS = 4  # an unterminated last ask names its own topic (没硬化的空地要种多少), not 老站要不要照着来
LEANS_BACK = re.compile(r"^(?:那里|那个|它|其中|这里|这个|这些|那些|里头|里面|这一?条|那一?条|该条)")  # 里头要隔出哪几间: the first ask's lab


def without_purpose(question: str) -> str:
    """The question less what the asker will do with the answer (出题用：…, …做培训题要用)."""
    asked = PURPOSE_TRAILING.sub(r"\1", PURPOSE_LEADING.sub("", question))
    return REQUEST_TRAILING.sub(r"\1", asked).strip()


def framed_ask(part: str, names: Iterable[str] = ()) -> str:
    """An ask less the statements before it (灰太大被周边投诉了。…), keeping what framed them (places, years, plans).

    Only when the ask says enough on its own: 我们站是新建的。要满足哪些条件？ keeps its first sentence.
    """
    sentences = [s for s in STATEMENT_END.split(part) if s.strip()]
    if len(sentences) < 2:
        return part
    said = [s for s in sentences[:-1] if ASKING.search(s) is None]
    asked = [s for s in sentences if s not in said]
    if not said or ASKING.search("".join(asked)) is None or len(list(content_words("".join(asked)))) < SELF_CONTAINED_WORDS:
        return part
    return " ".join([*_framing("".join(said), names), "".join(asked).strip()])


def _framing(text: str, names: Iterable[str], later: str = "") -> list[str]:
    """What frames an ask and carries over to the next (places, years, plans, standards, document names), once
    each: GB/T 14902 里…是第几条？允许偏差是多少？ asks the second of the standard too. A ``later`` ask with a
    year and a topic of its own (…2023年底和2025年底…？到2025年各星级…比例呢？) is not held to the first's years."""
    said = normalize(compact(text))
    own_year = YEAR.search(later) and len(list(content_words(later))) >= TAIL_WORDS  # not just 2020年目标是几个
    years = [] if own_year else YEAR.findall(text)
    framing = [*places_in(text), *years, *PLAN_TERM.findall(text), *STANDARD.findall(text)]
    framing += [name for name in names if normalize(compact(name)) in said]
    return list(dict.fromkeys(framing))


def asks(question: str, names: Iterable[str] = ()) -> list[str]:
    """The separate questions in one (产能要砍掉多少？清洁化改造哪年底搞完？), each ending in its question mark.

    Later ones keep what framed the first (its places, years, plan and document ``names``), which a reader
    carries over: 嘉兴规划里…多少？…哪年底搞完？ asks the second of 嘉兴's plan too. A last ask may lack its
    question mark (…没硬化的空地要种多少); a tail that asks nothing new (省里意见稿怎么说的) only frames the first.
    """
    text = without_purpose(question.strip()) or question.strip()
    parts = [part.strip(" ，,。") for part in ASK_END.split(text)]
    if not ASK_END.search(text[-1:]) and (
        ASKING.search(parts[-1]) is None or len(list(content_words(parts[-1]))) < TAIL_WORDS
    ):
        parts = parts[:-1]  # "…？我们是武汉的站": a closing remark, not an ask
    pieces = [parallel_asks(part) for part in parts if part]
    parts = [ask for asked in pieces for ask in asked]
    carried = {ask for asked in pieces for ask in asked[1:]}  # 配哪些人 of 得设哪些部门、配哪些人 has its frame
    if len(parts) < 2:
        return [framed_ask(text, names) if len(parts) == 1 else text]  # a fill-in statement asks with no question mark
    asking = [part for part in parts if _asks_something(part, names)]
    sources = [part for part in parts if part not in asking]
    if len(asking) == 1 and all(WHERE_WRITTEN.search(part) for part in sources):
        # 哪条规定的？ / 省里文件怎么说的？ asks where the ask is answered: only what frames it counts
        return [" ".join([*_framing(" ".join(sources), names), framed_ask(asking[0], names) + "？"])]
    if len(asking) < 2:
        return [framed_ask(text, names)]
    first, *later = asking

    def framed_later(part: str) -> str:
        ask = framed_ask(part, names) if part in carried else _leaning(part, first, names)
        return " ".join([*_framing(first, names, part), ask + "？"])

    return [framed_ask(first, names) + "？", *(framed_later(part) for part in later)]


def leans_on(ask: str, first: str) -> bool:
    """Whether a later ask of ``asks`` was asked of what the first asked about (都是哪些企业 after 武汉已经评上了
    多少家): when the documents do not cover the first, they do not cover more of the same."""
    core = INTERROGATIVE.sub("", first.removesuffix("？"))
    return bool(core) and ask != first and core in ask


def _asks_something(part: str, names: Iterable[str]) -> bool:
    """Whether an ask names a thing of its own, not only where it is written (省里的意见稿和标准化搅拌站要求里各怎么写)."""
    said = INTERROGATIVE.sub("", part)
    if WHERE_WRITTEN.search(part):  # 标杆站要几星 asks of the title; 标杆站的要点怎么写的, of its document
        for name in sorted(names, key=len, reverse=True):
            said = said.replace(name, "")
    return len(normalize(compact(SOURCE_ASK.sub("", SOURCES_JOINED.sub("", said))))) >= ASK_CHARS


def parallel_asks(part: str) -> list[str]:
    """The asks of one sentence that asks several things in a row (要上哪些设备、做哪些监测; 谁来定、谁来出单、谁来复核),
    each with the words before the first of them: each thing asked is answered by its own clause, and asked
    together the clause that names the most of them leads and the others are lost under it."""
    pieces = PHRASE.split(part)
    phrases, joins = pieces[0::2], pieces[1::2]
    run = len(phrases)
    while run > 0 and _asks_on_its_own(phrases[run - 1]):
        run -= 1
    if len(phrases) - run < 2 or any(join != "、" for join in joins[run:]):
        return [part]
    prefix = "".join(piece for pair in zip(phrases[:run], joins[:run], strict=True) for piece in pair)
    first, *later = phrases[run:]
    subject = first[: INTERROGATIVE.search(first).start()]  # 配合比 of 配合比谁来定, for 谁来出单
    topic = ASKED_OF.sub("", subject)  # 安全这块 of 安全这块得设(哪些部门), for 配哪些人
    out = [prefix + first]
    for phrase in later:
        if INTERROGATIVE.match(phrase):
            out.append(prefix + subject + phrase)
        elif LEANS_BACK.match(phrase):  # 这些人要持什么证: the people the first phrase asked for
            out.append(f"{prefix}{INTERROGATIVE.sub('', first)} {phrase}")
        else:
            out.append(prefix + topic + phrase)
    return out


def _asks_on_its_own(phrase: str) -> bool:
    """A phrase that asks (哪些, 谁) about something it names (设备, 出单): not 是什么 alone, nor a figure (the
    figures of one message are read from one table or sentence)."""
    return (
        INTERROGATIVE.search(phrase) is not None
        and ASKS_FIGURE.search(phrase) is None  # 2015年有几个、2020年目标是几个: one row of a table
        and len(normalize(compact(INTERROGATIVE.sub("", phrase)))) >= 2
    )


def _leaning(part: str, first: str, names: Iterable[str]) -> str:
    """A later ask that leans on the first (里头要隔出哪几间？), or names at most one thing of its own (车上要装啥？
    产能利用率是多少？), is asked with the first's words before it: 罐车 and 北京2010年 are what it is asked of."""
    own = [word for word in content_words(part) if len(word) > 1 and not places_in(word) and topicality(word) > EVERYDAY_FLOOR]
    if LEANS_BACK.match(part) or len(own) < LEANING_WORDS:
        return f"{INTERROGATIVE.sub('', framed_ask(first, names))} {part}"
    return framed_ask(part, names)


def content_words(question: str) -> Iterator[str]:
    """The question's words less how it is asked (多少, 哪些, 是不是) and grammar (的, 里)."""
    for word in words(INTERROGATIVE.sub(" ", COUNTED_UNIT.sub(r"\1 ", question))):
        if word in STOPWORDS or word in QUESTION_WORDS:
            continue
        word = LOCATIVE_SUFFIX.sub("", QUESTION_PREFIX.sub("", word))
        if word not in STOPWORDS and word not in QUESTION_WORDS:
            yield word


def unexplained(word: str, explained: set[str]) -> bool:
    """An English content word no lexicon phrase of the question explains (haul, brand, weather), nor a place."""
    if len(word) < 3 or word in STOPWORDS or word in ENGLISH_GENERAL or word in PINYIN_PLACES:
        return False
    return not {word, word.removesuffix("s"), word.removesuffix("es")} & explained


@lru_cache(maxsize=65536)
def topicality(word: str) -> float:
    """1 for a topic word, down to EVERYDAY_FLOOR for a word common in general Chinese."""
    rarity = general_rarity(word)
    if rarity is None:
        return 1.0
    low, high = EVERYDAY_RARITY
    return min(1.0, max(EVERYDAY_FLOOR, (rarity - low) / (high - low)))


FIRM_FORM = re.compile(r"(?:股份)?有限(?:责任)?公司$")
FIRM_TRADE = frozenset(
    "建材 新型建材 新型 混凝土 商品 商品混凝土 预拌 预拌混凝土 商砼 水泥 砂浆 构件 建筑构件 建设 建工 材料 科技 实业 股份 集团 工程".split()
)


def named_firms(question: str) -> list[str]:
    """The names of the firms a question names (钟大 of 桐乡市钟大建材有限公司), without place or trade words.

    A firm is a specific: the row of 桐乡 in a capacity table is the city's figure, not 钟大's.
    """
    if "公司" not in question:
        return []  # most questions name no firm: no need to segment them again
    said = words(question)
    firms = []
    for i, word in enumerate(said):
        if FIRM_FORM.search(word):
            j = i - 1
            while j >= 0 and said[j] in FIRM_TRADE:
                j -= 1
            if j >= 0 and len(said[j]) >= 2 and not places_in(said[j]) and said[j] not in STOPWORDS:
                firms.append(said[j])
    return firms


def asks_which_of_many(question: str) -> bool:
    """"Which incidents does…" asks for several things, "which inspection approach does…" for one: English says
    which it is by the noun after "which", where Chinese says 哪些 or 哪个."""
    found = WHICH.search(question)
    if found is None:
        return False
    noun_phrase = []
    for word in found.group(1).lower().split():
        if word in NOUN_PHRASE_ENDS:
            break
        noun_phrase.append(word)
    return bool(noun_phrase) and noun_phrase[-1].endswith("s") and not noun_phrase[-1].endswith("ss")


@dataclass
class QueryProfile:
    """What a question is about: its informative words weighted by rarity, and the specifics it names.

    Specifics (places, years, five-year plans, and nouns the corpus never uses, such as 罚款 or 分贝) must
    appear in a clause for it to answer the question; the other words only need to be mostly covered.
    """

    weights: dict[str, float] = field(default_factory=dict)
    parts: dict[str, list[str]] = field(default_factory=dict)  # compound unknown to the corpus -> its known words
    aliases: dict[str, list[str]] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    firms: list[str] = field(default_factory=list)  # 钟大 of 桐乡市钟大建材有限公司: a clause that names it speaks for it
    years: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    decisive: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # 《…》 the question names: another document, unless one of these
    articles: list[str] = field(default_factory=list)  # 第十条 of a 《title》
    asks_figure: bool = False
    asks_when: bool = False  # 什么时候之前, by when: the sentence that dates it answers
    asks_requirement: bool = False  # 有什么门槛, 要不要装: what a clause requires answers, not what one reports
    predicate: list[str] = field(default_factory=list)  # 往罐里加点水 of 司机能不能往罐里加点水: what a yes/no asks
    asks_list: bool = False  # 分别/哪些/清单: every clause that answers a part is wanted, not only new words
    asks_wording: bool = False  # 原文/原话, “…”出自哪一条: the clause is quoted whole, not its best sentences
    figure_unit: str = ""  # 多少天: a figure in days answers, a tonnage does not
    asks_actual: bool = False  # 杭州2015年实际产量: a plan written in 2011 set 2015's target, it reports no 2015 actual
    rate: str = ""  # 每吨多少元: how a clause writes the rate asked (每吨, /吨)
    _alias_terms: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _compact_words: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _topical_weights: dict[str, float] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, question: str, expansion: Expansion, lexical: LexicalIndex) -> QueryProfile:
        profile = cls(
            aliases={alias: list(terms) for alias, terms in expansion.aliases.items()},
            places=places_in(question),
            firms=named_firms(question),
            years=sorted(set(YEAR.findall(question))),
            plans=sorted(set(PLAN_TERM.findall(question))),
            asks_list=bool(ASKS_LIST.search(question)) or asks_which_of_many(question),
            asks_wording=bool(ASKS_WORDING.search(question) or (QUOTED.search(question) and ASKS_SOURCE.search(question))),
            titles=[normalize(compact(title)) for title in BOOK_TITLE.findall(question)],
            articles=[normalize(compact(found.group(0))) for found in ARTICLE.finditer(question)],
            figure_unit=asked_unit(question),
            rate=asked_rate(question),
        )
        profile.asks_figure = bool(ASKS_FIGURE.search(question) or profile.figure_unit or profile.rate)  # a price asks a sum
        profile.asks_when = bool(ASKS_WHEN.search(question))
        profile.asks_actual = bool(ASKS_ACTUAL.search(question)) and not ASKS_TARGET.search(question)
        profile.asks_requirement = bool(
            (ASKS_REQUIREMENT.search(question) or YES_NO.search(question))
            and not ASKS_RECOMMENDATION.search(question)
            and not profile.asks_figure
        )  # a figure question asks a number, whatever the verb (至少得出多少吨): the figure check serves it
        top = lexical.max_idf()
        asked_for = set(ASKED_FOR.findall(question))  # 要上啥设备: the answer names equipment
        chinese = bool(re.search(r"[\u3400-\u9fff]", question))
        codes = [normalize(compact(code)) for code in STANDARD.findall(question)]
        for code in codes:  # GB/T 14902 is one specific (see decisive below), not the words gb, t and 14902
            profile.weights[code] = top
        for word in content_words(ORDINAL.sub(" ", question)):  # 12th is no 12 a clause says (the lexicon reads 十二五)
            if any(word in code for code in codes):
                continue
            if CODE.match(word) and word in expansion.english_words and not any(word in normalize(compact(t)) for t in expansion.terms):
                continue  # CO2 is 二氧化碳, which the lexicon adds: no code that only a clause naming it answers (C30)
            if word.isascii() and word.isalpha() and (word in expansion.english_words or not chinese):
                if not chinese and unexplained(word, expansion.english_words):
                    profile.weights[word] = top * ENGLISH_UNEXPLAINED  # no Chinese clause says it: a hint of a topic
                continue  # English the glossary explains (its terms are added below)
            if any(word in place or place in word for place in profile.places):  # 上海市 is 上海: a specific (gaps)
                continue
            if PLAN_TERM.search(word):  # 十一五期间: the plan is a specific (see gaps); documents quote it “十一五”期间
                word = PLAN_TERM.sub("", word)
                if len(word) < 2 or word in STOPWORDS or word in QUESTION_WORDS:
                    continue
            word = profile._alias_inside(word, lexical)
            if word in asked_for and word in ASKED_GENERIC:
                continue  # 要满足哪些条件: how the question asks (any requirement answers), not a word a clause must say
            weight = profile._weigh(word, lexical, top)
            if weight > 0:
                profile.weights[word] = weight * (ASKED_FOR_WEIGHT if word in asked_for else 1.0)
        for phrase in expansion.aliases:
            if phrase.isascii():  # an English phrase the documents say two ways weighs once, held by either term
                profile.weights.setdefault(phrase, top)
            elif (
                len(phrase) >= 3
                and not places_in(phrase)
                and not INTERROGATIVE.search(phrase)  # 占多少 (比例) says how it asks
                and not any(len(word) > 1 and (word in phrase or phrase in word) for word in profile.weights)
            ):
                said_as = [idf for term in expansion.aliases[phrase] if (idf := lexical.term_idf(term)) is not None]
                if said_as:  # 加点水 cut into 加点 and 水: no word of the question says it; it weighs as 加水 does
                    profile.weights[phrase] = max(said_as)
        for term, weight in expansion.terms.items():
            if any(term in terms for terms in expansion.aliases.values()) or any(term in code for code in codes):
                continue
            profile.weights.setdefault(term, top * weight)
            if term in expansion.outside and lexical.term_idf(term) is None:
                profile.decisive.append(term)  # "fine", "salary": a topic no clause addresses
        profile.decisive += codes  # GB/T 14902: only a clause naming it answers
        head = profile._asked_head(question, lexical)
        if head:
            profile.decisive.append(head)
        asked = YES_NO.search(question)
        profile.predicate = profile.words_within(asked.group(1)) if asked else []
        return profile

    def _asked_head(self, question: str, lexical: LexicalIndex) -> str:
        """The corpus word the question asks for (细则 of 星级评价的打分细则是什么), or "".

        The documents name 细则 once, elsewhere: a clause on 星级评价 holds most of the question's weight and
        would answer, with no 细则 in it. A word the corpus lacks is weighed as a gap already (see _weigh); one
        that says only how it is asked (要求, 条件) is no thing asked for.
        """
        found = ASKED_HEAD.search(question)
        said = words(found.group(1)) if found else []
        head = said[-1] if said else ""
        if head in self.weights and head not in ASKED_GENERIC and head not in self.decisive and lexical.term_idf(head):
            return head
        return ""

    def _alias_inside(self, word: str, lexical: LexicalIndex) -> str:
        """The everyday word inside a segmenter's guess (防灰要 in 防灰要做到什么): the glossary knows that word."""
        if len(word) < 3 or lexical.term_idf(word) is not None or in_dictionary(word):
            return word
        inside = [alias for alias in self.aliases if len(alias) >= 2 and alias in word]
        return max(inside, key=len) if inside else word

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
        if len(word) > 1 and word in dictionary_nouns() and not NUMERAL_LED.match(word):
            self.decisive.append(word)  # a topic the corpus never names (十大 is a count: 前十大企业)
            return top
        unknown_nouns = [
            p
            for p in sub_words(word)
            if lexical.term_idf(p) is None and p in dictionary_nouns() and p not in QUESTION_WORDS
        ]  # 硬性要求: 硬性 says how it is asked
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
            said = self._compact_words.get(word)
            if said is None:
                said = self._compact_words[word] = normalize(compact(word))
            if word in clause_words or said in haystack or self._alias_in(word, haystack):
                found[word] = 1.0
            elif len(said) == 4 and said[2:] + said[:2] in haystack and not said.isascii():
                found[word] = 1.0  # 雨水利用 said as 利用雨水: a verb and its object, either way round
            elif word in self.parts:
                known = self.parts[word]
                share = sum(part in clause_words or part in haystack for part in known) / len(known)
                if share:
                    found[word] = share
        return found

    def _alias_in(self, word: str, haystack: str) -> bool:
        found = self._alias_terms.get(word)
        if found is None:  # normalised once per question, not once per candidate clause
            found = tuple(
                dict.fromkeys(normalize(compact(term)) for alias, terms in self.aliases.items() if word in alias for term in terms)
            )
            self._alias_terms[word] = found
        return any(term in haystack for term in found)

    def words_within(self, phrase: str) -> list[str]:
        """The question's words that the phrase says, or that run on past it (防灰要 for 防灰)."""
        said = normalize(compact(phrase))
        return [word for word in self.weights if (w := normalize(compact(word))) and (w in said or said in w)]

    def share_of(self, found: dict[str, float], asked: list[str]) -> float:
        """``share`` over some of the question's words only (the part of a listed question one clause answers)."""
        return _weighted_share({word: found[word] for word in asked if word in found}, {w: self.weights[w] for w in asked})

    def coverage(self, terms: ClauseTerms) -> float:
        return self.share(self.covered(terms))

    def share(self, found: dict[str, float]) -> float:
        """The weighted share of the question that ``covered`` found."""
        return _weighted_share(found, self.weights)

    def topical_share(self, found: dict[str, float]) -> float:
        """``share``, with everyday words (直接, 所有, 不够, 发现) counted for less: a clause that answers a chatty
        question holds its topic, not its phrasing, while the corpus's rarity alone weighs 直接 like 坍落度.
        The weights are worked out once per question, not once per candidate clause."""
        if self._topical_weights is None:
            self._topical_weights = {word: weight * topicality(word) for word, weight in self.weights.items()}
        return _weighted_share(found, self._topical_weights)

    def gaps(
        self, clause: Clause, terms: ClauseTerms, catalog: Catalog, whole: str = "", holds_predicate: bool = False
    ) -> list[str]:
        """The specifics the question names that this clause (and, for places and plans, its document) lacks.

        ``whole`` is the text of the whole clause when this is one piece of a long one: the year or place that
        frames a list ("到2020年，…") is said once, in the first piece. A clause that ``holds_predicate`` of a
        yes/no question answers whatever setting frames it (坍落度损失了，能不能往罐里兑水: no clause says 损失).
        """
        try:
            meta = catalog.get(clause.doc_id)
            region, title, written_in = meta.region, meta.title, meta.written_in
            period = {str(meta.period_start), str(meta.period_end)} if meta.period_start and meta.period_end else set()
        except KeyError:
            region, title, written_in, period = "", "", None, set()
        context = terms.compact + whole
        missing = [place for place in self.places if place not in context and not covers(region, place)]
        missing += [f"“{firm}”" for firm in self.firms if firm not in context]
        named_period = period if period <= set(self.years) else set()  # in 2011-2015: the plan's own period
        missing += [f"{year}年" for year in self.years if year not in context and year not in named_period]
        if self.asks_actual and written_in is not None:  # a target for that year is no actual figure
            missing += [f"{year}年的实际数" for year in self.years if int(year) > written_in and year in context]
        missing += [f"“{plan}”" for plan in self.plans if plan not in context and plan not in title]
        setting = [word for word in self.decisive if word not in self.predicate] if holds_predicate else []
        missing += [f"“{word}”" for word in self.decisive if word not in setting and not self._holds(word, terms)]
        foreign = [t for t in self.titles if not _names_document(t, title, clause, catalog)]
        missing += [f"《{t}》" for t in foreign if t not in context]
        if foreign and len(foreign) == len(self.titles):  # 《…暂行办法》第十条: the article of another document
            missing += [f"“{article}”" for article in self.articles if article not in context]
        return missing

    def _holds(self, word: str, terms: ClauseTerms) -> bool:
        if normalize(compact(word)) in terms.compact:
            return True
        parts = self.parts.get(word)
        return bool(parts) and all(part in terms.words or part in terms.compact for part in parts)


def _weighted_share(found: dict[str, float], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(weights[word] * part for word, part in found.items()) / total


def _names_document(named: str, title: str, clause: Clause, catalog: Catalog) -> bool:
    """Whether a 《title》 in the question is the clause's own document, however loosely it is written.

    A title the corpus neither holds nor is (《湖北省预拌混凝土管理暂行办法》) is another document: its
    article 第十条 is not answered from these.
    """
    if clause.doc_id in catalog.named_in(named):
        return True
    own = normalize(compact(title))
    return bool(own) and sum(char in own for char in named) >= TITLE_CHARS_SHARED * len(named)
