"""Demo notifications (seed 001 p. 8–11): a report at every stage, so an official can open any
screen — a draft, one submitted (and one sent as an Appendix 2 letter through the electronic
document system, recorded afterwards with its real time), in review, returned for completion,
confirmed, confirmed by reference to an earlier report, with a restriction order, closed,
rejected with its grounds, and one withdrawn as recorded in error.

Built through the step services with past times (``occurred_at``), counted back from when the
demo is loaded, so every step and term has a real, consistent time. Idempotent: each demo report
is identified by its description; existing ones are left as they are.
"""

import struct
import zlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.steps import take_step

from .models import ViolationReport, ViolationType
from .services import create_report


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A real (tiny, grey) PNG image standing for a screenshot."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@dataclass(frozen=True)
class Step:
    name: str
    username: str
    hours: float  # after the report was drawn up
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DemoReport:
    key: str  # the description: the demo report's identity
    reporter: str
    type: str
    legal_act: str
    legal_norm: str
    facts: tuple
    days_ago: float  # when the report was drawn up
    steps: tuple = ()
    letter: dict = field(default_factory=dict)  # channel and signatory of an Appendix 2 letter (p. 9)
    reference: str = ""  # the key of the earlier report a confirmation by reference names


MASS_MEDIA = "«Масс-медиа туралы» ҚР Заңы"
LETTER = {"channel": "letter", "signatory_position": "Вице-министр", "signatory_name": "Жұмабеков Арман Қайратұлы"}


def _review(officer, hours):
    return (Step("submit", "", hours), Step("take_into_review", officer, hours + 20))


DEMO_REPORTS = (
    DemoReport(
        "Демо: есірткі сату дүкені", "prosecutor_reporter", "drugs",
        "«Есірткі, психотроптық заттар, олардың сол тектестері мен прекурсорлар және олардың заңсыз айналымы мен теріс "
        "пайдаланылуына қарсы іс-қимыл шаралары туралы» ҚР Заңы", "15-бап",
        (("url", "https://qazaq-shop.example.kz/kaz/zakaz"), ("domain", "qazaq-shop.example.kz", "HTTPS"),
         ("ip", "185.12.44.17", "HTTP")),
        days_ago=1,
    ),
    DemoReport(
        "Демо: суицидті насихаттайтын топ", "police_reporter", "suicide", MASS_MEDIA, "2-бап, 3-т.",
        (("url", "https://мысал.қаз/топ/118"), ("domain", "мысал.қаз")),
        days_ago=3, steps=(Step("submit", "", 2),),
    ),
    DemoReport(
        "Демо: ЭҚАЖ арқылы жіберілген хат (кейін тіркелді)", "police_reporter", "discord", MASS_MEDIA, "2-бап, 3-т.",
        (("url", "https://araz-forum.example.kz/thread/77"), ("ip", "203.0.113.9", "HTTP")),
        days_ago=4, steps=(Step("submit", "", 5, {"comment": "Хат ЭҚАЖ арқылы жіберілген, жүйеге кейін енгізілді."}),),
        letter=LETTER,
    ),
    DemoReport(
        "Демо: заңсыз казино", "prosecutor_reporter", "gambling", "«Ойын бизнесі туралы» ҚР Заңы", "6-бап",
        (("domain", "casino-kz.example.com", "HTTPS"), ("ip", "2001:db8:10::15", "QUIC")),
        days_ago=6, steps=_review("officer", 3),
    ),
    DemoReport(
        "Демо: экстремистік арна", "police_reporter", "extremism", "«Экстремизмге қарсы іс-қимыл туралы» ҚР Заңы", "1-бап",
        (("url", "https://t.me/example_channel/42"), ("imei", "358742091156328"), ("mac", "3C:5A:B4:01:22:9F")),
        days_ago=20,
        steps=(*_review("officer", 1), Step("confirm", "officer", 30), Step("order_restriction", "officer", 31, {"measure": ""})),
    ),
    DemoReport(
        "Демо: экстремистік арнаның көшірмесі (сілтеме бойынша расталды)", "prosecutor_reporter", "extremism",
        "«Экстремизмге қарсы іс-қимыл туралы» ҚР Заңы", "1-бап",
        (("url", "https://T.ME/example_channel/42"), ("domain", "example-mirror.kz")),
        days_ago=9, steps=(*_review("supervisor", 2), Step("confirm_by_reference", "supervisor", 26)),
        reference="Демо: экстремистік арна",
    ),
    DemoReport(
        "Демо: жалған дәрі-дәрмек сайты", "prosecutor_reporter", "other", "ҚР Кодексі «Халық денсаулығы және денсаулық сақтау жүйесі туралы»",
        "235-бап",
        (("url", "https://dari-arzan.example.kz/"), ("ip", "91.201.12.7")),
        days_ago=8, steps=(*_review("officer", 4), Step("confirm", "officer", 28)),
    ),
    DemoReport(
        "Демо: заңсыз букмекер (жабылды)", "police_reporter", "gambling", "«Ойын бизнесі туралы» ҚР Заңы", "6-бап",
        (("domain", "bet-kz.example.net"), ("ip", "203.0.113.44")),
        days_ago=30,
        steps=(*_review("supervisor", 2), Step("confirm", "supervisor", 24),
               Step("order_restriction", "supervisor", 25, {"measure": "bet-kz.example.net доменіне және 203.0.113.44 "
                                                                       "мекенжайына Қазақстан аумағында қолжетімділікті шектеу."}),
               Step("close", "supervisor", 72)),
    ),
    DemoReport(
        "Демо: ғылыми мақала (заң бұзушылық жоқ)", "prosecutor_reporter", "other", MASS_MEDIA, "2-бап",
        (("url", "https://science.example.kz/article/7"),),
        days_ago=12,
        steps=(*_review("supervisor", 3),
               Step("reject", "supervisor", 27, {"grounds": "Материал — ғылыми мақала; тыйым салынған ақпарат белгілері анықталған жоқ."})),
    ),
    DemoReport(
        "Демо: толықтыруға қайтарылған", "prosecutor_reporter", "pyramid", "ҚР Қылмыстық кодексі", "217-бап",
        (("domain", "super-profit.example.kz"),),
        days_ago=5,
        steps=(Step("submit", "", 1),
               Step("return_for_completion", "officer", 22, {"missing": "Сайттың басты бетінің толық скриншоты қоса берілмеген."})),
    ),
    DemoReport(
        "Демо: қате тіркелген хабарлама (кері қайтарылды)", "prosecutor_reporter", "other", MASS_MEDIA, "2-бап",
        (("url", "https://qazaq-shop.example.kz/kaz/zakaz"),),
        days_ago=2,
        steps=(Step("submit", "", 1),
               Step("withdraw", "prosecutor_manager", 3, {"reason": "Қате тіркелді: «Демо: есірткі сату дүкені» хабарламасының көшірмесі."})),
    ),
)


def _build(spec: DemoReport, users, screenshot, now):
    opened = now - timedelta(days=spec.days_ago)
    report = create_report(
        reporter=users[spec.reporter],
        facts=spec.facts,
        screenshots=[("screenshot.png", screenshot)],
        violation_type=ViolationType.objects.get(code=spec.type),
        legal_act=spec.legal_act,
        legal_norm=spec.legal_norm,
        description=spec.key,
        lawfulness_confirmed=True,
        opened_at=opened,
        **spec.letter,
    )
    for step in spec.steps:
        data = dict(step.data)
        if step.name == "confirm_by_reference":
            data["reference"] = ViolationReport.objects.get(description=spec.reference)
        actor = users[step.username or spec.reporter]
        take_step(report, step.name, actor, occurred_at=opened + timedelta(hours=step.hours), **data)
        report.refresh_from_db()
    return report


@transaction.atomic
def load(world):
    users = world["users"]
    screenshot = tiny_png()
    now = timezone.now().replace(microsecond=0)
    for spec in DEMO_REPORTS:
        if not ViolationReport.objects.filter(description=spec.key).exists():
            _build(spec, users, screenshot, now)
