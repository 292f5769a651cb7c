"""Benchmark of the bounded spreadsheet reader (registries.spreadsheets, used by the staff-list
import, seed 001 p. 5): hostile .xlsx files are refused before they are parsed.

Each case runs in its own subprocess, which prints the wall time, the tracemalloc peak and its
peak resident memory (VmHWM, the whole interpreter with Django loaded):

- a .xlsx padded to 16,384 columns per row (about 1.6 MB on disk);
- a shared-string "bomb" (about 1 MB on disk, hundreds of MB of text once unpacked);
- XXE and billion-laughs workbooks; a legitimate 5,000-row list (read in full);
- for comparison, the reader before the limits (read-only openpyxl, every cell) on the same
  padded file and openpyxl's plain ``load_workbook`` on a smaller padded file (both are killed
  after ``--baseline-timeout`` seconds; their peak memory is read from /proc while they run).

    .venv/bin/python benchmarks/xlsx_limits.py [--baseline-rows 40] [--baseline-timeout 60]

The generators below are also used by tests/registries/test_spreadsheets.py.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_CLOSE = "</sheetData></worksheet>"
HEADER = ["№", "Тегі, аты, әкесінің аты", "Жұмыс электрондық поштасы", "Ұялы телефон"]


def _column(index: int) -> str:
    """1 → A, 16384 → XFD."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _inline(ref: str, text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def workbook(sheet_chunks, shared_strings=(), prologue="") -> bytes:
    """A minimal .xlsx; ``sheet_chunks`` and ``shared_strings`` yield the sheetData and the
    shared-strings XML in pieces (streamed into the zip), ``prologue`` goes before the
    worksheet's root element (a DOCTYPE, for instance)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
            table.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for chunk in shared_strings:
                table.write(chunk.encode())
            table.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head = SHEET_OPEN
            if prologue:
                head = head.replace("<worksheet", prologue + "<worksheet", 1)
            sheet.write(head.encode())
            for chunk in sheet_chunks:
                sheet.write(chunk.encode())
            sheet.write(SHEET_CLOSE.encode())
    return buffer.getvalue()


def staff_rows(rows: int):
    yield '<row r="1">' + "".join(_inline(f"{_column(i + 1)}1", text) for i, text in enumerate(HEADER)) + "</row>"
    for line in range(2, rows + 2):
        values = [str(line - 1), f"Серікбаев Ерлан {line}", f"user{line}@prokuror.kz", "+77011234567"]
        yield f'<row r="{line}">' + "".join(_inline(f"{_column(i + 1)}{line}", v) for i, v in enumerate(values)) + "</row>"


def plain_xlsx(rows: int = 5) -> bytes:
    return workbook(staff_rows(rows))


def padded_xlsx(rows: int, columns: int = 16_384) -> bytes:
    """A staff list whose every row carries empty formatted cells up to column ``columns``
    (XFD): a few kB of data, hundreds of MB of XML once unpacked."""
    padding = {}

    def chunks():
        yield '<row r="1">' + "".join(_inline(f"{_column(i + 1)}1", t) for i, t in enumerate(HEADER)) + "</row>"
        for line in range(2, rows + 2):
            cells = _inline(f"A{line}", str(line - 1)) + _inline(f"B{line}", f"Атауы {line}")
            if line not in padding:
                padding.clear()
                padding[line] = "".join(f'<c r="{_column(col)}{line}"/>' for col in range(3, columns + 1))
            yield f'<row r="{line}">' + cells + padding[line] + "</row>"

    return workbook(chunks())


def shared_string_bomb(strings: int = 500_000, length: int = 400) -> bytes:
    """About 1 MB on disk: ``strings`` identical long texts in the shared-strings table."""
    entry = "<si><t>" + "Ә" * length + "</t></si>"
    return workbook(staff_rows(1), shared_strings=(entry * 1000 for _ in range(strings // 1000)))


def xxe_xlsx(target: str = "file:///etc/passwd") -> bytes:
    prologue = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{target}">]>'
    return workbook(['<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'], prologue=prologue)


def billion_laughs_xlsx() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    prologue = f"<!DOCTYPE worksheet [{entities}]>"
    return workbook(['<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'], prologue=prologue)


def malformed_xlsx() -> bytes:
    return workbook(['<row r="1"><c r="A1" t="inlineStr"><is><t>unclosed'])


# --- the benchmark ---------------------------------------------------------------------------

CHILD = r"""
import json, os, sys, time, tracemalloc
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.utils import translation
translation.activate("kk")
import openpyxl
from registries.stafflists.services.reading import ImportRefused, read_table
def peak_kb():  # VmHWM: this process's peak resident memory (ru_maxrss survives exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
def run(data):
    if {mode!r} == "load_workbook":
        return "loaded %s rows" % openpyxl.load_workbook({path!r}).worksheets[0].max_row
    if {mode!r} == "read_only":  # the reader before the limits: read-only openpyxl, every cell
        book = openpyxl.load_workbook({path!r}, read_only=True, data_only=True)
        return "read %s rows" % sum(1 for row in book.worksheets[0].iter_rows(values_only=True))
    return "read %s rows" % len(read_table(data))
data = open({path!r}, "rb").read()
before = peak_kb()
figures = {{}}
for traced in (False, True):  # timed without tracemalloc (it slows Python down), then traced
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        outcome = run(data)
    except ImportRefused as error:
        outcome = "refused (%s): %s" % (error.code, error.messages[0][:100])
    except MemoryError:
        outcome = "MemoryError"
    if traced:
        figures["traced_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    else:
        figures.update(seconds=time.perf_counter() - start, rss_mb=peak_kb() / 1024, rss_before_mb=before / 1024)
    figures["outcome"] = outcome
    print(json.dumps(figures), flush=True)
"""


def _peak_of(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def run_case(label: str, data: bytes, mode: str = "ours", timeout: float = 60.0) -> None:
    path = Path(f"/tmp/bench_xlsx_{os.getpid()}_{mode}.xlsx")
    path.write_bytes(data)
    code = CHILD.format(root=str(ROOT), path=str(path), mode=mode)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = float("nan")
    while child.poll() is None and time.perf_counter() - started < timeout:
        peak = max(_peak_of(child.pid), peak) if peak == peak else _peak_of(child.pid)
        time.sleep(0.2)
    if child.poll() is None:
        peak = _peak_of(child.pid)
        child.kill()
        child.communicate()
        figures = {"outcome": f"still parsing after {timeout:.0f} s (killed)", "seconds": timeout, "rss_mb": peak}
    else:
        out, err = child.communicate()
        lines = [line for line in out.splitlines() if line.startswith("{")]
        figures = json.loads(lines[-1]) if lines else {"outcome": (err.strip().splitlines() or ["?"])[-1]}
    path.unlink(missing_ok=True)
    nan = float("nan")
    print(
        f"{label:<52} {len(data) / 2**20:5.2f} MB  {figures.get('seconds', nan):6.2f} s  "
        f"traced {figures.get('traced_mb', nan):6.1f} MB  process peak {figures.get('rss_mb', nan):7.1f} MB "
        f"(at start {figures.get('rss_before_mb', nan):.0f})  -> {figures['outcome']}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--padded-rows", type=int, default=40)
    parser.add_argument("--baseline-rows", type=int, default=10)
    parser.add_argument("--baseline-timeout", type=float, default=60.0)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from registries.spreadsheets import DEFAULT_LIMITS

    print(f"limits: {DEFAULT_LIMITS}")
    run_case(f"padded to XFD, {args.padded_rows} rows (our reader)", padded_xlsx(args.padded_rows))
    run_case("shared-string bomb (our reader)", shared_string_bomb())
    run_case("XXE (our reader)", xxe_xlsx())
    run_case("billion laughs (our reader)", billion_laughs_xlsx())
    run_case("malformed XML (our reader)", malformed_xlsx())
    run_case("legitimate 5,000-row list (our reader)", plain_xlsx(5_000))
    run_case(
        f"padded to XFD, {args.padded_rows} rows (old reader: read-only openpyxl)",
        padded_xlsx(args.padded_rows), mode="read_only", timeout=args.baseline_timeout,
    )
    run_case(
        f"padded to XFD, {args.baseline_rows} rows (openpyxl load_workbook)",
        padded_xlsx(args.baseline_rows), mode="load_workbook", timeout=args.baseline_timeout,
    )


if __name__ == "__main__":
    main()
