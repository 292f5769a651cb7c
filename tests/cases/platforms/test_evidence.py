"""The links and screenshots of an Appendix 1 warning letter (seed 004 p. 5): "Қосымша (сілтемелер
және бұзылушылықтар бар экран түсірілімдер)". The files are checked by their content, stored under
random names and served only to who may see the case; the images are appended to the letter."""

import hashlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader
from rest_framework.test import APIClient

from cases.platforms.models import PlatformCaseState, PlatformEvidence
from cases.services import TransitionRefused
from cases.steps import take_step
from forms_kz.codes import FormCode
from forms_kz.models import OutgoingLetter
from forms_kz.services import render_letter

from .factories import ContentCaseFactory, EvidenceFactory, MessengerFactory, OnlinePlatformFactory

pytestmark = pytest.mark.django_db


def png(color=(200, 30, 30), size=(640, 400)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def evidence(case, name="evidence.png", content=None):
    item = PlatformEvidence(case=case, url="https://video.example.com/watch?v=Qx81kLz",
                            screenshot=upload(name, content or png()))
    item.full_clean()
    item.save()
    return item


def client_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize(
    "name,content",
    [("evidence.html", b"<html><script>alert(1)</script></html>"), ("scan.pdf", b"%PDF-1.4\n%...")],
    ids=["html", "pdf"],
)
def test_evidence_that_is_not_an_image_is_refused_and_nothing_is_stored(world, name, content):
    """Appendix 1 attaches "экран түсірілімдері" (screenshots): an HTML page or a PDF is no image."""
    case = ContentCaseFactory(organisation=world["committee"])
    item = PlatformEvidence(case=case, url="https://video.example.com/x", screenshot=upload(name, content))
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "screenshot" in error.value.message_dict
    assert not PlatformEvidence.objects.filter(case=case).exists()
    media = world.get("media")
    assert media is None or not any(media.rglob("*.html"))


def test_a_screenshot_gets_a_random_name_and_its_content_type(world, settings):
    case = ContentCaseFactory(organisation=world["committee"])
    content = png()
    item = evidence(case, name="evidence.html.png", content=content)
    stored = item.screenshot.name
    assert stored.startswith("platforms/evidence/") and stored.endswith(".png")
    assert "evidence" not in stored.rsplit("/", 1)[-1]
    assert item.content_type == "image/png" and item.size == len(content)
    assert item.sha256 == hashlib.sha256(content).hexdigest()
    assert item.original_name == "evidence.html.png"


def test_a_png_named_html_is_stored_as_png(world):
    """The type is read from the content, never from the uploader's name or extension."""
    case = ContentCaseFactory(organisation=world["committee"])
    item = evidence(case, name="evidence.html")
    assert item.screenshot.name.endswith(".png") and item.content_type == "image/png"


def test_a_screenshot_is_served_only_to_who_may_see_the_case(world):
    case = ContentCaseFactory(organisation=world["committee"])
    content = png()
    item = evidence(case, content=content)
    url = item.screenshot.url
    assert url.startswith("/api/v1/platform-evidence/") and "media" not in url
    owner = client_for(world["officer"]).get(url)
    assert owner.status_code == 200 and b"".join(owner.streaming_content) == content
    assert owner["Content-Type"] == "image/png" and "no-store" in owner["Cache-Control"]
    for stranger in ("sts", "kcell", "prosecutor"):
        assert client_for(world[stranger]).get(url).status_code == 404, stranger
    assert APIClient().get(url).status_code == 401


def test_the_admin_link_of_a_screenshot_opens_it(client, world):
    """Today the admin's link is a 404: it must lead to the guarded view and answer the file."""
    case = ContentCaseFactory(organisation=world["committee"])
    item = evidence(case)
    client.force_login(world["officer"])
    page = client.get(f"/admin/platforms/platformcase/{case.pk}/change/").content.decode()
    assert item.screenshot.url in page
    assert client.get(item.screenshot.url).status_code == 200


def test_appendix_1_needs_at_least_one_screenshot(world):
    """Appendix 1: "Қосымша (сілтемелер және бұзылушылықтар бар экран түсірілімдер)" — a link alone
    is not the attachment the form names."""
    case = ContentCaseFactory(organisation=world["committee"])
    EvidenceFactory(case=case, screenshot=None)  # a link without a screenshot
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    with pytest.raises(TransitionRefused) as refusal:
        take_step(case, "send_warning", world["officer"])
    assert refusal.value.status == 400 and "1-қосымша" in str(refusal.value)
    assert not OutgoingLetter.objects.for_case(case).exists()


def test_appendix_1_goes_only_to_a_foreign_platform_or_a_messenger(world):
    """p. 5: "…шетелдік онлайн-платформа және (немесе) лездік хабар алмасу сервисі әкімшілігінің
    мекенжайына хабарлама хат жібереді"."""
    domestic = ContentCaseFactory(organisation=world["committee"], platform=OnlinePlatformFactory(is_foreign=False))
    evidence(domestic)
    take_step(domestic, "detect", world["officer"])
    domestic.refresh_from_db()
    with pytest.raises(TransitionRefused) as refusal:
        take_step(domestic, "send_warning", world["officer"])
    assert refusal.value.status == 400 and "5-тармағы" in str(refusal.value)
    assert not OutgoingLetter.objects.for_case(domestic).exists()

    messenger = MessengerFactory(is_foreign=False)
    case = ContentCaseFactory(
        organisation=world["committee"], platform=messenger, complaint_received_at=domestic.created_at,
        complaint_text="Бірнеше рет жарияланды", complaint_reports_repeated=True,
    )
    evidence(case)
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    take_step(case, "send_warning", world["officer"])
    case.refresh_from_db()
    assert case.state == PlatformCaseState.WARNING_SENT


def test_the_screenshots_are_appended_to_the_letter_and_rerender_identically(world):
    """The images themselves are attached (one appended page each), not only their file names; an
    issued letter re-renders to the same bytes as its stored PDF."""
    case = ContentCaseFactory(organisation=world["committee"])
    first, second = evidence(case, content=png((200, 30, 30))), evidence(case, content=png((30, 30, 200), (400, 900)))
    take_step(case, "detect", world["officer"])
    case.refresh_from_db()
    take_step(case, "send_warning", world["officer"])
    letter = OutgoingLetter.objects.for_case(case).get(form_code=FormCode.S004_APP1)
    materials = letter.data["materials"]
    assert [m["screenshot_sha256"] for m in materials] == [first.sha256, second.sha256]
    content = letter.pdf.read()
    assert render_letter(letter) == content
    assert hashlib.sha256(content).hexdigest() == letter.sha256
    reader = PdfReader(BytesIO(content))
    images = [page for page in reader.pages if page.images]
    assert len(images) >= 2  # the screenshots, on pages of their own after the letter
    last_text = reader.pages[-1].extract_text()
    assert "Қосымша" in last_text and "https://video.example.com/watch?v=Qx81kLz" in last_text
