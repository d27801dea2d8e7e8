"""The society profile: one YAML/JSON file that describes a society once.

Every document (charter, duties, resolutions) and the compliance check are computed from it.
Field names are part of the public interface (issue 4); each field carries a Chinese
description because `xuehui profile schema` and the starter file show them to users.
Problems are reported in Chinese with the field path, the YAML line and the fix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kb.errors import InputError
from kb.levels import LevelField
from kb.limits import MAX_YAML_CHARS, load_yaml
from kb.regions import region_name, region_problem

# What the starter file (`xuehui profile new`) writes where the society's own words go.
PLACEHOLDER = "某某"
PartyOrganisation = Literal["党委", "党支部", "联合党支部", "党建工作小组", "党建工作联络员"]


class FieldValueError(ValueError):
    """A cross-field problem found by a validator, naming the field to fix (``path``) so the
    CLI prints it and the web form highlights it."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


# Head counts above this are typing slips (an extra zero row), not societies.
MAX_PEOPLE = 10_000
MAX_MEMBERS = 10_000_000
# The longest registered society names run to about 30 characters; the name goes into file
# names (255 bytes) and Word's title property (255 characters) with more words around it.
MAX_NAME_CHARS = 60


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """YAML reads yes/true as a boolean and pydantic would quietly count it as 1."""
        annotation = cls.model_fields[info.field_name].annotation
        numeric = annotation in (int, float, int | None, float | None)
        if numeric and isinstance(value, bool):
            raise ValueError(f"应为数字，当前值 {'true' if value else 'false'}")
        return value


class Members(_Model):
    """会员构成。"""

    count: int = Field(..., ge=0, le=MAX_MEMBERS, description="会员总数（个人会员与单位会员合计）")
    unit_members: int = Field(
        0, ge=0, le=MAX_MEMBERS, description="其中单位会员数；0 表示不设单位会员"
    )
    individual_classes: list[str] = Field(
        default_factory=lambda: ["普通会员"],
        description="个人会员的类别，如 学生会员、普通会员、高级会员、会士；空列表表示不设个人会员",
    )
    representatives: int | None = Field(
        None, ge=0, le=MAX_MEMBERS, description="会员代表人数（实行会员代表大会制度时填写）"
    )
    fellows: int = Field(0, ge=0, le=MAX_MEMBERS, description="会士人数（设会士类别时填写）")

    @property
    def individual_count(self) -> int:
        return self.count - self.unit_members

    @model_validator(mode="after")
    def _units_within_total(self) -> Members:
        if self.unit_members > self.count:
            raise FieldValueError(
                f"单位会员数（{self.unit_members}）不能大于会员总数（{self.count}），"
                "请核对会员总数与单位会员数",
                "members.unit_members",
            )
        if self.fellows > self.individual_count:
            raise FieldValueError("会士人数不能大于个人会员人数，请核对", "members.fellows")
        return self


class Governance(_Model):
    """组织机构与负责人。"""

    term_years: int = Field(5, ge=1, le=10, description="理事会、监事会每届任期（年），一般为 5 年")
    council_size: int = Field(..., ge=1, le=MAX_PEOPLE, description="理事会人数（理事名额）")
    standing_council_size: int = Field(
        0, ge=0, le=MAX_PEOPLE, description="常务理事会人数；0 表示不设常务理事会"
    )
    vice_presidents: int = Field(..., ge=0, le=MAX_PEOPLE, description="副理事长（副会长）人数")
    deputy_secretaries_general: int = Field(0, ge=0, le=MAX_PEOPLE, description="副秘书长人数")
    supervisors: int = Field(
        ..., ge=0, le=MAX_PEOPLE, description="监事人数；3 人及以上设监事会，1–2 人设监事"
    )
    secretary_general_mode: Literal["elected", "appointed"] = Field(
        ...,
        description="秘书长产生方式：elected 选任（理事会选举）或 appointed 聘任（理事会决定聘任）",
    )
    secretary_general_full_time: bool = Field(True, description="秘书长是否专职")
    legal_representative: Literal["president", "vice_president", "secretary_general"] = Field(
        "president",
        description="法定代表人：president 理事长（会长）、vice_president 副理事长（副会长）"
        "或 secretary_general 秘书长",
    )
    max_consecutive_terms: int = Field(2, ge=1, le=20, description="负责人最多连任届数")
    president_max_age: int = Field(70, ge=18, le=100, description="负责人任职最高年龄（周岁）")
    secretary_general_max_age: int = Field(
        70, ge=18, le=100, description="秘书长届满最高年龄（周岁）"
    )
    council_meetings_per_year: int = Field(
        1, ge=0, le=365, description="理事会每年至少召开会议次数"
    )
    standing_meetings_per_year: int = Field(
        2, le=365, ge=0, description="常务理事会每年至少召开会议次数（每半年一次即为 2）"
    )
    congress_meetings_per_term: int = Field(
        1, ge=1, le=365, description="会员（代表）大会每届至少召开次数"
    )
    leader_title: Literal["理事长", "会长"] = Field(
        "理事长", description="负责人称谓：理事长 或 会长"
    )
    secretariat_staff: int = Field(0, ge=0, le=MAX_PEOPLE, description="秘书处专职工作人员人数")

    @model_validator(mode="after")
    def _standing_within_council(self) -> Governance:
        if self.standing_council_size > self.council_size:
            raise FieldValueError(
                f"常务理事会人数（{self.standing_council_size}）不能大于理事会人数"
                f"（{self.council_size}）：常务理事从理事中选举产生，请减少常务理事会人数"
                "或增加理事会人数",
                "governance.standing_council_size",
            )
        if (
            self.legal_representative == "secretary_general"
            and self.secretary_general_mode == "appointed"
        ):
            raise FieldValueError(
                "聘任制秘书长不是社团负责人，不能担任法定代表人：请把法定代表人改为理事长"
                "（会长），或把秘书长改为选任",
                "governance.legal_representative",
            )
        return self


class Party(_Model):
    """党的建设。"""

    organisation: PartyOrganisation = Field(
        ..., description="学会党组织形式：党委、党支部、联合党支部、党建工作小组或党建工作联络员"
    )
    council_level: Literal["党委", "党建工作小组", "党建领导小组", "无"] = Field(
        "无", description="理事会层面的党组织（如 党委、党建工作小组）；无则填 无"
    )
    leading_organ: str = Field(
        ..., min_length=1, description="党建工作领导机关全称，如 中共河南省科学技术协会党组"
    )
    secretary_is_president: bool = Field(False, description="党组织负责人是否由理事长（会长）兼任")


class Branch(_Model):
    """分支机构（专业委员会、工作委员会等）。"""

    name: str = Field(..., min_length=1, description="分支机构全称，如 青年工作委员会")
    kind: Literal["专业委员会", "工作委员会", "分会"] = Field(
        "专业委员会", description="类别：专业委员会、工作委员会 或 分会"
    )
    business: str = Field("", description="业务范围（一句话）")


class Fee(_Model):
    """会费标准。"""

    member_class: str = Field(..., min_length=1, description="会员类别，如 普通会员、单位会员")
    amount: float = Field(..., ge=0, le=10**9, description="会费（元/年）")


class Adoption(_Model):
    """章程通过情况。"""

    date: dt.date = Field(..., description="章程通过日期（YYYY-MM-DD）")
    meeting: str = Field(..., min_length=1, description="通过章程的会议，如 第五次会员代表大会")


class Profile(_Model):
    """学会基本情况（一个学会描述一次，生成章程、岗位职责与决议，并检查合规）。"""

    name: str = Field(
        ...,
        min_length=2,
        max_length=MAX_NAME_CHARS,
        description="学会中文全称，如 河南省计算机学会",
    )
    english_name: str = Field("", description="英文名称")
    abbreviation: str = Field("", description="中文简称")
    region_code: str = Field(..., description="登记地行政区划代码（GB/T 2260），如 410000")
    level: LevelField = Field(
        ...,
        description="层级：全国性、省级、地市级、区县级（也可写 national、provincial、prefectural、county）",
    )
    nature: Literal["学术性", "专业性", "联合性"] = Field("学术性", description="社会团体性质")
    members_description: str = Field(
        ..., min_length=2, description="由谁组成，如 由全省计算机领域科技工作者和有关单位自愿结成"
    )
    founded: int | None = Field(None, ge=1900, le=2100, description="成立年份")
    supervisor: str = Field(..., min_length=2, description="业务主管单位全称")
    registrar: str = Field(..., min_length=2, description="登记管理机关全称")
    host_unit: str | None = Field(None, description="挂靠单位全称（无挂靠单位可不填）")
    host_unit_kind: (
        Literal["党政机关", "高等院校", "科研院所", "医院", "其他事业单位", "企业", "其他"] | None
    ) = Field(
        None,
        description="挂靠单位类别：党政机关、高等院校、科研院所、医院、其他事业单位、企业或其他",
    )
    address: str = Field(..., min_length=2, description="住所")
    postcode: str = Field("", description="邮政编码")
    website: str = Field("", description="网址")
    funds: int = Field(30000, ge=0, le=10**12, description="活动资金（元）")
    business_scope: list[str] = Field(..., min_length=1, description="业务范围，逐项列出")
    members: Members = Field(..., description="会员构成")
    congress: Literal["general", "representative"] = Field(
        ..., description="最高权力机构：general 会员大会 或 representative 会员代表大会"
    )
    governance: Governance = Field(..., description="组织机构与负责人")
    party: Party = Field(..., description="党的建设")
    branches: list[Branch] = Field(default_factory=list, description="分支机构")
    fees: list[Fee] = Field(default_factory=list, description="会费标准（由会员（代表）大会表决）")
    adoption: Adoption = Field(..., description="章程通过的日期与会议")
    meetings: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="各类决议的会议情况，键为决议类别（见 xuehui generate resolution --list）",
    )

    @field_validator("region_code", mode="before")
    @classmethod
    def _region_known(cls, value: Any) -> str:
        code = str(value).strip()
        problem = region_problem(code)
        if problem:
            raise ValueError(problem)
        return code

    @field_validator("business_scope", mode="after")
    @classmethod
    def _scope_items(cls, value: list[str]) -> list[str]:
        if any(not item.strip() for item in value):
            raise ValueError("业务范围中有空白项，请删除或补全")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if self.level != "national" and self.name.startswith(("中国", "全国", "中华")):
            raise FieldValueError(
                f"地方性社会团体的名称不得冠以“中国”“全国”“中华”（当前为 {self.name}）", "name"
            )
        if self.congress == "representative" and not self.members.representatives:
            raise FieldValueError(
                "实行会员代表大会制度时须填写会员代表人数", "members.representatives"
            )
        if self.members.representatives and self.members.representatives > self.members.count:
            raise FieldValueError("会员代表人数不能大于会员总数，请核对", "members.representatives")
        if self.host_unit_kind and not self.host_unit:
            raise FieldValueError("填写了挂靠单位类别，但没有填写挂靠单位", "host_unit")
        left = _placeholders(self.model_dump(exclude={"meetings"}))
        if left:
            raise FieldValueError(
                f"以下字段仍是样例文字（含“{PLACEHOLDER}”），请按本会实际情况填写："
                + "、".join(left),
                left[0],
            )
        names = [b.name for b in self.branches]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise FieldValueError(f"分支机构名称重复：{'、'.join(dupes)}，请删除重复项", "branches")
        return self

    # Convenience views used by the templates -------------------------------------------
    @property
    def region_name(self) -> str:
        return region_name(self.region_code)

    @property
    def voters(self) -> int:
        """Members who sit in the congress: representatives or all members."""
        if self.congress == "representative" and self.members.representatives:
            return self.members.representatives
        return self.members.count


def contradictions(profile: Profile) -> list[str]:
    """Values no charter can state without contradicting itself, even when forced.

    `check` reports rule breaches and `generate --force` may still write them (with the
    findings annexed); but a meeting held "at least zero times" is no rule at all, so a
    document is never written with one.
    """
    g = profile.governance
    out = []
    if g.council_meetings_per_year == 0:
        out.append(
            "governance.council_meetings_per_year 为 0：章程不能写“理事会每年至少召开零次会议”，"
            "请改为 1 或以上（示范文本：理事会每年至少召开一次会议）"
        )
    if g.standing_council_size and g.standing_meetings_per_year == 0:
        out.append(
            "governance.standing_meetings_per_year 为 0：设有常务理事会时，章程不能写“每年至少"
            "召开零次会议”，请改为 2 或以上（示范文本：常务理事会每半年至少召开一次会议）"
        )
    return out


def _placeholders(data: Any, path: str = "") -> list[str]:
    """Dotted paths of the values still holding the starter's placeholder text."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _placeholders(v, f"{path}{k}.")]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _placeholders(v, f"{path}{i}.")]
    return [path.rstrip(".")] if isinstance(data, str) and PLACEHOLDER in data else []


FIELD_LABELS: dict[str, str] = {}


def _collect_labels(model: type[BaseModel], prefix: str = "") -> None:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        FIELD_LABELS[path] = info.description or name
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _collect_labels(annotation, path + ".")


_collect_labels(Profile)


def profile_schema() -> dict:
    """JSON Schema of the profile (what `xuehui profile schema` prints)."""
    return Profile.model_json_schema()


def read_mapping(path: str | Path, what: str, example: str) -> tuple[dict, str]:
    """A YAML (or .json) file holding one mapping, and its text; ``what`` names it in errors."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"这是一个文件夹，请给出{what}文件（.yaml）", where=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise InputError(f"找不到{what}文件", where=str(path)) from err
    except PermissionError as err:
        raise InputError(f"没有读取{what}文件的权限", where=str(path)) from err
    except UnicodeDecodeError as err:
        raise InputError("文件不是 UTF-8 编码的文本，请另存为 UTF-8", where=str(path)) from err
    if path.suffix.lower() == ".json":
        if len(text) > MAX_YAML_CHARS:
            raise InputError(f"{what}文件过大", where=str(path))
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(
                f"{what}文件不是有效的 JSON：第 {err.lineno} 行第 {err.colno} 列附近有误",
                where=str(path),
            ) from err
        except RecursionError:
            raise InputError(f"{what}文件嵌套过深", where=str(path)) from None
    else:
        data = load_yaml(text, source=str(path), what=f"{what}文件")  # aliases, size limited
    if data is None:
        raise InputError(f"{what}文件是空的：请填写字段（{example} 等）", where=str(path))
    if not isinstance(data, dict):
        raise InputError(f"{what}文件内容应为字段映射（{example} 等）", where=str(path))
    return data, text


def load_profile(path: str | Path) -> Profile:
    """Read and validate a profile file; every problem is an ``InputError`` in Chinese."""
    data, text = read_mapping(path, "学会信息", "name: …、region_code: …")
    return profile_from_dict(data, where=str(path), source_text=text)


@dataclass(frozen=True)
class FieldProblem:
    """One problem of a profile, tied to its field so each front end can point at it."""

    path: str  # dotted, from the profile's root (governance.council_size, branches.0.name)
    label: str  # the field's Chinese description ("" for the profile as a whole)
    message: str  # what is wrong and how to fix it, without command-line words
    line: int | None = None  # in the YAML source, when known
    cli_hint: str = ""  # what the command line adds (which command shows the fields)

    def describe(self) -> str:
        """The line the CLI prints: field, label, line, problem."""
        where = f"字段 {self.path}" if self.path else "整体"
        if self.label and self.path:
            where += f"（{self.label}）"
        if self.line:
            where += f"，第 {self.line} 行"
        return f"{where}：{self.message}{self.cli_hint}"

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.path, "label": self.label, "message": self.message, "line": self.line}


class ProfileError(InputError):
    """A profile that does not validate; ``problems`` lists each field at fault."""

    def __init__(self, problems: list[FieldProblem], *, where: str | None = None) -> None:
        self.problems = problems
        super().__init__(
            "学会信息有误：\n" + "\n".join(f"  - {p.describe()}" for p in problems), where=where
        )


def profile_from_dict(
    data: dict, *, where: str = "学会信息", source_text: str | None = None
) -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as err:
        lines = _line_index(source_text) if source_text else {}
        raise ProfileError([_explain(e, lines) for e in err.errors()], where=where) from err


def _explain(error: dict, lines: dict[str, int]) -> FieldProblem:
    loc = [str(p) for p in error["loc"]]
    kind, ctx = error["type"], error.get("ctx") or {}
    cause = ctx.get("error")
    if isinstance(cause, FieldValueError):  # a cross-field rule names the field to fix
        loc = cause.path.split(".")
    path = ".".join(loc)
    label = FIELD_LABELS.get(".".join(p for p in loc if not p.isdigit()), "")
    line = _nearest_line(loc, lines)
    hint = ""
    if kind == "missing":
        fix = "缺少此项，请补上"
    elif kind == "extra_forbidden":
        fix = "不认识的字段，请检查拼写"
        hint = "（可用 xuehui profile schema 查看全部字段）"
    elif kind in ("greater_than_equal", "greater_than"):
        fix = f"不能小于 {ctx.get('ge', ctx.get('gt'))}，请改正（当前值 {error.get('input')!r}）"
    elif kind in ("less_than_equal", "less_than"):
        fix = f"不能大于 {ctx.get('le', ctx.get('lt'))}，请改正（当前值 {error.get('input')!r}）"
    elif kind == "literal_error":
        fix = f"只能取 {choices(str(ctx.get('expected', '')))}，当前值 {error.get('input')!r}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        fix = f"应为整数，当前值 {error.get('input')!r}"
    elif kind == "string_too_long":
        given = len(error.get("input") or "")
        fix = f"太长（{given} 字），不能超过 {ctx.get('max_length')} 字，请改用规范全称"
    elif kind in ("string_too_short",):
        fix = "不能为空，请填写"
    elif kind in ("too_short",):
        fix = "至少要有一项，请填写"
    elif kind.startswith("date"):
        fix = f"应为日期（如 2026-11-22），当前值 {error.get('input')!r}"
    elif kind in (
        "string_type",
        "list_type",
        "dict_type",
        "model_type",
        "bool_parsing",
        "bool_type",
        "float_parsing",
    ):
        fix = f"类型不对（当前值 {error.get('input')!r}）"
        hint = "，请参照 xuehui profile new 生成的样例"
    elif kind == "value_error":
        fix = str(ctx.get("error", error["msg"]))
    else:
        fix = error["msg"]
    return FieldProblem(path=path, label=label, message=fix, line=line, cli_hint=hint)


def choices(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" as the Chinese list a、b、c."""
    items = re.findall(r"'([^']*)'", expected)
    return "、".join(items) if items else expected


def _line_index(text: str) -> dict[str, int]:
    """Dotted field path → 1-based line in the YAML source (best effort)."""
    try:
        root = yaml.compose(text)
    except (yaml.YAMLError, RecursionError):
        return {}
    index: dict[str, int] = {}
    seen: set[int] = set()

    def walk(node: Any, prefix: str) -> None:
        # An alias is the same node object as its anchor: record its lines once, never walk
        # it again (following every alias expands a 300-byte anchor bomb to billions of paths).
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = f"{prefix}{key.value}"
                index[path] = key.start_mark.line + 1
                walk(value, path + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                index[f"{prefix}{i}"] = item.start_mark.line + 1
                walk(item, f"{prefix}{i}.")

    walk(root, "")
    return index


def _nearest_line(loc: list[str], lines: dict[str, int]) -> int | None:
    for end in range(len(loc), 0, -1):
        line = lines.get(".".join(loc[:end]))
        if line:
            return line
    return None
