"""National code lists used on person records: 民族, 政治面貌, 学历.

Records store the standard name (汉族, 中共党员, 大学本科); forms offer the list as a dropdown,
import templates carry it as a dropdown, and imports accept the usual short forms (汉 → 汉族,
党员 → 中共党员, 本科 → 大学本科) and the standard's numeric code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码 (codes 01–56, 97, 98).
_ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 "
    "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
    "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()

# GB/T 4762-1984 政治面貌代码 (01–13).
_POLITICAL = (
    "中共党员 中共预备党员 共青团员 民革党员 民盟盟员 民建会员 民进会员 农工党党员 致公党党员 "
    "九三学社社员 台盟盟员 无党派人士 群众"
).split()

# 学历, as the statistics bureau (and GB/T 4658-2006) group them.
_EDUCATION = (
    ("11", "博士研究生"),
    ("14", "硕士研究生"),
    ("21", "大学本科"),
    ("31", "大学专科"),
    ("41", "中等专科"),
    ("44", "职业高中"),
    ("47", "技工学校"),
    ("61", "普通高中"),
    ("71", "初中"),
    ("81", "小学"),
    ("90", "其他"),
)


@dataclass(frozen=True)
class CodeList:
    """One list: its label, (code, name) entries, and extra spellings that mean an entry."""

    label: str
    entries: tuple[tuple[str, str], ...]
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [name for _, name in self.entries]

    @property
    def choices(self) -> list[tuple[str, str]]:
        """For a form's dropdown: an empty choice first (the fields are optional)."""
        return [("", "—"), *((name, name) for name in self.names)]

    def normalize(self, text: str) -> str | None:
        """The standard name for `text` (a name, a usual short form or the code); None if it is
        none of them. Blank stays blank."""
        value = "".join(str(text).split())
        if not value:
            return ""
        for code, name in self.entries:
            if value in (name, code) or (value.isdigit() and value.zfill(2) == code):
                return name
        return self.aliases.get(value)

    def error(self, text: str) -> str:
        return f"{self.label}“{text}”不在标准代码表中（如：{'、'.join(self.names[:3])}）"


def _ethnic_aliases() -> dict[str, str]:
    aliases = {name[:-1]: name for name in _ETHNICITIES}
    aliases.update({"维族": "维吾尔族", "其他": "其他", "外国血统": "外国血统中国籍人士"})
    return aliases


ETHNICITY = CodeList(
    "民族",
    (
        *((f"{i:02d}", name) for i, name in enumerate(_ETHNICITIES, start=1)),
        ("97", "其他"),
        ("98", "外国血统中国籍人士"),
    ),
    _ethnic_aliases(),
)

POLITICAL_STATUS = CodeList(
    "政治面貌",
    tuple((f"{i:02d}", name) for i, name in enumerate(_POLITICAL, start=1)),
    {
        "党员": "中共党员",
        "中国共产党党员": "中共党员",
        "共产党员": "中共党员",
        "预备党员": "中共预备党员",
        "中国共产党预备党员": "中共预备党员",
        "团员": "共青团员",
        "中国共产主义青年团团员": "共青团员",
        "无党派": "无党派人士",
        "群众（普通居民）": "群众",
        "普通群众": "群众",
    },
)

EDUCATION = CodeList(
    "学历",
    _EDUCATION,
    {
        "博士": "博士研究生",
        "硕士": "硕士研究生",
        "研究生": "硕士研究生",
        "本科": "大学本科",
        "大本": "大学本科",
        "专科": "大学专科",
        "大专": "大学专科",
        "中专": "中等专科",
        "职高": "职业高中",
        "技校": "技工学校",
        "高中": "普通高中",
        "初级中学": "初中",
    },
)

BY_FIELD: dict[str, CodeList] = {
    "ethnicity": ETHNICITY,
    "political_status": POLITICAL_STATUS,
    "education": EDUCATION,
}
