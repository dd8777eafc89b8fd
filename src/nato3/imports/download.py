"""Fetch the publishers' newest workbooks for ``nato3 data update``.

Each publisher has an address: a web page that links to its workbooks (the newest is the link
whose file name carries the latest year) or the workbook itself. The defaults are NATO's and
SIPRI's pages; ``NATO3_NATO_URL`` and ``NATO3_SIPRI_URL`` (or the command's options) replace
them, e.g. to use a mirror or, in tests, a local ``http.server``. Nothing is imported here:
files are downloaded to a temporary folder and handed to the importer.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from nato3.errors import Nato3Error

TIMEOUT_S = 20
MAX_BYTES = 64 * 1024 * 1024
USER_AGENT = "nato3 (https://github.com/nato3; data update)"


@dataclass(frozen=True)
class Publisher:
    key: str
    name: str
    address: str  # default page or file
    env: str  # environment variable that replaces the address
    link: str  # regex for the workbook file names linked from the page


PUBLISHERS = {
    "nato": Publisher(
        "nato",
        "NATO",
        "https://www.nato.int/cps/en/natohq/topics_49198.htm",
        "NATO3_NATO_URL",
        r"def-exp-\d{4}[^\"'<>\s/]*\.xlsx",
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
    """A publisher could not be reached (no network, DNS failure, refused, timed out).

    Exit code 3, distinct from bad input (2), so scripts can retry later.
    """

    exit_code = 3


def address(publisher: Publisher, override: str | None = None) -> str:
    return override or os.environ.get(publisher.env) or publisher.address


def _open(url: str, publisher: Publisher):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT_S)  # the scheme is checked in fetch()
    except urllib.error.HTTPError as exc:
        raise Nato3Error(f"{publisher.name}: {url} answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        host = urllib.parse.urlsplit(url).netloc
        raise OfflineError(
            f"offline or unreachable: cannot reach {host} for {publisher.name} ({reason}); nothing changed"
        ) from None


def _read(response, url: str, publisher: Publisher) -> bytes:
    data = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Nato3Error(f"{publisher.name}: {url} is larger than {MAX_BYTES // 2**20} MB; not a workbook")
    return data


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


def fetch(publisher: Publisher, folder: Path, override: str | None = None) -> tuple[Path, str]:
    """Download the publisher's newest workbook into ``folder``; return the file and its address.

    Raises:
        OfflineError: the publisher cannot be reached.
        Nato3Error: the address is not http(s), answers an HTTP error, or links to no workbook.
    """
    url = address(publisher, override)
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise Nato3Error(f"{publisher.name}: address {url!r} is not an http(s) URL (set {publisher.env})")
    with _open(url, publisher) as response:
        data = _read(response, url, publisher)
        final = response.geturl()
        content_type = response.headers.get("Content-Type", "")
    if not data.startswith(b"PK") and ("html" in content_type or data.lstrip()[:1] == b"<"):
        link = newest_link(data.decode("utf-8", errors="replace"), final, publisher.link)
        if link is None:
            raise Nato3Error(
                f"{publisher.name}: the page {url} links to no workbook named like {publisher.link!r}; "
                f"set {publisher.env} to the workbook's address"
            )
        url = link
        with _open(url, publisher) as response:
            data = _read(response, url, publisher)
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1]) or f"{publisher.key}.xlsx"
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    target = folder / name
    target.write_bytes(data)
    return target, url
