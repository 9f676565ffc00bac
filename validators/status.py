"""The verdict from the issues: the worst severity decides."""

from __future__ import annotations

from collections.abc import Iterable

from mseflow.contract import Issue, Severity, Status


def status_from_issues(issues: Iterable[Issue]) -> Status:
    """``invalid`` on any error, else ``needs_review`` on any warning, else ``valid``.

    ``info`` issues never change the verdict.
    """
    severities = {Severity(issue.severity) for issue in issues}
    if Severity.error in severities:
        return Status.invalid
    if Severity.warning in severities:
        return Status.needs_review
    return Status.valid
