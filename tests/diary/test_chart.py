import datetime as dt
import xml.etree.ElementTree as ET

from backactive.diary.chart import ChartText, render_chart
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
