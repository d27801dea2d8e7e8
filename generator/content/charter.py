"""The charter (章程): context, continuous numbering, subject tags and the drafting basis.

``templates/charter.md.j2`` writes every article through the ``article`` macro, which names
the provision subjects the article implements. While rendering, an ``ArticleBook`` numbers
chapters and articles continuously (第一章, 第一条 …) and remembers which article carries
which subject. That record gives the drafting-basis annex (条款依据对照表) and
``article_for`` — the article text the charter audit proposes for a missing rule, taken from
the very templates the generator uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.content.templating import Md, md_unescape, render_template
from generator.profile import Profile
from generator.rules.compliance import binding_rules, rule_text, subject_label
from kb.levels import LEVEL_LABELS
from kb.numerals import cn_int
from kb.provisions import Provision

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@lru_cache(maxsize=1)
def voting() -> dict:
    """Bodies, quorums and majorities (``generator/data/resolutions.yaml``)."""
    return yaml.safe_load((DATA_DIR / "resolutions.yaml").read_text(encoding="utf-8"))


@dataclass
class Article:
    number: int
    chapter: str
    subjects: tuple[str, ...]
    body: str  # Markdown, without the 第N条 label

    @property
    def label(self) -> str:
        return f"第{cn_int(self.number)}条"

    @property
    def text(self) -> str:
        """Plain text as it reads in the charter: 第十条　本会……"""
        return f"{self.label}　{md_unescape(self.body)}"


@dataclass
class ArticleBook:
    """Numbers chapters and articles while the template renders; records subject tags."""

    chapters: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    _section: int = 0

    def chapter(self, title: str) -> Md:
        self.chapters.append(title)
        self._section = 0
        return Md(f"## 第{cn_int(len(self.chapters))}章　{title}")

    def section(self, title: str) -> Md:
        self._section += 1
        return Md(f"### 第{cn_int(self._section)}节　{title}")

    def article(self, subjects: tuple[Any, ...], body: str) -> Md:
        """Number an article; ``subjects`` may hold lists (tags that apply conditionally)."""
        subjects = tuple(
            s for item in subjects for s in (item if isinstance(item, (list, tuple)) else [item])
        )
        paragraphs = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
        art = Article(
            number=len(self.articles) + 1,
            chapter=self.chapters[-1] if self.chapters else "",
            subjects=tuple(subjects),
            body="\n\n".join(paragraphs),
        )
        self.articles.append(art)
        paragraphs[0] = f"**{art.label}**　{paragraphs[0]}"
        return Md("\n\n".join(paragraphs) + "\n")

    def ref(self, offset: int) -> str:
        """Label of an article relative to the next one (used for cross references)."""
        return f"第{cn_int(len(self.articles) + 1 + offset)}条"

    def for_subject(self, subject: str) -> list[Article]:
        return [a for a in self.articles if subject in a.subjects]


class Rules:
    """The binding provisions of a society, by subject, as the templates ask for them."""

    def __init__(self, rules: dict[str, list[Provision]]):
        self._rules = rules

    def has(self, subject: str) -> bool:
        return subject in self._rules

    def value(self, subject: str, default: Any = None) -> Any:
        provs = self._rules.get(subject)
        return provs[0].value if provs else default

    def text(self, subject: str, default: str = "") -> str:
        provs = self._rules.get(subject)
        if not provs:
            return default
        return provs[0].value_text or str(provs[0].value)

    def docs(self) -> set[str]:
        return {p.doc_id for provs in self._rules.values() for p in provs}

    def all(self) -> dict[str, list[Provision]]:
        return self._rules


def titles(profile: Profile) -> dict[str, str]:
    """Names of bodies and posts as this charter writes them."""
    bodies = voting()["bodies"]
    leader = profile.governance.leader_title
    return {
        "leader": leader,
        "vice": f"副{leader}",
        "congress": bodies["congress"]["name"][profile.congress],
        "delegate": bodies["congress"]["member"][profile.congress],
        "board": "监事会" if profile.governance.supervisors >= 3 else "监事",
        "level": LEVEL_LABELS[profile.level],
    }


def charter_context(profile: Profile, book: ArticleBook | None = None) -> dict[str, Any]:
    rules = Rules(binding_rules(profile.region_code, profile.level))
    vote = voting()
    return {
        "p": profile,
        "g": profile.governance,
        "t": titles(profile),
        "rules": rules,
        "vote": vote,
        "majority": vote["majorities"],
        "book": book or ArticleBook(),
        "lr": _legal_representative_title(profile),
    }


def _legal_representative_title(profile: Profile) -> str:
    leader = profile.governance.leader_title
    return {"president": leader, "vice_president": f"副{leader}", "secretary_general": "秘书长"}[
        profile.governance.legal_representative
    ]


@dataclass
class CharterDraft:
    """A rendered charter: its Markdown and the record of its articles."""

    profile: Profile
    markdown: str
    book: ArticleBook
    rules: Rules

    def basis(self) -> list[dict[str, str]]:
        """条款依据对照表 rows: each binding provision → the article implementing it."""
        import kb

        corpus = kb.load_corpus()
        rows = []
        for subject, provs in self.rules.all().items():
            arts = self.book.for_subject(subject)
            where = "、".join(a.label for a in arts) or "—"
            for prov in provs:
                rows.append(
                    {
                        "subject": subject,
                        "label": subject_label(subject),
                        "rule": rule_text(prov),
                        "article": where,
                        "citation": corpus.clause(prov.clause_id).citation,
                        "quote": prov.quote,
                    }
                )
        return rows


def draft_charter(profile: Profile) -> CharterDraft:
    context = charter_context(profile)
    markdown = render_template("charter.md.j2", **context)
    return CharterDraft(
        profile=profile, markdown=markdown, book=context["book"], rules=context["rules"]
    )


def articles_for(subject: str, profile: Profile) -> list[Article]:
    """The articles of the generated charter that implement ``subject``."""
    return draft_charter(profile).book.for_subject(subject)


def article_for(subject: str, profile: Profile) -> str:
    """Plain text of the article implementing ``subject`` (empty when no article does).

    The charter audit proposes it as replacement or new article text; the number is that
    of the generated charter (第十八条　……).
    """
    arts = articles_for(subject, profile)
    return "\n".join(a.text for a in arts)
