"""The settings that apply to an organization's year: its own, else its nearest ancestor's, else
the defaults of `WorkplaceSetting` (25 employees, 5,000 元, 提示函 first, 15 and 10 working days)."""

from __future__ import annotations

from gonghui.core.models import Organization
from gonghui.workplace.models import WorkplaceSetting


def setting_for(org: Organization, year: int) -> WorkplaceSetting:
    """The setting in force for `org` in `year` (unsaved defaults when none was entered)."""
    ancestor_ids = [int(part) for part in org.path.strip("/").split("/") if part]
    rows = {
        s.org_id: s for s in WorkplaceSetting.objects.filter(org_id__in=ancestor_ids, year=year)
    }
    for org_id in reversed(ancestor_ids):
        if org_id in rows:
            return rows[org_id]
    return WorkplaceSetting(org=org, year=year)
