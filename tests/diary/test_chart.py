import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backactive.diary.chart import (
    CHAR_WIDTH,
    NARROW,
    PAPER,
    WIDE,
    ChartSize,
    ChartText,
    axis_max,
    render_chart,
    smallest_text,
)
from backactive.diary.trends import Week

NS = {"s": "http://www.w3.org/2000/svg"}
D = dt.date(2026, 3, 2)
TEXT = ChartText(title="Pain & activity <of> A", description="Bars are minutes")


def _weeks() -> list[Week]:
    return [
        Week(D, 60, 6.0, 3),
        Week(D + dt.timedelta(days=7), 0, None, 0),
        Week(D + dt.timedelta(days=14), 180, 4.5, 2),
        Week(D + dt.timedelta(days=21), 90, 4.0, 4),
    ]


def test_chart_is_valid_accessible_svg_with_bars_line_target_and_visits() -> None:
    svg = render_chart(_weeks(), [D + dt.timedelta(days=15)], TEXT)
    root = ET.fromstring(svg)  # well-formed, text escaped
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "Pain & activity <of> A"  # type: ignore[union-attr]
    assert root.find("s:desc", NS).text == "Bars are minutes"  # type: ignore[union-attr]
    bars = root.findall("s:g[@class='bars']/s:rect", NS)
    assert len(bars) == 3  # the week without minutes has no bar
    heights = [float(b.get("height")) for b in bars]  # type: ignore[arg-type]
    assert heights[1] == max(heights) and abs(heights[1] - 3 * heights[0]) < 0.2
    assert len(root.findall("s:line[@class='target']", NS)) == 1
    assert len(root.findall("s:g[@class='consultation']", NS)) == 1
    # the pain line breaks at the week without pain: one point alone, then a segment of two
    assert len(root.findall("s:polyline[@class='pain']", NS)) == 1
    assert len(root.findall("s:circle", NS)) == 3


def test_consultations_outside_the_weeks_are_not_drawn() -> None:
    svg = render_chart(_weeks(), [D - dt.timedelta(days=30)], TEXT)
    assert 'class="consultation"' not in svg


def test_chart_is_deterministic() -> None:
    assert render_chart(_weeks(), [D], TEXT) == render_chart(_weeks(), [D], TEXT)


def _texts(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(".//s:text", NS)


@pytest.mark.parametrize("size", [WIDE, NARROW, PAPER], ids=["wide", "narrow", "paper"])
def test_every_label_lies_inside_the_drawing(size: ChartSize) -> None:
    weeks = [Week(D + dt.timedelta(days=7 * i), 40 * i, 5.0, 3) for i in range(16)]
    visits = [D + dt.timedelta(days=d) for d in (0, 14, 21, 70, 105)]
    svg = render_chart(weeks, visits, ChartText(title="t", description="d", pain_axis="Schmerz 0–10",
                                                minutes_axis="Min./Woche"), size=size)
    for t in _texts(svg):
        x, width = float(t.get("x")), len(t.text or "") * size.font * CHAR_WIDTH  # type: ignore[arg-type]
        assert x >= 0 and x + width <= size.width, f"{t.text!r} at {x} runs out of {size.width}"
    assert "Schmerz 0–10" in svg and "rotate" not in svg  # axis titles level, above their axes


def test_text_is_legible_where_each_size_is_used() -> None:
    assert smallest_text(WIDE) >= 12 and smallest_text(NARROW) >= 12  # CSS px on screen
    assert smallest_text(PAPER, paper=True) >= 8  # pt on paper
    handout = (Path(__file__).parents[2] / "backactive/handouts/templates/handout.typ").read_text()
    assert f"svg(d.chart_svg, width: {PAPER.min_width:g}mm)" in handout


def test_an_outlier_is_capped_with_a_marker_instead_of_rescaling() -> None:
    weeks = [Week(D + dt.timedelta(days=7 * i), m, 5.0, 3) for i, m in enumerate([90, 120, 100, 1440, 110, 95])]
    svg = render_chart(weeks, [], TEXT)
    root = ET.fromstring(svg)
    heights = [float(b.get("height")) for b in root.findall("s:g[@class='bars']/s:rect", NS)]  # type: ignore[arg-type]
    assert heights[1] > 0.35 * heights[3], "the ordinary weeks keep a readable height"
    assert axis_max([90, 120, 100, 1440, 110, 95]) == 300
    assert len(root.findall("s:g[@class='capped']", NS)) == 1
    assert any(t.text == "1440" for t in _texts(svg)), "the capped week's value is written out"


def test_dates_and_numbers_are_written_by_the_reader_s_locale() -> None:
    weeks = [Week(D, 1200, 5.0, 3), Week(D + dt.timedelta(days=7), 100, 4.0, 3)]
    text = ChartText(title="t", description="d", day=lambda d: f"{d.day} Mar", number=lambda v: f"{v:,.0f}")
    labels = {t.text for t in _texts(render_chart(weeks, [D], text))}
    assert "2 Mar" in labels and "visit 2 Mar" in labels and "1,200" in labels
