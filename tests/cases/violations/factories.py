import factory
from django.core.files.base import ContentFile

from cases.violations.models import Screenshot, ViolationFact, ViolationReport, ViolationType

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64


class ViolationReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ViolationReport

    violation_type = factory.LazyFunction(lambda: ViolationType.objects.get(code="drugs"))
    legal_act = "«Есірткі, психотроптық заттар… туралы» ҚР Заңы"
    legal_norm = "15-бап"
    description = "Есірткі сату туралы хабарландыру"
    lawfulness_confirmed = True


class ViolationFactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ViolationFact

    kind = "domain"
    raw_value = factory.Sequence(lambda n: f"site{n}.example.kz")


class ScreenshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Screenshot

    file = factory.LazyFunction(lambda: ContentFile(PNG, name="shot.png"))


def complete_report(demo, reporter="prosecutor_reporter", facts=(("domain", "qazaq-shop.example.kz"),), **kwargs):
    """A draft with facts and a screenshot, ready to submit."""
    user = demo["users"][reporter]
    report = ViolationReportFactory(organisation=user.profile.organisation, reporter=user, **kwargs)
    for kind, value, *protocol in facts:
        ViolationFactFactory(report=report, kind=kind, raw_value=value, protocol=protocol[0] if protocol else "")
    ScreenshotFactory(report=report)
    return report


def put_on_accepted_list(organisation, *users):
    """An accepted staff list (seed 001 p. 5, Appendix 1) of ``organisation`` naming ``users`` by
    their work e-mail (case changed on purpose: the match is case-insensitive)."""
    from registries.stafflists.models import StaffList, StaffListEntry

    staff_list = StaffList.objects.filter(organisation=organisation, state="accepted").first()
    if staff_list is None:
        staff_list = StaffList.objects.create(
            organisation=organisation, half_year="2026-H2",
            signatory_position="Бас прокурордың орынбасары", signatory_name="Әбдірахманов Дәурен Серікұлы",
        )
        StaffList.objects.filter(pk=staff_list.pk).update(state="accepted")
    start = staff_list.entries.count()
    StaffListEntry.objects.bulk_create(
        StaffListEntry(staff_list=staff_list, row_number=start + i, full_name=user.get_full_name() or user.username,
                       email=user.email.upper(), phone=f"+7701{start + i:07d}")
        for i, user in enumerate(users, 1)
    )
    return staff_list


def list_demo_reporters(demo):
    """The demo state bodies' reporters on their bodies' accepted lists (p. 5)."""
    users = demo["users"]
    for organisation_key, names in (("prosecutor", ("prosecutor_reporter", "prosecutor_manager")), ("police", ("police_reporter",))):
        put_on_accepted_list(demo["organisations"][organisation_key], *(users[name] for name in names))


def api_for(user):
    """An API client signed in as ``user`` (whatever token scheme the API uses)."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client
