"""Chinese provinces and major cities (with pinyin), so that a question about a place no document covers
is recognised as out of scope instead of being answered from some other region's plan."""

from __future__ import annotations

PLACES: dict[str, list[str]] = {
    "北京": ["beijing"], "天津": ["tianjin"], "上海": ["shanghai"], "重庆": ["chongqing"],
    "河北": ["hebei"], "山西": ["shanxi"], "辽宁": ["liaoning"], "吉林": ["jilin"], "黑龙江": ["heilongjiang"],
    "江苏": ["jiangsu"], "浙江": ["zhejiang"], "安徽": ["anhui"], "福建": ["fujian"], "江西": ["jiangxi"],
    "山东": ["shandong"], "河南": ["henan"], "湖北": ["hubei"], "湖南": ["hunan"], "广东": ["guangdong"],
    "海南": ["hainan"], "四川": ["sichuan"], "贵州": ["guizhou"], "云南": ["yunnan"], "陕西": ["shaanxi"],
    "甘肃": ["gansu"], "青海": ["qinghai"], "台湾": ["taiwan"], "内蒙古": ["inner mongolia"], "广西": ["guangxi"],
    "西藏": ["tibet"], "宁夏": ["ningxia"], "新疆": ["xinjiang"], "香港": ["hong kong"], "澳门": ["macau", "macao"],
    "武汉": ["wuhan"], "宜昌": ["yichang"], "襄阳": ["xiangyang"], "荆州": ["jingzhou"], "十堰": ["shiyan"],
    "黄石": ["huangshi"], "孝感": ["xiaogan"], "黄冈": ["huanggang"], "恩施": ["enshi"],
    "杭州": ["hangzhou"], "嘉兴": ["jiaxing"], "宁波": ["ningbo"], "温州": ["wenzhou"], "绍兴": ["shaoxing"],
    "湖州": ["huzhou"], "金华": ["jinhua"], "台州": ["taizhou"], "舟山": ["zhoushan"], "衢州": ["quzhou"],
    "丽水": ["lishui"], "南京": ["nanjing"], "苏州": ["suzhou"], "无锡": ["wuxi"], "常州": ["changzhou"],
    "广州": ["guangzhou"], "深圳": ["shenzhen"], "东莞": ["dongguan"], "佛山": ["foshan"], "成都": ["chengdu"],
    "西安": ["xi'an", "xian"], "郑州": ["zhengzhou"], "长沙": ["changsha"], "南昌": ["nanchang"], "合肥": ["hefei"],
    "济南": ["jinan"], "青岛": ["qingdao"], "福州": ["fuzhou"], "厦门": ["xiamen"], "昆明": ["kunming"],
    "贵阳": ["guiyang"], "南宁": ["nanning"], "哈尔滨": ["harbin"], "长春": ["changchun"], "沈阳": ["shenyang"],
    "大连": ["dalian"], "石家庄": ["shijiazhuang"], "太原": ["taiyuan"], "兰州": ["lanzhou"], "乌鲁木齐": ["urumqi"],
    "呼和浩特": ["hohhot"], "拉萨": ["lhasa"], "银川": ["yinchuan"], "西宁": ["xining"], "海口": ["haikou"],
    "雄安": ["xiong'an", "xiongan"], "珠海": ["zhuhai"],
}
# districts and counties of the documents' cities (most named in their tables): known places, so follow-ups can
# swap them, and a figure asked for one is not its city's
DISTRICTS: dict[str, list[str]] = {
    "嘉兴": "嘉善 平湖 海盐 海宁 桐乡 嘉兴港区 南湖 秀洲".split(),
    "杭州": "江干 拱墅 西湖 滨江 余杭 萧山 富阳 桐庐 临安 建德 淳安 上城 下城".split(),
    "北京": "东城 西城 朝阳区 海淀 丰台 石景山 通州 顺义 昌平 大兴区 房山 门头沟 怀柔 平谷 密云 延庆".split(),
}
LOCAL_PLACES = [district for districts in DISTRICTS.values() for district in districts] + ["中心城区"]
LOCAL_PINYIN = {
    "嘉善": ["jiashan"], "平湖": ["pinghu"], "海盐": ["haiyan"], "海宁": ["haining"], "桐乡": ["tongxiang"],
    "南湖": ["nanhu"], "秀洲": ["xiuzhou"], "江干": ["jianggan"], "拱墅": ["gongshu"], "滨江": ["binjiang"],
    "余杭": ["yuhang"], "萧山": ["xiaoshan"], "富阳": ["fuyang"], "桐庐": ["tonglu"], "临安": ["lin'an", "linan"],
    "建德": ["jiande"], "淳安": ["chun'an", "chunan"], "上城": ["shangcheng"], "下城": ["xiacheng"],
    "东城": ["dongcheng"], "西城": ["xicheng"], "朝阳区": ["chaoyang"], "海淀": ["haidian"], "丰台": ["fengtai"],
    "石景山": ["shijingshan"], "通州": ["tongzhou"], "顺义": ["shunyi"], "昌平": ["changping"], "大兴区": ["daxing"],
    "房山": ["fangshan"], "门头沟": ["mentougou"], "怀柔": ["huairou"], "平谷": ["pinggu"], "密云": ["miyun"],
    "延庆": ["yanqing"],
}  # 朝阳, 大兴 alone are everyday words (大兴土木): only with 区
for _name in LOCAL_PLACES:
    PLACES.setdefault(_name, LOCAL_PINYIN.get(_name, []))
PINYIN_PLACES = frozenset(word for words in PLACES.values() for word in words)


def places_in(text: str) -> list[str]:
    """Chinese names of the places a question mentions (by Chinese name or pinyin), in order of mention."""
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    for name, latin in PLACES.items():
        positions = [text.find(name)] + [lowered.find(word) for word in latin if _word_in(word, lowered)]
        positions = [p for p in positions if p >= 0]
        if positions:
            found.append((min(positions), name))
    return [name for _, name in sorted(found)]


def place_pattern(name: str) -> str:
    """A regex for a place as written in Chinese (with 省/市/县/区) or in pinyin."""
    import re

    options = [re.escape(name) + "[省市县区]?"] + [re.escape(w) for w in PLACES.get(name, [])]
    return "(?i:" + "|".join(options) + ")"


def _word_in(word: str, text: str) -> bool:
    start = text.find(word)
    while start >= 0:
        before = text[start - 1] if start > 0 else " "
        after = text[start + len(word)] if start + len(word) < len(text) else " "
        if not before.isalpha() and not after.isalpha():
            return True
        start = text.find(word, start + 1)
    return False


# which larger place a city or district belongs to, so that a question about 襄阳 is one about 湖北
PARENT: dict[str, str] = {
    **dict.fromkeys("武汉 宜昌 襄阳 荆州 十堰 黄石 孝感 黄冈 恩施".split(), "湖北"),
    **dict.fromkeys("杭州 嘉兴 宁波 温州 绍兴 湖州 金华 台州 舟山 衢州 丽水".split(), "浙江"),
    **dict.fromkeys("南京 苏州 无锡 常州".split(), "江苏"),
    **dict.fromkeys("广州 深圳 东莞 佛山 珠海".split(), "广东"),
    **{district: city for city, districts in DISTRICTS.items() for district in districts},
    "成都": "四川", "西安": "陕西", "郑州": "河南", "长沙": "湖南", "南昌": "江西", "合肥": "安徽", "济南": "山东",
    "青岛": "山东", "福州": "福建", "厦门": "福建", "昆明": "云南", "贵阳": "贵州", "南宁": "广西", "哈尔滨": "黑龙江",
    "长春": "吉林", "沈阳": "辽宁", "大连": "辽宁", "石家庄": "河北", "雄安": "河北", "太原": "山西", "兰州": "甘肃",
    "乌鲁木齐": "新疆", "呼和浩特": "内蒙古", "拉萨": "西藏", "银川": "宁夏", "西宁": "青海", "海口": "海南",
}


def covers(region: str, place: str) -> bool:
    """Whether a document for ``region`` (e.g. 湖北省, 浙江省嘉兴市) speaks for ``place``.

    A province's document speaks for its cities and a city's for its districts, but one city's plan never
    speaks for another city of the same province.
    """
    units = places_in(region)
    if not units:
        return False
    unit, current = units[-1], place
    while current:
        if current == unit:
            return True
        current = PARENT.get(current, "")
    return False
