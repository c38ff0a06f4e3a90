"""Caps on what one file may unpack to: a 249 kB workbook with a shared-strings bomb took 33 s
and 400 MB; a CSV with a byte that is neither UTF-8 nor Windows-1252 was a 500."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from backactive.jobs.models import Job
from backactive.offers.import_limits import Limits
from backactive.offers.importers import ImportFileError
from backactive.offers.models import Offer
from backactive.offers.services import directory_for_import, offers_import


def _workbook_with_shared_strings(path: Path, strings_xml: bytes) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "kind", "activities", "postcode"])
    sheet.append(["Yoga", "course", "yoga", "35037"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item.filename, source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
        # openpyxl writes inline strings; Excel and LibreOffice write this table, read whole on load.
        target.writestr("xl/sharedStrings.xml", strings_xml, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_shared_strings_bomb_is_refused_unread(tmp_path: Path, practice: Any) -> None:
    count = 6_000_000  # 66 MB of tiny strings, a few hundred kB packed
    body = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (
        count, count)  # fmt: skip
    xml = body + b"<si><t>a</t></si>" * count + b"</sst>"
    path = _workbook_with_shared_strings(tmp_path / "bomb.xlsx", xml)
    assert path.stat().st_size < 1_000_000
    directory = directory_for_import(practice=practice)
    with translation.override("en"), pytest.raises(ImportFileError, match="shared strings"):
        offers_import(path=path, directory=directory)
    assert not Offer.objects.filter(directory=directory).exists()


def test_shared_strings_count_is_capped_too(tmp_path: Path, practice: Any) -> None:
    xml = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">'
           b"<si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>")  # fmt: skip
    path = _workbook_with_shared_strings(tmp_path / "few.xlsx", xml)
    with translation.override("en"), pytest.raises(ImportFileError, match="shared strings"):
        offers_import(path=path, directory=directory_for_import(practice=practice), limits=Limits(max_shared_strings=2))


def test_decompressed_size_is_capped(tmp_path: Path, practice: Any) -> None:
    path = tmp_path / "bomb.osm.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"<osm version='0.6'>" + b" " * 3_000_000 + b"</osm>")
    with translation.override("en"), pytest.raises(ImportFileError, match="larger than 2 MB"):
        offers_import(path=path, directory=directory_for_import(practice=practice),
                      limits=Limits(max_uncompressed_bytes=2 * 1024 * 1024))  # fmt: skip


def test_csv_with_a_byte_of_no_known_encoding_is_a_clear_message(world: Any, client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.assistant_x)
    body = b"name;kind;activities;postcode\nYoga \x81;course;yoga;35037\n"
    response = client.post(reverse("offers:import_upload"), {"file": SimpleUploadedFile("kurse.csv", body)})
    assert response.status_code == 302
    job = Job.objects.get(kind="offers.import")
    assert job.status == "failed" and "0x81" in job.message and "UTF-8" in job.message
    page = client.get(response["Location"])
    assert page.status_code == 200 and "0x81" in page.content.decode()
