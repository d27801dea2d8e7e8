"""xuehui's generator: the society profile, its compliance check and its documents.

Public API (the CLI, the web app and the charter audit use only these):

- ``load_profile(path) -> Profile``, ``profile_from_dict(data)``, ``profile_schema()``
- ``check(profile_or_facts) -> list[Finding]``; ``evaluate(facts, region_code, level)`` over a
  flat mapping of profile field paths → values (the audit feeds the facts it read from a
  charter); ``profile_facts(profile)``; ``has_errors(findings)``
- ``draft_charter(profile) -> CharterDraft`` (Markdown, article record, ``basis()`` rows);
  ``article_for(subject, profile) -> str`` the article text implementing a provision subject
- ``build(profile, "charter"|"basis"|"duties"|"resolution", kind, meeting) -> Document``
  (``basis`` is the 条款依据对照表, a file of its own beside the charter);
  ``generate(profile, what, out_dir, fmt=…, overwrite=…, force=…) -> Generated``;
  ``generate_all(profile, out_dir)`` and ``skipped_resolutions(profile)`` (what it left out, why)
- ``resolution_kinds()`` the standard resolutions with their facts and voting rules
"""

from __future__ import annotations

from generator.content.charter import (
    Article,
    CharterDraft,
    article_for,
    articles_for,
    draft_charter,
)
from generator.content.documents import (
    Document,
    Generated,
    build,
    generate,
    generate_all,
    skipped_resolutions,
)
from generator.content.resolutions import kinds as resolution_kinds
from generator.profile import Profile, load_profile, profile_from_dict, profile_schema
from generator.rules.compliance import Finding, check, evaluate, has_errors, profile_facts

__all__ = [
    "Article",
    "CharterDraft",
    "Document",
    "Finding",
    "Generated",
    "Profile",
    "article_for",
    "articles_for",
    "build",
    "check",
    "draft_charter",
    "evaluate",
    "generate",
    "generate_all",
    "has_errors",
    "load_profile",
    "profile_facts",
    "profile_from_dict",
    "profile_schema",
    "resolution_kinds",
    "skipped_resolutions",
]
