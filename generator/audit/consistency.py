"""Whether a charter agrees with itself: checks that need no regulation at all.

A lawyer reading a charter notes more than the rules it breaks: the society's name written
two ways, 会员大会 in one article and 会员代表大会 in the next, a template's options or notes
left in ("会员大会（或会员代表大会）", "[会长…]"), items numbered （六）（八）, a reference to
an article the charter does not have, wording kept from an older model (邓小平理论, 社团管理
机关) and two articles giving the same power to different bodies. What to look for is data
(``generator/data/charter_consistency.yaml``); each finding is a ``Problem`` of the document
with the tier ``consistency``, the article it concerns and, for outdated wording, the
current model wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from generator.audit.facts import Fact
from generator.audit.garble import garbled, rare
from generator.audit.reader import Article, Charter, Problem
from generator.audit.vocabulary import characters, lookalikes, own_names, reading
from kb.numerals import cn_int, to_int

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "charter_consistency.yaml"
_SUFFIXES = "学会|协会|研究会|促进会|联合会|基金会|联盟|分会|专业委员会|工作委员会|委员会|商会"
_NAME = re.compile(
    r"(?:名称|全称|名字)(?:为|是)?[：:]?\s*[“\"]?(?P<name>[\u4e00-\u9fff]{4,40})(?=[，。,；;（(［\[”\"\s英]|$)"
)
# what follows the society's name in a title: 章程, or a branch's 工作细则 / 管理办法
_TITLE_KIND = re.compile(r"(?:章程|工作条例|条例|简章|工作细则|工作规则|管理办法|管理细则).*$")
_REFERENCE = re.compile(r"(?:本章程|本条例)?第([零〇一二两三四五六七八九十百千\d]+)条")
# 《条例》第十七条, 民法典第八十七条, 社会团体登记管理条例第十四条: another document's article;
# 本办法第三十四条, 本细则第五条: this one's (依法, 合法 a few words earlier say nothing)
_OTHER_DOCUMENT = re.compile(r"《[^》]*》?$|(?:法|法典|条例|细则|规定|办法)》?$")
_OWN_DOCUMENT = re.compile(r"本(?:办法|条例|细则|规定|规则|章程)$")
# 第十八条第（十三）项, 第十九条第一、三、五项: items of an article of this charter
_ITEM_REFERENCE = re.compile(
    r"第([零〇一二两三四五六七八九十百千\d]+)条第?"
    r"((?:[（(]?[一二三四五六七八九十\d]+[）)]?(?:项?(?:及|和)第|[、，,和及至])?){1,12})项"
)
_ITEM_LABEL = re.compile(r"(?:^|\n|[；;。：:])\s*[（(]([一二三四五六七八九十]+)[）)]")


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")) or {}


def check(
    charter: Charter,
    facts: Mapping[str, Fact],
    complete: bool = True,
    in_last_chapter: bool = False,
) -> list[Problem]:
    """Every inconsistency of the charter with itself, in charter order within each kind.
    ``facts`` are the charter's, read once by the caller. In a text that stops early
    (``complete`` false) a reference past its last article may point at an article that was
    lost, and is not reported; if it stops in its last chapter (附则, ``in_last_chapter``),
    only the few articles that chapter holds can be lost."""
    out: list[Problem] = []
    out += _draft_marks(charter)
    out += _name_problems(charter) + _other_society(charter)
    out += _self_names(charter)
    out += _body_name_problems(charter)
    out += _template_notes(charter)
    out += _typos(charter) + _damage(charter) + _repeats(charter)
    out += _references(charter, complete, in_last_chapter)
    out += _outdated(charter)
    out += _contradictions(charter) + _stated_twice(facts)
    return out


def other_region(charter: Charter, region_code: str, level: str) -> list[Problem]:
    """A local society's charter naming another province's bodies (浙江省民政厅 in a Jiangsu
    society's charter, 住所：浙江省杭州市…): copied from another society and not adapted.
    A national society may name any province; it is not checked."""
    from kb.regions import province_of, regions

    if level == "national" or region_code == "100000":
        return []
    own = province_of(region_code)
    names = regions()
    others = [n for c, n in names.items() if c.endswith("0000") and c not in (own, "100000")]
    spec = rules()["other_region"]
    named = "(?:" + "|".join(map(re.escape, others)) + ")"
    pattern = re.compile(f"{named}(?:{spec['before']})|(?:{spec['after']}){named}")
    out = []
    for article in charter.articles:
        match = pattern.search(reading(article.text))
        if match:
            out.append(
                _problem(
                    "other_region",
                    spec["message"].format(
                        article=article.citation,
                        what=match.group(0),
                        own=names.get(own, own),
                    ),
                    article,
                    rule="章程的机关、住所和名称应是本会的",
                )
            )
    return out


def _problem(kind: str, message: str, article: Article | None, **extra) -> Problem:
    return Problem(
        kind,
        message,
        article.citation if article else None,
        extra.pop("severity", "warning"),
        tier=extra.pop("tier", "consistency"),
        number=article.number if article else None,
        **extra,
    )


# ------------------------------------------------------------------------------- names
def society_name(charter: Charter) -> tuple[str, Article | None]:
    """The name the charter gives itself (名称为…), else the title's; with its article."""
    for article in charter.articles[:5]:
        match = _NAME.search(characters(article.text))
        if match:
            return match.group("name"), article
    title = _TITLE_KIND.sub("", characters(charter.title)).strip()
    return title, None


def _near(a: str, b: str) -> bool:
    """Two spellings of one name: same length ±2, differing in at most two characters."""
    if a == b or abs(len(a) - len(b)) > 2 or a.startswith(b) or b.startswith(a):
        return False
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, a, b)
    changed = sum(
        max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    )
    return changed <= 2


def _spellings(text: str, name: str) -> list[str]:
    """Words in ``text`` that start and end like ``name`` and are a near miss of it."""
    out = []
    head, tail = name[:2], name[-2:]
    start = text.find(head)
    while start != -1:
        for length in range(len(name) - 2, len(name) + 3):
            word = text[start : start + length]
            abbreviation = re.search(r"简称[“\"]?$", text[max(0, start - 4) : start])
            if word.endswith(tail) and _near(word, name) and word not in out and not abbreviation:
                out.append(word)
                break
        start = text.find(head, start + 1)
    return out


_KINDS = "学会|协会|研究会|促进会|联合会|联盟|基金会|专业委员会|分会"


def _other_kinds(text: str, name: str) -> list[str]:
    """The name with its kind changed (园艺学会 written 奉贤区园艺协会): the words before
    the kind must be part of the name, at least three characters of it."""
    kind = re.search(f"(?:{_KINDS})$", name)
    if kind is None or len(name) - len(kind.group(0)) < 3:
        return []
    core = name[: kind.start()]
    out = []
    for match in re.finditer(f"{re.escape(core[-2:])}(?P<kind>{_KINDS})", text):
        if match.group("kind") == kind.group(0):
            continue
        start = match.start()
        while start > 0 and text[start - 1 : match.start() + 2] in core:
            start -= 1
        word = text[start : match.end()]
        parent = name.startswith(word)  # 中国钢结构协会, whose branch this is
        if len(word) - len(match.group("kind")) >= 3 and not parent and word not in out:
            out.append(word)
    return out


def _longer_forms(text: str, name: str) -> list[str]:
    """The name with words put in before its kind (上海市奉贤区农学会 written 上海市奉贤区
    农业技术学会): the name's core must be long enough to be the name's own (five characters,
    region and field), what is put in at most four characters and no punctuation."""
    kind = re.search(f"(?:{_KINDS})$", name)
    if kind is None or kind.start() < 5:
        return []
    core = name[: kind.start()]
    pattern = f"{re.escape(core)}(?P<extra>[\u4e00-\u9fff]{{1,4}}?){kind.group(0)}"
    out = []
    for match in re.finditer(pattern, text):
        word = match.group(0)
        if re.search(_KINDS, match.group("extra")) or word in out:
            continue
        out.append(word)
    return out


_OTHER_BODY = re.compile(
    # a name, not a clause ending in one (经全体委员会议通过后报学会理事会批准)
    rf"(?:经|由)(?P<org>(?:(?!通过|会议|审议|决定|批准|后报|报)[\u4e00-\u9fff]){{2,20}}?(?:{_KINDS}))"
    r"(?:理事会|常务理事会|会员代表大会|会员大会)(?:表决|讨论|决定|审议|批准)"
)


def _other_society(charter: Charter) -> list[Problem]:
    """Another society's body deciding this society's affairs (经某某协会理事会表决通过): the
    name left from the charter it was copied from."""
    name, where = society_name(charter)
    if not name:
        return []
    for article in charter.articles:
        for match in _OTHER_BODY.finditer(characters(article.text)):
            org = match.group("org")
            if org.startswith("本") or org == name or name.startswith(org) or "科学技术协会" in org:
                continue
            return [
                _problem(
                    "other_society",
                    f"{article.citation}写作“{match.group(0)[1:]}”，“{org}”不是本会名称"
                    f"（本会为“{name}”），像是从其他社团的章程沿用，应改正",
                    article,
                    rule="章程中本会名称应前后一致（与登记名称相同）",
                    quote=org,
                )
            ]
    return []


# a county's or city's 科学技术协会 (科协) is the supervisor, not this society misnamed
_SCIENCE_ASSOCIATION = re.compile(r"科学技术协会$|科协$")
_FORBIDDEN_NAME = r"(?:不得|禁止|不能|严禁)(?:使用|以|冒用|自称)[“\"「]?[^。；“\"「]{{0,8}}{}"
_HISTORY = re.compile(r"^\s*\d{4}年|更名|原名|曾用名|前身")


def _name_problems(charter: Charter) -> list[Problem]:
    name, where = society_name(charter)
    if not name or len(name) < 4:
        return []
    title = _TITLE_KIND.sub("", characters(charter.title)).strip()
    spellings: dict[str, Article | None] = {}
    if where is not None and title and title != name and (_near(title, name) or title in name):
        spellings[title] = None
    for article in charter.articles:
        # a history of the society's names (1986年…通过；2006年…更名为…) is not a misspelling
        text = "\n".join(
            line for line in characters(article.text).split("\n") if not _HISTORY.search(line)
        )
        for word in _spellings(text, name) + _other_kinds(text, name) + _longer_forms(text, name):
            if _SCIENCE_ASSOCIATION.search(word):  # 仪陇县科学技术协会: the supervisor
                continue
            if re.search(_FORBIDDEN_NAME.format(re.escape(word)), text):
                continue  # 不得使用“天津市人工智能协会”等名称: the name it must not use
            spellings.setdefault(word, article)
    out = []
    for spelling, article in spellings.items():
        shown = f"{article.citation}写作“{spelling}”" if article else f"标题写作“{spelling}”"
        at = where.citation if where else "标题"
        out.append(
            _problem(
                "name",
                f"本会名称前后不一致：{at}为“{name}”，{shown}，应统一为登记的名称",
                where or article,
                rule="章程中本会名称应前后一致（与登记名称相同）",
            )
        )
    return out


_SELF = re.compile(f"本(团体|社团|专委会|{_KINDS})")
_KIND_OF = {"专委会": "专业委员会"}
# words that fit any society (the 1998 model writes 本团体): a fault only beside another name
_NEUTRAL = ("本会", "本团体", "本社团")


def _fits(word: str, name: str) -> bool:
    """Whether 本X is a fitting way for the society ``name`` to call itself."""
    if word in _NEUTRAL:
        return True
    match = _SELF.fullmatch(word)
    if match is None:
        return False
    kind = _KIND_OF.get(match.group(1), match.group(1))
    return name.endswith(kind)


def _self_names(charter: Charter) -> list[Problem]:
    """本团体 left from a template, 本协会 in a 分会's charter: the charter calling itself by
    a kind of organisation it is not (本会 always fits)."""
    name, _where = society_name(charter)
    if not name:
        return []
    out = []
    seen: set[str] = set()
    usual = own_names("\n".join(a.text for a in charter.articles)).get("本会", "本会")
    if not _fits(usual, name):  # the charter's usual word is itself the misfit: 本会 fits
        usual = "本会"
    whole = characters("\n".join(a.text for a in charter.articles))
    # 本团体名称：…（以下简称本会）: the 1998 model's opening words make 本团体 its own word
    opening = {w for w in _NEUTRAL if re.search(f"{w}(?:的)?(?:名称|全称)", whole)}
    for article in charter.articles:
        text = characters(article.text)
        for match in _SELF.finditer(text):
            word = match.group(0)
            # 本团体 in a charter that otherwise says 本联盟 is left from a template; in one
            # that says 本团体 throughout, or opens with it, it is the charter's own usage
            neutral_misfit = word in _NEUTRAL and word not in {"本会", usual} | opening
            if (_fits(word, name) and not neutral_misfit) or word in seen:
                continue
            if re.match(r"(?:的)?(?:名称|全称)", text[match.end() : match.end() + 3]):
                continue  # 本团体名称为…: the model's own opening words
            seen.add(word)
            out.append(
                _problem(
                    "self_name",
                    f"{article.citation}称“{word}”，与本会名称“{name}”不符"
                    f"（可能是从其他章程或模板沿用），应改为“{usual}”",
                    article,
                    rule="章程中对本会的称谓应与本会名称一致",
                    quote=word,
                )
            )
    return out


def _draft_marks(charter: Charter) -> list[Problem]:
    """（草案）, （初步定稿） in the title: not the text a registrar approves."""
    marks = rules().get("draft_marks")
    head = charter.body[: charter.articles[0].clause.start] if charter.articles else ""
    match = re.search(marks, head) if marks else None
    if not match:
        return []
    return [
        _problem(
            "draft",
            f"标题部分保留“{match.group(0)}”字样，这是未定稿的文本，报送核准的章程应为"
            "会员（代表）大会表决通过的定稿",
            None,
            rule="报送核准的章程应为表决通过的定稿",
            quote=match.group(0),
        )
    ]


_PARENT_CONGRESS = re.compile(r"(?:学会|协会|研究会)(?:的)?会员(?:代表)?大会")


def without_parent_congress(text: str) -> str:
    """``text`` without the congress of the society a branch belongs to (报学会会员代表大会):
    that body exists, and it is not this charter's."""
    return _PARENT_CONGRESS.sub("", text)


def _body_name_problems(charter: Charter) -> list[Problem]:
    out = []
    for entry in rules().get("bodies") or []:
        usual, also = entry["usual"], entry["also"]
        read = characters if entry.get("plain") else reading
        text = "\n".join(read(a.text) for a in charter.articles)
        # the model's option "会员大会（或会员代表大会）" is a template note, reported there;
        # 改为会员代表大会制度 is the model's provision for changing the system
        text = re.sub(r"[（(]或[^（）()]{2,20}[）)]", "", text)
        # a branch's own meeting (分会召开会员大会) is not the society's body, nor is the
        # congress of the society a branch belongs to (报学会会员代表大会)
        text = re.sub(r"分会[^。；]{0,6}会员(?:代表)?大会", "", text)
        text = without_parent_congress(text)
        # a second name in brackets (会长（理事长）) glosses the first, it is not a second usage
        text = re.sub(r"[（(]副?(?:理事长|会长)[）)]", "", text)
        text = (
            re.sub(r"改为会员代表大会|会员代表大会制度?", "", text)
            if "改为会员代表大会" in text
            else text
        )
        uses_usual = re.search(usual, text)
        variants = sorted(set(re.findall(also, text.replace(usual, ""))))
        if not (uses_usual and variants):
            continue
        where = {
            name: [a for a in charter.articles if name in read(a.text).replace(usual, "")]
            for name in variants
        }
        where[usual] = [a for a in charter.articles if re.search(usual, read(a.text))]
        # the name the fewest articles use is the odd one out: its articles are the ones to
        # amend (监事由会员代表大会选举 in a charter of 会员大会 throughout)
        odd = sorted((n for n in where if where[n]), key=lambda n: len(where[n]))
        article = where[odd[0]][0] if odd else None
        names = "、".join(f"“{n}”" for n in [usual, *variants])
        cited = "，".join(f"“{n}”见{'、'.join(a.citation for a in where[n][:4])}" for n in odd)
        message = entry["message"].format(names=names) + (f"（{cited}）" if cited else "")
        out.append(
            _problem(
                "body_name",
                message,
                article,
                rule="同一机构在章程中应使用同一名称",
                severity=entry.get("severity", "warning"),
            )
        )
    conflated = rules().get("conflated")
    if conflated:
        found = [
            (a, m)
            for a in charter.articles
            for m in [re.search(conflated, characters(a.text))]
            if m
        ]
        if found:
            defining = next((a for a, _m in found if "权力机构" in a.text), found[0][0])
            match = found[0][1]
            out.append(
                _problem(
                    "conflated",
                    f"{defining.citation}等条把{match.group(1)}与{match.group(2)}写作"
                    f"“{match.group(0)}”，混为一个机构；会员（代表）大会是权力机构，"
                    "理事会是其执行机构，二者应分设",
                    defining,
                    rule="《中华人民共和国民法典》第九十一条第二款：社会团体法人应当设会员大会或者"
                    "会员代表大会等权力机构，应当设理事会等执行机构",
                    severity="warning",
                    tier="law",
                )
            )
    return out


def _typos(charter: Charter) -> list[Problem]:
    typos = rules().get("typos") or {}
    found = []
    for article in charter.articles:
        text = characters(article.text)
        for wrong, right in typos.items():
            if wrong in text and all(wrong != w for _a, w, _r in found):
                found.append((article, wrong, right))
    if not found:
        return []
    listed = "、".join(f"{a.citation}“{w}”（应为“{r}”）" for a, w, r in found)
    return [
        _problem(
            "typo",
            f"章程中有错别字：{listed}",
            found[0][0],
            rule="章程文字应准确无误",
        )
    ]


def _damage(charter: Charter) -> list[Problem]:
    pattern = rules().get("damage")
    if not pattern:
        return []
    leftovers = re.compile(rules().get("leftovers") or "(?!)")
    out = []
    read_through: list[tuple[Article, list[str]]] = []
    markup: list[Article] = []
    for article in charter.articles:
        seen = characters(article.text)  # 理亊会 is 理事会 misread, not junk: see ``lookalikes``
        if found := lookalikes(article.text):
            read_through.append((article, found))
        if leftovers.search(article.text):
            markup.append(article)
        seen = _mask_address(seen)
        match = re.search(pattern, seen) or _inserted(seen)
        # a few characters either side let the reader find the place: 在理J旅案黑会闭
        around = article.text[max(0, match.start() - 3) : match.end() + 3] if match else ""
        junk = around.strip() or next(iter(garbled(_mask_address(article.text))), "")
        if junk:
            out.append(
                _problem(
                    "damaged",
                    f"{article.citation}的文字有损坏（“{junk}”等处像是文字识别或格式"
                    "转换留下的乱码、断句），部分内容无法完整读出，请对照原件核对",
                    article,
                    rule="报送的章程文本应完整、可读",
                    quote=junk,
                )
            )
    if read_through:
        listed = "；".join(f"{a.citation}“{'、'.join(w)}”" for a, w in read_through)
        out.append(
            Problem(
                "read_through",
                f"以下文字像是文字识别留下的形近字，已按通常写法读取（如“理亊会”读作“理事会”，"
                f"“l年”读作“1年”），请对照原件核对：{listed}",
                read_through[0][0].citation,
                "advice",
                number=read_through[0][0].number,
                rule="报送的章程文本应准确无误",
            )
        )
    if markup:
        listed = "、".join(a.citation for a in markup)
        out.append(
            Problem(
                "leftovers",
                f"{listed}留有网页或排版软件的符号（如“&nbsp;”“<p>”、项目符号），已略去读取，"
                "条文文字未受影响；报送前请删去",
                markup[0].citation,
                "advice",
                number=markup[0].number,
                rule="报送的章程文本应准确无误",
            )
        )
    return out


def _mask_address(text: str) -> str:
    """The text with each address's letters and rare characters blanked, keeping positions:
    智慧e谷B座 and 北滘镇 are names; 锟斤拷 in an address is still junk."""

    def blank(match: re.Match[str]) -> str:
        masked = re.sub(r"[A-Za-z]", "0", match.group(0))
        return "".join("地" if "\u4e00" <= c <= "\u9fff" and rare(c) else c for c in masked)

    spec = rules().get("address")
    return re.sub(spec, blank, text) if spec else text


def _inserted(text: str) -> re.Match[str] | None:
    """Characters slipped into a set phrase of a charter (须由票理事会表决通过), other than
    the words that belong there (须经常务理事会)."""
    spec = rules().get("inserted") or {}
    for match in re.finditer(spec.get("pattern", "(?!)"), text):
        if not re.fullmatch(spec.get("allowed", "(?!)"), match.group("junk")):
            return match
    return None


def _repeats(charter: Charter) -> list[Problem]:
    """A sentence of 15 characters or more written twice in one article: a copy-and-paste
    slip (two articles may well share a sentence: 情况特殊的，也可采用通讯形式召开)."""
    out = []
    for article in charter.articles:
        seen: set[str] = set()
        for sentence in re.split(r"[。；;\n]", article.text):
            key = re.sub(r"\s+", "", sentence)
            if len(key) < 15:
                continue
            if key in seen:
                out.append(
                    _problem(
                        "repeat_text",
                        f"{article.citation}中“{key[:20]}…”一句重复出现，应删去重复的部分",
                        article,
                        rule="章程条文不应重复",
                        quote=key,
                    )
                )
                break
            seen.add(key)
    return out


# ------------------------------------------------------------------------------- template notes
def _template_notes(charter: Charter) -> list[Problem]:
    """One finding per kind of note, at its first article, listing every note of the kind."""
    out = []
    for entry in rules().get("template_notes") or []:
        pattern = re.compile(entry["pattern"])
        unless = re.compile(entry["unless"]) if entry.get("unless") else None
        both = entry.get("both_when") or {}
        has_both = both and any(
            re.search(both["charter"], reading(a.text)) for a in charter.articles
        )
        notes: dict[str, list[Article]] = {}
        for article in charter.articles:
            for match in pattern.finditer(article.text):
                text = match.group(0)
                if unless and unless.search(text):
                    continue
                if has_both and both["option"] in text:
                    continue
                if entry.get("context"):  # ××号 alone says nothing; 住所：…中山北路××号 does
                    text = _around(article.text, match)
                places = notes.setdefault(text, [])
                if article not in places:
                    places.append(article)
        if not notes:
            continue
        if entry.get("per_article"):
            out += _notes_per_article(entry, notes)
            continue
        first = min((places[0] for places in notes.values()), key=lambda a: a.index)
        shown = "”“".join(notes)
        cited = sorted({a.index: a.citation for p in notes.values() for a in p}.items())
        where = "、".join(c for _i, c in cited)
        out.append(
            _problem(
                "template_note",
                entry["message"].format(text=shown) + f"（见{where}）",
                first,
                rule="章程定稿时应删除模板中的选择项、说明和占位符",
                quote=shown,
            )
        )
    return out


# ------------------------------------------------------------------------------- references
_LAST_CHAPTER_ARTICLES = 3  # what a 附则 holds after the point a partial text stops at


def _references(
    charter: Charter, complete: bool = True, in_last_chapter: bool = False
) -> list[Problem]:
    """第N条 cited inside an article when the charter has no article N."""
    numbers = {a.number for a in charter.articles}
    last = max((n for n in numbers if n is not None), default=0)
    if not numbers:
        return []
    out = []
    for article in charter.articles:
        body = article.text[len(article.clause.label) :]
        for match in _REFERENCE.finditer(characters(body)):
            before = body[max(0, match.start() - 12) : match.start()]
            if _elsewhere(before) and not match.group(0).startswith("本"):
                continue  # 《条例》第十七条: another document's article
            number = to_int(match.group(1))
            if number is None or number in numbers:
                continue
            lost = _LAST_CHAPTER_ARTICLES if in_last_chapter else last
            if not complete and last < number <= last + lost:
                continue  # may be an article of the part that is missing
            out.append(
                _problem(
                    "reference",
                    f"{article.citation}引用的第{cn_int(number)}条在章程中不存在",
                    article,
                    rule="章程引用的条文应当存在",
                )
            )
    return out + _item_references(charter)


def _elsewhere(before: str) -> bool:
    """Whether the words before a 第N条 name another document than this charter."""
    return bool(_OTHER_DOCUMENT.search(before)) and not _OWN_DOCUMENT.search(before)


def _item_references(charter: Charter) -> list[Problem]:
    """第十八条第（十三）项 cited when 第十八条 has eleven items."""
    by_number: dict[int, list[Article]] = {}
    for article in charter.articles:
        by_number.setdefault(article.number, []).append(article)
    out = []
    for article in charter.articles:
        body = characters(article.text[len(article.clause.label) :])
        for match in _ITEM_REFERENCE.finditer(body):
            before = body[max(0, match.start() - 12) : match.start()]
            if _elsewhere(before):
                continue  # another document's article
            cited = by_number.get(to_int(match.group(1)) or 0) or []
            if len(cited) != 1 or cited[0] is article:
                continue
            items = _items(cited[0])
            wanted = [
                to_int(n) or 0 for n in re.findall(r"[一二三四五六七八九十\d]+", match.group(2))
            ]
            if not items:  # 第十八条第一、三、五项, where 第十八条 is a rule with no items
                message = f"{article.citation}引用了{cited[0].citation}的分项，但{cited[0].citation}没有分项"
                out.append(_problem("reference", message, article, rule="章程引用的条文应当存在"))
                continue
            if beyond := [n for n in wanted if n > max(items)]:
                message = (
                    f"{article.citation}引用的{cited[0].citation}第（{cn_int(beyond[0])}）项不存在："
                    f"{cited[0].citation}只有{cn_int(max(items))}项"
                )
                out.append(_problem("reference", message, article, rule="章程引用的条文应当存在"))
            if re.match(r"(?:的职权|职权|职责|的日常工作职责)?以外", body[match.end() :]):
                # 行使第十三条第（三）（四）项以外的职权: every other item
                wanted = [n for n in items if n not in wanted]
            out += _standing_elects(article, cited[0], items, wanted)
    return out


def _items(article: Article) -> dict[int, str]:
    """An article's items by number: （一）… or, where the automatic numbers were lost, one per
    line after the colon."""
    text = article.text
    marks = list(_ITEM_LABEL.finditer(text))
    if marks:
        ends = [m.start() for m in marks[1:]] + [len(text)]
        return {
            to_int(m.group(1)) or 0: text[m.end() : end] for m, end in zip(marks, ends, strict=True)
        }
    listed = text.partition("：")[2]
    lines = [p for p in re.split(r"[；;\n]", listed) if p.strip()]
    return {n: line for n, line in enumerate(lines, 1)}


def _standing_elects(
    article: Article, cited: Article, items: dict[int, str], wanted: list[int]
) -> list[Problem]:
    """The standing council given, by item number, the council's power to elect and remove the
    leaders (常务理事会…行使第二十条第一、二、三项的职权, where （二） is 选举和罢免理事长…) or
    the congress's to amend the charter (a branch's 常务委员会 and its 全体委员会议)."""
    spec = rules().get("standing_elects") or {}
    if not re.search(spec.get("article", "(?!)"), reading(article.text)):
        return []
    # the charter's own words in the message: its 常务委员会, its item as written
    standing = own_names(article.text).get("常务理事会", "常务理事会")
    for number in wanted:
        item = reading(items.get(number, ""))
        for power in spec["items"]:
            if re.search(power["item"], item):
                what = items[number].strip(" ；;。\n")[:30]
                message = power["message"].format(
                    article=article.citation,
                    cited=cited.citation,
                    n=cn_int(number),
                    what=what,
                    standing=standing,
                )
                return [
                    _problem("standing_elects", message, article, rule=power["rule"], tier="model")
                ]
    return []


# ------------------------------------------------------------------------------- outdated wording
def _outdated(charter: Charter) -> list[Problem]:
    whole = "\n".join(reading(a.text) for a in charter.articles)
    out = []
    for entry in rules().get("outdated") or []:
        if entry.get("unless_charter") and re.search(entry["unless_charter"], whole):
            continue
        pattern = re.compile(entry["pattern"])
        unless = re.compile(entry["unless"]) if entry.get("unless") else None
        requires = re.compile(entry["article_requires"]) if entry.get("article_requires") else None
        for article in charter.articles:
            text = reading(article.text)
            if requires and not requires.search(text[:60]):
                continue
            match = pattern.search(text)
            if not match or (unless and unless.search(text)):
                continue
            out.append(
                _problem(
                    "outdated",
                    entry["message"].format(text=match.group(0)),
                    article,
                    rule=f"{entry['label']}：社会团体章程示范文本现行表述",
                    suggestion=entry["current"],
                )
            )
            break
    return out


# ------------------------------------------------------------------------------- contradictions
_HEAD = re.compile(r"(?:职权|职责)(?:是|为|如下)?[：:]|行使下列职权")


_OFFICES = ("会长", "理事长", "秘书长")
# an office these words precede is their object (推选会长: 会长 is elected, holds no power)
_ELECTED = re.compile("选举|推选|推举|罢免|聘任|任免|产生")
# offices listed after the power's own (选举和罢免理事长、副理事长、秘书长): its objects too
_LISTED = re.compile(r"(?:[、和及与]|(?:副|常务)?(?:会长|理事长|秘书长|理事|监事))*")


def clause_of(sentence: str, match: re.Match[str]) -> str:
    """The comma-delimited clause of ``sentence`` holding ``match`` (two rules in one sentence:
    理事可以兼任监事，会长…不得兼任监事)."""
    start = max(sentence.rfind(c, 0, match.start()) for c in "，,") + 1
    ends = [i for i in (sentence.find(c, match.end()) for c in "，,") if i >= 0]
    return sentence[start : min(ends, default=len(sentence))]


def _owners(charter: Charter) -> dict[str, list[tuple[str, Article, str]]]:
    """Which body each article gives each power to, in which words: power id → [(body,
    article, clause)]."""
    names = rules().get("body_names") or []
    # an office is not its deputy (副会长 names no 会长)
    body_re = re.compile(
        "|".join(
            f"(?<!副){n}" if n in _OFFICES else n for n in sorted(names, key=len, reverse=True)
        )
    )
    powers = [(p["id"], re.compile(p["pattern"])) for p in rules().get("powers") or []]
    found: dict[str, list[tuple[str, Article, str]]] = {}
    for article in charter.articles:
        text = reading(article.text)
        # the body whose list of powers the items below belong to (理事会的职权是：), from the
        # latest line heading a list (an article may hold two: 会长…；秘书长行使下列职权：)
        owner, head_line = None, 0
        for line_no, line in enumerate(text.split("\n")):
            if head := _HEAD.search(line):
                bodies = body_re.findall(line[: head.start()])
                owner, head_line = (bodies[0] if bodies else None), line_no
            for sentence in re.split(r"[。；;]", line):
                for power, pattern in powers:
                    match = pattern.search(sentence)
                    if not match:
                        continue
                    if owner and line_no > head_line:
                        body = owner
                    else:
                        # the body holding the power is named in the power's own clause (工作站
                        # …发展会员，站长由主任委员任命: the 主任委员 appoints, admits no one)
                        clause = clause_of(sentence, match)
                        if body_re.search(clause):
                            sentence, match = clause, pattern.search(clause)
                        # the body holding the power, not the office the power is about
                        # (…须经到会委员三分之二以上表决：选举和罢免会长 names no holder)
                        bodies = {
                            m.group(0)
                            for m in body_re.finditer(sentence)
                            if not (
                                m.group(0) in _OFFICES
                                and (
                                    match.start() <= m.start() < match.end()
                                    or _ELECTED.search(sentence[max(0, m.start() - 10) : m.start()])
                                    or (
                                        m.start() >= match.end()
                                        and _LISTED.fullmatch(sentence[match.end() : m.start()])
                                    )
                                )
                            )
                        }
                        if len(bodies) != 1 or re.search(r"或|、|和", _between(sentence, bodies)):
                            continue
                        body = bodies.pop()
                    words = re.sub(
                        r"^\s*[（(][一二三四五六七八九十]+[）)]", "", clause_of(sentence, match)
                    )
                    found.setdefault(power, []).append((body, article, words.strip()))
    return found


def _notes_per_article(entry: dict, notes: dict[str, list[Article]]) -> list[Problem]:
    """One problem for each article with blanks, naming what the article is about."""
    by_article: dict[int, tuple[Article, list[str]]] = {}
    for text, places in notes.items():
        for article in places:
            by_article.setdefault(article.index, (article, []))[1].append(text)
    out = []
    for _index, (article, texts) in sorted(by_article.items()):
        lead = re.split(r"[：:。；\n]", article.body)[0][:24]
        # the first blank with the words before it (住所：…中山北路××号) says what to fill in
        shown = min(texts, key=lambda t: article.text.find(t))
        out.append(
            _problem(
                "template_note",
                f"{article.citation}（{lead}）" + entry["message"].format(text=shown)[2:],
                article,
                rule="章程定稿时应删除模板中的选择项、说明和占位符",
                quote=shown,
            )
        )
    return out


def _around(text: str, match: re.Match[str]) -> str:
    """The match with the words before it in its sentence (up to 30 characters)."""
    before = re.split(r"[。；;，,\n]", text[max(0, match.start() - 30) : match.start()])[-1]
    return (before + match.group(0)).strip()


def _between(sentence: str, bodies: set[str]) -> str:
    return sentence if len(bodies) != 1 else ""


def _same_value(a: object, b: object) -> bool:
    """One value, or one body's name in its long and short forms (河南省科协 and
    河南省科学技术协会)."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return a == b
    for long, short in (rules().get("short_forms") or {}).items():
        a, b = a.replace(long, short), b.replace(long, short)
    return a == b


def _clause(fact: Fact) -> str:
    """The clause of the fact's sentence that states it (本会会长、副会长、秘书长任期5年)."""
    for clause in re.split(r"[，,；;。]", fact.quote):
        if fact.matched and fact.matched in clause.replace(" ", ""):
            return re.sub(r"^第[零〇一二两三四五六七八九十百千\d]+条\s*", "", clause.strip())
    return fact.matched


def _stated_twice(facts: Mapping[str, Fact]) -> list[Problem]:
    """One number stated differently in two articles (会员大会每届四年 … 理事会每届五年)."""
    out = []
    leaders = re.compile(rules().get("leaders_term") or "(?!)")
    for key in rules().get("stated_once") or []:
        fact = facts.get(key)
        if fact is None or fact.article is None:
            continue

        # the leaders' own term is not the council's (会长任期5年 beside 会员代表大会每届4年)
        terms = key == "governance.term_years"
        own = terms and bool(leaders.search(fact.matched))
        other = next(
            (
                o
                for o in fact.others
                if not _same_value(o.value, fact.value)
                and o.article
                and (terms and bool(leaders.search(o.matched))) == own
            ),
            None,
        )
        if other is None and terms:
            # the leaders' term against the body's (会长任期五年 beside 会员代表大会每届四年):
            # the model has them the same (任期与理事会相同)
            other = next(
                (o for o in fact.others if not _same_value(o.value, fact.value) and o.article),
                None,
            )
            if other is None or other.article is fact.article:
                continue
            body, leader = (other, fact) if own else (fact, other)
            out.append(
                _problem(
                    "contradiction",
                    f"{body.citation}规定“{_clause(body)}”，{leader.citation}却规定"
                    f"“{_clause(leader)}”，负责人任期与届期不一致，应统一",
                    leader.article,
                    rule="社会团体章程示范文本：负责人任期与理事会任期相同",
                )
            )
            continue
        if other is None or other.article is fact.article:
            continue
        out.append(
            _problem(
                "contradiction",
                f"{fact.citation}规定{fact.label}为“{fact.display}”，{other.citation}却规定为"
                f"“{other.display}”，两条相互矛盾，应统一",
                other.article,
                rule="章程各条之间不得相互矛盾",
            )
        )
    return out


def _contradictions(charter: Charter) -> list[Problem]:
    labels = {p["id"]: p["label"] for p in rules().get("powers") or []}
    # one body under two names (会员大会 in one article, 会员代表大会 in another) is a naming
    # fault, reported as such, not two bodies contradicting each other
    # and the standing council exercises the council's powers between its meetings
    alias = {"理事长": "会长", "会员代表大会": "会员大会", "常务理事会": "理事会"}
    out = []
    for power, owners in _owners(charter).items():
        first_body, first, _words = owners[0]
        for body, article, words in owners[1:]:
            if alias.get(body, body) == alias.get(first_body, first_body) or article is first:
                continue
            out.append(
                _problem(
                    "contradiction",
                    f"{first.citation}规定“{labels[power]}”由{first_body}决定，"
                    f"{article.citation}却规定由{body}决定（“{words}”），两条相互矛盾，应统一",
                    article,
                    rule="章程各条之间不得相互矛盾（同一职权只能由一个机构行使）",
                )
            )
            break
    return out
