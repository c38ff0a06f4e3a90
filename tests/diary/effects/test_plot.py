"""The compact picture: one dot per next-day pair, the interval, valid SVG without inline style."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from backactive.diary.effects import Difference, Effects
from backactive.diary.effects.plot import PlotText, render_dot_plot

NS = {"s": "http://www.w3.org/2000/svg"}
TEXT = PlotText(title="Pain the day after", description="Dots: days <b>", after_rest="nach Ruhe")


def test_one_dot_per_pair_means_and_the_interval() -> None:
    effects = Effects(threshold_minutes=20, pain_days=30, active_pairs=6, rest_pairs=5,
                      next_day=Difference(-1.2, -1.9, -0.5), after_active=(3, 3, 4, 2, 3, 4),
                      after_rest=(5, 6, 5, 4, 6))
    svg = render_dot_plot(effects, TEXT)
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and "style" not in svg
    assert len(root.findall(".//s:g[@class='dots']/s:circle", NS)) == 11
    assert len(root.findall(".//s:line[@class='mean']", NS)) == 2
    interval = root.find(".//s:g[@class='interval']", NS)
    assert interval is not None and "-1.2 (-1.9 … -0.5)" in ET.tostring(interval, encoding="unicode")
    assert root.find("s:desc", NS).text == "Dots: days <b>"  # type: ignore[union-attr]
    assert "nach Ruhe" in svg


def test_without_an_answer_there_is_no_interval_and_wide_intervals_are_cut() -> None:
    empty = ET.fromstring(render_dot_plot(Effects(threshold_minutes=20, pain_days=0, active_pairs=0, rest_pairs=0),
                                          TEXT))
    assert empty.find(".//s:g[@class='interval']", NS) is None
    wide = Effects(threshold_minutes=20, pain_days=30, active_pairs=6, rest_pairs=5,
                   next_day=Difference(0.5, -4.0, 5.0), after_active=(3,), after_rest=(5,))
    root = ET.fromstring(render_dot_plot(wide, TEXT))
    ends = root.findall(".//s:g[@class='interval']/s:line", NS)
    assert len(ends) == 1  # the whisker only, no end marks where the interval leaves the scale
