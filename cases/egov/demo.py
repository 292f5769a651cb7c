"""Demo data for seed 002: a day of requests through every channel (one over the 10-minute term,
one wrong password, one reasoned refusal with its letter) and complaints in different states.
Idempotent: keyed by request number / complainant."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.services import run_transition

from .models import Complaint, ServiceRequest
from .services import record_service_request, register_complaint
from .steps import sequence_for

APPLICANTS = (
    ("Нұрланова Айгерім Серікқызы", "900101300034"),
    ("Сапаров Ерлан Болатұлы", "850502300018"),
    ("Жұмабаева Сәуле Маратқызы", "920315400029"),
)


def _steps(channel, kind, start, fail=None):
    steps = []
    for index, step in enumerate(sequence_for(kind, channel)):
        steps.append({"step": step, "at": start + timedelta(minutes=index + 1), "passed": step != fail})
        if step == fail:
            break
    return steps


def _valid_iin(prefix: str) -> str:
    from registries.validators import national_id_check_digit

    number = int(prefix[:11])
    while True:
        candidate = f"{number:011d}"
        check = national_id_check_digit(candidate)
        if check is not None:
            return candidate + str(check)
        number += 1


REQUESTS = (
    # number, channel, kind, applicant index, phone, result, minutes to result, fail, refusal
    ("KZ-EGOV-DEMO-0001", "portal", "link", 0, "+77011235678", "linked", 4, None, None),
    ("KZ-EGOV-DEMO-0002", "egov_mobile", "link", 1, "+77051112233", "not_registered", 6, "biometrics", None),
    ("KZ-EGOV-DEMO-0003", "bank_app", "link", 2, "+77475556677", "linked", 14, None, None),
    ("KZ-EGOV-DEMO-0004", "portal", "link", 1, "+77051112233", "refused", 5, None,
     ("registry_mismatch", "Сұрау салуда көрсетілген жеке куәлік «Жеке басты куәландыратын құжаттар» "
                           "дерекқорында жарамсыз деп танылған.")),
    ("KZ-EGOV-DEMO-0005", "egov_mobile", "number_change", 0, "+77019998877", "linked", 3, None, None),
)


@transaction.atomic
def load(world):
    provider = world["organisations"]["gov_for_citizens"]
    user = world["users"]["provider"]
    now = timezone.now()
    requests = {}
    for index, (number, channel, kind, who, phone, result, minutes, fail, refusal) in enumerate(REQUESTS):
        existing = ServiceRequest.objects.filter(provider=provider, request_number=number).first()
        if existing:
            requests[number] = existing
            continue
        name, iin_prefix = APPLICANTS[who]
        start = now - timedelta(hours=5 - index)
        steps = _steps(channel, kind, start, fail)
        data = {
            "request_number": number, "channel": channel, "kind": kind, "applicant_iin": _valid_iin(iin_prefix),
            "applicant_name": name, "phone": phone, "steps": steps, "result": result,
            "completed_at": start + timedelta(minutes=minutes),
            "previous_phone": "+77011235678" if kind == "number_change" else "",
        }
        if refusal:
            data.update(refusal_ground=refusal[0], refusal_reasons=refusal[1])
        requests[number] = record_service_request(user=user, provider=provider, data=data)

    complaints = (
        # complainant, body, arrived days ago, request, final step
        (APPLICANTS[1], "complaint_body", 1, "KZ-EGOV-DEMO-0004", None),
        (APPLICANTS[2], "quality_body", 2, "KZ-EGOV-DEMO-0003", "forward"),
        (APPLICANTS[0], "complaint_body", 3, "KZ-EGOV-DEMO-0001", "uphold"),
    )
    for (name, iin_prefix), body, days_ago, number, final in complaints:
        if Complaint.objects.filter(provider=provider, complainant_name=name, service_request=requests[number]).exists():
            continue
        arrived = now - timedelta(days=days_ago)
        complaint = register_complaint(Complaint(
            provider=provider,
            reviewing_body=world["organisations"][body],
            service_request=requests[number],
            complainant_name=name,
            complainant_iin=_valid_iin(iin_prefix),
            subject="Өтініш беруші абоненттік нөмірді «электрондық үкімет» порталының есептік жазбасына қосу "
                    "кезіндегі шешімді негізсіз деп санайды және нөмірді қосуды сұрайды.",
            received_at=arrived,
            registered_at=arrived + timedelta(minutes=30),
        ), user)
        if final in ("forward", "uphold"):
            run_transition(complaint, "forward", user, administrative_case="Электрондық сұрау салу, қызмет көрсету "
                           "журналы, бас тарту хаты (бар болса).")
        if final == "uphold":
            reviewer = world["users"]["complaints"]
            run_transition(complaint, "uphold", reviewer, reasons="Нөмір тиесілілігі ұялы байланыс операторының "
                           "деректерімен расталды.", measures="Абоненттік нөмір есептік жазбаға қосылды.")
