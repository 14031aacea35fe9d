"""Resolve agency names as written to canonical registry agencies, relative to a document's jurisdiction.
What cannot be resolved stays unresolved (labelled as written); collective units stay collective."""

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from policykg.loaders.extract.agencies import FormSet
from policykg.loaders.facts import DocumentFacts
from policykg.loaders.patterns import words
from policykg.loaders.registry import (
    Agency,
    LocalType,
    agencies,
    by_id,
    city_provinces,
    city_short_names,
    jurisdictions,
    local_types,
    province_names,
)

_ORG_SUFFIX = re.compile(
    r"(?:厅|局|委|委员会|办|办公室|部|院|会|中心|总队|支队|大队|分行|支行|行|署|所|政府|联合会|联|站|处|科|组|供销社|供销合作社|联合社|联社|总社|(?<!公)司)$"
)


@dataclass(frozen=True)
class Resolved:
    """The outcome of resolving one name: a registry agency, an unresolved agency, or a collective."""

    kind: str  # "registry" | "local" | "unresolved" | "collective"
    key: str  # registry id; for the other kinds the label
    label: str  # canonical name, or the name as written
    written: str  # the name as written in the text
    jurisdiction: str | None = None
    level: str | None = None  # "city" | "county" | "district" for local bodies

    @property
    def agency(self) -> Agency | None:
        """The registry agency, when resolved."""
        from policykg.loaders.registry import by_id

        return by_id().get(self.key) if self.kind == "registry" else None


class Resolver:
    """Name → agency resolution over the registry (global names, and forms relative to a jurisdiction)."""

    def __init__(self, registry: tuple[Agency, ...]) -> None:
        self.global_index: dict[str, set[str]] = {}
        self.relative_index: dict[tuple[str, str], set[str]] = {}
        for a in registry:
            for form in (a.name, *a.aliases):
                self.global_index.setdefault(form, set()).add(a.id)
            for form in a.relative:
                self.relative_index.setdefault((a.jurisdiction or "", form), set()).add(a.id)
        self.names = {a.name: a.id for a in registry}
        self._names_by_length: dict[int, list[tuple[str, str]]] = {}
        for name, agency_id in self.names.items():
            self._names_by_length.setdefault(len(name), []).append((name, agency_id))
        self._resolved: dict[tuple[str, str | None, str | None, str | None], Resolved] = {}
        self._forms: dict[tuple[str | None, str | None], FormSet] = {}

    def resolve(self, written: str, jurisdiction: str | None, province: str | None = None,
                year: int | None = None, city: str | None = None) -> Resolved:
        """Resolve a name as written in a document of ``jurisdiction`` (a province, or a city/county within
        ``province``) dated ``year``; ``city``: a county's prefecture, whose bodies its documents call 市…
        (市生态环境局兰考分局). Answers are remembered (the registry does not change while the process runs)."""
        key = (written, jurisdiction, province, city)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._of_city(written, jurisdiction, province, city) or self._resolve(
                written, jurisdiction, province)
        return self.as_of(found, year) if year else found

    def resolve_in(self, written: str, facts: DocumentFacts, historical: bool = False) -> Resolved:
        """A name as written in a document: relative to its place and prefecture, as of its year (unless the text
        names the body as it was: 原…, inside a cited title)."""
        return self.resolve(written, facts.jurisdiction, facts.province, None if historical else facts.year,
                            facts.city)

    def _of_city(self, written: str, jurisdiction: str | None, province: str | None,
                 city: str | None) -> Resolved | None:
        """A 市 body named in a county's document as its prefecture's body (市财政局 → 开封市财政局), if known."""
        label = written.strip()
        if not city or not label.startswith("市") or label.startswith(("市场", "市县", "市区", "市级")):
            return None
        body = self.resolve(city + label[1:], jurisdiction, province)
        return replace(body, written=label) if body.kind in ("registry", "local") else None

    def as_of(self, found: Resolved, year: int) -> Resolved:
        """A registry body renamed before ``year`` as the body it became (省卫计委 in a 2019 document is the
        卫生健康委员会; in a 2017 one the 卫生和计划生育委员会); a name written with 原 stays the former body."""
        agency = found.agency
        if agency is None or found.written.startswith("原"):
            return found
        while agency.succeeded_by and agency.ended and year > agency.ended and agency.succeeded_by in by_id():
            agency = by_id()[agency.succeeded_by]
        return found if agency.id == found.key else replace(found, key=agency.id, label=agency.name)

    def _resolve(self, written: str, jurisdiction: str | None, province: str | None) -> Resolved:
        """Resolve one name (uncached)."""
        label = written.strip()
        if label.startswith("省省"):  # a doubled character typed by mistake
            label = label[1:]
        full = expand_unit_words(label) if not is_collective(label) else label  # 各…（管委会） as written
        if full != label:  # 市公安局交警支队 is 市公安局交通警察支队
            return replace(self.resolve(full, jurisdiction, province), written=label)
        province = province or (jurisdiction if jurisdiction in province_names() else None)
        ids = self.global_index.get(label)
        if ids and len(ids) == 1:
            return Resolved("registry", next(iter(ids)), self._name(ids), label, jurisdiction)
        if province:
            ids = self.relative_index.get((province, label))
            if ids and len(ids) == 1:
                return Resolved("registry", next(iter(ids)), self._name(ids), label, jurisdiction)
        if is_collective(label):
            return Resolved("collective", label, label, label, jurisdiction)
        local = local_agency(label, jurisdiction)
        if local:
            name, level = local
            return Resolved("local", name, name, label, jurisdiction, level)
        typo = self._near_name(label)
        if typo:
            return Resolved("registry", typo, self._name({typo}), label, jurisdiction)
        named = relative_name(label, jurisdiction, province)
        if named:
            name, level = named
            return Resolved("local", name, name, label, jurisdiction, level)
        unit = self._sub_unit(label, jurisdiction, province) or self._former(label, jurisdiction, province)
        if unit:
            return unit
        return Resolved("unresolved", label, label, label, jurisdiction)

    def _former(self, label: str, jurisdiction: str | None, province: str | None) -> Resolved | None:
        """A former body written with 原 before its name of the time (原省农牧厅 → 甘肃省农牧厅)."""
        if not label.startswith("原") or len(label) < 4:
            return None
        body = self.resolve(label[1:], jurisdiction, province)
        return replace(body, written=label) if body.kind in ("registry", "local") else None

    def _sub_unit(self, label: str, jurisdiction: str | None, province: str | None) -> Resolved | None:
        """A named unit inside a body the resolver knows, as the body's canonical name and the unit's (教育部办公厅,
        省人大常委会代表工作委员会 → 河南省人民代表大会常务委员会代表工作委员会, 省教育厅基础教育处 →
        青海省教育厅基础教育处)."""
        from policykg.loaders.extract.agencies import is_sub_unit

        for cut in range(len(label) - 2, 1, -1):
            if is_sub_unit(label[cut:], strict=False) or is_division(label[cut:]):
                body = self.resolve(label[:cut], jurisdiction, province)
                if body.kind in ("registry", "local"):
                    name = body.label + label[cut:]
                    return Resolved("local", name, name, label, jurisdiction, body.level)
        return None

    def _name(self, ids: set[str]) -> str:
        """Canonical name of a single registry id."""
        from policykg.loaders.registry import by_id

        return by_id()[next(iter(ids))].name

    def _near_name(self, label: str) -> str | None:
        """Registry id of the one canonical name at edit distance 1 (a typo), when there is exactly one."""
        if len(label) < 8:
            return None
        candidates = (pair for n in (len(label) - 1, len(label), len(label) + 1)
                      for pair in self._names_by_length.get(n, ()))
        hits = {i for name, i in candidates if _one_edit(name, label)}
        return next(iter(hits)) if len(hits) == 1 else None

    def forms(self, jurisdiction: str | None, province: str | None = None) -> tuple[str, ...]:
        """Every surface form that names an agency in a document of ``jurisdiction``, longest first."""
        key = (jurisdiction, province)
        if key not in self._forms:
            self._forms[key] = self._all_forms(jurisdiction, province)
        return self._forms[key]

    def _all_forms(self, jurisdiction: str | None, province: str | None) -> FormSet:
        """The forms for one jurisdiction (uncached), in three parts that compile apart: the registry's global
        forms, the province's (relative names, its cities' bodies) and the jurisdiction's own."""
        province = province or (jurisdiction if jurisdiction in province_names() else None)
        local = bool(jurisdiction and jurisdiction not in province_names())
        common = self._global_forms()
        regional = self._province_forms(province, local) if province else ()
        own = set(local_forms(jurisdiction)) - set(common) - set(regional) if jurisdiction and local else set()
        return FormSet.of(common, regional, _longest_first(own))

    @cache  # noqa: B019 — one resolver lives as long as the process
    def _global_forms(self) -> tuple[str, ...]:
        """Forms that name one agency in any document, longest first."""
        return _longest_first({f for f, ids in self.global_index.items() if len(ids) == 1})

    @cache  # noqa: B019
    def _province_forms(self, province: str, local: bool) -> tuple[str, ...]:
        """Forms a province's documents add (at the local level or not), longest first."""
        found = {f for (j, f), ids in self.relative_index.items() if j == province and len(ids) == 1}
        if not local:
            found |= {f for city, p in city_provinces().items() if p == province for f in short_place_forms(city)}
        # the full names of the bodies of the province's cities (长沙市商务局 in a 浏阳市 document)
        found |= {f for city, p in city_provinces().items() if p == province for f in city_forms(city)}
        return _longest_first(found - set(self._global_forms()))


def historical(text: str, start: int) -> bool:
    """True when a name at ``start`` names a body as it was, not as it is at the document's date: written after 原
    (原卫生部) or inside a cited title (《国务院办公厅转发文化部等部门…》)."""
    if start > 0 and text[start - 1] == "原":
        return True
    return text.rfind("《", 0, start) > text.rfind("》", 0, start)


def _longest_first(forms: set[str]) -> tuple[str, ...]:
    """Forms longest first (ties in code-point order)."""
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one substitution, insertion or deletion."""
    if a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def is_collective(label: str) -> bool:
    """True for collective or placeholder units such as 各有关部门 or 各县（市、区）人民政府."""
    if any(label.startswith(p) for p in words("collective", "prefixes")):
        return True
    return any(c in label for c in words("collective", "contains"))


def expand_unit_words(label: str) -> str:
    """A name with the short words of its unit written in full (交警支队 → 交通警察支队), from the patterns file."""
    from policykg.loaders.patterns import patterns

    for short, full in patterns()["subunits"]["expansions"].items():
        label = label.replace(short, full)
    return label


def is_division(label: str) -> bool:
    """True for the name of a department's internal division written alone (社会救助处, 办公室, 机关党委)."""
    return bool(re.fullmatch(words("divisions", "pattern")[0], label))


def looks_like_agency(label: str) -> bool:
    """True when a phrase ends like the name of a government body."""
    return bool(_ORG_SUFFIX.search(label)) and 2 <= len(label) <= 40


@cache
def resolver() -> Resolver:
    """The resolver over the shipped registry."""
    return Resolver(agencies())


def detect_province(text: str) -> str | None:
    """The province-level jurisdiction a document belongs to: the one named most often in it (a province, an
    autonomous region or a municipality)."""
    counts: Counter[str] = Counter()
    for j in jurisdictions():
        if j.tier != "province":  # 新疆生产建设兵团 is named in national documents' 主送 lines
            continue
        n = text.count(j.name)
        if n:
            counts[j.name] = n
    return counts.most_common(1)[0][0] if counts else None


def detect_jurisdiction(text: str) -> tuple[str | None, str | None]:
    """(jurisdiction, province) of a document: the city, county or district whose body issues it (from the
    heading or the signature), else its province."""
    province = detect_province(text)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    candidates = lines[:3] + lines[-6:]
    for line in candidates:
        head = re.split(r"关于|印发|转发", line, maxsplit=1)[0]
        names = re.split(r"[、\s]+|等\d*个?部门", head)
        if head != line and _provincial_issuer(names):  # 新疆维吾尔自治区人民政府办公厅关于…: not its addressees' place
            break
        first = _local_pattern().match(head)  # joint issuers may run together (中共X市委办公厅X市人民政府办公厅)
        for name in [*names, *([first.group()] if first else [])]:
            local = local_agency(name, None) if _local_pattern().fullmatch(name) else None  # a place's own body
            if local:
                place = full_place(_place_of(name))
                return place, province or _province_of(place)
    return province, province


def county_city(text: str, jurisdiction: str | None, province: str | None) -> str | None:
    """The prefecture of a county's document when its text names exactly one city of the county's province (of any
    province when that is not known) (兰考县 …《开封市…方案》 → 开封市); None for other documents or when none or
    several are named."""
    if not jurisdiction or not jurisdiction.endswith(("县", "旗")) or "市" in jurisdiction:
        return None
    named = {city for city, of in city_provinces().items() if (of == province or not province) and city in text}
    return named.pop() if len(named) == 1 else None


def _provincial_issuer(names: list[str]) -> bool:
    """True when one of the names heading a document is a provincial body of the registry."""
    index = resolver().global_index
    return any(len(index.get(n, ())) == 1 and by_id()[next(iter(index[n]))].level == "provincial" for n in names)


def _province_of(place: str) -> str | None:
    """The province of a city, county or district from the cities data file (its city prefix)."""
    table = city_provinces()
    city = place[:place.find("市") + 1] if "市" in place else place
    return table.get(city)


_LOCAL_PLACE = r"(?P<place>[^\s局厅委办部院、，。：:；;]{1,12}?(?:自治州|自治县|市|县|区|州|盟|旗))"


@cache
def _local_pattern() -> re.Pattern[str]:
    """A full local body name: (prefix) + place + suffix or abbreviation."""
    suffixes = sorted({s for t in local_types() for s in (t.suffix, *t.abbreviations)}, key=len, reverse=True)
    prefixes = sorted({p for t in local_types() for p in (t.prefix, *t.written_prefixes) if p}, key=len, reverse=True)
    return re.compile("(?P<prefix>" + "|".join(map(re.escape, prefixes)) + ")?" + _LOCAL_PLACE
                      + "(?P<suffix>" + "|".join(map(re.escape, suffixes)) + ")")


@cache
def _suffix_index() -> dict[str, tuple[LocalType, ...]]:
    """Written suffix or abbreviation → the kinds of body it can name (usually one)."""
    out: dict[str, list[LocalType]] = {}
    for t in local_types():
        for s in (t.suffix, *t.abbreviations):
            if t not in out.setdefault(s, []):
                out[s].append(t)
    return {s: tuple(ts) for s, ts in out.items()}


def _local_type(suffix: str, written_prefix: str = "") -> LocalType | None:
    """The kind of body a written suffix names: the one whose prefix was written, else one that needs no
    prefix or may be written without it (县委办公室 is 中共…县委办公室, 市税务局 is 国家税务总局…市税务局)."""
    kinds = _suffix_index().get(suffix, ())
    if written_prefix:
        return next((t for t in kinds if written_prefix in (t.prefix, *t.written_prefixes)), None)
    return next((t for t in kinds if not t.prefix or t.prefix_optional or suffix != t.suffix), None)


_PLACE_KINDS = ("自治州", "自治县", "自治区", "市", "县", "区", "州", "盟", "旗")


def _named_place(place: str) -> bool:
    """True for a named place (赣州市, 会宁县); not 本市/全县/各区, 对市 (from 对市政协…), or a bare 自治区."""
    kind = next(k for k in _PLACE_KINDS if place.endswith(k))
    name = place[: -len(kind)]
    if len(name) < 1 or (len(name) == 1 and name in "本全各该我此对在于从向由经据按将与和及为其团"):
        return False
    return not name.startswith(("对", "关于", "在", "由", "经", "按", "根据", "各", "全", "本", "设区"))


def _place_of(name: str) -> str:
    """The place part of a local body's name."""
    m = _local_pattern().fullmatch(name)
    return m.group("place") if m else name


def _bare_body(label: str, jurisdiction: str) -> tuple[str, str] | None:
    """(name, level) of a body its city's documents name without the city (高新区管委会 in a 鞍山市 document →
    鞍山高新区管委会), named as its kind names it, after the city without 市."""
    kind = next((t for t in local_types() if t.bare and label in (t.suffix, *t.abbreviations)), None)
    city = _city_and_district(jurisdiction)[0] or (jurisdiction if jurisdiction in city_provinces() else None)
    if kind is None or city is None:
        return None
    short = city.removesuffix("市") if city.endswith("市") else next(
        (s for s, full in city_short_names().items() if full == city and not s.endswith(_PLACE_KINDS)), city)
    return kind.canonical(short), "district"


def full_place(place: str) -> str:
    """A prefecture, league or area written short by its full name (延边州 → 延边朝鲜族自治州), else the place."""
    return city_short_names().get(place, place)


def _city_short(place: str) -> str | None:
    """The name a vertical body gives a city written without 市 (盐城, 延边; 延边州 → 延边), or None when the
    place is no city of the cities data file."""
    if place + "市" in city_provinces():
        return place
    full = city_short_names().get(place)
    if full is None:
        return None
    bare = place.removesuffix("州")
    return bare if city_short_names().get(bare) == full else place


def _level(place: str) -> str:
    """Administrative level of a local place name."""
    if place.endswith(("县", "旗", "自治县")):
        return "county"
    if place.endswith("区"):
        return "district"
    return "city"


def local_agency(label: str, jurisdiction: str | None) -> tuple[str, str] | None:
    """(canonical name, level) of a city/county/district body: a full name (广州市卫健委) or, in that
    locality's own documents, a relative form (市卫健委); also a city body's branch (区公安分局), a city
    named without 市 (人民银行南宁中心支行) and, in a district's or county's documents, its street offices."""
    m = _local_pattern().fullmatch(label)
    if m and m.group("place") not in province_names() and len(m.group("place")) >= 2 \
            and _named_place(m.group("place")):
        place = full_place(m.group("place"))
        kind = _local_type(m.group("suffix"), m.group("prefix") or "")
        if kind is None:
            return None
        city = jurisdiction if jurisdiction and jurisdiction.endswith("市") else ""
        if city and place.endswith("区") and not place.startswith(city) and city not in province_names():
            place = city + place  # 章贡区人民政府 in a 赣州市 document: 赣州市章贡区人民政府
        return kind.canonical(place), _level(place)
    found = _short_place_agency(label) or _branch(label, jurisdiction) or _street_office(label, jurisdiction)
    if found:
        return found
    if jurisdiction and jurisdiction not in province_names():
        zone = _bare_body(label, jurisdiction)
        if zone:
            return zone
        if label == f"团{jurisdiction[-1]}委":  # 团市委, 团县委, 团区委
            return f"共青团{jurisdiction}委员会", _level(jurisdiction)
        kind = _local_type(label[1:])
        if kind and label.startswith(jurisdiction[-1]):
            return kind.canonical(jurisdiction), _level(jurisdiction)
        city = jurisdiction[:jurisdiction.find("市") + 1] if "市" in jurisdiction[:-1] else ""
        if kind and city and label.startswith("市"):  # 市民政局 in a district's document
            return kind.canonical(city), "city"
    return None


@cache
def _short_pattern() -> re.Pattern[str]:
    """A body named after a city written without 市: (prefix) + the city's name + suffix or abbreviation."""
    kinds = [t for t in local_types() if t.short_place]
    suffixes = sorted({s for t in kinds for s in (t.suffix, *t.abbreviations)}, key=len, reverse=True)
    prefixes = sorted({p for t in kinds for p in (t.prefix, *t.written_prefixes) if p}, key=len, reverse=True)
    return re.compile("(?P<prefix>" + "|".join(map(re.escape, prefixes)) + ")?(?P<place>[\u4e00-\u9fff]{2,4}?)"
                      + "(?P<suffix>" + "|".join(map(re.escape, suffixes)) + ")")


def _short_place_agency(label: str) -> tuple[str, str] | None:
    """(name, level) of a body whose name holds a city without 市 (人民银行南宁中心支行 → 中国人民银行南宁中心支行,
    盐城金融监管分局 → 国家金融监督管理总局盐城监管分局, 延边金融监管分局 → 国家金融监督管理总局延边监管分局); the city
    must be one of the cities data file."""
    m = _short_pattern().fullmatch(label)
    short = _city_short(m.group("place")) if m else None
    if not m or short is None:
        return None
    kind = _local_type(m.group("suffix"), m.group("prefix") or "")
    if kind is None or not kind.short_place:
        return None
    return kind.canonical(short), "city"


def _city_and_district(jurisdiction: str | None) -> tuple[str | None, str | None]:
    """The city and the district (or county) of a local jurisdiction: 重庆市九龙坡区 → (重庆市, 九龙坡区), 盐城市 →
    (盐城市, None), 会宁县 → (None, 会宁县); (None, None) for a province or none."""
    if not jurisdiction or (jurisdiction in province_names() and not jurisdiction.endswith("市")):
        return None, None
    cut = jurisdiction.find("市")
    if 0 < cut < len(jurisdiction) - 1:
        return jurisdiction[:cut + 1], jurisdiction[cut + 1:]
    if jurisdiction.endswith("市"):
        return jurisdiction, None
    return None, jurisdiction


@cache
def _branch_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, LocalType]]:
    """Written forms of a city body's branch: (区|name)+stem+分局 (区公安分局, 朝阳公安分局) and
    (city)+市+body+name+分局 (市生态环境局会宁分局, 重庆市公安局九龙坡区分局); and the kind of body each stem or
    suffix names."""
    kinds: dict[str, LocalType] = {}
    for t in local_types():
        if t.branches:
            for s in (t.suffix, *t.abbreviations):
                kinds.setdefault(s, t)
                kinds.setdefault(s.removesuffix("局"), t)
    alternatives = "|".join(map(re.escape, sorted(kinds, key=len, reverse=True)))
    by_stem = re.compile(r"(?P<level>区|县)?(?P<name>[\u4e00-\u9fff]{2,6}?)??(?P<body>" + alternatives + ")分局")
    by_body = re.compile(r"(?P<city>[\u4e00-\u9fff]{0,6}?市)(?P<body>" + alternatives
                         + r")(?P<name>[\u4e00-\u9fff]{2,6}?)分局")
    return by_stem, by_body, kinds


def _branch(label: str, jurisdiction: str | None) -> tuple[str, str] | None:
    """(name, level) of a city body's district or county branch, named as the city's body and the branch's
    place: 区公安分局 in a 重庆市九龙坡区 document → 重庆市公安局九龙坡区分局, 朝阳公安分局 in a 北京市朝阳区 one →
    北京市公安局朝阳分局, 市生态环境局会宁分局 → its city's 生态环境局会宁分局. The city must be named or be the
    document's own."""
    by_stem, by_body, kinds = _branch_patterns()
    city, district = _city_and_district(jurisdiction)
    m = by_body.fullmatch(label)
    if m:
        written_city = m.group("city")
        city = city if written_city == "市" else written_city
        if not city or (written_city != "市" and not _named_place(written_city)):
            return None
        name = m.group("name")
        return city + kinds[m.group("body")].suffix + name + "分局", _branch_level(name, district)
    m = by_stem.fullmatch(label)
    if not m or not city or m.group("body").endswith("局"):
        return None
    name, level = m.group("name"), m.group("level")
    if level and not name:  # 区公安分局: the branch in the document's own district
        if not district or not district.endswith(level):
            return None
        name = district
    elif not name or level:
        return None
    elif not (district and district.startswith(name)) and not (not district and name.endswith(("区", "县"))):
        return None  # a named branch: the document's own district (朝阳 in 朝阳区), or a 区/县 of its city
    return city + kinds[m.group("body")].suffix + name + "分局", _branch_level(name, district)


def _branch_level(name: str, district: str | None) -> str:
    """Level of a branch named after a place written with or without 区/县 (朝阳 in 朝阳区)."""
    return _level(district if district and district.startswith(name) else name if name.endswith(("区", "县")) else
                  name + "区")


def _street_office(label: str, jurisdiction: str | None) -> tuple[str, str] | None:
    """(name, level) of a street office named in a district's or county's document: 杨家坪街道 or 杨家坪街道办事处 in a
    重庆市九龙坡区 document → 重庆市九龙坡区杨家坪街道办事处."""
    _, district = _city_and_district(jurisdiction)
    m = re.fullmatch(r"(?P<name>[\u4e00-\u9fff]{2,5}?)街道(?:办事处)?", label)
    if not district or not m or m.group("name").startswith(words("local", "not_street_names")):
        return None
    return f"{jurisdiction}{m.group('name')}街道办事处", "street"


_INSTITUTION = re.compile(r"(?:中心|总队|支队|大队|院|所|站|馆|纪检监察组|领导小组办公室)$")
_RELATIVE = re.compile(r"^(?P<level>省|自治区|市|县|区|州|盟|旗)(?P<party>委)?(?P<rest>[\u4e00-\u9fff]{2,20})$")


def relative_name(label: str, jurisdiction: str | None, province: str | None) -> tuple[str, str] | None:
    """(name, level) of a body the registry does not know, written relative to the document's place: 省邮政管理局
    in a Shandong document is 山东省邮政管理局, 市融媒体中心 in a 浏阳市 one 浏阳市融媒体中心, 省委老干部局
    中共黑龙江省委老干部局. Only party bodies and institutions (…中心, …总队, …院), and a city's or county's bureaus
    (县文体旅游局: their kinds vary from place to place); a provincial department (…厅, …局) the registry does not
    know may be a typo or a former name, and stays as written. The place must be the document's own."""
    m = _RELATIVE.match(label)
    if not m or not looks_like_agency(label) or is_collective(m.group("rest")) or label in _suffix_index():
        return None  # 市场监管局 names a kind of body, not the city's 场监管局
    local_bureau = (label.endswith("局") and m.group("level") not in ("省", "自治区") and bool(jurisdiction)
                    and jurisdiction not in province_names())
    if not m.group("party") and not _INSTITUTION.search(label) and not local_bureau:
        return None
    level = m.group("level")
    if level in ("省", "自治区"):
        place = province if province and province.endswith(level) else None
        kind = "province"
    elif jurisdiction and jurisdiction.endswith(level):  # 市X in a city's (or a municipality's) document
        place, kind = jurisdiction, "province" if jurisdiction in province_names() else _level(jurisdiction)
    elif level == "市" and all(_city_and_district(jurisdiction)):  # 市X in a district's document: its city's
        place = _city_and_district(jurisdiction)[0]
        kind = "province" if place in province_names() else "city"
    else:
        return None
    if place is None:
        return None
    if m.group("party"):
        committee = "委员会" if place.endswith("自治区") else "委"  # 中共广西壮族自治区委员会宣传部
        return f"中共{place}{committee}{m.group('rest')}", kind
    return place + m.group("rest"), kind


def local_forms(jurisdiction: str) -> tuple[str, ...]:
    """Names of a locality's own bodies: full names and the relative forms its documents use (a name that needs
    its prefix, such as 人民银行盐城市分行, only with it), its city's bodies named without 市 and its branches."""
    prefix = jurisdiction[-1]
    forms = [f"团{prefix}委", f"共青团{jurisdiction}委员会"]
    for suffix, kinds in _suffix_index().items():
        if _local_type(suffix) is not None:
            forms += [jurisdiction + suffix, prefix + suffix]
        forms += [p + jurisdiction + suffix for t in kinds for p in (t.prefix, *t.written_prefixes) if p]
    city, district = _city_and_district(jurisdiction)
    if city:
        forms += short_place_forms(city)
        branches = {s: t for s, t in _branch_patterns()[2].items() if not s.endswith("局")}
        places = [district, district[:-1]] if district and len(district) > 2 else [district] if district else []
        for stem, t in branches.items():
            forms += [prefix + stem + "分局"] if district else []
            forms += [place + stem + "分局" for place in places]
            forms += [head + t.suffix + place + "分局" for place in places for head in (city, "市")]
    elif jurisdiction in city_provinces():  # a prefecture: 延边金融监管分局
        forms += short_place_forms(jurisdiction)
    forms += [s for t in local_types() if t.bare for s in (t.suffix, *t.abbreviations)]
    return tuple(f for f in dict.fromkeys(forms) if f == f"团{prefix}委" or local_agency(f, jurisdiction))


@cache
def city_forms(city: str) -> tuple[str, ...]:
    """Full names of a city's bodies as other documents of its province write them (长沙市商务局, 中共长沙市委,
    延边州财政局)."""
    places = [city, *(s for s, full in city_short_names().items() if full == city and s.endswith(_PLACE_KINDS))]
    forms = [place + suffix for place in places for suffix in _suffix_index() if _local_type(suffix) is not None]
    forms += [p + place + suffix for place in places for suffix, kinds in _suffix_index().items()
              for t in kinds for p in (t.prefix, *t.written_prefixes) if p]
    return tuple(f for f in dict.fromkeys(forms) if local_agency(f, None))


def short_place_forms(city: str) -> list[str]:
    """Names of a city's bodies written without 市 (人民银行盐城中心支行, 盐城金融监管分局, 延边金融监管分局)."""
    shorts = [city.removesuffix("市")] if city.endswith("市") else [
        s for s, full in city_short_names().items() if full == city]
    kinds = [t for t in local_types() if t.short_place]
    return [p + short + s for short in shorts for t in kinds for p in ("", t.prefix, *t.written_prefixes)
            for s in (t.suffix, *t.abbreviations) if _short_place_agency(p + short + s)]


# an issuer or place named before 关于 (国务院办公厅关于…, 中共中央、国务院关于…, 吉林省关于…)
_PLACE_BEFORE_ABOUT = re.compile(
    r"^[\u4e00-\u9fff、]{2,30}?(?:省|自治区|市|县|区|州|国务院|中央|政府|办公厅|办公室|部|委|局|厅|会)(?=关于)"
)


def citation_key(title: str) -> str:
    """Identity of a cited document from its title: brackets, quotes and spaces unified, a leading place
    name before 关于 and the word 关于 itself dropped (吉林省关于X = 关于X = X)."""
    from policykg.loaders.ids import normalise_title

    key = normalise_title(title)
    key = _PLACE_BEFORE_ABOUT.sub("", key)
    return key.removeprefix("关于") or key
