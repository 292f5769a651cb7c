"""Demo cases of seed 004: one per stage, run through the real transitions (letters issued,
deadlines opened). Idempotent: a platform that already has a case is left alone."""

from datetime import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cases.services import run_transition
from registries.models import OnlinePlatform, RegionalObject

from .models import PlatformCase, PlatformCaseGround, PlatformEvidence
from .services import StatisticRow, record_statistics

PLATFORMS = (
    # name, kind, foreign, daily users, address, e-mail, phone
    ("StreamWave", "platform", True, 2_400_000, "Boulevard Haussmann 40, 75009 Paris, France", "legal@streamwave.example", "+33 1 00 00 00 00"),
    ("ChatLine", "messenger", True, 3_100_000, "Jumeirah Lake Towers, Cluster X, Dubai, UAE", "abuse@chatline.example", "+971 4 000 0000"),
    ("PicShare", "platform", True, 860_000, "2 Harbour Road, Limassol 3035, Cyprus", "legal@picshare.example", "+357 25 000 000"),
    ("ShortClips", "platform", True, 1_750_000, "1 Marina Boulevard, Singapore 018989", "policy@shortclips.example", "+65 6000 0000"),
    ("TalkRoom", "messenger", True, 540_000, "Strandvejen 100, 2900 Hellerup, Denmark", "legal@talkroom.example", "+45 00 00 00 00"),
)

USER_DATA = "«qazaq_truth_2026» аккаунты (ID 7781203344), 2026 жылғы 2 қарашадан бастап белсенді"
NORMS = "«Бұқаралық ақпарат құралдары туралы» ҚР Заңының 20-бабы 2-тармағы; ҚР Қылмыстық кодексінің 174-бабы"
VIOLATION = "Әлеуметтік, ұлттық, рулық, нәсілдік немесе діни араздықты қоздыру"


def _platform(name, kind, foreign, users, address, email, phone):
    platform, _created = OnlinePlatform.objects.get_or_create(
        name=name,
        defaults={"kind": kind, "is_foreign": foreign, "average_daily_users_kz": users, "address": address,
                  "email": email, "phone": phone, "website": f"https://{name.lower()}.example"},
    )
    return platform


def _statistics(case, user):
    periods = [(time(0), time(6)), (time(6), time(12)), (time(12), time(18)), (time(18), time(0))]
    rows = []
    for i, region in enumerate(RegionalObject.objects.order_by("code")[:6]):
        for j, (start, end) in enumerate(periods):
            rows.append(StatisticRow(region, start, end, Decimal(180_000 + 12_500 * i + 40_000 * (j % 3)) + Decimal("0.750")))
    record_statistics(case, rows, by=user)


@transaction.atomic
def load(world):
    committee = world["organisations"]["info_committee"]
    officer = world["users"]["officer"]
    sts = world["users"]["sts"]
    platforms = {spec[0]: _platform(*spec) for spec in PLATFORMS}
    if PlatformCase.objects.filter(platform__in=platforms.values()).exists():
        return

    # 1. A messenger monitored on a user's complaint about repeated violations (p. 4).
    PlatformCase.objects.create(
        organisation=committee, platform=platforms["ChatLine"], ground=PlatformCaseGround.PROHIBITED_INFORMATION,
        complaint_received_at=timezone.now(), complaint_from="Ержанова Айгерім Болатқызы",
        complaint_text="«Ақ жол» арнасында бір апта ішінде үш рет ұлтаралық араздықты қоздыратын жазбалар жарияланды.",
        complaint_reports_repeated=True, detection_summary="Пайдаланушы шағымы бойынша мониторинг",
    )

    # 2. Prohibited information detected, warning letter due within 3 working days (p. 5).
    detected = PlatformCase.objects.create(
        organisation=committee, platform=platforms["PicShare"], ground=PlatformCaseGround.PROHIBITED_INFORMATION,
        offending_user_data=USER_DATA, legal_norms=NORMS, violation_type=VIOLATION,
        content_to_remove="«qazaq_truth_2026» аккаунтында орналастырылған үш сурет",
        detection_summary="Мониторинг барысында анықталды",
    )
    PlatformEvidence.objects.create(case=detected, url="https://picshare.example/p/Qx81kLz", description="1-сурет")
    run_transition(detected, "detect", officer)

    # 3. Warning letter sent (Appendix 1).
    warned = PlatformCase.objects.create(
        organisation=committee, platform=platforms["TalkRoom"], ground=PlatformCaseGround.PROHIBITED_INFORMATION,
        complaint_received_at=timezone.now(), complaint_from="Сейітов Нұрлан", complaint_reports_repeated=True,
        complaint_text="Арнада есірткі сату туралы хабарламалар қайта-қайта жарияланады.",
        offending_user_data="«@drop_kz_24» арнасы", legal_norms="«Есірткі құралдары ... туралы» ҚР Заңының 4-бабы",
        violation_type="Есірткі құралдарын насихаттау", content_to_remove="«@drop_kz_24» арнасындағы хабарламалар",
    )
    PlatformEvidence.objects.create(case=warned, url="https://talkroom.example/c/drop_kz_24/1881", description="Хабарлама")
    run_transition(warned, "detect", officer)
    warned.refresh_from_db()
    run_transition(warned, "send_warning", officer)

    # 4. No legal representative: notice sent (Appendix 2), statistics requested (p. 7).
    requested = PlatformCase.objects.create(
        organisation=committee, platform=platforms["ShortClips"], ground=PlatformCaseGround.NO_LEGAL_REPRESENTATIVE,
        detection_summary="Орташа тәуліктік пайдаланушылар саны 1,75 млн; заңды өкіл тағайындалмаған",
    )
    run_transition(requested, "detect", officer)
    requested.refresh_from_db()
    run_transition(requested, "send_notice", officer)
    requested.refresh_from_db()
    run_transition(requested, "request_statistics", officer)

    # 5. Throttled at 10 % (Appendix 3) on the STS's statistics.
    throttled = PlatformCase.objects.create(
        organisation=committee, platform=platforms["StreamWave"], ground=PlatformCaseGround.NO_LEGAL_REPRESENTATIVE,
        detection_summary="Орташа тәуліктік пайдаланушылар саны 2,4 млн; заңды өкіл тағайындалмаған",
    )
    run_transition(throttled, "detect", officer)
    throttled.refresh_from_db()
    run_transition(throttled, "send_notice", officer)
    throttled.refresh_from_db()
    run_transition(throttled, "request_statistics", officer)
    throttled.refresh_from_db()
    _statistics(throttled, sts)
    run_transition(throttled, "submit_statistics", sts)
    throttled.refresh_from_db()
    run_transition(throttled, "issue_throttle_instruction", officer)
