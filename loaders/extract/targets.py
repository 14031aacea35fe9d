"""Targets: quantified commitments with a deadline — value, unit, comparator, deadline, indicator."""

import re
from datetime import date
from decimal import Decimal

from policykg.loaders.facts import Span, Target
from policykg.loaders.patterns import words

_UNITS = "|".join(sorted((re.escape(u) for u in words("targets", "units")), key=len, reverse=True))
_VALUE = re.compile(
    rf"(?P<pre>不少于|不低于|不超过|不高于|至少|低于|超过|达到|提高到|提升到|增加到|控制在|保持在|稳定在|近|约)?"
    rf"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|％|{_UNITS})(?P<post>以上|以下|以内|左右)?"
)
_COVER_ALL = re.compile(
    r"(?:实现|基本实现|达到)?(?:全覆盖|全部覆盖|全部完成|全面完成|完成对?全部"
    r"|覆盖(?:全[国省市区县])?(?:所有|全部|每个)(?P<what>[^，。；]{0,20})"
    r"|(?:^|(?<=[，,]))所有(?=[\u4e00-\u9fff]{2,12}(?:开设|建成|具备|能够|实现|达到|配备)))"
)
_COVER_PCT = re.compile(r"覆盖(?P<num>\d+(?:\.\d+)?)\s*[%％](?:以上)?的(?P<what>[^，。；]{1,20})")
_DEADLINE = re.compile(
    r"(?P<prefix>截至|截止|到|至|在|于|力争到|力争)?(?:(?P<year>20\d\d)\s*年(?:(?P<month>\d{1,2})\s*月)?"
    r"(?P<end>底|末|年底|年末)?(?P<before>前|以前)?|[“\"]?(?P<plan>十[二三四五六七])五[”\"]?(?:时期|期间)?(?P<planend>末|期末)?"
    r"|(?P<thisyear>年内|今年|本年度|当年|(?<![\d〇零一二三四五六七八九十]年)(?:年底前|年底|全年)))"
)
_FIVE_YEAR_END = {"十二": 2015, "十三": 2020, "十四": 2025, "十五": 2030, "十六": 2035, "十七": 2040}


def _deadline(m: re.Match[str], document_date: date | None = None) -> date | None:
    """End date of a deadline expression (年内, 年底前, 全年 = the end of the document's year)."""
    if m.group("thisyear"):
        return date(document_date.year, 12, 31) if document_date else None
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


def _clauses(text: str, span: Span) -> list[Span]:
    """Sentences of the span (split at 。；)."""
    out, start = [], span.start
    for i in range(span.start, span.end + 1):
        if i == span.end or text[i] in "。；;！？":
            if i > start:
                out.append(Span(start, i))
            start = i + 1
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
    before the deadline are the situation it starts from). ``this_year``: accept 年内 as a deadline."""
    out: list[Target] = []
    for clause in _clauses(text, span):
        sentence = clause.of(text)
        deadlines = [m for m in _DEADLINE.finditer(sentence) if m.group("year") or m.group("plan")
                     or (m.group("thisyear") and document_date
                         and (this_year or sentence[max(0, m.start() - 2):m.start()] in ("计划", "力争", "确保")))]
        deadlines = [m for m in deadlines if (m.group("prefix") or "") not in words("targets", "past_markers")]
        if not deadlines:
            continue
        if any(p in sentence[:deadlines[0].start()] for p in ("截至", "截止")):
            continue
        taken: list[tuple[int, int]] = []
        for k, dl in enumerate(deadlines):
            limit = deadlines[k + 1].start() if k + 1 < len(deadlines) else len(sentence)
            out.extend(_after_deadline(text, clause, sentence, dl, limit, document_date, taken))
    return tuple(out)


def _after_deadline(text: str, clause: Span, sentence: str, dl: re.Match[str], limit: int,
                    document_date: date | None, taken: list[tuple[int, int]]) -> list[Target]:
    """Targets stated after one deadline expression, up to the next deadline of the sentence."""
    out: list[Target] = []
    due = _deadline(dl, document_date)
    if due is None or (document_date and due < document_date.replace(month=1, day=1)):
        return out
    deadline_text = dl.group(0)
    for m in _COVER_PCT.finditer(sentence, dl.end(), limit):
        s, e = clause.start + m.start(), clause.start + m.end()
        out.append(Target(Decimal(m.group("num")), "%", ">=", due, deadline_text,
                          _indicator(text, clause, s, m.group("what"), "覆盖率"), _span(clause, dl, m)))
        taken.append((s, e))
    for m in _VALUE.finditer(sentence, dl.end(), limit):
        s = clause.start + m.start()
        if (any(a <= s < b for a, b in taken) or _is_date_number(sentence, m)
                or _is_rate(text, clause, s, m.group("unit")) or _is_past(text, clause, s)):
            continue
        unit = "%" if m.group("unit") in "%％" else m.group("unit")
        counted = _counted(text, clause.start + m.end(), clause.end) if unit != "%" else ""
        indicator = counted or _indicator(text, clause, s)
        out.append(Target(Decimal(m.group("num")), unit, _comparator(m.group("pre") or "", m.group("post") or ""),
                          due, deadline_text, indicator, _span(clause, dl, m)))
    for m in _COVER_ALL.finditer(sentence, dl.end(), limit):
        s = clause.start + m.start()
        if any(a <= s < b for a, b in taken):
            continue
        what = (m.group("what") or "").strip()
        out.append(Target(Decimal(100), "%", ">=", due, deadline_text,
                          _indicator(text, clause, s, what, "覆盖率"), _span(clause, dl, m)))
    return out


_COUNTED_END = re.compile(r"[，,。；;、（(]|实施|发放|开展|进行|提供|给予|建设|完成|以上|以下|左右")


def _counted(text: str, start: int, end: int) -> str:
    """What a count counts: the noun phrase right after the unit (7000户困难老年人 → 困难老年人)."""
    rest = text[start:end]
    m = _COUNTED_END.search(rest)
    phrase = rest[:m.start()] if m else rest
    phrase = phrase.strip("的 ")[:16]
    return phrase if len(phrase) >= 2 and "\u4e00" <= phrase[0] <= "\u9fff" else ""


def _before_in_clause(text: str, clause: Span, start: int) -> str:
    """The words between the last comma before ``start`` and ``start``."""
    k = max(text.rfind(c, clause.start, start) for c in "，,")
    return text[max(k + 1, clause.start):start]


def _is_rate(text: str, clause: Span, start: int, unit: str) -> bool:
    """True for a subsidy rate or cap (每户补助2000元, 每平方米1000元, 最高不超过50万元), which is not a target."""
    money = unit.endswith("元")
    return money and any(w in _before_in_clause(text, clause, start) for w in words("targets", "rate_markers"))


def _is_past(text: str, clause: Span, start: int) -> bool:
    """True for a figure already reached (目前已完成18个, 累计建成…)."""
    before = _before_in_clause(text, clause, start)
    return any(w in before for w in ("已", "目前", "截至", "截止"))


def _is_date_number(sentence: str, m: re.Match[str]) -> bool:
    """True for numbers that are part of a date or an age (2025年, 65岁)."""
    after = sentence[m.end("num"):m.end("num") + 1]
    return after in ("年", "月", "日", "岁", "周")


def _span(clause: Span, deadline: re.Match[str], value: re.Match[str]) -> Span:
    """Minimal span covering the deadline expression and the value expression."""
    start = min(deadline.start(), value.start())
    end = max(deadline.end(), value.end())
    return Span(clause.start + start, clause.start + end)
