"""Demo cases of seed 004: a case in every state — a platform throttled at 10 %, one at 50 % and
one at 90 %, a withdrawn, a restricted and a lifted case — each built through the step services
with its real past times (``occurred_at``: paper notices and instructions, receipts, the STS's
statistics and reports by letter), so the terms and the p. 7 / p. 9 windows run as in life.
Idempotent: a platform that already has a case is left alone."""

from datetime import time
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases.steps import take_step
from forms_kz.forms.s004 import sample_screenshot
from registries.models import OnlinePlatform, RegionalObject

from .models import PlatformCase, PlatformCaseGround, PlatformEvidence
from .traffic import StatisticRow, record_statistics

PLATFORMS = (
    # name, kind, foreign, daily users, address, e-mail, phone
    ("StreamWave", "platform", True, 2_400_000, "Boulevard Haussmann 40, 75009 Paris, France", "legal@streamwave.example", "+33 1 00 00 00 00"),
    ("ChatLine", "messenger", True, 3_100_000, "Jumeirah Lake Towers, Cluster X, Dubai, UAE", "abuse@chatline.example", "+971 4 000 0000"),
    ("PicShare", "platform", True, 860_000, "2 Harbour Road, Limassol 3035, Cyprus", "legal@picshare.example", "+357 25 000 000"),
    ("ShortClips", "platform", True, 1_750_000, "1 Marina Boulevard, Singapore 018989", "policy@shortclips.example", "+65 6000 0000"),
    ("TalkRoom", "messenger", True, 540_000, "Strandvejen 100, 2900 Hellerup, Denmark", "legal@talkroom.example", "+45 00 00 00 00"),
    ("ClipHub", "platform", True, 690_000, "Keizersgracht 62, 1015 CS Amsterdam, Netherlands", "legal@cliphub.example", "+31 20 000 0000"),
    ("MemeBoard", "platform", True, 410_000, "Friedrichstraße 68, 10117 Berlin, Germany", "abuse@memeboard.example", "+49 30 0000 000"),
    ("NewsFlow", "platform", True, 1_120_000, "Via Torino 2, 20123 Milano, Italy", "legal@newsflow.example", "+39 02 0000 0000"),
    ("QazVideo", "platform", False, 40_000, "Абай даңғылы 10, Алматы қ., Қазақстан", "info@qazvideo.example", "+7 727 000 00 00"),
    ("VidNest", "platform", True, 1_980_000, "Avenida da Liberdade 110, 1269-046 Lisboa, Portugal", "legal@vidnest.example", "+351 21 000 0000"),
    ("LiveCast", "platform", True, 2_750_000, "Calle de Serrano 41, 28001 Madrid, Spain", "legal@livecast.example", "+34 91 000 0000"),
    ("PixelTalk", "platform", True, 930_000, "Rue du Rhône 30, 1204 Genève, Switzerland", "legal@pixeltalk.example", "+41 22 000 0000"),
    ("GameStream", "platform", True, 1_310_000, "Mannerheimintie 12, 00100 Helsinki, Finland", "legal@gamestream.example", "+358 9 0000 000"),
    ("SoundWave", "platform", True, 780_000, "Drottninggatan 50, 111 21 Stockholm, Sweden", "legal@soundwave.example", "+46 8 000 000 00"),
    ("AppForum", "platform", True, 505_000, "Ul. Marszałkowska 80, 00-517 Warszawa, Poland", "legal@appforum.example", "+48 22 000 00 00"),
)

USER_DATA = "«qazaq_truth_2026» аккаунты (ID 7781203344), 2026 жылғы 2 қарашадан бастап белсенді"
NORMS = "«Бұқаралық ақпарат құралдары туралы» ҚР Заңының 20-бабы 2-тармағы; ҚР Қылмыстық кодексінің 174-бабы"
VIOLATION = "Әлеуметтік, ұлттық, рулық, нәсілдік немесе діни араздықты қоздыру"
NO_REPRESENTATIVE = "Орташа тәуліктік пайдаланушылар саны {users}; заңды өкіл тағайындалмаған"


class Demo:
    """The world of the demo and the moment it is built at."""

    def __init__(self, world):
        self.committee = world["organisations"]["info_committee"]
        self.officer = world["users"]["officer"]
        self.sts = world["users"]["sts"]
        self.now = timezone.now().replace(microsecond=0)
        self.numbers = 300

    def ago(self, **delta):
        return self.now - relativedelta(**delta)

    def paper_number(self, moment) -> str:
        self.numbers += 17
        return f"04-12/{moment.year}/{self.numbers:06d}"

    def step(self, case, name, user=None, **data):
        take_step(case, name, user or self.officer, **data)
        case.refresh_from_db()
        return case

    def case(self, platform, ground=PlatformCaseGround.NO_LEGAL_REPRESENTATIVE, **fields):
        return PlatformCase.objects.create(organisation=self.committee, platform=platform, ground=ground, **fields)

    def content_case(self, platform, url, **fields):
        case = self.case(platform, PlatformCaseGround.PROHIBITED_INFORMATION, offending_user_data=USER_DATA,
                         legal_norms=NORMS, violation_type=VIOLATION, **fields)
        evidence = PlatformEvidence(case=case, url=url, description="1-материал",
                                    screenshot=ContentFile(sample_screenshot(case.pk), name="screenshot.png"))
        evidence.full_clean()
        evidence.save()
        return case

    def noticed(self, platform, detected, **fields):
        """Detected and the Appendix 2 notice sent on paper a day later (p. 6)."""
        summary = NO_REPRESENTATIVE.format(users=f"{platform.average_daily_users_kz:,}".replace(",", " "))
        case = self.step(self.case(platform, detection_summary=summary, **fields), "detect", occurred_at=detected)
        sent = detected + relativedelta(days=1)
        return self.step(case, "send_notice", occurred_at=sent, register_number=self.paper_number(sent))

    def statistics(self, case, requested, answered):
        """p. 7–8: requested from the STS, answered by letter (rows entered by the STS)."""
        self.step(case, "request_statistics", occurred_at=requested)
        periods = [(time(0), time(6)), (time(6), time(12)), (time(12), time(18)), (time(18), time(0))]
        rows = [
            StatisticRow(region, start, end, Decimal(180_000 + 12_500 * i + 40_000 * (j % 3)) + Decimal("0.750"))
            for i, region in enumerate(RegionalObject.objects.order_by("code")[:6])
            for j, (start, end) in enumerate(periods)
        ]
        record_statistics(case, rows, by=self.sts)
        return self.step(case, "submit_statistics", self.sts, occurred_at=answered)

    def paper_level(self, case, name, issued, reported):
        """An Appendix 3 instruction sent on paper and the STS's report on it by letter."""
        self.step(case, name, occurred_at=issued, register_number=self.paper_number(issued))
        report = f"{case.current_instruction.level} % шектеулер 6 өңірлік объектіде енгізілді"
        return self.step(case, "report_execution", self.sts, occurred_at=reported, report=report)

    def throttled(self, platform, notice_months_ago: int, levels: int):
        """Notice ``notice_months_ago`` months ago; ``levels`` Appendix 3 levels on paper, each in its
        p. 9 window (1½, 9 and 13½ months after the notice) and reported by the STS."""
        detected = self.ago(months=notice_months_ago, days=1)
        case = self.noticed(platform, detected)
        notice = case.notice_sent_at
        self.statistics(case, notice + relativedelta(days=10), notice + relativedelta(days=20))
        names = ("issue_throttle_instruction", "escalate_throttling", "escalate_throttling")
        for name, after in list(zip(names, (relativedelta(months=1, days=15), relativedelta(months=9),
                                            relativedelta(months=13, days=15)), strict=True))[:levels]:
            self.paper_level(case, name, notice + after, notice + after + relativedelta(days=6))
        return case


def _platform(name, kind, foreign, users, address, email, phone):
    platform, _created = OnlinePlatform.objects.get_or_create(
        name=name,
        defaults={"kind": kind, "is_foreign": foreign, "average_daily_users_kz": users, "address": address,
                  "email": email, "phone": phone, "website": f"https://{name.lower()}.example"},
    )
    return platform


def _prohibited_information(demo):
    """p. 4–5: monitoring on a complaint, detected, warned, removed, restricted (Art. 41-1)."""
    yield "ChatLine", lambda p: demo.case(
        p, PlatformCaseGround.PROHIBITED_INFORMATION, complaint_received_at=demo.ago(hours=3),
        complaint_from="Ержанова Айгерім Болатқызы", complaint_reports_repeated=True,
        complaint_text="«Ақ жол» арнасында бір апта ішінде үш рет ұлтаралық араздықты қоздыратын жазбалар жарияланды.",
        detection_summary="Пайдаланушы шағымы бойынша мониторинг")
    yield "PicShare", lambda p: demo.step(demo.content_case(
        p, "https://picshare.example/p/Qx81kLz", content_to_remove="«qazaq_truth_2026» аккаунтында орналастырылған үш сурет",
        detection_summary="Мониторинг барысында анықталды"), "detect", occurred_at=demo.ago(hours=20))

    def warned(platform, url, content, **fields):
        case = demo.step(demo.content_case(platform, url, content_to_remove=content, **fields), "detect",
                         occurred_at=demo.ago(days=1))
        return demo.step(case, "send_warning")

    yield "TalkRoom", lambda p: warned(
        p, "https://talkroom.example/c/drop_kz_24/1881", "«@drop_kz_24» арнасындағы хабарламалар",
        complaint_received_at=demo.ago(days=2), complaint_from="Сейітов Нұрлан", complaint_reports_repeated=True,
        complaint_text="Арнада есірткі сату туралы хабарламалар қайта-қайта жарияланады.")
    yield "ClipHub", lambda p: demo.step(warned(p, "https://cliphub.example/v/8812", "«steppe_truth» арнасындағы бейнежазба"),
                                         "confirm_removal", comment="Платформа бейнежазбаны жойды")
    yield "MemeBoard", lambda p: demo.step(
        warned(p, "https://memeboard.example/b/551", "«kz_memes_18» тақтасындағы суреттер"), "order_restriction",
        basis="Хабарлама хат елеусіз қалды: ақпарат әлі қолжетімді, платформа жауап бермеді.")


def _legal_representative(demo):
    """p. 6–10: notices, the Appendix 2 restriction, statistics, 10 / 50 / 90 %, lifting, withdrawal."""

    def notice_with_restriction(platform):
        case = demo.step(demo.case(platform, content_to_remove="«kz_news_leaks» арнасындағы жеке деректер",
                                   violation_type="Дербес деректерді заңсыз тарату",
                                   detection_summary="Заңды өкілі жоқ; тыйым салынған ақпарат анықталды"),
                         "detect", occurred_at=demo.ago(hours=6))
        case = demo.step(case, "send_notice")
        case = demo.step(case, "record_notice_receipt")
        return demo.step(case, "order_restriction_after_notice", basis="Анықталған бұзушылықтар жойылмады.")

    def withdrawn(platform):
        case = demo.step(demo.case(platform, detection_summary="Мониторинг: заңды өкілі жоқ деп белгіленді"),
                         "detect", occurred_at=demo.ago(days=1))
        return demo.step(case, "withdraw", reason="Отандық платформа, тәулігіне 40 000 пайдаланушы: "
                                                  "2-қосымша қолданылмайды (Заңның 9-бабы 1-т.).")

    def requested(platform):
        case = demo.noticed(platform, demo.ago(months=1, days=5))
        return demo.step(case, "request_statistics", occurred_at=demo.ago(days=3))

    def received(platform):
        case = demo.noticed(platform, demo.ago(months=2))
        return demo.statistics(case, demo.ago(days=40), demo.ago(days=28))

    def lifted(platform):
        case = demo.throttled(platform, 4, 1)
        return demo.step(case, "lift_limits", representative="«GameStream KZ» ЖШС, Астана қ., Мәңгілік Ел даңғ., 55/20")

    def representative(platform):
        case = demo.noticed(platform, demo.ago(months=1))
        return demo.step(case, "confirm_representative", occurred_at=demo.ago(days=5),
                         representative="Жақсыбеков Арман Серікұлы, Алматы қ.")

    def ten_percent(platform):
        case = demo.noticed(platform, demo.ago(months=3))
        demo.step(case, "record_notice_receipt", occurred_at=case.notice_sent_at + relativedelta(hours=5))
        case = demo.statistics(case, demo.ago(months=2), demo.ago(weeks=7))
        return demo.step(case, "issue_throttle_instruction")

    yield "AppForum", lambda p: demo.step(demo.step(demo.case(p, detection_summary="Заңды өкілі жоқ"), "detect",
                                                    occurred_at=demo.ago(hours=30)), "send_notice")
    yield "NewsFlow", notice_with_restriction
    yield "QazVideo", withdrawn
    yield "ShortClips", requested
    yield "PixelTalk", received
    yield "SoundWave", representative
    yield "StreamWave", ten_percent
    yield "VidNest", lambda p: demo.throttled(p, 13, 2)  # at 50 %, the 90 % window open now
    yield "LiveCast", lambda p: demo.throttled(p, 19, 3)  # at 90 %, beyond 1 year 6 months: lifting only
    yield "GameStream", lifted


@transaction.atomic
def load(world):
    demo = Demo(world)
    platforms = {spec[0]: _platform(*spec) for spec in PLATFORMS}
    for scenarios in (_prohibited_information, _legal_representative):
        for name, build in scenarios(demo):
            if not PlatformCase.objects.filter(platform=platforms[name]).exists():
                build(platforms[name])
