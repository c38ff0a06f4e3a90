"""Small checked readers shared by the knowledge loaders. Pure Python: no Django."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from backactive.core.languages import ADDED_LANGS, STAFF_LANGS, read_added

from .model import Text


class KnowledgeError(ValueError):
    """A knowledge file is missing, malformed or inconsistent."""


def read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{name}: file is missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{name}: {exc}") from exc


# While ``translations_for`` runs: the added languages' texts by place, and every text read.
_added: ContextVar[dict[str, dict[str, Any]] | None] = ContextVar("added", default=None)
_places: ContextVar[dict[str, Text] | None] = ContextVar("places", default=None)
_INDEX = re.compile(r"\[(\d+)\]")


def place(where: str) -> str:
    """The key of a text in the added languages' files: "barriers.toml: time[0].why" ->
    "barriers.time.0.why" (the file without ``.toml``, then the path inside it)."""
    name, _, path = where.partition(": ")
    return name.removesuffix(".toml") + "." + _INDEX.sub(r".\1", path)


@contextmanager
def translations_for(directory: Path) -> Iterator[dict[str, Text]]:
    """Read the added languages of ``directory/translations`` for the ``text()`` calls inside;
    yields the texts read, by place, filled as they are read."""
    places: dict[str, Text] = {}
    added_token = _added.set(read_added(directory / "translations"))
    places_token = _places.set(places)
    try:
        yield places
    finally:
        _added.reset(added_token)
        _places.reset(places_token)


def text(value: Any, where: str) -> Text:
    """German and English from the knowledge file (both required), the added languages from
    their own files where translated (optional here; tests/core/test_translations.py requires
    them for what a patient reads)."""
    if not isinstance(value, dict):
        raise KnowledgeError(f"{where}: needs German and English text (de, en)")
    missing = [lang for lang in STAFF_LANGS if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise KnowledgeError(f"{where}: text missing in {', '.join(missing)}")
    key = place(where)
    added = {}
    for lang in ADDED_LANGS:
        found = (_added.get() or {}).get(lang, {}).get(key)
        if found is not None and not isinstance(found, str):
            raise KnowledgeError(f"translations/{lang}.toml: {key} must be text")
        if found and found.strip():
            added[lang] = found
    result = Text(de=value["de"], en=value["en"], added=added)
    places = _places.get()
    if places is not None:
        places[key] = result
    return result


def code_list(
    value: Any, known: dict[str, Any] | set[str] | frozenset[str] | tuple[str, ...], where: str
) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(f"{where}: must be a list of codes")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise KnowledgeError(f"{where}: unknown code(s) {', '.join(unknown)}")
    return tuple(value)


def one_of(value: Any, allowed: tuple[str, ...] | dict[str, Any], where: str) -> str:
    if value not in allowed:
        raise KnowledgeError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def whole(value: Any, where: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise KnowledgeError(f"{where}: must be a whole number from {low} to {high}")
    return value


def in_order(found: tuple[str, ...], order: dict[str, Any]) -> tuple[str, ...]:
    """``found`` without duplicates, in the stable order of ``order`` (a codes group)."""
    return tuple(c for c in order if c in found)
