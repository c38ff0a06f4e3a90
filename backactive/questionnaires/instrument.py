"""Questionnaires as data: an instrument is items with ranges, answer options and texts.

Pure Python: no Django. Each instrument is one TOML file in ``data/``, loaded and checked at
import, so a malformed file stops the program at start rather than in a consultation.

Two kinds of words per item, kept apart on purpose:
- ``label``: a short description in our own words (German and English, always present), used on
  staff screens, in the paper-entry form and in the codebook;
- ``text``: the instrument's own wording, present only in the languages whose licence allows us to
  ship it (``Instrument.text_langs``). Without it an instrument is entered from paper only.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

LANGS: Final = ("de", "en")
KINDS: Final = ("choice", "scale", "number")
DATA: Final = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Text:
    de: str
    en: str

    def get(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


@dataclass(frozen=True)
class Option:
    value: int
    label: Text | None  # None where the option's wording may not be shipped


@dataclass(frozen=True)
class Item:
    """One question. Its answer is a whole number from ``min`` to ``max``.

    ``choice``: one of ``options``; ``scale``: a 0–10 style rating with ``anchors`` (the words at
    both ends); ``number``: a count (days, minutes) in ``unit``.
    """

    key: str
    kind: str
    min: int
    max: int
    label: Text
    text: dict[str, str] = field(default_factory=dict)  # lang -> the instrument's wording
    intro: dict[str, str] = field(default_factory=dict)  # lang -> the instrument's lead-in, if any
    options: tuple[Option, ...] = ()
    anchors: dict[str, tuple[str, str]] = field(default_factory=dict)  # lang -> (low end, high end)
    unit: Text | None = None
    group: str = ""  # items shown together on paper (e.g. IPAQ's days and minutes of one intensity)
    zero_skips: str = ""  # the item an answer of 0 here makes 0 too, unasked (IPAQ: no days, no minutes)


@dataclass(frozen=True)
class Instrument:
    code: str
    title: Text
    items: tuple[Item, ...]
    text_langs: tuple[str, ...]  # languages whose wording we may ship (see docs/instruments.md)
    licence: str
    source: str
    recall: dict[str, str] = field(default_factory=dict)  # lang -> the instruction above the items
    part_of: str = ""  # the instrument whose items these are (PHQ-2 is part of PHQ-4)
    short: str = ""  # the usual abbreviation (PHQ-4, IPAQ-SF), the same in every language

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def has_text(self, lang: str) -> bool:
        """Whether patients may answer it themselves in ``lang`` (its wording may be shipped)."""
        return lang in self.text_langs


def _text(raw: dict[str, str], where: str) -> Text:
    missing = [lang for lang in LANGS if not raw.get(lang)]
    if missing:
        raise ValueError(f"{where} lacks a text in {', '.join(missing)}")
    return Text(de=raw["de"], en=raw["en"])


def _item(raw: dict, langs: tuple[str, ...], where: str) -> Item:  # type: ignore[type-arg]
    key, kind = raw["key"], raw["kind"]
    where = f"{where}, item {key}"
    if kind not in KINDS:
        raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}")
    low, high = int(raw["min"]), int(raw["max"])
    if low > high:
        raise ValueError(f"{where}: min > max")
    text = dict(raw.get("text", {}))
    if sorted(text) != sorted(langs):
        raise ValueError(f"{where}: texts must be given exactly in the shipped languages {langs}")
    options = tuple(
        Option(value=int(o["value"]), label=_text(o, f"{where}, option {o['value']}") if langs else None)
        for o in raw.get("options", [])
    )
    if kind == "choice" and [o.value for o in options] != list(range(low, high + 1)):
        raise ValueError(f"{where}: a choice needs one option for every value from min to max")
    anchors = {lang: (pair[0], pair[1]) for lang, pair in raw.get("anchors", {}).items()}
    if kind == "scale" and sorted(anchors) != sorted(langs):
        raise ValueError(f"{where}: a scale needs its two anchors in every shipped language")
    intro = dict(raw.get("intro", {}))
    if intro and sorted(intro) != sorted(langs):
        raise ValueError(f"{where}: a lead-in must be given in every shipped language")
    unit = _text(raw["unit"], f"{where}, unit") if "unit" in raw else None
    return Item(
        key=key,
        kind=kind,
        min=low,
        max=high,
        label=_text(raw["label"], f"{where}, label"),
        text=text,
        intro=intro,
        options=options,
        anchors=anchors,
        unit=unit,
        group=raw.get("group", ""),
        zero_skips=raw.get("zero_skips", ""),
    )


def load(path: Path, loaded: dict[str, Instrument] | None = None) -> Instrument:
    """One instrument from its TOML file; ``loaded`` holds the instruments a ``part_of`` refers to."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    code = raw["code"]
    if code != path.stem:
        raise ValueError(f"{path.name}: code '{code}' must match the file name")
    if "part_of" in raw:
        return _part(raw, (loaded or {}).get(raw["part_of"]), path.name)
    langs = tuple(raw.get("text_langs", ()))
    if any(lang not in LANGS for lang in langs):
        raise ValueError(f"{path.name}: unknown language in text_langs")
    items = tuple(_item(i, langs, path.name) for i in raw["items"])
    keys = [i.key for i in items]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path.name}: duplicate item keys")
    if any(i.zero_skips and i.zero_skips not in keys for i in items):
        raise ValueError(f"{path.name}: zero_skips names an item that does not exist")
    recall = dict(raw.get("recall", {}))
    if langs and sorted(recall) != sorted(langs):
        raise ValueError(f"{path.name}: the instruction must be given in every shipped language")
    return Instrument(
        code=code,
        title=_text(raw["title"], f"{path.name}, title"),
        items=items,
        text_langs=langs,
        licence=raw["licence"],
        source=raw["source"],
        recall=recall,
        short=raw.get("short", code),
    )


def _part(raw: dict, whole: Instrument | None, where: str) -> Instrument:  # type: ignore[type-arg]
    """Some items of another instrument, the very same items (same keys, so the same stored answers)."""
    if whole is None:
        raise ValueError(f"{where}: part_of '{raw['part_of']}' is not an instrument")
    try:
        items = tuple(whole.item(key) for key in raw["keys"])
    except KeyError as exc:
        raise ValueError(f"{where}: {whole.code} has no item {exc}") from None
    return Instrument(
        code=raw["code"],
        title=_text(raw["title"], f"{where}, title"),
        items=items,
        text_langs=whole.text_langs,
        licence=raw["licence"],
        source=raw["source"],
        recall=whole.recall,
        part_of=whole.code,
        short=raw.get("short", raw["code"]),
    )


def load_all(folder: Path = DATA) -> dict[str, Instrument]:
    """Every instrument in ``folder``, wholes before the parts that refer to them."""
    paths = sorted(folder.glob("*.toml"))
    parts = [p for p in paths if "part_of" in tomllib.loads(p.read_text(encoding="utf-8"))]
    loaded: dict[str, Instrument] = {}
    for path in [p for p in paths if p not in parts] + parts:
        loaded[path.stem] = load(path, loaded)
    return dict(sorted(loaded.items()))
