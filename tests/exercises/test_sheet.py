"""``make exercise-sheet``: PNG pages with every still and animation frame of the exercises."""

from __future__ import annotations

from pathlib import Path

from backactive.exercises.sheet import build_sheet, main


def test_a_contact_sheet_page_is_a_png(tmp_path: Path) -> None:
    pages = build_sheet(tmp_path, ["bridge"])
    assert [p.name for p in pages] == ["page-01.png"]
    assert pages[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (tmp_path / "sheet.typ").exists()


def test_without_an_output_folder_it_says_how_to_call_it(capsys: object) -> None:
    assert main([]) == 2
