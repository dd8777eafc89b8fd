"""Fetch the publishers' newest workbooks for ``nato3 data update``.

Each publisher has an address: a web page that links to its workbooks (the newest is the link
whose file name carries the latest year) or the workbook itself. NATO's defence-expenditure topic
page links its tables' archive as PDFs (``def-exp-2025-en.pdf``); the workbook of the newest year
sits beside it (``…/documents/finance/def-exp-2025-en.xlsx``). When the topic page cannot be
read or links nothing, NATO's older page is tried. ``NATO3_NATO_URL`` and ``NATO3_SIPRI_URL`` (or
the command's options) replace an address, e.g. to use a mirror or, in tests, a local
``http.server``; an address given so is used alone.

Every download runs against one overall deadline, not only a per-read timeout: a server that
sends a byte every few seconds cannot hold an update forever. Files go to a private temporary
folder, each created exclusively, and are handed to the importer; nothing is imported here.
"""

from __future__ import annotations

import os
import queue
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from nato3.errors import Nato3Error

TIMEOUT_S = 20  # per read: a silent server
DEADLINE_S = 180  # a whole update, all downloads together
DEADLINE_ENV = "NATO3_UPDATE_DEADLINE"
MAX_BYTES = 64 * 1024 * 1024
CHUNK = 64 * 1024
USER_AGENT = "nato3 (https://github.com/nato3; data update)"
NATO_TOPIC_PAGE = "https://www.nato.int/en/what-we-do/introduction-to-nato/defence-expenditures-and-natos-5-commitment"
NATO_OLD_PAGE = "https://www.nato.int/cps/en/natohq/topics_49198.htm"
NATO_ARCHIVE_PDF = r"def-exp-(?P<year>\d{4})-en\.pdf"


@dataclass(frozen=True)
class Publisher:
    key: str
    name: str
    address: str  # default page or file
    env: str  # environment variable that replaces the address
    link: str  # regex for the workbook file names linked from the page
    fallback: str | None = None  # tried when the default address fails or links no workbook
    archive: str | None = None  # regex for yearly archive files whose sibling .xlsx is the workbook


PUBLISHERS = {
    "nato": Publisher(
        "nato",
        "NATO",
        NATO_TOPIC_PAGE,
        "NATO3_NATO_URL",
        r"def-exp-\d{4}[^\"'<>\s/]*\.xlsx",
        fallback=NATO_OLD_PAGE,
        archive=NATO_ARCHIVE_PDF,
    ),
    "sipri": Publisher(
        "sipri",
        "SIPRI",
        "https://www.sipri.org/databases/milex",
        "NATO3_SIPRI_URL",
        r"SIPRI-Milex-data-\d{4}-\d{4}[^\"'<>\s/]*\.xlsx",
    ),
}


class OfflineError(Nato3Error):
    """A publisher could not be reached (no network, DNS failure, refused, timed out, too slow).

    Exit code 3, distinct from bad input (2), so scripts can retry later.
    """

    exit_code = 3


class DeadlineError(OfflineError):
    """The update's overall deadline passed before a download finished (exit code 3: retry later)."""


def address(publisher: Publisher, override: str | None = None) -> str:
    return override or os.environ.get(publisher.env) or publisher.address


def deadline_seconds() -> float:
    """The overall deadline of an update: ``NATO3_UPDATE_DEADLINE`` seconds, else :data:`DEADLINE_S`.

    Raises:
        Nato3Error: the variable is not a positive number.
    """
    text = os.environ.get(DEADLINE_ENV)
    if text is None:
        return DEADLINE_S
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 86400:
        raise Nato3Error(f"{DEADLINE_ENV}={text!r} is not a number of seconds between 0 and 86400")
    return value


def _download(url: str, publisher: Publisher, cancelled: threading.Event) -> tuple[bytes, str, str]:
    """Body, final address and content type; reads in pieces so a cancelled download stops."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # the scheme is checked in fetch()
            parts, size = [], 0
            while not cancelled.is_set() and (chunk := response.read1(CHUNK)):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise Nato3Error(f"{publisher.name}: {url} is larger than {MAX_BYTES // 2**20} MB; not a workbook")
                parts.append(chunk)
            return b"".join(parts), response.geturl(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        raise Nato3Error(f"{publisher.name}: {url} answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        host = urllib.parse.urlsplit(url).netloc
        raise OfflineError(
            f"offline or unreachable: cannot reach {host} for {publisher.name} ({reason}); nothing changed"
        ) from None


def _get(url: str, publisher: Publisher, deadline: float) -> tuple[bytes, str, str]:
    """:func:`_download` in a worker thread, given up at ``deadline`` (a ``time.monotonic()`` value).

    Raises:
        DeadlineError: the deadline passed (the worker stops at its next read and is abandoned).
    """
    results: queue.Queue = queue.Queue(maxsize=1)
    cancelled = threading.Event()

    def work() -> None:
        try:
            results.put(("ok", _download(url, publisher, cancelled)))
        except BaseException as exc:  # handed to the caller's thread as it is
            results.put(("error", exc))

    threading.Thread(target=work, name="nato3-download", daemon=True).start()
    try:
        status, value = results.get(timeout=max(deadline - time.monotonic(), 0))
    except queue.Empty:
        cancelled.set()
        host = urllib.parse.urlsplit(url).netloc
        raise DeadlineError(
            f"{publisher.name}: {host} did not deliver {url} within the update's deadline "
            f"({deadline_seconds():g} s, {DEADLINE_ENV}); nothing changed, try again later"
        ) from None
    if status == "error":
        raise value
    return value


def newest_link(page: str, base_url: str, pattern: str) -> str | None:
    """The absolute address of the newest workbook linked from ``page``: the latest year in its
    file name, then the longest date prefix or version suffix."""
    links = set()
    for href in re.findall(r"""href\s*=\s*["']([^"']+)["']""", page, re.IGNORECASE):
        name = urllib.parse.unquote(href.rsplit("/", 1)[-1].split("?")[0])
        if re.search(pattern, name, re.IGNORECASE):
            links.add(urllib.parse.urljoin(base_url, href))
    if not links:
        return None

    def rank(link: str):
        name = urllib.parse.unquote(link.rsplit("/", 1)[-1])
        years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", name)]
        return (max(years, default=0), name)

    return max(links, key=rank)


def _workbook_link(page: str, base_url: str, publisher: Publisher) -> str | None:
    """A linked workbook, else the workbook beside the newest yearly archive file (NATO's PDFs)."""
    link = newest_link(page, base_url, publisher.link)
    if link is None and publisher.archive:
        pdf = newest_link(page, base_url, publisher.archive)
        if pdf is not None:
            link = re.sub(r"\.pdf$", ".xlsx", pdf, flags=re.IGNORECASE)
    return link


def _is_page(data: bytes, content_type: str) -> bool:
    return not data.startswith(b"PK") and ("html" in content_type or data.lstrip()[:1] == b"<")


def _locate(url: str, publisher: Publisher, deadline: float) -> tuple[bytes, str]:
    """The workbook's bytes and address, from a page that links it or from its own address."""
    data, final, content_type = _get(url, publisher, deadline)
    if not _is_page(data, content_type):
        return data, url
    link = _workbook_link(data.decode("utf-8", errors="replace"), final, publisher)
    if link is None:
        raise Nato3Error(
            f"{publisher.name}: the page {url} links to no workbook named like {publisher.link!r}; "
            f"set {publisher.env} to the workbook's address"
        )
    data, _, _ = _get(link, publisher, deadline)
    return data, link


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` exclusively (never through a planted file or symlink) and write ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def fetch(publisher: Publisher, folder: Path, override: str | None = None, deadline: float | None = None):
    """Download the publisher's newest workbook into ``folder``; return the file and its address.

    Without an ``override`` (or the publisher's environment variable), a failing default page is
    followed by the publisher's fallback page.

    Raises:
        OfflineError: the publisher cannot be reached, or not before ``deadline``.
        Nato3Error: the address is not http(s), answers an HTTP error, or links to no workbook.
    """
    deadline = time.monotonic() + deadline_seconds() if deadline is None else deadline
    url = address(publisher, override)
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise Nato3Error(f"{publisher.name}: address {url!r} is not an http(s) URL (set {publisher.env})")
    try:
        data, url = _locate(url, publisher, deadline)
    except DeadlineError:
        raise
    except Nato3Error:
        if override or os.environ.get(publisher.env) or not publisher.fallback:
            raise
        data, url = _locate(publisher.fallback, publisher, deadline)
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]) or f"{publisher.key}.xlsx"
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".") or f"{publisher.key}.xlsx"
    own = folder / publisher.key
    own.mkdir(mode=0o700)
    target = own / name
    _write_new(target, data)
    return target, url
