"""Targets: quantified commitments with a deadline — value, unit, comparator, deadline, indicator."""

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from policykg.loaders.facts import Span, Target
from policykg.loaders.patterns import words


def _alt(key: str) -> str:
    """A regex alternation of one [targets] word list of the patterns file (longest first)."""
    return "|".join(re.escape(w) for w in words("targets", key))


def _behind(key: str) -> str:
    """Negative lookbehinds for each word of a [targets] word list."""
    return "".join(f"(?<!{re.escape(w)})" for w in words("targets", key))


_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_SCALES = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = r"(?<![第每零〇一二两三四五六七八九十百千万])[一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*"
_UNITS = "|".join(sorted((re.escape(u) for u in words("targets", "units")), key=len, reverse=True))
_VALUE = re.compile(
    rf"(?P<pre>{_alt('value_prefixes')})?"
    rf"(?:(?P<num>\d+(?:\.\d+)?|{_CN_NUMBER})\s*(?P<unit>%|％|{_UNITS})|(?P<half>一半))"
    rf"(?P<post>{_alt('value_suffixes')})?"
)
_SUBJECT = r"[\u4e00-\u9fff（）()、]"
_COVER_ALL = re.compile(
    rf"(?:实现|基本实现|达到)?(?:{_alt('complete_words')}|全部达到(?![\d一二两三四五六七八九十])"
    rf"|覆盖(?P<where>[^，。；\d]{{0,12}}?)(?:全[国省市区县])?(?:所有|全部|每个)(?P<what>[^，。；]{{0,20}})"
    rf"|(?P<whole>完成全[国省市区县])(?=[\u4e00-\u9fff])"
    r"|(?:^|(?<=[，,]))完成(?=(?P<task>[^，。；\d]{0,8}(?:20\d\d年[^，。；\d]{0,30})?任务)$)"
    rf"|(?:^|(?<=[，,]))(?:全[国省市区县])?(?:{_alt('all_subjects')})"
    rf"(?=(?P<all>{_SUBJECT}{{2,12}}?)(?:{_alt('all_verbs')}))"
    rf"|(?:^|(?<=[，,]))(?:{_alt('each_subjects')})(?=(?P<each>{_SUBJECT}{{1,10}}?)(?:{_alt('each_verbs')})))"
)
_COVER_PCT = re.compile(r"覆盖(?P<num>\d+(?:\.\d+)?)\s*[%％](?:以上)?的(?P<what>[^，。；]{1,20})")
_DEADLINE = re.compile(
    rf"(?P<prefix>截至|截止|到|至|在|于|力争到|力争)?(?:{_behind('baseline_markers')}(?P<year>20\d\d)\s*年"
    r"(?:(?P<month>\d{1,2})\s*月)?(?P<end>底|末|年底|年末)?(?P<before>前|以前)?"
    r"|[“\"]?(?P<plan>十[二三四五六七])五[”\"]?(?:时期|期间)?(?P<planend>末|期末)?"
    r"|(?P<thisyear>年内|今年|本年度|当年|(?<![\d〇零一二三四五六七八九十]年)(?:年底前|年底|全年))"
    r"|(?<![\d年每月])(?P<mdmonth>\d{1,2})\s*月(?:(?P<mdday>\d{1,2})\s*日|(?P<mdend>底|末))?(?:前|以前))"
)
_VALIDITY = re.compile(rf"(?:{_alt('validity_words')})[^。\n]{{0,16}}?(?P<year>20\d\d)\s*年")
_TITLE = re.compile(r"《[^《》]*》")
_ATTRIBUTIVE = re.compile(rf"(?:{_alt('attributive_verbs')})的")
_FIVE_YEAR_END = {"十二": 2015, "十三": 2020, "十四": 2025, "十五": 2030, "十六": 2035, "十七": 2040}
_PERIOD = re.compile(r"(?P<first>20\d\d)\s*(?:[—–\-－~至到]\s*(?P<last>20\d\d)\s*)?年(?P<season>度)?")
_RANGE_FROM = re.compile(r"(?P<first>20\d\d)\s*[—–\-－~至到]\s*$")
_PERIOD_TO = re.compile(r"20\d\d\s*年?\s*[—–\-－~至到]\s*$")
_PERIOD_FROM = re.compile(r"\s*[—–\-－~至到]\s*20\d\d")
_LABEL = re.compile(rf"\s*(?:{_alt('deadline_labels')})\s*[：:](?P<rest>[^\n]*)")
_LABEL_LINE = re.compile(r"\s*[\u4e00-\u9fff]{2,8}\s*[：:]")
_RATIO = re.compile(
    rf"每(?!一(?![百千万]))(?P<den>(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)[^，。；、\d每]{{0,6}}?)(?:{_alt('ratio_verbs')})?$"
)
_RAISED = re.compile(rf"(?:{_alt('raise_verbs')})(?:每[\u4e00-\u9fff]{{1,2}}?)+$")
_RELATIVE = re.compile(rf"(?P<word>{_alt('value_prefixes')})[^，。；\d]{{1,20}}的$")
_SCOPE = re.compile(rf"[^，,。；\d]{{1,16}}?(?:{_alt('scope_words')})")
# 每年汛前至少开展1次 recurs; not the period of a per-capita rate (每人每月810元)
_RECURRING = re.compile(rf"(?<!每[\u4e00-\u9fff])(?:{_alt('recurring')})")
_COUNTED_END = re.compile(r"[，,。；;、（(]|实施|发放|开展|进行|提供|给予|建设|完成|以上|以下|左右")

Due = tuple[date, str]  # a deadline and the words that state it
Reading = tuple[Decimal, str, str, str]  # value, unit, comparator, indicator
Default = tuple[date, str, bool, bool]  # a deadline for undated clauses, its words, (only for annual quotas,
# only for values with a comparator)


def _deadline(m: re.Match[str], document_date: date | None = None) -> date | None:
    """End date of a deadline expression (年内, 年底前, 全年 = the end of the document's year)."""
    if m.group("thisyear"):
        return date(document_date.year, 12, 31) if document_date else None
    if m.group("mdmonth"):
        return _month_day(m, document_date)
    if m.group("plan"):
        return date(_FIVE_YEAR_END[m.group("plan")], 12, 31)
    year = int(m.group("year"))
    if m.group("month"):
        month = int(m.group("month"))
        if not 1 <= month <= 12:
            return None
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return date(year, 12, 31)


def _month_day(m: re.Match[str], document_date: date | None) -> date | None:
    """A deadline written without its year (10月15日前, 3月底前): the next such day after the document's date."""
    month, day = int(m.group("mdmonth")), int(m.group("mdday") or 0)
    if document_date is None or not 1 <= month <= 12:
        return None
    year = document_date.year
    for candidate in (year, year + 1):
        last = date.fromordinal(date(candidate + (month == 12), month % 12 + 1, 1).toordinal() - 1)
        try:
            due = last if not day else date(candidate, month, day)
        except ValueError:
            return None
        if due >= document_date:
            return due
    return None


def _sentences(text: str, span: Span) -> list[list[Span]]:
    """Sentences of the span (split at 。！？), each as its clauses (split at ；)."""
    out: list[list[Span]] = []
    parts: list[Span] = []
    start = span.start
    for i in range(span.start, span.end + 1):
        last = i == span.end
        if last or text[i] in "。；;！？":
            if i > start:
                parts.append(Span(start, i))
            start = i + 1
            if (last or text[i] in "。！？") and parts:
                out.append(parts)
                parts = []
    return out


def _comparator(pre: str, post: str) -> str:
    """Comparator from the words around a value."""
    if pre in words("targets", "less_or_equal") or post in ("以下", "以内"):
        return "<="
    if pre in words("targets", "approximately") or post == "左右":
        return "="
    return ">="


def _indicator(text: str, clause: Span, start: int, what: str = "", suffix: str = "") -> str:
    """Short noun phrase for what a target counts: the words before it, or the topic of the clause."""
    sub_start = clause.start
    for sep in "，,":
        k = text.rfind(sep, clause.start, start)
        sub_start = max(sub_start, k + 1)
    before = text[sub_start:start]
    before = _DEADLINE.sub("", before).strip("，、 ")
    before = re.split(r"》|号[）)]", before)[-1]  # not the tail of a citation
    listed = [m for m in _VALUE.finditer(before) if (m.group("num") or "x")[0].isdigit()
              and before.startswith("、", m.end())]
    if listed and len(before) - listed[-1].end() > 4:  # 重点村镇30个以上、自治区级乡村旅游重点村100个
        before = before[listed[-1].end() + 1:]
    before = re.sub(r"(?:实现|达到|提高到|提升到|增加到|不少于|不低于|超过|控制在|保持在|稳定在|为|的)$", "", before)
    phrase = _trim(before)
    if len(phrase) <= 3:
        topic = _topic(text, clause, sub_start) or _heading(text, clause)
        phrase = topic if phrase and phrase in topic else topic + phrase
    return (phrase + what + suffix).strip("，、 ") or "目标"


def _heading(text: str, clause: Span) -> str:
    """The short heading sentence a measure starts with (开展困难老年人家庭适老化改造。…), if any."""
    line_start = text.rfind("\n", 0, clause.start) + 1
    stop = text.find("。", line_start)
    head = text[line_start:stop] if 0 <= stop - line_start <= 24 else ""
    return _trim(re.sub(r"^(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]+[)）、.．])", "", head))


def _topic(text: str, clause: Span, before: int) -> str:
    """The object of the nearest earlier comma-clause with words of its own (deadlines skipped)."""
    end = before - 1
    while end > clause.start:
        k = text.rfind("，", clause.start, end)
        start = k + 1 if k >= 0 else clause.start
        prev = _trim(_DEADLINE.sub("", text[start:end]))
        if prev.startswith(("按照", "根据", "依据", "为落实", "对照")):
            prev = ""
        if prev:
            return prev.split("由", 1)[0].rsplit("的", 1)[-1][-16:]
        end = k
    return ""


def _trim(phrase: str) -> str:
    """A phrase without leading verbs and trailing generic words."""
    phrase = phrase.strip("，、 “”的")
    changed = True
    while changed:
        changed = False
        for verb in words("targets", "leading_verbs"):
            if phrase.startswith(verb) and len(phrase) > len(verb):
                phrase, changed = phrase[len(verb):], True
    for tail in words("targets", "trailing_words"):
        if phrase.endswith(tail) and len(phrase) > len(tail) + 1:
            phrase = phrase[: -len(tail)]
    return phrase


def find_targets(text: str, span: Span, document_date: date | None, this_year: bool = True) -> tuple[Target, ...]:
    """Targets stated inside ``span``: each value after a future deadline in the same sentence (values
    before the deadline are the situation it starts from); a deadline also covers the later ；-clauses of its
    sentence that state none, and a line's opening sentence that states none (到2027年，…进一步健全。) leads the
    later sentences of its line. ``this_year``: accept 年内 as a deadline, and let undated clauses of a measure take
    the deadline of its 完成时限 line or of the plan the document is (2025年…工作要点)."""
    out: list[Target] = []
    default = _default_deadline(text, span, document_date) if this_year else None
    multiyear = _is_multiyear(text, document_date)
    lead: Due | None = None
    for parts in _sentences(text, span):
        found, opener = len(out), None
        carried: Due | None = None
        if "\n" in parts[0].of(text):
            lead = None  # a new line
        for clause in parts:
            sentence = clause.of(text)
            titles = [(t.start(), t.end()) for t in _TITLE.finditer(sentence)]
            deadlines = [m for m in _DEADLINE.finditer(sentence)
                         if _is_deadline(sentence, m, document_date, this_year, multiyear)
                         and not any(a <= m.start() < b for a, b in titles)]  # not in 《“十四五”…规划》
            opening = sentence[:deadlines[0].start()] if deadlines else sentence
            if any(p in opening for p in ("截至", "截止")):
                carried = lead = None
                continue
            taken: list[tuple[int, int]] = []
            if not deadlines:
                due, stated = (carried, False) if carried else (lead, True) if lead else _default_for(default, sentence)
                if due is not None:
                    out.extend(_targets_in(text, clause, 0, len(sentence), due, None, taken, stated))
                continue
            carried = None
            due, stated = _default_for(default, opening)  # an annual plan dates what precedes its clause's deadline
            if due is not None and stated:
                out.extend(_targets_in(text, clause, 0, deadlines[0].start(), due, None, taken, stated))
            for k, dl in enumerate(deadlines):
                limit = deadlines[k + 1].start() if k + 1 < len(deadlines) else len(sentence)
                end = _deadline(dl, document_date)
                if end is None or _is_over(end, sentence, dl, document_date):
                    carried = lead = None
                    continue
                carried = (end, dl.group(0))
                if clause is parts[0] and k == 0 and _opens_line(sentence, dl):
                    opener = carried
                out.extend(_targets_in(text, clause, dl.end(), limit, carried, clause.start + dl.start(), taken))
        if opener and len(out) == found:
            lead = opener
    return tuple(out)


def _opens_line(sentence: str, m: re.Match[str]) -> bool:
    """True for a deadline that opens its line and is followed by a comma (到2027年，…)."""
    return not sentence[:m.start()].rsplit("\n", 1)[-1].strip() and sentence.startswith(("，", ","), m.end())


def _is_over(end: date, sentence: str, m: re.Match[str], document_date: date | None) -> bool:
    """True for a deadline before the document's year, or the end of a period that began before it (2024—2025年冬春季，
    全市累计接待…: a report of that period)."""
    if document_date is None:
        return False
    if end < document_date.replace(month=1, day=1):
        return True
    since = _RANGE_FROM.search(sentence, 0, m.start("year")) if m.group("year") else None
    return since is not None and int(since.group("first")) < document_date.year


def _is_deadline(sentence: str, m: re.Match[str], document_date: date | None, this_year: bool,
                 multiyear: bool = False) -> bool:
    """True when a deadline expression states a deadline (not 截至…, not 2000年底前建成的…, not 全年 = every year
    in a document that runs for several years)."""
    if (m.group("prefix") or "") in words("targets", "past_markers") or _ATTRIBUTIVE.match(sentence, m.end()):
        return False
    if m.group("year") and not m.group("prefix") and sentence.startswith(("是", "为"), m.end()):
        return False  # 2025年是全面完成…的收官之年: what a year is, no deadline
    if m.group("before") and sentence.startswith("已", m.end()):
        return False  # 完成2020年以前已鉴定病险水库的…: what was done before a year qualifies a thing
    if m.group("year") and sentence.startswith(tuple(words("targets", "recurring")), m.end()) \
            and _PERIOD_TO.search(sentence, 0, m.start("year")):
        return False  # 2025年至2027年每年培训…: a quota every year of a period, not a level due by its end
    if m.group("year") and _PERIOD_FROM.match(sentence, m.end()):
        return False  # the first year of a period (2025年至2027年): its last year is the deadline
    if m.group("year") or m.group("plan"):
        return True
    if m.group("mdmonth"):  # 10月15日前: a deadline only with the document's date to place it, never 每年3月底前
        return document_date is not None and not sentence[max(0, m.start() - 3):m.start()].endswith(
            tuple(words("targets", "recurring")))
    if not (m.group("thisyear") and document_date):
        return False
    if multiyear and m.group("thisyear") in words("targets", "recurring_in_multiyear"):
        return False
    return (this_year or any(sentence.endswith(w, 0, m.start()) for w in words("targets", "future_before"))
            or any(sentence.startswith(w, m.end()) for w in words("targets", "future_after")))


def _default_deadline(text: str, span: Span, document_date: date | None) -> Default | None:
    """The deadline of a measure's undated clauses: its 完成时限 line, else the year of an annual plan, else the
    last year of a multi-year plan (then only for annual quotas); a plan's year dates only values with a comparator
    (以上, 不少于, 保持在…), not bare figures that may describe the present."""
    if document_date is None:
        return None
    labelled = _labelled_deadline(text, span.end, document_date)
    if labelled is not None:
        return (*labelled, False, False) if labelled[0].year >= document_date.year else None
    period = _plan_period(text)
    if period is None or period[1] < document_date.year:
        return None
    first, last, said = period
    return date(last, 12, 31), said, first != last, True


@lru_cache(maxsize=16)  # called for every measure of the same text
def _is_multiyear(text: str, document_date: date | None) -> bool:
    """True for a document that runs beyond its own year: a plan period in its title (（2024—2027年）) or a
    validity period to a later year (有效期至2026年12月31日)."""
    period = _plan_period(text)
    if period is not None and period[0] != period[1]:
        return True
    return document_date is not None and any(int(m.group("year")) > document_date.year
                                             for m in _VALIDITY.finditer(text))


def _default_for(default: Default | None, sentence: str) -> tuple[Due | None, bool]:
    """The default deadline when it applies to an undated clause, and whether it dates only stated comparisons."""
    if default is None:
        return None, False
    end, said, quota_only, stated = default
    quota = any(w in sentence for w in words("targets", "annual_quota"))
    if not quota and (quota_only or _RECURRING.search(sentence)):
        return None, False
    return (end, said), stated


def _labelled_deadline(text: str, end: int, document_date: date) -> Due | None:
    """The deadline of a 完成时限：… line among the label lines (责任单位：…) right after a measure."""
    pos = end
    for _ in range(4):
        nl = text.find("\n", pos)
        line = text[pos:nl if nl >= 0 else len(text)]
        if line.strip():
            label = _LABEL.match(line)
            if label:
                m = _DEADLINE.search(label.group("rest"))
                due = _deadline(m, document_date) if m and m.group("year") else None
                return (due, m.group(0)) if due and m else None
            if not _LABEL_LINE.match(line):
                return None
        if nl < 0:
            return None
        pos = nl + 1
    return None


@lru_cache(maxsize=16)  # called for every measure of the same text
def _plan_period(text: str) -> tuple[int, int, str] | None:
    """First and last year of the plan a document is, from a title line near its top (平遥县2025年社会救助工作要点,
    …行动方案（2024—2027年）; a season …工作方案（2025—2026年度） is one year, its last), with the words that state
    them."""
    titles = words("targets", "plan_titles")
    for line in text[:600].splitlines():
        line = line.strip()
        if not line or len(line) > 80 or "。" in line or not any(t in line for t in titles):
            continue
        m = _PERIOD.search(line)
        if m:
            last = int(m.group("last") or m.group("first"))
            first = last if m.group("season") else int(m.group("first"))  # 2025—2026年度: one season
            return first, last, m.group(0)
    return None


def _targets_in(text: str, clause: Span, start: int, limit: int, due: Due, anchor: int | None,
                taken: list[tuple[int, int]], stated: bool = False) -> list[Target]:
    """Targets stated in ``clause`` between offsets ``start`` and ``limit``, all due by ``due``; ``anchor`` is where
    the deadline is written in the clause (None when it comes from elsewhere); ``stated``: only values with a
    comparator."""
    out: list[Target] = []
    sentence = clause.of(text)
    end, deadline_text = due
    for m in _COVER_PCT.finditer(sentence, start, limit):
        s, e = clause.start + m.start(), clause.start + m.end()
        out.append(Target(Decimal(m.group("num")), "%", ">=", end, deadline_text,
                          _indicator(text, clause, s, m.group("what"), "覆盖率"),
                          _span(text, clause, anchor, m.span())))
        taken.append((s, e))
    for m in _VALUE.finditer(sentence, start, limit):
        s = clause.start + m.start()
        if any(a <= s < b for a, b in taken):
            continue
        read = _read_value(text, clause, m, stated)
        if read is None:
            continue
        value, unit, comparator, indicator = read
        rates = _listed_rates(text, clause, s)  # 审批率、验收报备率均达到100%: one target each
        out.append(Target(value, unit, comparator, end, deadline_text, rates[0][0] if rates else indicator,
                          _span(text, clause, anchor, m.span())))
        out += [Target(value, unit, comparator, end, deadline_text, name, Span(at, clause.start + m.end()))
                for name, at in rates[1:]]
        taken.append((s, clause.start + m.end()))
    covered: set[int] = set()
    for m in _COVER_ALL.finditer(sentence[start:limit]):  # ^ = the start of the clause or right after its deadline
        at = (start + m.start(), start + m.end())
        s = clause.start + at[0]
        sub = _subclause(text, clause, s)
        if any(a <= s < b for a, b in taken) or sub.start in covered:
            continue
        if (m.group("whole") or m.group("all") or m.group("each")) and any(sub.start <= a < sub.end for a, _b in taken):
            continue  # 完成全县24处… / 各县建成1个以上…: the count is the target
        covered.add(sub.start)
        what = ((m.group("where") or "") + (m.group("what") or m.group("all") or m.group("each") or "")).strip()
        what = re.sub(r"(?:将|要|均|全面|全部)+$", "", what) or (m.group("task") or "").rsplit("的", 1)[-1]
        word = m.group(0)
        suffix = "达标率" if "达" in word else "完成率" if "完成" in word and "覆盖" not in word else "覆盖率"
        out.append(Target(Decimal(100), "%", ">=", end, deadline_text,
                          _indicator(text, clause, s, what, suffix),
                          _span(text, clause, anchor, at, sub.end if m.group("all") or m.group("each") else None)))
    return out


def _read_value(text: str, clause: Span, m: re.Match[str], stated: bool = False) -> Reading | None:
    """Value, unit, comparator and indicator of a number in a clause, or None when it is no target (a date, a rate,
    a past figure, a denominator, a qualifier of what is counted, the scope of a completeness commitment; with
    ``stated``, a bare figure without a comparator)."""
    s, e = clause.start + m.start(), clause.start + m.end()
    pre, post = m.group("pre") or "", m.group("post") or ""
    before = _before_in_clause(text, clause, s)
    if not pre and any(before.endswith(w) for w in words("targets", "not_after")):
        return None
    if m.group("half"):
        value, unit = Decimal(50), "%"
    else:
        if _is_date_number(text, clause.start + m.end("num")):
            return None
        unit = "%" if m.group("unit") in "%％" else m.group("unit")
        value = _number(m.group("num"))
        floor = any(w in before for w in words("targets", "lower_bounds"))  # 至少建有一所
        counts = (value > 1 or floor) and any(before.endswith(w) for w in words("targets", "count_verbs"))
        chinese = not m.group("num")[0].isdigit()
        if chinese and (text.startswith("性", e) or not (pre or post or unit == "倍" or counts)):
            return None  # Chinese numerals: 两次以上, 建成三个; not 一次性, 一件事
    relative = _RELATIVE.search(before) if not pre else None  # 不低于当地低保标准的1.3倍
    comparator = _comparator(relative.group("word") if relative else pre, post)
    if stated and not (pre or post or relative or _is_committed(before) or _names_counted(before, value)):
        return None
    if unit in words("targets", "duration_units") and comparator != "<=":
        return None  # 15分钟服务圈 is a name, 不超过12分钟 a limit
    if _is_rate(before, unit, pre, post) or _is_past(before):
        return None
    quota = any(w in before for w in words("targets", "annual_quota"))
    if not (pre or post) and _RECURRING.search(before) and not quota:
        return None  # 每年开展4次: what recurs with no floor or ceiling is an activity, not a level to reach
    if comparator == "<=" and any(w in before for w in words("targets", "price_words")):
        return None  # 租金不高于市场租金的90%: a standing price rule
    scope = not post and _SCOPE.match(text, e, _subclause(text, clause, e).end)
    if not pre and (scope or _is_qualifier(text, clause, e)):
        return None
    if unit == "倍" and any(before.endswith(w) for w in words("targets", "growth_verbs")):
        return value * 100, "%", comparator, _indicator(text, clause, s)  # 增加约一倍 = +100 %
    floors = words("targets", "lower_bounds")
    if (value == 1 and not pre and not post and any(w in before for w in words("targets", "each_markers"))
            and not any(w in before for w in floors)):
        return Decimal(100), "%", ">=", _indicator(text, clause, s, "", "覆盖率")  # 每个街道建成1个
    ratio = _RATIO.search(before) if not pre else None
    counted = _counted(text, e, clause.end) if unit != "%" else ""
    if ratio:
        unit = f"{unit}/{ratio.group('den')}"  # 每3万人口配置1辆救护车 → 1 辆/3万人口
    return value, unit, comparator, counted or _indicator(text, clause, s)


def _listed_rates(text: str, clause: Span, start: int) -> list[tuple[str, int]]:
    """The rates listed right before one value they share (A率、B率均达到100%), each with where it starts; none
    when the value is not shared or an item is no rate."""
    sub = _subclause(text, clause, start).start
    before = text[sub:start]
    shared = next((w for w in words("targets", "shared_value_words") if before.endswith(w)), "")
    items = before[:len(before) - len(shared)].split("、") if shared else []
    if len(items) < 2 or not all(i.endswith(words("targets", "rate_endings")) for i in items):
        return []
    starts = [sub + sum(len(i) + 1 for i in items[:k]) for k in range(len(items))]
    return list(zip(items, starts, strict=True))


def _names_counted(before: str, value: Decimal) -> bool:
    """True for a count of the names listed right before it (建成童坊河、南山河、策田河3条): the list states it."""
    items = before.split("、")
    return len(items) >= 2 and len(items) == value and all(0 < len(i) <= 12 for i in items)


def _number(num: str) -> Decimal:
    """A number written in digits or in Chinese numerals (两 → 2, 一百二十 → 120)."""
    if num[0].isdigit():
        return Decimal(num)
    total = current = 0
    for ch in num:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_SCALES[ch]
            current = 0
    return Decimal(total + current)


def _counted(text: str, start: int, end: int) -> str:
    """What a count counts: the noun phrase right after the unit (7000户困难老年人 → 困难老年人)."""
    rest = text[start:end]
    m = _COUNTED_END.search(rest)
    phrase = rest[:m.start()] if m else rest
    phrase = phrase.strip("的 ")[:16]
    return phrase if len(phrase) >= 2 and "\u4e00" <= phrase[0] <= "\u9fff" else ""


def _subclause(text: str, clause: Span, at: int) -> Span:
    """The comma-delimited part of ``clause`` around offset ``at``."""
    k = max(text.rfind(c, clause.start, at) for c in "，,")
    ends = [i for i in (text.find(c, at, clause.end) for c in "，,") if i >= 0]
    return Span(max(k + 1, clause.start), min(ends, default=clause.end))


def _before_in_clause(text: str, clause: Span, start: int) -> str:
    """The words between the last comma before ``start`` and ``start``."""
    return text[_subclause(text, clause, start).start:start]


def _is_rate(before: str, unit: str, pre: str, post: str) -> bool:
    """True for a subsidy rate or cap (每户补助2000元, 每平方米1000元, 最高不超过50万元), which is not a target; a
    standard raised to a floor (低保标准提高到每人每月810元以上) is one."""
    if not unit.endswith("元") or not any(w in before for w in words("targets", "rate_markers")):
        return False
    raised = _RAISED.search(before)
    floors = words("targets", "lower_bounds")
    return not (raised and (pre in floors or post in floors or any(w in raised.group(0) for w in floors)))


def _is_committed(before: str) -> bool:
    """True for a bare figure that a floor or an output verb before it states (至少建成两个, 新建改造公厕12座)."""
    return any(w in before for w in (*words("targets", "lower_bounds"), *words("targets", "output_verbs")))


def _is_past(before: str) -> bool:
    """True for a figure already reached (目前已完成18个, 累计建成…); not a figure the things already made are to reach
    by a deadline stated before them (年底前已建成设施正常运行率达到90%)."""
    if any(w in before for w in ("目前", "截至", "截止")):
        return True
    at = before.find("已")
    return at >= 0 and not any(m.group("prefix") not in words("targets", "past_markers")
                               for m in _DEADLINE.finditer(before, 0, at))


def _is_qualifier(text: str, clause: Span, end: int) -> bool:
    """True for a number that qualifies what another number counts (500万元以上设备更新项目300个)."""
    rest = text[end:_subclause(text, clause, end).end]
    nxt = _VALUE.search(rest)
    if nxt is None or nxt.group("half"):
        return False
    between = rest[:nxt.start()]
    return bool(between) and not re.search(r"[、和及与并或]", between) and not _is_date_number(
        text, end + nxt.end("num"))


def _is_date_number(text: str, after: int) -> bool:
    """True for numbers that are part of a date or an age (2025年, 65岁); ``after`` is where the number ends."""
    return text[after:after + 1] in ("年", "月", "日", "岁", "周")


def _span(text: str, clause: Span, anchor: int | None, value: tuple[int, int], end: int | None = None) -> Span:
    """Minimal span covering the deadline expression and the value expression (the value's comma-clause when the
    deadline is written elsewhere); ``value`` is where the value is in the clause; ``end`` overrides where it ends
    (所有X开通… to the end of its comma-clause)."""
    start, end = clause.start + value[0], end or clause.start + value[1]
    if anchor is None:
        return Span(_subclause(text, clause, start).start, end)
    return Span(min(anchor, start), end)
