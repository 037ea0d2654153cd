"""The kinds of organ that publish a 政府信息公开工作年度报告, as data.

Each kind says whether it is a 人民政府 (《条例》第五十条第（四）项: 各级人民政府 report
工作考核、社会评议和责任追究结果) and whether it may make 规章 (《立法法》: 国务院部门，省、自治区、
直辖市和设区的市、自治州的人民政府).  ``rules`` is ``None`` for 其他: the program does not know.

The keys are stored in project files: never rename one.  A kind added later gets a new key;
a kind that must go away keeps loading through ``storage.MIGRATIONS``.
``propose_kind(name)`` guesses the kind from the organ's full name; the clerk confirms it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class OrganKind:
    key: str
    label: str
    government: bool  # a 人民政府 (or its 办公厅 reporting for it)
    rules: bool | None  # may make 规章; None: not known
    level: str  # 中央 / 省级 / 市级 / 县级 / 乡级 / 其他


# in the order the clerk sees them (townships and streets, the program's main users, first)
KINDS: tuple[OrganKind, ...] = (
    OrganKind("township", "乡镇人民政府", True, False, "乡级"),
    OrganKind("street", "街道办事处", False, False, "乡级"),
    OrganKind("county_gov", "县级人民政府", True, False, "县级"),
    OrganKind("county_dept", "县级人民政府部门", False, False, "县级"),
    OrganKind("city_gov", "设区的市、自治州人民政府", True, True, "市级"),
    OrganKind("city_dept", "设区的市级人民政府部门", False, False, "市级"),
    OrganKind("province_gov", "省、自治区、直辖市人民政府（含办公厅）", True, True, "省级"),
    OrganKind("province_dept", "省级人民政府部门", False, False, "省级"),
    OrganKind("state_dept", "国务院部门", False, True, "中央"),
    OrganKind("other", "其他行政机关", False, None, "其他"),
)
BY_KEY: dict[str, OrganKind] = {k.key: k for k in KINDS}

# the law the 规章 power comes from, said in the finding (one sentence, no exceptions to contradict)
RULES_BASIS = "按《立法法》，只有国务院部门和省、自治区、直辖市、设区的市、自治州的人民政府可以制定规章"


def kind(key: str) -> OrganKind | None:
    return BY_KEY.get(key)


# --------------------------------------------------------------------------- proposal

_PROVINCES = ("北京市", "天津市", "上海市", "重庆市")  # 直辖市: a 市 that is a province
_PROV = r"(?:省|自治区)"
_DEPT_END = re.compile(r"(?:局|委员会|委|办公室|办|厅|中心|署|所|处|队|站|院|馆|会)$")
_OFFICE = re.compile(r"人民政府办公(?:厅|室)$|政府办公(?:厅|室)$|政府办$")


def _level_of(prefix: str) -> str | None:
    """The level of the government a name begins with (the part before the department)."""
    p = prefix
    if not p:
        return None
    if p.startswith(_PROVINCES) and not re.search(r"(?:区|县)(?:人民政府)?$", p):
        return "省级" if re.fullmatch(r"(?:北京|天津|上海|重庆)市(?:人民政府)?", p) else None
    if re.search(r"(?:镇|乡)(?:人民政府)?$", p):
        return "乡级"
    if re.search(r"街道(?:办事处)?$", p):
        return "乡级"
    if re.search(r"(?:县|旗|区|县级市)(?:人民政府)?$", p):
        return "县级"
    if re.search(r"(?:市|州|盟)(?:人民政府)?$", p):
        # a 市 inside a province name is either 设区的市 or 县级市; the name alone says 市级 most often
        return "县级" if re.search(_PROV + r".+市.+市(?:人民政府)?$", p) else "市级"
    if re.search(_PROV + r"(?:人民政府)?$", p):
        return "省级"
    return None


_DEPT_OF = {"省级": "province_dept", "市级": "city_dept", "县级": "county_dept"}
_GOV_OF = {"省级": "province_gov", "市级": "city_gov", "县级": "county_gov", "乡级": "township"}
# words of a department's own name that hold a place-level character (市场监督管理局, 城乡建设…)
_MASK = re.compile(r"市场|城市|城乡|乡村|社区|市政|区域|县域|镇村|街道办|新区管委")
_LEVEL_CHARS = "省市县区州盟旗乡镇"


def _place_end(n: str) -> int:
    """Where the place name in front of a department's own name ends (0: none found)."""
    masked = _MASK.sub(lambda m: "＿" * len(m.group(0)), n)
    for at in range(len(masked) - 2, 0, -1):
        if masked[at] in _LEVEL_CHARS or masked[at - 1:at + 1] == "治区":
            return at + 1
    return 0


def propose_kind(name: str) -> str | None:
    """The organ kind its full name suggests, or None when the name says nothing clear.

    …镇/乡人民政府 → 乡镇; …街道办事处 → 街道; …县/区人民政府 → 县级人民政府; …省人民政府（办公厅）
    → 省级人民政府; …局/委/办 → the department of the level before it ("XX县教育局" → 县级部门).
    """
    n = re.sub(r"\s+", "", name or "")
    n = re.sub(r"[（(][^）)]*[）)]$", "", n)  # a trailing note such as （本级）
    if len(n) < 3:
        return None
    if n.startswith("国务院") or re.fullmatch(r"(?:中华人民共和国|国家)\S+(?:部|委员会|局|署|总局|办公室)", n):
        return "state_dept"
    if re.fullmatch(r"[^省市县区州盟旗乡镇]{1,8}部", n):  # 教育部, 公安部
        return "state_dept"
    if re.search(r"街道办事处$|街道$", n):
        return "street"
    if re.search(r"(?:镇|乡)(?:人民政府)?$", n):
        return "township"
    office = _OFFICE.search(n)
    if office:  # a government's 办公厅/办公室: reports for a 省级 government, else is its department
        level = _level_of(n[: office.start()])
        return "province_gov" if level == "省级" else _DEPT_OF.get(level or "")
    if n.endswith("人民政府"):
        return _GOV_OF.get(_level_of(n[:-4]) or "")
    if _DEPT_END.search(n):
        end = _place_end(n)
        level = _level_of(n[:end]) if end else None
        return _DEPT_OF.get(level or "")  # a township's office (乡级) is no kind of its own
    return None
