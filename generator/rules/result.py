"""The result of checking a profile, in the one shape every front end prints.

`xuehui check --json` and the web app's ``/api/check`` both emit ``CheckResult.to_dict()``,
so a script can switch between them without noticing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.profile import Profile
from generator.rules.compliance import Finding, check


@dataclass
class CheckResult:
    """A profile, where it came from (a file name, or None) and its findings."""

    profile: Profile
    findings: list[Finding]
    source: str | None = None

    @property
    def errors(self) -> list[Finding]:
        """The findings that must be fixed before documents are generated."""
        return [f for f in self.findings if f.is_error]

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.source,
            "name": self.profile.name,
            "region_code": self.profile.region_code,
            "level": self.profile.level,
            "errors": len(self.errors),
            "findings": [f.to_dict() for f in self.findings],
        }


def check_profile(profile: Profile, source: str | None = None) -> CheckResult:
    return CheckResult(profile=profile, findings=check(profile), source=source)
