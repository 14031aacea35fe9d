"""The agency registry: national bodies and provincial bodies generated from templates, read from
``loaders/data/`` (adding a province or a department is a data change)."""

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path


@dataclass(frozen=True)
class Agency:
    """A canonical agency of the registry."""

    id: str  # e.g. "cn/civil-affairs", "220000/civil-affairs"
    name: str
    name_en: str
    level: str  # "national" | "provincial"
    jurisdiction: str | None  # "吉林省"; None for national bodies
    aliases: tuple[str, ...]  # other names, unambiguous anywhere
    relative: tuple[str, ...]  # short forms used inside the jurisdiction's own documents ("省民政厅")
    succeeded_by: str | None = None
    ended: int | None = None  # last year the body existed under this name (it then became succeeded_by)


@dataclass(frozen=True)
class Jurisdiction:
    """A province-level jurisdiction."""

    code: str
    name: str
    short: str
    relative: str  # 省 / 自治区 / 市
    name_en: str
    municipality: bool
    committee: str = "委"  # the party committee in full names: 委 (中共吉林省委), 委员会 (中共广西壮族自治区委员会)
    tier: str = "province"  # province; corps (新疆生产建设兵团: provincial-level bodies, no territory of its own)


def _data_dir() -> Path:
    """Folder of the data files shipped with the loaders."""
    return Path(str(files("policykg.loaders") / "data"))


def _rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV data file."""
    with (_data_dir() / name).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _split(value: str) -> tuple[str, ...]:
    """A |-separated cell as a tuple."""
    return tuple(v.strip() for v in value.split("|") if v.strip())


@cache
def jurisdictions() -> tuple[Jurisdiction, ...]:
    """All province-level jurisdictions of the data file."""
    return tuple(
        Jurisdiction(r["code"], r["name"], r["short"], r["relative"], r["name_en"], r["municipality"] == "yes",
                     r.get("committee") or "委", r.get("tier") or "province")
        for r in _rows("jurisdictions.csv")
    )


def _fill(template: str, j: Jurisdiction) -> str:
    """Fill a name template for one jurisdiction."""
    return (template.replace("{J}", j.name).replace("{S}", j.short).replace("{R}", j.relative)
            .replace("{E}", j.name_en).replace("{C}", j.committee))


def _relative_forms(templates: str, j: Jurisdiction) -> tuple[str, ...]:
    """Short forms inside a jurisdiction's own documents; an autonomous region's are also written with 区
    (区卫生健康委) and its party bodies with 党委 (自治区党委宣传部)."""
    forms = [_fill(x, j) for x in _split(templates)]
    if j.relative == "自治区":
        forms += ["区" + f[len("自治区"):] for f in forms if f.startswith("自治区") and f[3:4] != "委"]
        forms += [f.replace("自治区委", "自治区党委", 1) for f in forms if f.startswith("自治区委")]
    return tuple(dict.fromkeys(forms))


def _year(value: str | None) -> int | None:
    """A year cell as an int (None when empty)."""
    return int(value) if value else None


@cache
def agencies() -> tuple[Agency, ...]:
    """Every agency of the registry. A kind written as a variant of another (供销合作总社 of 供销合作社联合社) is a
    body of its own, unless the province's name of the other is known (江苏省供销合作总社, 山东省供销合作社): then
    the variant's forms name that body."""
    out = [
        Agency("cn/" + r["id"], r["name"], r["name_en"], r["level"], None, _split(r["aliases"]), (),
               ("cn/" + r["succeeded_by"]) if r["succeeded_by"] else None, _year(r.get("ended")))
        for r in _rows("agencies.csv")
    ]
    overrides = {(r["code"], r["key"]): r["name"] for r in _rows("provincial_names.csv")}
    types = _rows("agency_types.csv")
    variants = {t["variant_of"]: t for t in types if t.get("variant_of")}
    for j in jurisdictions():
        for t in types:
            if (j.code, t.get("variant_of")) in overrides:  # the province's own name is known: its forms name that body
                continue
            usual = _fill(t["name_municipality"] if j.municipality and t["name_municipality"] else t["name"], j)
            name = overrides.get((j.code, t["key"]), usual)
            relative = _relative_forms(t["relative"], j)
            aliases = (usual, *(_fill(x, j) for x in _split(t["aliases"])))
            variant = variants.get(t["key"]) if (j.code, t["key"]) in overrides else None
            if variant:  # 江苏省供销合作总社: the body the variant's forms (省供销总社) name
                relative += _relative_forms(variant["relative"], j)
                aliases += (_fill(variant["name"], j), *(_fill(x, j) for x in _split(variant["aliases"])))
            if j.tier == "corps":  # 兵团民政局 names the corps' body in any document, 兵团 the corps itself
                aliases += (*relative, name.replace(j.name, j.short))
            out.append(Agency(
                f"{j.code}/{t['key']}", name, _fill(t["name_en"], j), "provincial", j.name,
                tuple(dict.fromkeys(a for a in aliases if a != name)), relative,
                f"{j.code}/{t['succeeded_by']}" if t["succeeded_by"] else None, _year(t.get("ended")),
            ))
    return tuple(out)


@cache
def by_id() -> dict[str, Agency]:
    """Registry agencies by id."""
    return {a.id: a for a in agencies()}


@dataclass(frozen=True)
class LocalType:
    """A kind of city, county or district body: canonical suffix and the short forms it goes by."""

    key: str
    suffix: str
    name_en: str
    abbreviations: tuple[str, ...]
    prefix: str = ""  # written before the place in the canonical name: 中共 (party bodies), 中国人民政治协商会议
    written_prefixes: tuple[str, ...] = ()  # other ways the prefix is written (人行 for 中国人民银行)
    prefix_optional: bool = False  # the name may be written without its prefix (市委办公室, 市税务局)
    short_place: bool = False  # a city may be named without 市 (人民银行南宁中心支行, 盐城金融监管分局)
    branches: bool = False  # a city body with district/county branches (重庆市公安局九龙坡区分局)
    bare: bool = False  # its place's own documents may name it without the place (高新区管委会 in a 鞍山市 document)

    def canonical(self, place: str) -> str:
        """Full name of this kind of body in a place (中共成都市委办公厅, 会宁县水务局), in the place's own wording
        where the data file records one (上海市徐汇区住房保障和房屋管理局)."""
        suffix = next((s for prefix, s in local_names().get(self.key, ()) if place.startswith(prefix)), self.suffix)
        return self.prefix + place + suffix


@cache
def local_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Kind key → (place prefix, suffix) where a place names that kind of body its own way, from the data file."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in _rows("local_names.csv"):
        out.setdefault(r["key"], []).append((r["place"], r["suffix"]))
    return {k: tuple(v) for k, v in out.items()}


@cache
def local_types() -> tuple[LocalType, ...]:
    """Kinds of local bodies, from the data file."""
    return tuple(LocalType(r["key"], r["suffix"], r["name_en"], _split(r["abbreviations"]), r.get("prefix") or "",
                           _split(r.get("written_prefixes") or ""), (r.get("prefix_optional") or "") == "yes",
                           (r.get("short_place") or "") == "yes", (r.get("branches") or "") == "yes",
                           (r.get("bare") or "") == "yes")
                 for r in _rows("local_agency_types.csv"))


def province_names() -> frozenset[str]:
    """Full names of the province-level jurisdictions."""
    return frozenset(j.name for j in jurisdictions())


@cache
def city_provinces() -> dict[str, str]:
    """Province of each city listed in the data file (capitals and other large cities)."""
    return {r["city"]: r["province"] for r in _rows("cities.csv")}


@cache
def city_short_names() -> dict[str, str]:
    """Short name → full name of the prefectures, leagues and areas of the cities data file (延边 and 延边州 →
    延边朝鲜族自治州, 巴州 → 巴音郭楞蒙古自治州); a city's own short name is its name without 市."""
    out: dict[str, str] = {}
    for r in _rows("cities.csv"):
        for short in _split(r.get("short") or ""):
            out[short] = r["city"]
            if r["city"].endswith("自治州") and not short.endswith("州"):
                out.setdefault(short + "州", r["city"])
    return out
