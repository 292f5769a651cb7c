"""Demo data for seed 002, built through the services with past times: requests of every result
through every channel (one over the 10-minute term, a wrong password, failed biometrics, a
reasoned refusal on each ground with its letter) and a complaint in every state (p. 10) —
registered, satisfied on paper, forwarded to the service-quality authority, upheld, dismissed,
withdrawn. Idempotent: keyed by request number and the complaint's subject."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from registries.validators import national_id_check_digit

from .choices import Channel, ComplaintState, RefusalGround, RequestKind, Result
from .models import Complaint, ServiceRequest
from .services import (
    complaint_dismiss,
    complaint_forward,
    complaint_register_at_authority,
    complaint_satisfy,
    complaint_uphold,
    complaint_withdraw,
    record_service_request,
    register_complaint,
)
from .steps import sequence_for

APPLICANTS = (
    ("Нұрланова Айгерім Серікқызы", "900101300034"),
    ("Сапаров Ерлан Болатұлы", "850502300018"),
    ("Жұмабаева Сәуле Маратқызы", "920315400029"),
    ("Оспанов Бауыржан Есенұлы", "780710300047"),
)


def _valid_iin(prefix: str) -> str:
    number = int(prefix[:11])
    while True:
        candidate = f"{number:011d}"
        check = national_id_check_digit(candidate)
        if check is not None:
            return candidate + str(check)
        number += 1


def _steps(channel, kind, start, fail=None):
    steps = []
    for index, step in enumerate(sequence_for(kind, channel)):
        steps.append({"step": step, "at": start + timedelta(minutes=index + 1), "passed": step != fail})
        if step == fail:
            break
    return steps


@dataclass(frozen=True)
class DemoRequest:
    number: str
    channel: str
    kind: str
    applicant: int
    phone: str
    result: str
    minutes: int  # from the request to its result
    fail: str | None = None
    ground: str = ""
    reasons: str = ""


REQUESTS = (
    DemoRequest("KZ-EGOV-DEMO-0001", Channel.PORTAL, RequestKind.LINK, 0, "+77011235678", Result.LINKED, 4),
    DemoRequest("KZ-EGOV-DEMO-0002", Channel.EGOV_MOBILE, RequestKind.LINK, 1, "+77051112233", Result.NOT_REGISTERED, 6,
                fail="biometrics"),
    DemoRequest("KZ-EGOV-DEMO-0003", Channel.BANK_APP, RequestKind.LINK, 2, "+77475556677", Result.LINKED, 14),
    DemoRequest("KZ-EGOV-DEMO-0004", Channel.PORTAL, RequestKind.LINK, 1, "+77051112233", Result.REFUSED, 5,
                ground=RefusalGround.REGISTRY_MISMATCH,
                reasons="Сұрау салуда көрсетілген жеке куәлік «Жеке басты куәландыратын құжаттар» дерекқорында "
                        "жарамсыз деп танылған."),
    DemoRequest("KZ-EGOV-DEMO-0005", Channel.EGOV_MOBILE, RequestKind.NUMBER_CHANGE, 0, "+77019998877", Result.LINKED, 3),
    DemoRequest("KZ-EGOV-DEMO-0006", Channel.PORTAL, RequestKind.LINK, 3, "+77771234567", Result.NOT_REGISTERED, 2,
                fail="otp"),
    DemoRequest("KZ-EGOV-DEMO-0007", Channel.EGOV_MOBILE, RequestKind.LINK, 3, "+77771234567", Result.REFUSED, 7,
                ground=RefusalGround.NO_CONSENT,
                reasons="Өтініш беруші шектеулі қолжетімді дербес деректерге қол жеткізуге келісім бермеген."),
)


def load_requests(provider, user, now) -> dict:
    requests = {}
    for index, spec in enumerate(REQUESTS):
        existing = ServiceRequest.objects.filter(provider=provider, request_number=spec.number).first()
        if existing:
            requests[spec.number] = existing
            continue
        name, iin_prefix = APPLICANTS[spec.applicant]
        start = now - timedelta(hours=len(REQUESTS) + 1 - index)
        data = {
            "request_number": spec.number, "channel": spec.channel, "kind": spec.kind,
            "applicant_iin": _valid_iin(iin_prefix), "applicant_name": name, "phone": spec.phone,
            "steps": _steps(spec.channel, spec.kind, start, spec.fail), "result": spec.result,
            "completed_at": start + timedelta(minutes=spec.minutes),
            "previous_phone": "+77011235678" if spec.kind == RequestKind.NUMBER_CHANGE else "",
            "refusal_ground": spec.ground, "refusal_reasons": spec.reasons,
        }
        requests[spec.number] = record_service_request(user=user, provider=provider, data=data)
    return requests


@dataclass(frozen=True)
class DemoComplaint:
    state: str
    applicant: int
    body: str  # demo organisation key of the reviewing body
    request: str
    days_ago: int  # when it arrived
    subject: str


COMPLAINTS = (
    DemoComplaint(ComplaintState.REGISTERED, 1, "complaint_body", "KZ-EGOV-DEMO-0004", 1,
                  "Өтініш беруші бас тартуды негізсіз деп санайды: жеке куәлік жаңартылған, нөмірді қосуды сұрайды."),
    DemoComplaint(ComplaintState.SATISFIED, 3, "complaint_body", "KZ-EGOV-DEMO-0007", 9,
                  "Өтініш беруші келісімін кейін бергенін хабарлап, нөмірді қосуды сұрайды."),
    DemoComplaint(ComplaintState.FORWARDED, 2, "quality_body", "KZ-EGOV-DEMO-0003", 4,
                  "Қызмет 10 минуттық мерзімнен кеш көрсетілді; өтініш беруші сапа бұзушылығын тексеруді сұрайды."),
    DemoComplaint(ComplaintState.REGISTERED_BY_AUTHORITY, 0, "quality_body", "KZ-EGOV-DEMO-0005", 5,
                  "Өтініш беруші портал бір реттік парольді жібермегенін хабарлап, қызмет сапасын тексеруді сұрайды."),
    DemoComplaint(ComplaintState.UPHELD, 0, "complaint_body", "KZ-EGOV-DEMO-0001", 6,
                  "Өтініш беруші нөмір есептік жазбада көрсетілмегенін айтып, қосуды растауды сұрайды."),
    DemoComplaint(ComplaintState.DISMISSED, 1, "quality_body", "KZ-EGOV-DEMO-0002", 12,
                  "Өтініш беруші биометриялық тексеруден өтпегенін қате деп санайды және оны қайта қарауды сұрайды."),
    DemoComplaint(ComplaintState.WITHDRAWN, 3, "complaint_body", "KZ-EGOV-DEMO-0006", 2,
                  "Абоненттік нөмірді ауыстыру туралы өтініш (шағым емес, қате тіркелген)."),
)

ADMINISTRATIVE_CASE = "Шағым, электрондық сұрау салу, қызмет көрсету журналынан үзінді, бас тарту хаты (бар болса)."


def _register(spec, provider, body, service_request, user, now) -> Complaint:
    name, iin_prefix = APPLICANTS[spec.applicant]
    arrived = now - timedelta(days=spec.days_ago)
    return register_complaint(Complaint(
        provider=provider, reviewing_body=body, service_request=service_request, complainant_name=name,
        complainant_iin=_valid_iin(iin_prefix), subject=spec.subject, received_at=arrived,
        registered_at=arrived + timedelta(minutes=30),
    ), user)


def _advance(complaint, spec, users):
    """Take the complaint's steps up to its demo state through the services, the provider's on
    paper with their real (past) time."""
    provider = users["provider"]
    reviewer = users["quality"] if spec.body == "quality_body" else users["complaints"]
    step_time = complaint.registered_at + timedelta(hours=20)
    if spec.state == ComplaintState.SATISFIED:
        complaint_satisfy(case=complaint, actor=provider, occurred_at=step_time,
                          resolution="Өтініш берушінің келісімі алынды, абоненттік нөмір есептік жазбаға қосылды.")
    elif spec.state == ComplaintState.WITHDRAWN:
        complaint_withdraw(case=complaint, actor=provider,
                           reason="Өтініш шағым емес: нөмірді ауыстыру туралы өтініш қате тіркелген.")
    elif spec.state != ComplaintState.REGISTERED:
        complaint_forward(case=complaint, actor=provider, occurred_at=step_time, administrative_case=ADMINISTRATIVE_CASE)
    if spec.body == "quality_body" and spec.state not in (ComplaintState.REGISTERED, ComplaintState.FORWARDED):
        # p. 10 para 6: the authority registers it (on paper, the next morning): its 15 working days start
        complaint_register_at_authority(case=complaint, actor=reviewer, occurred_at=step_time + timedelta(hours=16),
                                        registration_number=f"СБ-{complaint.pk:05d}")
    if spec.state == ComplaintState.UPHELD:
        complaint_uphold(case=complaint, actor=reviewer, reasons="Нөмір тиесілілігі ұялы байланыс операторының "
                         "деректерімен расталды.", measures="Абоненттік нөмір есептік жазбаға қосылды.")
    elif spec.state == ComplaintState.DISMISSED:
        complaint_dismiss(case=complaint, actor=reviewer, reasons="Биометриялық аутентификация нәтижесі қызмет "
                          "көрсету журналымен расталды; бас тарту № 58 бұйрықпен бекітілген Қағидалардың "
                          "9-тармағына сәйкес.")


@transaction.atomic
def load(world):
    organisations, users = world["organisations"], world["users"]
    provider = organisations["gov_for_citizens"]
    now = timezone.now().replace(microsecond=0)
    requests = load_requests(provider, users["provider"], now)
    for spec in COMPLAINTS:
        if Complaint.objects.filter(provider=provider, subject=spec.subject).exists():
            continue
        complaint = _register(spec, provider, organisations[spec.body], requests[spec.request], users["provider"], now)
        _advance(complaint, spec, users)
