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
    for kind, value in facts:
        ViolationFactFactory(report=report, kind=kind, raw_value=value)
    ScreenshotFactory(report=report)
    return report
