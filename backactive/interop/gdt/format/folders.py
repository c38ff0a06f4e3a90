"""The exchange folders on disk, safely: pure Python (no Django).

- Folders: a practice names a subfolder of the operator's GDT root (``BACKACTIVE_GDT_ROOT``);
  ``subfolder`` refuses absolute paths, ``..``, odd characters and symlinks that lead out of the
  root, and ``ensure_folder`` creates nothing outside it.
- Files: only names of the GDT convention (at most 8 letters, digits or ``_``, then ``.GDT`` or
  a three-digit number ``.001``..``.999``) that are plain files, not links, are ever read, moved
  or written; anything else in a folder is left alone.
- Writing: ``write_new`` never replaces an existing file (the practice system may not have read
  it yet): it writes a temporary file and links it to its name, which fails if the name exists.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path, PurePosixPath

GDT_NAME = re.compile(r"^[A-Za-z0-9_]{1,8}\.(?:[Gg][Dd][Tt]|\d{3})$")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")


class UnsafePath(ValueError):
    """A folder or file name that would lead outside the GDT root, or is not a GDT name."""


def subfolder(root: Path, name: str) -> Path:
    """``root/name`` for a relative folder name of plain segments that stays inside ``root``."""
    raw = name.replace("\\", "/").strip()
    if not raw or raw.startswith("/") or ":" in raw:
        raise UnsafePath("a folder inside the GDT folder, written without a leading / or drive")
    parts = PurePosixPath(raw).parts
    if any(p in (".", "..") or not _SEGMENT.fullmatch(p) for p in parts):
        raise UnsafePath("folder names of letters, digits, spaces, '_', '-' and '.', without '..'")
    path = root.joinpath(*parts)
    if not _inside(root, path):
        raise UnsafePath("the folder leads outside the GDT folder")
    return path


def _inside(root: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def ensure_folder(root: Path, path: Path) -> Path:
    """Create ``path`` (and parents) only if it lies inside ``root``; check again afterwards, in
    case a link was put in its way meanwhile."""
    if not _inside(root, path):
        raise UnsafePath("the folder leads outside the GDT folder")
    root.mkdir(parents=True, exist_ok=True)
    path.mkdir(parents=True, exist_ok=True)
    if not _inside(root, path):
        raise UnsafePath("the folder leads outside the GDT folder")
    return path


def check_name(name: str) -> str:
    if not GDT_NAME.fullmatch(name):
        raise UnsafePath("a GDT file name: up to 8 letters, digits or _, then .GDT (or .001 to .999)")
    return name


def is_gdt_file(path: Path) -> bool:
    """A plain file (not a link, not a folder) with a GDT name: the only kind the app touches."""
    return bool(GDT_NAME.fullmatch(path.name)) and not path.is_symlink() and path.is_file()


def gdt_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_gdt_file(p))


def numbered_name(folder: Path, stem: str) -> str | None:
    """The first ``stem.001``..``stem.999`` not in ``folder``; None when all are taken."""
    for n in range(1, 1000):
        name = f"{stem}.{n:03d}"
        if not (folder / name).exists():
            return name
    return None


def write_new(folder: Path, name: str, data: bytes) -> Path:
    """Write ``folder/name`` only if no file of that name exists (FileExistsError otherwise);
    the file appears whole or not at all."""
    check_name(name)
    target = folder / name
    temp = folder / f".tmp-{secrets.token_hex(8)}"
    with open(temp, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(temp, target)  # fails if target exists: never replaces an unread file
    finally:
        temp.unlink()
    return target
