"""Print the HTML report to PDF (and take screenshots) with Chromium driven by Playwright.

Playwright is the optional ``pdf`` extra (``pip install 'nato3[pdf]'``; the test tools include
it). It drives the system's Chromium (``/usr/bin/chromium``, or ``$NATO3_CHROMIUM``) rather than
a browser downloaded by Playwright, with networking switched off: the report needs none.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nato3.errors import Nato3Error

CHROMIUM_ENV = "NATO3_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
]
PRINT_SECONDS = 300  # for Chromium to start and print the report; past it the PDF fails in one line
PAGE_FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def chromium_path() -> Path:
    """Where Chromium is expected: ``$NATO3_CHROMIUM`` or ``/usr/bin/chromium``."""
    return Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)


def check_browser() -> Path:
    """Make sure PDF output can work before building anything.

    Raises:
        Nato3Error: Playwright is not installed, or Chromium is not at :func:`chromium_path`.
    """
    from importlib.util import find_spec

    if find_spec("playwright") is None:
        raise Nato3Error(
            "PDF output needs Playwright: pip install 'nato3[pdf]' (or ask for HTML only)", parameter="formats"
        )
    path = chromium_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise Nato3Error(
            f"PDF output needs Chromium at {path}; install it (Debian: apt-get install chromium) "
            f"or set {CHROMIUM_ENV} to its path (or ask for HTML only)",
            parameter="formats",
        )
    return path


@contextmanager
def browser_page(width: int = 1200, height: int = 900, scale: float = 1) -> Iterator[Any]:
    """A Playwright page in a fresh headless Chromium, closed afterwards.

    Raises:
        Nato3Error: as :func:`check_browser`.
    """
    path = check_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(path), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
            yield context.new_page()
        finally:
            browser.close()


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print ``html`` to ``pdf`` (A4, backgrounds, page numbers), writing atomically."""
    with browser_page() as page:
        return _print(page, html, pdf)


def _print(page: Any, html: Path, pdf: Path) -> Path:
    page.goto(html.resolve().as_uri(), wait_until="load")
    data = page.pdf(
        format="A4",
        print_background=True,
        margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=PAGE_FOOTER,
    )
    from nato3.atomicfile import write_bytes

    return write_bytes(pdf, data)


class Printer:
    """Chromium started in a thread of its own while the report is built, so the PDF costs the
    printing only: :meth:`print` hands it the finished page, :meth:`close` ends it unused.
    Playwright's sync API keeps to the one thread that started it."""

    def __init__(self) -> None:
        import queue
        import threading

        self._pages: queue.Queue = queue.Queue()
        self._results: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="nato3-pdf", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with browser_page() as page:
                html, pdf = self._pages.get()
                if html is not None:
                    self._results.put(_print(page, html, pdf))
        except BaseException as exc:  # noqa: BLE001 - raised again in the thread that asked
            self._results.put(exc)

    def print(self, html: Path, pdf: Path) -> Path:
        """Print ``html`` to ``pdf`` as :func:`print_pdf` does.

        Raises:
            Nato3Error: as :func:`check_browser`; Chromium still not done after :data:`PRINT_SECONDS`
                (the HTML report is written); whatever printing raised.
        """
        import queue

        self._pages.put((html, pdf))
        try:
            result = self._results.get(timeout=PRINT_SECONDS)
        except queue.Empty:  # a browser that hangs: its thread is a daemon, gone with this process
            raise Nato3Error(
                f"Chromium did not print {pdf} within {PRINT_SECONDS} s; the HTML report is at {html}",
                parameter="formats",
            ) from None
        self._thread.join()
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self) -> None:
        """End the browser if nothing was printed (a build that failed); a browser that hangs is
        left to end with this process."""
        if self._thread.is_alive():
            self._pages.put((None, None))
            self._thread.join(timeout=PRINT_SECONDS)


def screenshot(html: Path, png: Path, width: int = 1200, height: int = 1400, full_page: bool = False) -> Path:
    """Save a PNG of ``html`` as a ``width`` × ``height`` browser window shows it."""
    with browser_page(width, height) as page:
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.screenshot(path=str(png), full_page=full_page)
    return png
