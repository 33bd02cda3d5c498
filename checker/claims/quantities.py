"""Numbers, durations, dates, money and percentages of a sentence, normalised for comparison.

Input: a parsed sentence (spaCy ``Doc``, NER labels DATE, TIME, MONEY, PERCENT, CARDINAL, QUANTITY),
its offset in the article and the article's publication date. Output: ``Quantity`` objects whose
``normalized`` form compares across articles: ``"a year"``, ``"one-year"`` and ``"12 months"`` are all
``duration:365d``; ``"Tuesday"`` in an article of Wednesday 2020-06-10 is ``date:2020-06-09``;
``"nearly 4-year-old"`` is ``age:4y`` (and so agrees with "introduced in 2016" for a 2020 article).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from checker.schema import Quantity

_UNITS = {
    "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30.4375, "year": 365.25,
    "decade": 3652.5, "century": 36525,
}
_SMALL = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "half": 0.5, "several": None, "few": None, "couple": 2,
}
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}

_NUM = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(sorted(_SMALL, key=len, reverse=True)) + r")"
_DURATION = re.compile(
    rf"\b(?P<num>{_NUM})(?:\s+(?P<scale>hundred|thousand|million))?[\s-]+(?P<unit>minute|hour|day|week|month|"
    r"year|decade|century)s?(?P<old>[\s-]+old)?\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH_DAY = re.compile(
    r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?P<num>{_NUM})\s*(?:%|per\s*cent|percent)", re.IGNORECASE)
_MONEY = re.compile(
    r"(?P<cur>[$€£¥])\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>hundred|thousand|million|billion|trillion|"
    r"[mbk]n?)?\b", re.IGNORECASE)
_RELATIVE_YEAR = re.compile(r"\b(?P<which>last|this|next)\s+year\b", re.IGNORECASE)
_HEDGES = re.compile(r"\b(nearly|almost|about|around|roughly|approximately|some|over|more than|"
                     r"less than|under|up to|at least)\b", re.IGNORECASE)


def parse_number(token: str) -> float | None:
    """Parse ``"4"``, ``"1,200"``, ``"one"``, ``"a"`` or ``"twenty"``; ``None`` when vague (``"several"``)."""
    t = token.lower().replace(",", "")
    try:
        return float(t)
    except ValueError:
        return _SMALL.get(t)


def _weekday_date(name: str, published: date) -> date:
    """Most recent ``name`` day on or before ``published`` (news uses weekday names for this week)."""
    delta = (published.weekday() - _WEEKDAYS[name]) % 7
    return published - timedelta(days=delta)


_Norm = tuple[str, float | None, str | None, str, int, int]  # kind, value, unit, normalized, start, end


def normalise_span(text: str, label: str, published: date | None) -> list[_Norm]:
    """Normalise one entity's text: ``[(kind, value, unit, normalized, start, end)]``, offsets relative."""
    out: list[_Norm] = []
    taken: list[tuple[int, int]] = []

    def add(kind, value, unit, norm, s, e):
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        out.append((kind, value, unit, norm, s, e))

    for m in _MONEY.finditer(text):
        value = parse_number(m["num"])
        scale = (m["scale"] or "").lower()
        mult = _SCALE.get(scale) or {"m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "k": 1e3}.get(scale, 1)
        if value is not None:
            cur = _CURRENCY[m["cur"]]
            add("money", value * mult, cur, f"money:{value * mult:g}{cur}", m.start(), m.end())
    for m in _PERCENT.finditer(text):
        value = parse_number(m["num"])
        if value is not None:
            add("percent", value, "%", f"percent:{value:g}", m.start(), m.end())
    for m in _DURATION.finditer(text):
        value = parse_number(m["num"])
        if value is None:
            continue
        value *= _SCALE.get((m["scale"] or "").lower(), 1)
        unit = m["unit"].lower()
        if m["old"]:
            years = value * _UNITS[unit] / 365.25
            add("age", round(years, 2), "year", f"age:{years:g}y", m.start(), m.end())
        else:
            days = value * _UNITS[unit]
            add("duration", round(days, 2), "day", f"duration:{round(days):g}d", m.start(), m.end())
    for m in _MONTH_DAY.finditer(text):
        month = _MONTHS[m["month"].lower().rstrip(".")[:4] if m["month"].lower().startswith("sept")
                        else m["month"].lower()[:3]]
        year = int(m["year"]) if m["year"] else (published.year if published else None)
        try:
            day = int(m["day"])
            if year is not None:
                d = date(year, month, day)
                if not m["year"] and published and d > published + timedelta(days=7):
                    d = date(year - 1, month, day)  # "May 25" in a June article is this year's
                add("date", None, None, f"date:{d.isoformat()}", m.start(), m.end())
            else:
                add("date", None, None, f"date:--{month:02d}-{day:02d}", m.start(), m.end())
        except ValueError:
            pass
    for name in _WEEKDAYS:
        for m in re.finditer(rf"\b{name}\b", text, re.IGNORECASE):
            norm = f"date:{_weekday_date(name, published).isoformat()}" if published else f"weekday:{name}"
            add("date", None, None, norm, m.start(), m.end())
    for m in _RELATIVE_YEAR.finditer(text):
        if published is None:
            continue
        offset = {"last": -1, "this": 0, "next": 1}[m["which"].lower()]
        if offset == 1 and text[: m.start()].lower().rstrip().endswith("the"):
            continue  # "the next year" is a duration, found above only when spelled with a number
        add("year", float(published.year + offset), None, f"year:{published.year + offset}", m.start(), m.end())
    for m in _YEAR.finditer(text):
        add("year", float(m.group(1)), None, f"year:{m.group(1)}", m.start(), m.end())
    if label in ("CARDINAL", "QUANTITY") and not out:
        words = text.split()
        nums = [parse_number(w) for w in words]
        values = [n for n in nums if n is not None]
        if values:
            value = values[0]
            for w in words:
                value *= _SCALE.get(w.lower(), 1)
            add("number", value, None, f"number:{value:g}", 0, len(text))
    return out


def extract_quantities(doc, offset: int, published: date | None) -> list[Quantity]:
    """Return the normalised quantities of a parsed sentence, with offsets into the article text."""
    found: list[Quantity] = []
    seen: set[tuple[int, int]] = set()
    spans = [(e.start_char, e.end_char, e.label_, e) for e in doc.ents
             if e.label_ in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY")]
    spans.append((0, len(doc.text), "TEXT", None))  # durations and dates NER missed
    for s, e, label, ent in spans:
        text = doc.text[s:e]
        for kind, value, unit, norm, rs, re_ in normalise_span(text, label, published):
            a, b = s + rs, s + re_
            if any(a < y and x < b for x, y in seen):
                continue
            seen.add((a, b))
            if kind == "number" and ent is not None:
                head = ent.root.head if ent.root.dep_ in ("nummod", "quantmod") else None
                unit = head.lemma_.lower() if head is not None and head.pos_ == "NOUN" else None
                norm = f"number:{value:g}" + (f":{unit}" if unit else "")
            hedge = bool(_HEDGES.search(doc.text[max(0, a - 20):a]))
            found.append(Quantity(
                kind=kind, text=doc.text[a:b], start=offset + a, end=offset + b, value=value, unit=unit,
                normalized=norm + ("~" if hedge else ""),
            ))
    found.sort(key=lambda q: q.start)
    return found
