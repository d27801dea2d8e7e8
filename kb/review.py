"""Review of rule candidates: pending, accepted and rejected provisions of the user's documents.

Each user document has one YAML file in the user data folder (``paths.user_provisions_dir()``)
listing its candidates with a ``status``. `xuehui provisions extract` writes it, `accept` and
`reject` (or the web review page, or the user with a text editor) change it; accepted entries
are provisions like the built-in ones (``kb.provisions.load_provisions`` adds them), so
`check`, `generate` and `audit` apply them with the document's citation.

Every change is checked first and written atomically under a lock: an unknown document, an
id that is not a candidate or a damaged file gets a Chinese message and the file stays as it
was. A quote that is no longer verbatim in its clause is refused: legal text is never altered.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kb import atomic, numerals, paths
from kb.corpus import Corpus, Document, describe_validation_error
from kb.errors import InputError, XuehuiError, yaml_problem
from kb.extraction import (
    OTHER,
    Candidate,
    extract,
    numbers_stated,
    shape_problem,
    subject_units,
)
from kb.provisions import Provision

HEADER = """\
# Rule candidates of one document, proposed by `xuehui provisions extract`.
# status: pending (to review) | accepted (applies like a built-in provision) | rejected.
# You may edit status, subject (a key of kb/data/subjects.yaml, or `other` = 须人工核对),
# operator, value, unit and modality; `quote` must stay word for word in the clause.
"""
NUMERIC = ("<=", "<", ">=", ">", "==")
STATUS_LABELS = {"pending": "待审核", "accepted": "已采纳", "rejected": "已驳回"}


def candidate_record(cand: Candidate, doc_id: str) -> dict:
    """A candidate as `xuehui provisions extract --json` and the web API show it."""
    from kb.comparison import describe, subject_label

    prov = cand.to_provision(doc_id)
    return cand.to_dict() | {
        "provision_id": prov.id,
        "summary": describe(prov),
        "subject_label": subject_label(cand.subject),
        "status_label": STATUS_LABELS[cand.status],
    }


def review_path(doc_id: str) -> Path:
    return paths.user_provisions_dir() / f"{doc_id}.yaml"


def _user_document(corpus: Corpus, doc_id: str) -> Document:
    document = corpus.document(doc_id)  # unknown id → Chinese error naming the known ones
    if document.builtin:
        raise InputError(
            f"{doc_id} 是内置文件，其规定已人工整理（xuehui provisions --doc {doc_id}）；"
            "提取与审核只用于自己添加的文件"
        )
    return document


# --------------------------------------------------------------------------- reading
def load_review(doc_id: str) -> list[Candidate]:
    """The candidates of ``doc_id`` in file order; [] when it has never been extracted."""
    path = review_path(doc_id)
    if not path.exists():
        return []
    return _read(path)


def _read(path: Path) -> list[Candidate]:
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise XuehuiError("审核文件无法读取（没有权限，或不是 UTF-8 编码）", where=where) from exc
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:
        raise XuehuiError(
            f"审核文件已损坏，不是有效的 YAML：{yaml_problem(exc, text)}。"
            "请修正，或删除该文件后重新运行 xuehui provisions extract",
            where=where,
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("candidates"), list):
        raise XuehuiError(
            "审核文件已损坏：应为含 candidates 列表的映射。请修正，或删除后重新提取", where=where
        )
    out: list[Candidate] = []
    seen: set[str] = set()
    units = subject_units()
    for n, entry in enumerate(data["candidates"], 1):
        label = f"第 {n} 项候选规定"
        if not isinstance(entry, dict):
            raise XuehuiError(f"审核文件有误：{label}应为映射（字段: 值）", where=where)
        try:
            cand = Candidate.model_validate(entry)
        except ValidationError as err:
            problem = describe_validation_error(err, where).message.removeprefix("元数据有误：")
            raise XuehuiError(f"审核文件有误：{label}：{problem}", where=where) from err
        if cand.id in seen:
            raise XuehuiError(f"审核文件有误：{label}的编号 {cand.id} 重复", where=where)
        if cand.subject != OTHER and cand.subject not in units:
            raise XuehuiError(
                f"审核文件有误：{label}（{cand.id}）的 subject “{cand.subject}” 不在规定主题表"
                "（kb/data/subjects.yaml）中；不确定时写 other（须人工核对）",
                where=where,
            )
        seen.add(cand.id)
        out.append(cand)
    return out


def _check_quote(cand: Candidate, document: Document, where: str) -> None:
    if not document.has_clause(cand.clause_id):
        raise XuehuiError(
            f"候选规定 {cand.id} 的条款 {cand.clause_id} 不在文件 {document.id} 中", where=where
        )
    if cand.quote not in document.clause(cand.clause_id).text:
        raise XuehuiError(
            f"候选规定 {cand.id} 的原文“{cand.quote}”不是条款 {cand.clause_id} 的原话："
            "原文必须逐字摘自条款，请改回或删去这一项",
            where=where,
        )


def _check_shape(cand: Candidate, where: str | None = None) -> None:
    problem = shape_problem(cand.subject, cand.operator)
    if problem:
        raise InputError(
            f"候选规定 {cand.id} 的主题 {cand.subject} {problem}：请换一个主题，"
            "或选“other”（其他，须人工核对）",
            where=where,
        )


# --------------------------------------------------------------------------- writing
@contextmanager
def _locked(doc_id: str):
    from filelock import FileLock

    folder = paths.user_provisions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / f".{doc_id}.lock"), timeout=60):
        yield


def _write(doc_id: str, candidates: list[Candidate]) -> None:
    data = {
        "doc_id": doc_id,
        "updated_at": datetime.datetime.now().isoformat(timespec="seconds"),
        "candidates": [c.to_dict() for c in candidates],
    }
    dump = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    atomic.write_text(review_path(doc_id), HEADER + dump)


def extract_document(corpus: Corpus, doc_id: str) -> list[Candidate]:
    """Propose the candidates of a user document and store them as pending.

    Decisions already made survive a second extraction: accepted and rejected entries (and
    pending ones found again, with their ids) are kept; new proposals get new ids."""
    document = _user_document(corpus, doc_id)
    fresh = extract(document)
    with _locked(doc_id):
        old = load_review(doc_id)
        by_key = {c.key: c for c in old}
        kept = [c for c in old if c.status != "pending"]
        next_no = 1 + max((_number(c.id) for c in old), default=0)
        merged: list[Candidate] = list(kept)
        kept_keys = {c.key for c in kept}
        for cand in fresh:
            if cand.key in kept_keys:
                continue
            previous = by_key.get(cand.key)
            if previous is not None:
                merged.append(previous)
            else:
                cand.id = f"c{next_no:02d}"
                next_no += 1
                merged.append(cand)
        merged.sort(key=lambda c: _number(c.id))
        _write(doc_id, merged)
    return merged


def _number(cand_id: str) -> int:
    digits = cand_id.lstrip("c")
    return int(digits) if digits.isdigit() else 0


def decide(corpus: Corpus, doc_id: str, ids: Iterable[str] | None, status: str) -> list[Candidate]:
    """Set ``status`` (accepted/rejected) on the candidates ``ids`` (None: every pending one).

    Every id is checked before anything is written; returns the changed candidates."""
    document = _user_document(corpus, doc_id)
    where = str(review_path(doc_id))
    with _locked(doc_id):
        candidates = load_review(doc_id)
        if not candidates:
            raise InputError(
                f"文件 {doc_id} 还没有候选规定：请先运行 xuehui provisions extract {doc_id}"
            )
        by_id = {c.id: c for c in candidates}
        if ids is None:
            chosen = [c for c in candidates if c.status == "pending"]
        else:
            wanted = list(dict.fromkeys(ids))
            unknown = [i for i in wanted if i not in by_id]
            if unknown:
                raise InputError(
                    f"文件 {doc_id} 没有编号为 {'、'.join(unknown)} 的候选规定"
                    f"（现有 {_id_range(candidates)}；用 xuehui provisions extract {doc_id} 查看）"
                )
            chosen = [by_id[i] for i in wanted]
        if status == "accepted":
            for cand in chosen:
                _check_quote(cand, document, where)
                _check_shape(cand, where)
        for cand in chosen:
            cand.status = status  # type: ignore[assignment]
        _write(doc_id, candidates)
    return chosen


def edit(
    corpus: Corpus,
    doc_id: str,
    cand_id: str,
    *,
    subject: str | None = None,
    value: str | None = None,
) -> Candidate:
    """Change a candidate's subject and/or value (as the reviewer types it: 150, 1/3, 5-15)."""
    _user_document(corpus, doc_id)
    with _locked(doc_id):
        candidates = load_review(doc_id)
        cand = next((c for c in candidates if c.id == cand_id), None)
        if cand is None:
            raise InputError(f"文件 {doc_id} 没有编号为 {cand_id} 的候选规定")
        if subject is not None:
            subject = subject.strip() or OTHER
            if subject != OTHER and subject not in subject_units():
                raise InputError(f"规定主题“{subject}”不在主题表中；不确定时选“其他（须人工核对）”")
            cand.subject = subject
            _check_shape(cand)
        if value is not None:
            new = parse_value(value, cand.operator)
            _check_value_in_quote(new, cand)
            cand.value = new
        _write(doc_id, candidates)
    return cand


def parse_value(text: str, operator: str) -> Any:
    """A reviewer's value: a number for <=/>=/…, ``[low, high]`` for between, words otherwise."""
    text = numerals.normalize(text.strip())
    if not text:
        raise InputError("取值不能为空")
    if operator in NUMERIC:
        number = numerals.to_fraction(text)
        if number is None:
            raise InputError(f"取值“{text}”不是数字（可写 150、1/3、三分之一、5‰）")
        return number.numerator if number.denominator == 1 else round(float(number), 4)
    if operator == "between":
        low, sep, high = text.replace("至", "-").replace("~", "-").partition("-")
        a, b = numerals.to_fraction(low), numerals.to_fraction(high)
        if not sep or a is None or b is None or a > b:
            raise InputError(f"取值“{text}”应为范围，如 5-15")
        return [x.numerator if x.denominator == 1 else round(float(x), 4) for x in (a, b)]
    if operator == "one_of":
        return [part for part in text.replace("，", "、").split("、") if part]
    return text


def _check_value_in_quote(value: Any, cand: Candidate) -> None:
    """A corrected number must be one the clause states (in any notation): the reviewer fixes
    a misreading, never the rule itself."""
    numbers = value if isinstance(value, list) else [value]
    if not all(isinstance(n, (int, float)) for n in numbers):
        return
    stated = numbers_stated(cand.quote)
    missing = [n for n in numbers if not any(abs(n - s) <= 5e-4 for s in stated)]
    if missing:
        shown = "、".join(str(n) for n in missing)
        raise InputError(
            f"取值 {shown} 不见于原文“{cand.quote}”：取值须是条款写明的数（可换写法，如 1/3、三分之一）"
        )


def _id_range(candidates: list[Candidate]) -> str:
    return f"{candidates[0].id}–{candidates[-1].id}" if candidates else "无"


# --------------------------------------------------------------------------- in force
_cache: dict[Path, tuple[tuple[int, int], tuple[Provision, ...]]] = {}


def accepted_provisions() -> tuple[Provision, ...]:
    """Accepted provisions of every user document still in the corpus, file by file.

    Files are re-read only when they change, so check and audit see a decision at once."""
    folder = paths.user_provisions_dir()
    if not folder.is_dir():
        return ()
    corpus_dir = paths.user_corpus_dir()
    out: list[Provision] = []
    for path in sorted(folder.glob("*.yaml")):
        doc_id = path.stem
        if not (corpus_dir / f"{doc_id}.yaml").exists():
            continue  # the document was removed: its rules go with it
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
        cached = _cache.get(path)
        if cached is None or cached[0] != signature:
            provisions = _accepted_of(doc_id, path)
            _cache[path] = (signature, provisions)
            cached = _cache[path]
        out.extend(cached[1])
    return tuple(out)


def _accepted_of(doc_id: str, path: Path) -> tuple[Provision, ...]:
    import kb

    accepted = [c for c in _read(path) if c.status == "accepted"]
    if not accepted:
        return ()
    corpus = kb.load_corpus()
    if doc_id not in corpus:
        corpus = kb.reload()
    if doc_id not in corpus:
        return ()
    document = corpus.document(doc_id)
    for cand in accepted:
        _check_quote(cand, document, str(path))
        _check_shape(cand, str(path))
    return tuple(c.to_provision(doc_id) for c in accepted)
