"""Check a workbook's ZIP container before any XML is parsed, so no file can exhaust memory.

An .xlsx file is a ZIP of XML parts. A small file can hide enormous parts (1.7 MB of compressed
whitespace inflates to 1.6 GB) or millions of cells, and a parser asked to read them takes memory
in proportion. So before openpyxl sees the file, this module:

1. reads the ZIP directory and refuses too many parts or a declared uncompressed size above
   :data:`MAX_UNCOMPRESSED_BYTES`;
2. inflates every part in small chunks, counting the bytes really produced (a directory can lie)
   and checking each part's CRC, so a damaged part is named;
3. feeds each XML part, chunk by chunk, to a streaming expat parser that counts elements
   (:data:`MAX_XML_ELEMENTS` in all), cells per row (at most Excel's 16,384 columns) and refuses
   DTDs (an .xlsx has none; entity definitions are how XML bombs expand).

Memory stays bounded by the chunk size whatever the file holds; every refusal is one
:class:`~nato3.imports.workbook.WorkbookError` naming the part (and its sheet, when it is one).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

MAX_FILE_BYTES = 64 * 2**20  # the .xlsx file itself (NATO's are ~0.1 MB, SIPRI's ~0.9 MB)
MAX_PARTS = 1000
MAX_UNCOMPRESSED_BYTES = 64 * 2**20  # all parts inflated (SIPRI's 1949-2024 workbook: 4.2 MB)
MAX_XML_ELEMENTS = 1_500_000  # all parts (SIPRI's 1949-2024 workbook: 171,528)
MAX_ROW_CELLS = 16_384  # Excel's column limit
CHUNK = 64 * 1024


class ArchiveProblem(Exception):
    """Why the container was refused, and which part (for the caller's WorkbookError)."""

    def __init__(self, problem: str, part: str | None = None, damaged: bool = False):
        self.problem, self.part, self.damaged = problem, part, damaged
        super().__init__(problem)


def sheet_of_part(zf: zipfile.ZipFile, part: str) -> str | None:
    """The sheet name behind a worksheet part such as ``xl/worksheets/sheet3.xml``, if readable."""
    try:
        workbook = zf.read("xl/workbook.xml").decode("utf-8")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    except Exception:  # a missing or damaged part: the caller names the part instead
        return None
    if len(workbook) > 2**20 or len(rels) > 2**20:
        return None
    target = part.removeprefix("xl/")
    rel = re.search(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="/?(?:xl/)?' + re.escape(target) + '"', rels)
    rel = rel or re.search(r'<Relationship[^>]*Target="/?(?:xl/)?' + re.escape(target) + r'"[^>]*Id="([^"]+)"', rels)
    if not rel:
        return None
    sheet = re.search(r'<sheet[^>]*name="([^"]+)"[^>]*r:id="' + re.escape(rel.group(1)) + '"', workbook)
    return sheet.group(1) if sheet else None


class _Counter:
    """Counts XML elements and cells per row while a part streams through expat."""

    def __init__(self, budget: int):
        self.budget = budget
        self.elements = 0
        self.row_cells = 0
        self.row = ""

    def start(self, name: str, attrs: dict) -> None:
        self.elements += 1
        if self.elements > self.budget:
            raise ArchiveProblem(
                f"more than {MAX_XML_ELEMENTS:,} XML elements in the workbook: far more than a publisher's tables "
                "hold; nato3 stops here to keep memory bounded"
            )
        local = name.rsplit(":", 1)[-1]
        if local == "row":
            self.row_cells, self.row = 0, attrs.get("r", "")
        elif local == "c":
            self.row_cells += 1
            if self.row_cells > MAX_ROW_CELLS:
                raise ArchiveProblem(f"row {self.row or '?'} has more than {MAX_ROW_CELLS:,} cells (Excel's limit)")

    @staticmethod
    def doctype(*_args) -> None:
        raise ArchiveProblem("the part declares a DTD; workbooks have none (entity definitions can expand endlessly)")


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, counter: _Counter, inflated: int) -> int:
    """Inflate one part in chunks (CRC checked at its end); parse XML parts as they stream.
    Returns the bytes inflated so far in the whole archive."""
    parser = None
    if info.filename.endswith((".xml", ".rels")):
        parser = expat.ParserCreate()
        parser.StartElementHandler = counter.start
        parser.StartDoctypeDeclHandler = counter.doctype
    bad_xml = None  # kept until the part's end: a failing checksum is the better diagnosis
    with zf.open(info) as stream:
        while chunk := stream.read(CHUNK):
            inflated += len(chunk)
            if inflated > MAX_UNCOMPRESSED_BYTES:
                raise ArchiveProblem(
                    f"the parts inflate to more than {MAX_UNCOMPRESSED_BYTES // 2**20} MB (a ZIP bomb?)", info.filename
                )
            if parser is not None and bad_xml is None:
                try:
                    parser.Parse(chunk, False)
                except expat.ExpatError as exc:
                    bad_xml = exc
    if parser is not None and bad_xml is None:
        try:
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            bad_xml = exc
    if bad_xml is not None:
        raise bad_xml
    return inflated


def check_archive(path: Path) -> None:
    """Refuse a container whose parts are too many, too large or too many elements, or damaged.

    Raises:
        ArchiveProblem: naming the problem and, where there is one, the part.
    """
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ArchiveProblem(f"the file is {size / 2**20:.0f} MB; a publisher's workbook is far smaller")
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_PARTS:
            raise ArchiveProblem(f"the ZIP container has {len(infos):,} parts (at most {MAX_PARTS:,})")
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNCOMPRESSED_BYTES:
            biggest = max(infos, key=lambda i: i.file_size)
            raise ArchiveProblem(
                f"its parts would inflate to {declared / 2**20:,.0f} MB (at most {MAX_UNCOMPRESSED_BYTES // 2**20} MB; "
                f"largest: {biggest.filename}, {biggest.file_size / 2**20:,.0f} MB): a ZIP bomb, not a workbook",
                biggest.filename,
            )
        counter, inflated = _Counter(MAX_XML_ELEMENTS), 0
        for info in infos:
            try:
                inflated = _scan_part(zf, info, counter, inflated)
            except ArchiveProblem as exc:
                exc.part = exc.part or info.filename
                raise
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise ArchiveProblem(f"fails its checksum or does not inflate ({exc})", info.filename, True) from None
            except expat.ExpatError as exc:
                raise ArchiveProblem(f"is not well-formed XML ({exc})", info.filename, True) from None
            except NotImplementedError as exc:  # an unsupported compression method
                raise ArchiveProblem(f"cannot be read ({exc})", info.filename, True) from None
