"""Words around the chart, in the reader's language (the chart itself is pure and wordless)."""

from __future__ import annotations

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .chart import ChartText
from .trends import Change


def chart_text(name: str) -> ChartText:
    return ChartText(
        title=_("Pain and activity of %(name)s") % {"name": name},
        description=_(
            "Bars: minutes of activity per week. Line: average pain per week (0 to 10). "
            "Dashed vertical lines: consultations. Dashed horizontal line: 150 minutes per week."
        ),
        minutes_axis=_("min/week"),
        pain_axis=_("pain 0–10"),
        target=_("150 min/week"),
        consultation=_("visit"),
    )


def change_sentence(change: Change, *, reference: str | None = None) -> str:
    """One honest sentence; ``reference`` names what ``change.since`` is (default: the last
    consultation)."""
    if change.since is None:
        return _("Not enough data yet: a comparison starts after the first consultation.")
    day = date_format(change.since, "SHORT_DATE_FORMAT")
    what = reference or _("the consultation on %(date)s") % {"date": day}
    if not change.enough or None in (change.minutes_before, change.minutes_after, change.pain_before,
                                     change.pain_after):
        return _(
            "Not enough diary entries yet to compare with the time before %(what)s "
            "(at least a week and three pain entries on each side are needed)."
        ) % {"what": what}
    return _(
        "Since %(what)s: activity %(m_before)s → %(m_after)s min/week, pain %(p_before)s → %(p_after)s "
        "(average of the four weeks before and the days since)."
    ) % {
        "what": what,
        "m_before": number_format(change.minutes_before or 0, 0),
        "m_after": number_format(change.minutes_after or 0, 0),
        "p_before": number_format(change.pain_before or 0, 1),
        "p_after": number_format(change.pain_after or 0, 1),
    }
