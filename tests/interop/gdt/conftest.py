from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backactive.accounts.models import Practice

SAMPLE = Path(__file__).with_name("data") / "termpain-6302-gdt2.gdt"


@pytest.fixture
def practice(db: None) -> Practice:
    return Practice.objects.create(name="Hausarztpraxis am Park")


@pytest.fixture
def other_practice(db: None) -> Practice:
    return Practice.objects.create(name="Praxis Nord")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def sample_in_inbox(inbox: Path) -> Path:
    target = inbox / "BACKPRAX.GDT"
    shutil.copyfile(SAMPLE, target)
    return target
