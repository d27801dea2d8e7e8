"""Region codes (GB/T 2260) a profile may name, read from ``kb/data/regions.yaml``.

The list (every province, prefecture and county) is data so a reviewer can add or rename a
division without touching code; a code is accepted only when it is listed, is six digits and
sits under a listed province.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
_CODE = re.compile(r"^\d{6}$")


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """Code → official name, e.g. ``"310120": "上海市奉贤区"``."""
    raw = yaml.safe_load((DATA_DIR / "regions.yaml").read_text(encoding="utf-8")) or {}
    return {str(code): str(name) for code, name in raw.items()}


def region_name(code: str) -> str:
    return regions().get(code, code)


def province_of(code: str) -> str:
    return code[:2] + "0000"


def region_problem(code: str) -> str | None:
    """Why ``code`` is not usable (Chinese), or None when it is fine."""
    if not _CODE.match(code):
        return f"地区代码“{code}”格式不对：应为 6 位数字的行政区划代码（GB/T 2260），如 410000（河南省）"
    known = regions()
    if code != "100000" and province_of(code) not in known:
        return f"地区代码“{code}”的前两位不是任何省级行政区的代码，请核对（如 41 为河南省）"
    if code not in known:
        return (
            f"未知的地区代码“{code}”：请使用 kb/data/regions.yaml 中列出的代码，"
            f"或在该文件中补充（所属省级行政区：{known[province_of(code)]}）"
        )
    return None
