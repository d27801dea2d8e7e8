"""What a profile's generated charter actually states, read back with the audit's reader.

`check` and `generate` must never certify a rule as "已载明，符合" because someone once wrote
down that "the charter says this": the charter is rendered from the profile, read with the
very reader and fact patterns the audit uses on a real charter, and only what that reading
finds counts as stated — with the article it is stated in.
"""

from __future__ import annotations

from typing import Any

from generator.rules.findings import Evidence


def charter_statements(profile: Any) -> tuple[dict[str, Any], dict[str, Evidence]]:
    """(facts, evidence) of the charter generated for ``profile``.

    The facts are flat, keyed like profile fields or ``charter.*``; the evidence names the
    article that states each one.
    """
    # Imported here: the charter templates ask the engine for the binding rules.
    from generator.audit.evaluation import audit_facts, evidence_of
    from generator.audit.facts import extract_facts
    from generator.audit.reader import parse_charter, strip_markdown
    from generator.content.charter import draft_charter
    from generator.content.templating import md_unescape

    draft = draft_charter(profile)
    charter = parse_charter(strip_markdown(md_unescape(draft.markdown)), profile.name)
    facts = extract_facts(charter)
    return audit_facts(facts), evidence_of(facts)
