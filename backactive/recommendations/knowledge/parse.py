"""Small checked readers shared by the knowledge loaders. Pure Python: no Django."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from backactive.core import codes

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


def text(value: Any, where: str) -> Text:
    if not isinstance(value, dict):
        raise KnowledgeError(f"{where}: needs German and English text (de, en)")
    missing = [lang for lang in codes.LANGS if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise KnowledgeError(f"{where}: text missing in {', '.join(missing)}")
    return Text(de=value["de"], en=value["en"])


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
