from io import BytesIO

import factory
from PIL import Image

from cases.platforms.models import PlatformCase, PlatformCaseGround, PlatformEvidence
from registries.models import OnlinePlatform


class OnlinePlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OnlinePlatform

    name = factory.Sequence(lambda n: f"Example Video {n}")
    kind = OnlinePlatform.Kind.PLATFORM
    is_foreign = True
    address = "1 Harbour Street, Limassol 3035, Cyprus"
    phone = "+357 25 000 000"
    email = factory.Sequence(lambda n: f"legal{n}@example-video.com")
    average_daily_users_kz = 1_850_000
    legal_representative = ""


class MessengerFactory(OnlinePlatformFactory):
    name = factory.Sequence(lambda n: f"QuickChat {n}")
    kind = OnlinePlatform.Kind.MESSENGER


class PlatformCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformCase

    platform = factory.SubFactory(OnlinePlatformFactory)
    ground = PlatformCaseGround.NO_LEGAL_REPRESENTATIVE
    detection_summary = "Платформа Қазақстанда заңды өкілсіз жұмыс істейді"
    offending_user_data = "«qazaq_truth_2026» аккаунты (ID 7781203344)"
    legal_norms = "«Бұқаралық ақпарат құралдары туралы» ҚР Заңының 20-бабы 2-тармағы"
    violation_type = "Әлеуметтік араздықты қоздыру"
    content_to_remove = ""


class ContentCaseFactory(PlatformCaseFactory):
    ground = PlatformCaseGround.PROHIBITED_INFORMATION
    content_to_remove = "«qazaq_truth_2026» аккаунтындағы екі бейнежазба"


def screenshot_png(color=(200, 30, 30), size=(640, 400)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlatformEvidence

    url = factory.Sequence(lambda n: f"https://video.example.com/watch?v=Qx81kLz{n}")
    description = "Бейнежазба"
    screenshot = factory.django.FileField(filename="screenshot.png", data=factory.LazyFunction(screenshot_png))
