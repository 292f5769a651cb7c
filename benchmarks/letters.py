"""Benchmark: one-page official letters rendered per second, and peak memory.

    .venv/bin/python benchmarks/letters.py [--count N] [--form CODE]

Each iteration renders one issued-style letter (register number, date, QR code with a fresh
verification URL, invariant-mode PDF) of the chosen form with its sample data and hashes it
(SHA-256), i.e. everything ``issue_letter`` does except the database row and the file write.
Target: at least 50 one-page letters per second in one process.
"""

import argparse
import hashlib
import os
import resource
import secrets
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader  # noqa: E402

from forms_kz.forms import render  # noqa: E402
from forms_kz.schemas import FORM_SCHEMAS  # noqa: E402


def context(i: int) -> dict:
    return {
        "draft": False,
        "register_number": f"001-ШХ/2026/{i:06d}",
        "issued_at": datetime(2026, 11, 24, 5, 30, i % 60, tzinfo=UTC),
        "issuer_name": "Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Ақпарат комитеті",
        "addressee": "Example Video Ltd.",
        "verification_url": f"https://compliance.gov.kz/verify/{secrets.token_urlsafe(24)}/",
        "signatory_position": "Ақпарат комитетінің төрағасы",
        "signatory_name": "Серікбаев Ерлан Асқарұлы",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--form", default="s000-demand", choices=sorted(FORM_SCHEMAS))
    args = parser.parse_args()
    data = FORM_SCHEMAS[args.form].sample

    from io import BytesIO

    first = render(args.form, data, context(0))  # warm-up: font registration, imports
    pages = len(PdfReader(BytesIO(first)).pages)

    start = time.perf_counter()
    cpu_start = time.process_time()
    total_bytes = 0
    for i in range(1, args.count + 1):
        content = render(args.form, data, context(i))
        hashlib.sha256(content).hexdigest()
        total_bytes += len(content)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start

    tracemalloc.start()
    for i in range(20):
        render(args.form, data, context(i))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"form: {args.form} ({pages} page(s)), letters: {args.count}")
    print(f"letters per second: {args.count / elapsed:.1f}  ({1000 * elapsed / args.count:.1f} ms each)")
    print(f"letters per CPU-second: {args.count / cpu:.1f}  (CPU time of this process; differs from the "
          f"wall-clock figure when other processes share the cores, load average {os.getloadavg()[0]:.1f})")
    print(f"average PDF size: {total_bytes / args.count / 1024:.1f} KiB")
    print(f"peak Python memory while rendering (tracemalloc): {peak / 1024 / 1024:.1f} MiB")
    print(f"peak resident memory of the process: {max_rss_mb:.1f} MiB")
    print("target: >= 50 letters per second — " + ("MET" if args.count / elapsed >= 50 else "NOT MET"))


if __name__ == "__main__":
    main()
