"""The README's screenshots, made from the demo practice: ``make screenshots``.

Builds the demo in a throw-away SQLite database, serves it on a free local port and photographs
with Chromium (Playwright): the GP screen at 1366 px, its follow-up panel, and the patient's
diary on a 390 px phone. Writes docs/screenshot.png, docs/screenshot-follow-up.png and
docs/screenshot-phone-diary.png. Needs the dev dependencies and a Chromium (``CHROMIUM`` or
/usr/bin/chromium)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

DOCS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
GP, PATIENT, PASSWORD = "anke", "inge", "demo-backactive"  # demo logins (backactive/demo/demo.py)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def shoot(base: str, out: Path) -> list[Path]:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-background-networking"])
        desk = browser.new_context(viewport={"width": 1366, "height": 800}, locale="de-DE").new_page()
        _log_in(desk, base, GP)
        desk.goto(f"{base}/patients/")
        desk.locator("main a[href^='/patients/']", has_text="Inge").first.click()
        desk.wait_for_load_state("networkidle")
        desk.screenshot(path=out / "screenshot.png")
        made.append(out / "screenshot.png")
        # The panel as the GP sees it after scrolling down, its save button kept in view.
        desk.locator("#follow-up").evaluate("(panel) => panel.scrollIntoView()")
        desk.screenshot(path=out / "screenshot-follow-up.png")
        made.append(out / "screenshot-follow-up.png")
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE",
                                    device_scale_factor=1).new_page()
        _log_in(phone, base, PATIENT)
        phone.goto(f"{base}/me/")
        phone.wait_for_load_state("networkidle")
        phone.screenshot(path=out / "screenshot-phone-diary.png")
        made.append(out / "screenshot-phone-diary.png")
        browser.close()
    return made


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "1",
               "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3"}
        backactive = str(BIN / "backactive")
        subprocess.run([backactive, "migrate", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([backactive, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = _free_port()
        server = subprocess.Popen([backactive, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(f"{base}/accounts/login/")
            for path in shoot(base, DOCS):
                print(path.relative_to(DOCS.parent))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
