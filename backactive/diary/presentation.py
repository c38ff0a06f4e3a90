"""Words around the chart, in the reader's language (the chart itself is pure and wordless)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import dateformat, numberformat
from django.utils.formats import date_format, get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from backactive.core.i18n import lang

from .chart import ChartText
from .effects import Effects, Statements, statements
from .effects.plot import PlotText, render_dot_plot
from .trends import Change, Week


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
        day=short_day,
        number=lambda value: number_format(value, 0, force_grouping=True),
        capped=_("This week lies above the top of the axis; its minutes are written above it."),
    )


def short_day(day: dt.date) -> str:
    """Day and month for chart labels, as the reader writes them ("4.9." / "4 Sep")."""
    return date_format(day, pgettext("chart label: day and month, Django date format", "j M"))


def week_table(weeks: list[Week]) -> list[tuple[str, str, str]]:
    """Weeks as table rows of ready strings, numbers and dates in the reader's locale (what
    ``date_format`` and ``number_format`` write, with the locale's formats looked up once for
    the year of rows rather than once a cell)."""
    day = get_format("SHORT_DATE_FORMAT")
    decimal, thousands, grouping = (get_format(name) for name in ("DECIMAL_SEPARATOR", "THOUSAND_SEPARATOR",
                                                                  "NUMBER_GROUPING"))
    return [
        (dateformat.format(w.start, day),
         numberformat.format(w.minutes, decimal, 0, grouping, thousands, force_grouping=True),
         "–" if w.mean_pain is None else numberformat.format(w.mean_pain, decimal, 1, grouping, thousands))
        for w in weeks
    ]


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


@dataclass(frozen=True)
class EffectsView:
    """The stored activity-and-pain analysis, ready for a page in the reader's language."""

    effects: Effects
    statements: Statements
    svg: str

    @property
    def state(self) -> str:
        """missing | unclear | lower | pacing: what the page highlights."""
        nd = self.effects.next_day
        if not self.effects.enough_data:
            return "missing"
        if self.effects.pacing_advised:
            return "pacing"
        return "lower" if nd is not None and nd.lower_after_activity else "unclear"


def plot_text() -> PlotText:
    return PlotText(
        title=_("Pain on the day after active days and after rest days"),
        description=_(
            "Dots: pain entered on the day after each rest day (left) and each active day (right); "
            "bars: their averages. Right: the difference, adjusted for the pain of the day itself, "
            "with its 90 per cent interval; below the dashed zero line means less pain after activity."
        ),
        after_rest=_("after rest"),
        after_active=_("after active"),
        pain_axis=_("pain next day"),
        difference=_("difference"),
        less=_("less pain"),
        more=_("more pain"),
    )


def effects_view(result: dict[str, Any] | None, *, with_plot: bool = True) -> EffectsView | None:
    """None when no analysis is stored yet (a diary written before any entry came through the
    diary's services)."""
    if result is None:
        return None
    found = Effects.from_dict(result)
    svg = render_dot_plot(found, plot_text()) if with_plot and found.enough_data else ""
    return EffectsView(effects=found, statements=statements(found, lang()), svg=svg)
