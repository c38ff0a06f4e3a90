"""The instrument files: loaded and checked at import; the package needs no Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backactive import questionnaires as q
from backactive.questionnaires.instrument import load, load_all


def test_the_scoring_module_imports_no_django() -> None:
    code = (
        "import sys, backactive.questionnaires as q; q.score('phq2', {'interest': 0, 'down': 0}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_instrument_has_labels_licence_and_source_and_a_scorer() -> None:
    assert {"phq2", "phq4", "startback"} <= set(q.INSTRUMENTS)
    for code, instrument in q.INSTRUMENTS.items():
        assert instrument.code == code and instrument.licence and instrument.source
        for item in instrument.items:
            assert item.label.de and item.label.en
            assert set(item.text) == set(instrument.text_langs)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = 'code = "x"\ntitle = { de = "X", en = "X" }\nlicence = "l"\nsource = "s"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[items]]\nkey = "a"\nkind = "slider"\nmin = 0\nmax = 1\nlabel = { de = "a", en = "a" }\n', "kind must be"),
        ('[[items]]\nkey = "a"\nkind = "number"\nmin = 2\nmax = 1\nlabel = { de = "a", en = "a" }\n', "min > max"),
        ('[[items]]\nkey = "a"\nkind = "number"\nmin = 0\nmax = 1\nlabel = { de = "a" }\n', "lacks a text in en"),
        (
            'text_langs = ["de"]\n[recall]\nde = "r"\n[[items]]\nkey = "a"\nkind = "number"\nmin = 0\nmax = 1\n'
            'label = { de = "a", en = "a" }\n',
            "exactly in the shipped languages",
        ),
        (
            '[[items]]\nkey = "a"\nkind = "number"\nmin = 0\nmax = 1\nlabel = { de = "a", en = "a" }\n'
            '[[items]]\nkey = "a"\nkind = "number"\nmin = 0\nmax = 1\nlabel = { de = "a", en = "a" }\n',
            "duplicate",
        ),
    ],
)
def test_a_malformed_instrument_file_is_refused(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load(write(tmp_path, "x", HEAD + body))


def test_a_part_must_name_items_of_its_whole(tmp_path: Path) -> None:
    write(
        tmp_path,
        "whole",
        HEAD.replace('"x"', '"whole"') + '[[items]]\nkey = "a"\nkind = "number"\nmin = 0\n'
        'max = 1\nlabel = { de = "a", en = "a" }\n',
    )
    write(tmp_path, "bit", HEAD.replace('"x"', '"bit"') + 'part_of = "whole"\nkeys = ["b"]\n')
    with pytest.raises(ValueError, match="whole has no item 'b'"):
        load_all(tmp_path)
