"""The stream report: one show's stored data as Markdown in the owner's house format."""

from __future__ import annotations

from mhc.domain.exclusion import ExclusionPolicy
from mhc.domain.owner_clock import OwnerClock
from mhc.domain.report.data import ReportData
from mhc.domain.report.figures import compute_figures
from mhc.domain.report.markdown import render_report


def stream_report(data: ReportData, *, exclusion: ExclusionPolicy, clock: OwnerClock) -> str:
    """The report of one session, in the owner's time zone and clock."""
    return render_report(compute_figures(data, exclusion=exclusion, clock=clock), clock)
