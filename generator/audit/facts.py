"""Facts a rule can be checked against, read out of an existing charter.

What to look for lives in ``generator/data/charter_facts.yaml`` (reviewable patterns, not
Python literals). Each fact keeps the article it came from and the sentence verbatim, so a
report can say "第十八条：理事会每两年召开一次会议" and the reader can find it.

A fact states the charter's own rule: ``governance.council_size = 150`` means "the charter
caps the council at 150", which satisfies a regulation's cap of 150 exactly as a profile with
150 directors would. Where the profile has the same notion the key is the profile field path,
so ``profile_facts()`` is a flat mapping the generator's compliance check can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.audit.reader import Article, Charter
from generator.audit.vocabulary import BROKEN_LINE, reading
from kb.errors import XuehuiError
from kb.numerals import to_fraction, to_int

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "charter_facts.yaml"
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_SENTENCE_END = re.compile(r"(?<=[。；;])|\n")
_NEGATION = "不未无非"


@dataclass(frozen=True)
class FactSpec:
    key: str
    label: str
    parse: str
    patterns: tuple[re.Pattern[str], ...]
    subject: str | None = None
    unit: str | None = None
    choices: tuple[tuple[str, Any], ...] = ()
    value: Any = None
    article_requires: re.Pattern[str] | None = None
    charter_requires: re.Pattern[str] | None = None  # said in some article of the charter
    power_items: re.Pattern[str] | None = None
    holder: re.Pattern[str] | None = None  # the office the value must belong to
    offices: re.Pattern[str] | None = None  # every office a value could belong to


@dataclass
class Fact:
    """One thing the charter says, with where it says it."""

    key: str
    label: str
    value: Any
    display: str  # the value as a person reads it: 5年, 每半年1次, 2/3以上
    article: Article | None
    quote: str  # the sentence verbatim (or a note for a derived fact)
    subject: str | None = None
    unit: str | None = None
    derived: bool = False  # inferred (e.g. a 监事会 without a stated size counts as 3)
    pattern: int = -1  # index of the pattern that matched (same pattern = same phrasing)
    matched: str = ""  # the matched words (spaces removed)
    raw: str = ""  # the value as written: 6, 七十五, 三分之一
    others: list[Fact] = field(default_factory=list)  # the same fact stated again elsewhere

    @property
    def occurrences(self) -> list[Fact]:
        """This statement and every other one of the same fact, in charter order."""
        return [self, *self.others]

    @property
    def citation(self) -> str:
        return self.article.citation if self.article else ""

    def to_dict(self) -> dict:
        value = float(self.value) if isinstance(self.value, Fraction) else self.value
        return {
            "key": self.key,
            "label": self.label,
            "value": value,
            "display": self.display,
            "article": self.citation,
            "quote": self.quote,
            "subject": self.subject,
            "unit": self.unit,
            "derived": self.derived,
        }


@lru_cache(maxsize=4)
def _data(path: Path = DATA_FILE) -> dict[str, Any]:
    """charter_facts.yaml, read once."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def load_specs(path: Path = DATA_FILE) -> tuple[FactSpec, ...]:
    """The fact patterns, compiled; a broken pattern is reported with its fact key."""
    raw = _data(path)
    macros = raw.get("macros", {})
    specs = []
    for entry in raw["facts"]:
        patterns = []
        for text in entry["patterns"]:
            expanded = text
            for name, body in macros.items():
                expanded = expanded.replace("{" + name + "}", body)
            try:
                patterns.append(re.compile(expanded))
            except re.error as err:
                raise XuehuiError(
                    f"事实 {entry['key']} 的匹配式有误：{err}", where=str(path)
                ) from err
        requires = entry.get("article_requires")
        anywhere = entry.get("charter_requires")
        items = entry.get("power_items")
        holder = entry.get("holder")
        specs.append(
            FactSpec(
                key=entry["key"],
                label=entry["label"],
                parse=entry["parse"],
                patterns=tuple(patterns),
                subject=entry.get("subject"),
                unit=entry.get("unit"),
                choices=tuple((entry.get("choices") or {}).items()),
                value=entry.get("value"),
                article_requires=re.compile(requires) if requires else None,
                charter_requires=re.compile(anywhere) if anywhere else None,
                power_items=re.compile(items) if items else None,
                holder=re.compile(holder) if holder else None,
                offices=re.compile(raw["offices"]) if holder else None,
            )
        )
    return tuple(specs)


def parse_number(text: str) -> int:
    """A count as written in a charter (七十, 70, ７０); ValueError if it is not one."""
    value = to_int(text)
    if value is None:
        raise ValueError(f"not a number: {text}")
    return value


def parse_fraction(text: str) -> Fraction:
    """2/3, 三分之二, 半数, 过半数, 60%, 百分之六十 → a Fraction (过半数 reads as 1/2)."""
    value = Fraction(1, 2) if text == "多数" else to_fraction(text)
    if value is None:
        raise ValueError(f"not a fraction: {text}")
    return value


_PER_YEAR = {"半年": Fraction(2), "季度": Fraction(4), "季": Fraction(4), "月": Fraction(12)}


def parse_frequency(per: str, times: str, term_years: int | None) -> Fraction:
    """每半年1次 → 2, 每两年一次 → 1/2, 每届一次 (5-year term) → 1/5: meetings a year."""
    count = Fraction(parse_number(times))
    if per in _PER_YEAR:
        return count * _PER_YEAR[per]
    if per == "届":
        return count / (term_years or 5)
    if per.endswith("个月"):  # 每六个月 → twice a year
        return count * 12 / (parse_number(per[:-2]) if per[:-2] else 1)
    years = per[:-1]  # "两年" → "两", "年" → ""
    return count / (parse_number(years) if years else 1)


@lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[tuple[str, str], ...]:
    """The sentences of an article, verbatim, each with the twin rules are matched against:
    spaces removed, names and characters in their usual forms (``vocabulary.reading``).
    Cached: every fact spec reads every article again."""
    text = BROKEN_LINE.sub("", text)
    return tuple(
        (part, reading(_SPACES.sub("", part)))
        for part in (p.strip(" \t\u3000\xa0") for p in _SENTENCE_END.split(text))
        if part
    )


def _display(spec: FactSpec, value: Any, matched: str) -> str:
    if spec.parse == "number":
        unit = spec.unit or ""
        if matched and matched != str(value):  # 六年 as the charter writes it, and 6年
            return f"{matched}{unit}（{value}{unit}）"
        return f"{value}{unit}"
    if spec.parse == "fraction":
        return matched
    if spec.parse == "frequency":
        return f"{matched}（折合每年{_fmt(value)}次）"
    return matched  # choice, text, list, flag: the words as the charter writes them


def _fmt(value: Fraction) -> str:
    return str(int(value)) if value.denominator == 1 else f"{float(value):.2f}".rstrip("0")


def _value(spec: FactSpec, match: re.Match[str], term_years: int | None) -> tuple[Any, str]:
    """The value a match states, and the words to show for it."""
    groups = match.groupdict()
    if spec.parse == "flag":  # shown: the words of a longer match that say it
        return spec.value, groups.get("shown") or match.group(0)
    if spec.parse == "frequency":
        value = parse_frequency(groups["per"], groups["times"], term_years)
        return value, match.group(0)[match.start("per") - match.start() - 1 :]
    raw = groups.get("value") or match.group(0)
    if spec.parse == "text":
        return raw, raw
    if spec.parse == "list":
        items = [i for i in re.split(r"[、，,和及与]", raw) if i]
        return items, raw
    if spec.parse == "number":
        return parse_number(raw), raw
    if spec.parse == "fraction":
        after = match.string[match.end("value") : match.end("value") + 2]
        shown = raw + ("以上" if after.startswith("以上") else "以内" if after == "以内" else "")
        return parse_fraction(raw), shown
    for wording, value in spec.choices:  # choice: shown in the charter's sentence
        if wording in raw:  # (监事长1名,由理事会选举产生), not as the bare word 理事会
            return value, match.group(0) if len(match.group(0)) <= 40 else raw
    raise ValueError(raw)


def _matches(spec: FactSpec, text: str, term_years: int | None):
    """Every statement of the fact in one article's text: (pattern, sentence, match, value)."""
    if spec.article_requires and not spec.article_requires.search(reading(text)):
        return
    parts = sentences(text)
    for index, pattern in enumerate(spec.patterns):
        for number, (original, compact) in enumerate(parts):
            for match in pattern.finditer(compact):
                if match.start() and compact[match.start() - 1] in _NEGATION:
                    continue  # 不设监事会, 未设立常务理事会
                if spec.holder is not None:
                    # the article up to the value: whose value it is (_belongs)
                    before = "".join(c for _o, c in parts[:number]) + compact[: match.end()]
                    if not _belongs(spec, before):
                        continue
                try:
                    value, shown = _value(spec, match, term_years)
                except (ValueError, KeyError, ZeroDivisionError):
                    continue
                yield index, original, match, value, shown


def _belongs(spec: FactSpec, text: str) -> bool:
    """Whether a value read at the end of ``text`` belongs to the spec's office: the subject of
    the nearest clause that names an office, with the offices listed beside it (会长、副会长、
    秘书长必须具备…：…年龄不超过70周岁 is each one's limit; 秘书长由理事长提名，…年龄不超过72周岁
    is the 秘书长's)."""
    if spec.offices is None:
        return True
    for clause in reversed(re.split(r"[，,。；;：:\n]", text)):
        named = list(spec.offices.finditer(clause))
        if not named:
            continue
        run = named[0].group(0)
        for earlier, later in zip(named, named[1:], strict=False):
            if not re.fullmatch(r"[、和及与或]?", clause[earlier.end() : later.start()]):
                break
            run += later.group(0)
        return spec.holder.search(run) is not None
    return True


def _find(spec: FactSpec, charter: Charter, term_years: int | None) -> Fact | None:
    """The fact as first stated (earliest pattern wins), with its other statements."""
    found: list[Fact] = []
    seen: set[tuple[int, str, int]] = set()
    if spec.charter_requires and not any(
        spec.charter_requires.search(reading(a.text)) for a in charter.articles
    ):
        return None
    for article in charter.articles:
        for index, original, match, value, shown in _matches(spec, article.text, term_years):
            # one statement per sentence, except lists: 设置A，安排B are two items
            where = (article.index, original, match.start() if spec.parse == "list" else 0)
            if where in seen:
                continue
            seen.add(where)
            raw = match.groupdict().get("value") or ""
            found.append(
                Fact(
                    key=spec.key,
                    label=spec.label,
                    value=value,
                    display=_display(spec, value, shown),
                    article=article,
                    quote=original,
                    subject=spec.subject,
                    unit=spec.unit,
                    pattern=index,
                    matched=match.group(0),
                    raw=raw,
                )
            )
    if not found and spec.power_items is not None:
        found = _in_powers(spec, charter)
    if not found:
        return None
    first = min(found, key=lambda f: (f.pattern, f.article.index if f.article else 0))
    first.others = [f for f in found if f is not first]
    if spec.parse == "list":  # every statement adds items: 设立A委员会 … 设立B委员会
        first.value = list(dict.fromkeys(i for f in found for i in f.value))
    return first


# a body's list of powers: 会员大会的职权是：, 理事会的职权：, 理事会行使下列职权：
POWERS = re.compile(
    r"(?P<body>常务理事会|理事会|会员代表大会|会员大会)(?:的)?(?:职权|职责)(?:是|为|如下|包括|有|[：:])"
    r"|(?P<other>常务理事会|理事会|会员代表大会|会员大会)(?:行使下列职权|[，,]其职权(?:是|为|如下))"
)


def _in_powers(spec: FactSpec, charter: Charter) -> list[Fact]:
    """The fact as an item of a body's list of powers (会员大会的职权是：…（三）选举和罢免会长):
    the body is the value."""
    found = []
    for article in charter.articles:
        text = reading(_SPACES.sub("", article.text))
        heading = POWERS.search(text)
        if heading is None:
            continue
        body = heading.group("body") or heading.group("other")
        item = spec.power_items.search(text, heading.end())
        value = next((v for wording, v in spec.choices if wording == body), None)
        if item is None or value is None:
            continue
        line = next(
            (ln for ln in article.text.splitlines() if item.group(0)[:4] in reading(ln)), ""
        )
        found.append(
            Fact(
                key=spec.key,
                label=spec.label,
                value=value,
                display=f"{body}的职权：{item.group(0)}",
                article=article,
                quote=line.strip() or item.group(0),
                subject=spec.subject,
                unit=spec.unit,
                pattern=len(spec.patterns),
                matched=item.group(0),
            )
        )
    return found


def statements(key: str, text: str) -> list[tuple[int, str, Any]]:
    """Where an article text (e.g. a generated one) states fact ``key``:
    (pattern index, sentence verbatim, value)."""
    spec = next((s for s in load_specs() if s.key == key), None)
    if spec is None:
        return []
    return [
        (index, original, value) for index, original, _m, value, _s in _matches(spec, text, None)
    ]


def extract_facts(charter: Charter) -> dict[str, Fact]:
    """Every fact the charter states, by key, in the order of the data file."""
    facts: dict[str, Fact] = {}
    term_years = None
    for spec in load_specs():
        fact = _find(spec, charter, term_years)
        if fact is not None:
            facts[spec.key] = fact
            if spec.key == "governance.term_years":
                term_years = fact.value
    _derive_supervisors(facts)
    _offices_without_duties(facts, charter)
    return facts


def _offices_without_duties(facts: dict[str, Fact], charter: Charter) -> None:
    """Duties stated for some offices only: charter.duties_defined is false, naming the rest."""
    fact = facts.get("charter.duties_defined")
    if fact is None:
        return
    raw = _data()
    text = "\n".join(reading(_SPACES.sub("", a.text)) for a in charter.articles)
    missing = [
        office
        for office, pattern in (raw.get("offices_with_duties") or {}).items()
        if re.search(pattern, text)
        and not re.search(raw["duties"].replace("{office}", f"(?:{pattern})"), text)
    ]
    if missing:
        fact.value = False
        fact.display = f"未载明{'、'.join(missing)}的职责"


def _derive_supervisors(facts: dict[str, Fact]) -> None:
    """A 监事会 without a stated size has at least 3 members, a lone 监事 at least 1."""
    board = facts.get("charter.supervisory_board")
    if board is None or "governance.supervisors" in facts:
        return
    count = 3 if board.value == "监事会" else 1
    facts["governance.supervisors"] = Fact(
        key="governance.supervisors",
        label="监事人数",
        value=count,
        display=f"{board.value}（未写明人数，按{count}人计）",
        article=board.article,
        quote=board.quote,
        subject="supervisors.min_count",
        unit="人",
        derived=True,
    )


def profile_facts(facts: dict[str, Fact]) -> dict[str, Any]:
    """The facts whose key is a profile field path, as the flat mapping compliance reads.

    Meeting frequencies stay fractions (a council meeting every two years is 0.5 a year),
    which a profile cannot hold but a comparison can.
    """
    out: dict[str, Any] = {}
    for key, fact in facts.items():
        if key.startswith("charter."):
            continue
        value = fact.value
        if isinstance(value, Fraction):
            value = int(value) if value.denominator == 1 else float(value)
        out[key] = value
    return out
