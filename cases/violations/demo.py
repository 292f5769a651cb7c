"""Demo notifications (seed 001 p. 8–11) in different states, so an official sees real work.

Idempotent: each demo report is identified by its description; existing ones are left as they are.
"""

import struct
import zlib

from django.db import transaction

from cases.services import run_transition

from .models import ViolationReport, ViolationType
from .services import create_report


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A real (tiny, grey) PNG image standing for a screenshot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


DEMO_REPORTS = (
    {
        "key": "Демо: есірткі сату дүкені",
        "reporter": "prosecutor_reporter",
        "type": "drugs",
        "legal_act": "«Есірткі, психотроптық заттар, олардың сол тектестері мен прекурсорлар және олардың заңсыз айналымы мен теріс пайдаланылуына қарсы іс-қимыл шаралары туралы» ҚР Заңы",
        "legal_norm": "15-бап",
        "facts": [("url", "https://qazaq-shop.example.kz/kaz/zakaz"), ("domain", "qazaq-shop.example.kz"), ("ip", "185.12.44.17"), ("protocol", "HTTPS")],
        "steps": [],
    },
    {
        "key": "Демо: суицидті насихаттайтын топ",
        "reporter": "police_reporter",
        "type": "suicide",
        "legal_act": "«Масс-медиа туралы» ҚР Заңы",
        "legal_norm": "2-бап, 3-т.",
        "facts": [("url", "https://мысал.қаз/топ/118"), ("domain", "мысал.қаз")],
        "steps": [("submit", "police_reporter", {})],
    },
    {
        "key": "Демо: заңсыз казино",
        "reporter": "prosecutor_reporter",
        "type": "gambling",
        "legal_act": "«Ойын бизнесі туралы» ҚР Заңы",
        "legal_norm": "6-бап",
        "facts": [("domain", "casino-kz.example.com"), ("ip", "2001:db8:10::15"), ("protocol", "HTTPS")],
        "steps": [("submit", "prosecutor_reporter", {}), ("take_into_review", "officer", {})],
    },
    {
        "key": "Демо: экстремистік арна",
        "reporter": "police_reporter",
        "type": "extremism",
        "legal_act": "«Экстремизмге қарсы іс-қимыл туралы» ҚР Заңы",
        "legal_norm": "1-бап",
        "facts": [("url", "https://t.me/example_channel/42"), ("imei", "356938035643809"), ("mac", "3C:5A:B4:01:22:9F")],
        "steps": [
            ("submit", "police_reporter", {}),
            ("take_into_review", "officer", {}),
            ("confirm", "officer", {}),
            ("order_restriction", "officer", {"measure": ""}),
        ],
    },
    {
        "key": "Демо: ғылыми мақала (заң бұзушылық жоқ)",
        "reporter": "prosecutor_reporter",
        "type": "other",
        "legal_act": "«Масс-медиа туралы» ҚР Заңы",
        "legal_norm": "2-бап",
        "facts": [("url", "https://science.example.kz/article/7")],
        "steps": [
            ("submit", "prosecutor_reporter", {}),
            ("take_into_review", "supervisor", {}),
            ("reject", "supervisor", {"grounds": "Материал — ғылыми мақала; тыйым салынған ақпарат белгілері анықталған жоқ."}),
        ],
    },
    {
        "key": "Демо: толықтыруға қайтарылған",
        "reporter": "prosecutor_reporter",
        "type": "pyramid",
        "legal_act": "ҚР Қылмыстық кодексі",
        "legal_norm": "217-бап",
        "facts": [("domain", "super-profit.example.kz")],
        "steps": [
            ("submit", "prosecutor_reporter", {}),
            ("return_for_completion", "officer", {"missing": "Сайттың басты бетінің толық скриншоты қоса берілмеген."}),
        ],
    },
)


@transaction.atomic
def load(world):
    users = world["users"]
    screenshot = tiny_png()
    for spec in DEMO_REPORTS:
        if ViolationReport.objects.filter(description=spec["key"]).exists():
            continue
        report = create_report(
            reporter=users[spec["reporter"]],
            facts=spec["facts"],
            screenshots=[("screenshot.png", screenshot)],
            violation_type=ViolationType.objects.get(code=spec["type"]),
            legal_act=spec["legal_act"],
            legal_norm=spec["legal_norm"],
            description=spec["key"],
            lawfulness_confirmed=True,
        )
        for name, username, kwargs in spec["steps"]:
            run_transition(report, name, users[username], **kwargs)
            report.refresh_from_db()
