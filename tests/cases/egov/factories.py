"""Factories and helpers for the e-gov number-linking service tests (seed 002)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from cases.egov.models import Complaint, ServiceRequest
from cases.egov.services import register_complaint
from registries.demo import bin_from_prefix
from registries.models import Organisation, UserProfile
from registries.roles import OrganisationKind, Role
from registries.validators import national_id_check_digit


def make_iin(first_eleven: str = "90010130003") -> str:
    """A valid IIN at or after the 11-digit prefix (birth date 1990-01-01, man born in the 20th c.)."""
    number = int(first_eleven)
    while True:
        candidate = f"{number:011d}"
        check = national_id_check_digit(candidate)
        if check is not None:
            return candidate + str(check)
        number += 1


ALMATY = ZoneInfo("Asia/Almaty")


def at(day, hour=12):
    """The clock at ``hour``:00 on ``day`` November 2026 in Almaty (frozen)."""
    return time_machine.travel(datetime(2026, 11, day, hour, 0, tzinfo=ALMATY), tick=False)


IIN = make_iin("90010130003")
OTHER_IIN = make_iin("85050240012")


def steps_for(channel: str, start, kind: str = "link", fail: str | None = None):
    """The act's steps of a channel, one minute apart; ``fail`` makes that step the failed last one."""
    from cases.egov.steps import sequence_for

    steps = []
    for index, step in enumerate(sequence_for(kind, channel) or sequence_for("link", "portal")):
        passed = step != fail
        steps.append({"step": step, "at": start + timedelta(minutes=index), "passed": passed})
        if not passed:
            break
    return steps


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    request_number = factory.Sequence(lambda n: f"KZ-EGOV-2026-{n:07d}")
    channel = "portal"
    kind = "link"
    applicant_iin = IIN
    applicant_name = "Нұрланова Айгерім Серікқызы"
    phone = "+77011235678"
    submitted_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    otp_at = factory.LazyAttribute(lambda o: o.submitted_at + timedelta(minutes=1))
    otp_passed = True
    eds_signed_at = factory.LazyAttribute(lambda o: o.submitted_at + timedelta(minutes=2))
    completed_at = factory.LazyAttribute(lambda o: o.submitted_at + timedelta(minutes=3))
    result = "linked"


def make_provider(key: str = "other_provider") -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        bin=bin_from_prefix("16034009901"),
        defaults={"kind": OrganisationKind.SERVICE_PROVIDER, "name_kk": "Басқа қызмет беруші", "name_ru": "Другой услугодатель",
                  "head_position": "Директор", "head_name": "Омаров Ерлан Маратұлы"},
    )
    return organisation


def make_user(username: str, organisation: Organisation, role: str, **extra):
    user = get_user_model().objects.create_user(username=username, password="x-Test-password-1", is_staff=True, **extra)
    UserProfile.objects.create(user=user, organisation=organisation, role=role)
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    return user


def make_complaint(demo, *, body: str = "complaint_body", received_at=None, service_request=None, **fields) -> Complaint:
    provider = demo["organisations"]["gov_for_citizens"]
    received_at = received_at or timezone.now() - timedelta(hours=2)
    complaint = Complaint(
        provider=provider,
        reviewing_body=demo["organisations"][body],
        service_request=service_request,
        complainant_name="Нұрланова Айгерім Серікқызы",
        complainant_iin=IIN,
        complainant_phone="+77011235678",
        subject="Абоненттік нөмірді есептік жазбаға қосудан бас тарту негізсіз.",
        received_at=received_at,
        registered_at=fields.pop("registered_at", None) or received_at,
        **fields,
    )
    return register_complaint(complaint, demo["users"]["provider"])


ROLE_SERVICE_PROVIDER = Role.SERVICE_PROVIDER
