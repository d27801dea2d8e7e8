"""The corpus: regulations with their metadata, each segmented into clauses.

A document in a corpus folder is two files side by side: ``<id>.yaml`` (metadata, see
``corpus/README.md``) and ``<id>.txt`` (the cleaned body). The built-in folder also keeps
each delivered original under ``originals/`` for provenance. The user's own additions live in
the same shape in the user data folder and are listed with the built-in ones.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kb import paths
from kb.errors import XuehuiError
from kb.levels import LEVEL_LABELS, LevelField
from kb.limits import load_yaml
from kb.segmentation import Clause, segment

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from kb.comparison import Alignment, ProvisionComparison, TopicComparison
    from kb.hits import Hit
    from kb.jurisdiction import Jurisdiction
    from kb.provisions import Provision
    from kb.topics import Topic

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class Scope(BaseModel):
    """Societies a document speaks to: those registered at ``levels`` in ``region_code``
    (or, with ``within``, anywhere inside it: a 郑州市 society is within 410000)."""

    model_config = ConfigDict(extra="forbid")
    region_code: str = Field(pattern=r"^\d{6}$")
    levels: list[LevelField]
    within: bool = False


class Applicability(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str | None = None
    scopes: list[Scope] = []


class CleanRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start_at: str | None = None
    markdown: bool = False  # the original is Markdown: strip heading marks and comments


class DocumentMeta(BaseModel):
    """Metadata of one regulation; field names are those of the YAML file."""

    model_config = ConfigDict(extra="forbid")
    id: str
    title: str = Field(min_length=2)
    short_title: str | None = None
    issuers: list[str] = []
    doc_number: str | None = None
    date_issued: str | None = None
    date_published: str | None = None
    region_name: str | None = None
    region_code: str = Field(pattern=r"^\d{6}$")
    level: LevelField
    binds: Applicability = Applicability()
    refers: Applicability = Applicability()
    source_file: str | None = None
    original_name: str | None = None
    clean: CleanRules = CleanRules()

    @field_validator("id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("id 只能由小写字母、数字和连字符组成（2–48 个字符），如 zhejiang-2024")
        return value

    @field_validator("date_issued", "date_published")
    @classmethod
    def _valid_date(cls, value: str | None) -> str | None:
        if value is not None and not _DATE.match(str(value)):
            raise ValueError("日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD")
        if value is not None and not _real_date(str(value)):
            raise ValueError(f"日期 {value} 不存在（月份应为 01–12，日应在该月天数之内）")
        return None if value is None else str(value)


def _real_date(value: str) -> bool:
    """A YYYY, YYYY-MM or YYYY-MM-DD string that names a day, month or year on the calendar."""
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


@dataclass
class Document:
    """A regulation: its metadata, cleaned body and clause tree."""

    meta: DocumentMeta
    body: str
    builtin: bool = True
    folder: Path | None = None
    clauses: list[Clause] = field(init=False)

    def __post_init__(self) -> None:
        self.clauses = segment(self.meta.id, self.meta.title, self.body, self.meta.issuers)
        self._by_id = {c.id: c for c in self.clauses}

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def short_title(self) -> str:
        return self.meta.short_title or self.meta.title

    @property
    def year(self) -> int | None:
        date = self.meta.date_issued or self.meta.date_published
        return int(date[:4]) if date else None

    def clause(self, clause_id: str) -> Clause:
        return self._by_id[clause_id]

    def has_clause(self, clause_id: str) -> bool:
        return clause_id in self._by_id

    def children(self, clause: Clause) -> list[Clause]:
        return [self._by_id[c] for c in clause.children]

    @cached_property
    def content_hash(self) -> str:
        data = self.meta.model_dump_json() + "\n" + self.body
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def to_dict(self, with_clauses: bool = False) -> dict:
        out = self.meta.model_dump(exclude={"clean"})
        out.update(
            builtin=self.builtin,
            year=self.year,
            clause_count=len(self.clauses),
            level_label=LEVEL_LABELS[self.meta.level],
        )
        if with_clauses:
            out["clauses"] = [c.to_dict() for c in self.clauses]
        return out


def describe_validation_error(err: ValidationError, where: str) -> XuehuiError:
    """Turn pydantic's report into one Chinese message naming each bad field."""
    parts = []
    for item in err.errors():
        loc = ".".join(str(x) for x in item["loc"]) or "（根）"
        kind = item["type"]
        if kind == "missing":
            parts.append(f"缺少字段 {loc}")
        elif kind == "extra_forbidden":
            parts.append(f"未知字段 {loc}")
        elif kind == "literal_error":
            expected = str(item.get("ctx", {}).get("expected", ""))
            allowed = "、".join(re.findall(r"'([^']*)'", expected)) or expected
            parts.append(f"字段 {loc} 的取值无效，可选：{allowed}")
        elif kind == "string_pattern_mismatch" and loc.endswith("region_code"):
            parts.append(f"字段 {loc} 应为 6 位行政区划代码（GB/T 2260），如 410000")
        elif kind == "string_too_short":
            parts.append(f"字段 {loc} 太短，至少 {item['ctx']['min_length']} 个字符")
        elif kind in ("string_type", "list_type", "dict_type", "bool_type", "model_type"):
            expected = {
                "string_type": "文字",
                "list_type": "列表",
                "dict_type": "映射",
                "bool_type": "true 或 false",
                "model_type": "映射",
            }[kind]
            parts.append(f"字段 {loc} 应为{expected}")
        else:
            msg = item["msg"].removeprefix("Value error, ")
            parts.append(f"字段 {loc}：{msg}")
    return XuehuiError("元数据有误：" + "；".join(parts), where=where)


def read_meta(path: Path) -> DocumentMeta:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise XuehuiError(
            "无法读取元数据文件（没有读取权限，或不是 UTF-8 编码）", where=str(path)
        ) from exc
    data = load_yaml(text, source=str(path))
    if not isinstance(data, dict):
        raise XuehuiError("元数据文件应为 YAML 映射（字段: 值）", where=str(path))
    try:
        return DocumentMeta.model_validate(data)
    except ValidationError as err:
        raise describe_validation_error(err, str(path)) from err


def _load_folder(folder: Path, builtin: bool) -> list[Document]:
    docs = []
    if not folder.is_dir():
        return docs
    for meta_path in sorted(folder.glob("*.yaml")):
        meta = read_meta(meta_path)
        body_path = meta_path.with_suffix(".txt")
        try:
            body = body_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise XuehuiError("缺少或无法读取正文文件", where=str(body_path)) from exc
        docs.append(Document(meta=meta, body=body, builtin=builtin, folder=folder))
    # National law first (it binds everyone), then the regional documents by id.
    return sorted(docs, key=lambda d: (d.meta.level != "national", d.id))


class Corpus:
    """All documents, built-in first, then the user's own, in a stable order — and the entry
    point for everything asked of them (search, topics, provisions, jurisdiction, comparison).

    Documents are read on first use: a search answered from a current index never needs them,
    which keeps ``xuehui search`` quick to start. ``corpus[0]`` is the first document,
    ``corpus["henan-2018"]`` the document with that id.
    """

    def __init__(
        self,
        documents: list[Document] | None = None,
        *,
        loader: Callable[[], list[Document]] | None = None,
    ) -> None:
        if documents is None and loader is None:
            raise TypeError("Corpus needs documents or a loader")
        if documents is not None:
            self.__dict__["documents"] = documents
        self._loader = loader

    @cached_property
    def documents(self) -> list[Document]:
        assert self._loader is not None
        return self._loader()

    @cached_property
    def _docs(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    @cached_property
    def _clauses(self) -> dict[str, Clause]:
        return {c.id: c for d in self.documents for c in d.clauses}

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._docs

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            return self.document(key)
        return self.documents[key]

    def document(self, doc_id: str) -> Document:
        try:
            return self._docs[doc_id]
        except KeyError:
            known = "、".join(self._docs)
            raise XuehuiError(f"没有编号为 {doc_id} 的文件。现有：{known}") from None

    def clause(self, clause_id: str) -> Clause:
        try:
            return self._clauses[clause_id]
        except KeyError:
            pass
        if not clause_id.strip():
            raise XuehuiError("条款编号不能为空（格式如 henan-2018/sec_4__item_3）")
        doc_id = clause_id.split("/", 1)[0]
        hint = (
            f"文件 {doc_id} 中没有这一条款，请在该文件的条款列表中核对编号"
            if any(d.id == doc_id for d in self.documents)
            else "格式如 henan-2018/sec_4__item_3"
        )
        raise XuehuiError(f"没有编号为 {clause_id} 的条款（{hint}）")

    def clauses(self) -> Iterator[Clause]:
        for doc in self.documents:
            yield from doc.clauses

    @cached_property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for doc in self.documents:
            digest.update(doc.content_hash.encode())
        return digest.hexdigest()

    # ------------------------------------------------------------ what users ask of a corpus
    # The work lives in its own modules (kb.lookup, kb.topics, kb.provisions, kb.comparison),
    # imported on use so loading a corpus stays light.

    def search(
        self,
        query: str,
        *,
        limit: int | None = 10,
        exact: bool = False,
        docs: list[str] | None = None,
        region_code: str | None = None,
        level: str | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
    ) -> list[Hit]:
        """Clauses matching ``query``, best first; ``exact`` = verbatim phrase, corpus order.

        ``docs`` (ids), ``region_code`` (GB/T 2260; a province matches the documents within
        it), ``level`` and the issue-year range filter the documents.
        """
        from kb.lookup import search

        return search(
            self,
            query,
            limit=limit,
            exact=exact,
            doc=",".join(docs) if docs else None,
            region=region_code,
            level=level,
            year_from=year_from,
            year_to=year_to,
        )

    def topics(self) -> list[Topic]:
        """The topic taxonomy, in the order of ``kb/data/topics.yaml``."""
        from kb.topics import load_topics

        return list(load_topics())

    def provisions(
        self, subject: str | None = None, docs: list[str] | None = None
    ) -> list[Provision]:
        """Provisions, optionally only those of a subject (key, prefix or label words) or of
        some documents."""
        from kb.comparison import match_subjects, select_documents
        from kb.provisions import load_provisions

        wanted = set(match_subjects(subject)) if subject else None
        if docs:
            select_documents(self, docs)  # unknown id → Chinese error
        return [
            p
            for p in load_provisions()
            if (wanted is None or p.subject in wanted) and (not docs or p.doc_id in docs)
        ]

    def jurisdiction(self, region_code: str, level: str) -> Jurisdiction:
        """Which documents bind a society of ``region_code`` at ``level``, which are references."""
        from kb.comparison import checked_jurisdiction

        return checked_jurisdiction(self, region_code, level)

    def compare_topic(
        self,
        query: str,
        *,
        docs: list[str] | None = None,
        region_code: str | None = None,
        level: str | None = None,
    ) -> TopicComparison:
        """Every clause on a topic (id, label or any words) in each document."""
        from kb.comparison import compare_topic

        return compare_topic(self, query, docs=docs, region_code=region_code, level=level)

    def compare_provisions(
        self,
        subject: str | None = None,
        *,
        docs: list[str] | None = None,
        region_code: str | None = None,
        level: str | None = None,
    ) -> ProvisionComparison:
        """Every provision subject (or those matching ``subject``) across the documents."""
        from kb.comparison import compare_provisions

        return compare_provisions(self, subject, docs=docs, region_code=region_code, level=level)

    def align(self, doc_a: str, doc_b: str, top: int = 3) -> Alignment:
        """Each clause of ``doc_a`` with its most similar clauses of ``doc_b`` and a diff."""
        from kb.comparison import align

        return align(self, doc_a, doc_b, top=top)


def split_ids(text: str | None) -> list[str] | None:
    """Document ids typed as one string (``henan-2018,tianjin-2017`` or with ，) → a list."""
    if not text:
        return None
    return [part.strip() for part in re.split(r"[,，]", text) if part.strip()] or None


def load_corpus(builtin_dir: Path | None = None, user_dir: Path | None = None) -> Corpus:
    """Load the built-in corpus and the user's additions."""
    builtin_dir = builtin_dir or paths.builtin_corpus_dir()
    user_dir = user_dir or paths.user_corpus_dir()

    def load() -> list[Document]:
        builtin = _load_folder(builtin_dir, builtin=True)
        user = _load_folder(user_dir, builtin=False)
        seen = {d.id for d in builtin}
        for doc in user:
            if doc.id in seen:
                raise XuehuiError(f"用户文件的编号 {doc.id} 与内置文件重复", where=str(doc.folder))
            seen.add(doc.id)
        return builtin + user

    return Corpus(loader=load)
