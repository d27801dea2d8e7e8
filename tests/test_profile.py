"""The society profile: examples load, bad values get a Chinese message naming field and fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from generator import load_profile, profile_schema
from generator.profile import Profile, profile_from_dict
from kb.errors import InputError
from kb.regions import region_problem, regions

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
HENAN = ROOT / "examples" / "henan-computer-society.yaml"
STARTER = ROOT / "generator" / "data" / "profile_starter.yaml"


def _henan() -> dict:
    return yaml.safe_load(HENAN.read_text(encoding="utf-8"))


def _problem(tmp_path: Path, data: dict) -> str:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_profile(path)
    return str(err.value)


def test_there_is_an_example_for_each_of_the_five_regulations():
    codes = {load_profile(p).region_code for p in EXAMPLES}
    assert {"410000", "310120", "120000", "440000", "320000"} <= codes


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_profile_loads(path):
    profile = load_profile(path)
    assert profile.name and profile.business_scope and profile.adoption.meeting


def test_missing_name_is_named_with_its_line(tmp_path):
    data = _henan()
    del data["name"]
    message = _problem(tmp_path, data)
    assert "字段 name" in message and "缺少此项" in message


def test_negative_size_names_the_field_the_line_and_the_fix(tmp_path):
    data = _henan()
    data["governance"]["vice_presidents"] = -2
    message = _problem(tmp_path, data)
    assert "governance.vice_presidents" in message
    assert "不能小于 0" in message and "第 " in message and " 行" in message


def test_standing_council_larger_than_council_is_refused_with_the_fix(tmp_path):
    data = _henan()
    data["governance"]["standing_council_size"] = 120
    message = _problem(tmp_path, data)
    assert "常务理事会人数（120）不能大于理事会人数（99）" in message
    assert "governance.standing_council_size" in message


@pytest.mark.parametrize(
    "code, words",
    [
        ("419999", "未知的地区代码"),
        ("990000", "前两位不是任何省级行政区"),
        ("4100", "格式不对"),
    ],
)
def test_bad_region_code_is_explained(tmp_path, code, words):
    data = _henan()
    data["region_code"] = code
    message = _problem(tmp_path, data)
    assert words in message and "region_code" in message


def test_a_society_anywhere_in_china_can_describe_itself():
    # not only the five corpus regions: 杭州市, 东莞市 and a county of 郑州市
    for code, name in [
        ("330100", "浙江省杭州市"),
        ("441900", "广东省东莞市"),
        ("410122", "河南省郑州市中牟县"),
    ]:
        assert region_problem(code) is None
        assert regions()[code] == name


def test_every_listed_region_sits_under_a_listed_province():
    for code in regions():
        assert region_problem(code) is None, code


def test_local_society_may_not_call_itself_national(tmp_path):
    data = _henan()
    data["name"] = "中国计算机学会河南分会"
    assert "不得冠以“中国”" in _problem(tmp_path, data)


def test_representative_congress_needs_the_number_of_representatives(tmp_path):
    data = _henan()
    del data["members"]["representatives"]
    assert "members.representatives" in _problem(tmp_path, data)


def test_appointed_secretary_general_cannot_be_legal_representative(tmp_path):
    data = _henan()
    data["governance"].update(
        secretary_general_mode="appointed", legal_representative="secretary_general"
    )
    assert "聘任制秘书长不是社团负责人" in _problem(tmp_path, data)


def test_unknown_field_is_pointed_out(tmp_path):
    data = _henan()
    data["governance"]["council_sise"] = 3
    assert "governance.council_sise" in _problem(tmp_path, data)


def test_a_json_profile_reads_like_yaml(tmp_path):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(_henan(), ensure_ascii=False, default=str), encoding="utf-8")
    assert load_profile(path).name == "河南省计算机学会"


def test_unreadable_file_is_an_input_error(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="无法解析"):
        load_profile(path)


def test_schema_describes_every_field_in_chinese():
    schema = profile_schema()
    models = [schema, *schema["$defs"].values()]
    for model in models:
        for name, prop in model.get("properties", {}).items():
            assert prop.get("description"), name
            assert any("\u4e00" <= ch <= "\u9fff" for ch in prop["description"]), name


def test_the_interface_field_names_exist():
    fields = Profile.model_fields
    for name in (
        "name",
        "region_code",
        "level",
        "supervisor",
        "registrar",
        "host_unit",
        "address",
        "business_scope",
        "members",
        "congress",
        "governance",
        "party",
        "branches",
    ):
        assert name in fields
    assert {"count", "individual_classes", "unit_members"} <= set(
        fields["members"].annotation.model_fields
    )
    assert {
        "term_years",
        "council_size",
        "standing_council_size",
        "vice_presidents",
        "supervisors",
        "secretary_general_mode",
        "legal_representative",
        "max_consecutive_terms",
        "council_meetings_per_year",
        "standing_meetings_per_year",
    } <= set(fields["governance"].annotation.model_fields)


def _block_keys(node, prefix=""):
    """(dotted key, line) of every block-style mapping key in a YAML node tree."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        for key, value in node.value:
            path = f"{prefix}{key.value}"
            yield path, key.start_mark.line
            yield from _block_keys(value, path + ".")


def test_starter_file_is_valid_once_filled_in_and_comments_every_field():
    text = STARTER.read_text(encoding="utf-8")
    with pytest.raises(InputError):  # untouched: no region, placeholder names (issue 14)
        load_profile(STARTER)
    filled = text.replace('region_code: ""', 'region_code: "330000"').replace("某某", "浙江")
    assert profile_from_dict(yaml.safe_load(filled)).name
    lines = text.splitlines()
    keys = dict(_block_keys(yaml.compose(text)))
    for key, line in keys.items():
        assert lines[line - 1].strip().startswith("#"), f"no comment above {key}"
    expected = {
        f"{name}.{sub}" if sub else name
        for name, info in Profile.model_fields.items()
        for sub in (
            list(info.annotation.model_fields)
            if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
            else [None]
        )
    }
    assert expected <= set(keys)
