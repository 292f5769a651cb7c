"""Staged uploads (cases.staging): a file chosen in a refused form is kept for its uploader only,
shown again, consumed with the form, and forgotten after its time."""

from datetime import timedelta

import pytest
from django import forms
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, QueryDict
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict

from cases import staging
from cases.staging import (
    REMOVE_SUFFIX,
    TOKEN_SUFFIX,
    MultipleFileField,
    purge_expired,
    serve_staged,
    stage,
    staged_file,
    staging_form,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
NOT_AN_IMAGE = b"<html><script>alert(1)</script></html>"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name="shot.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


class EvidenceForm(forms.Form):
    title = forms.CharField()
    shots = MultipleFileField(required=False)
    scan = forms.FileField(required=False)


def bound(user, data=None, files=None):
    query = QueryDict(mutable=True)
    for key, values in (data or {}).items():
        query.setlist(key, values if isinstance(values, list) else [values])
    return staging_form(EvidenceForm, user)(query, MultiValueDict(files or {}))


# --- tokens: bound to their uploader ---------------------------------------------------------


@pytest.mark.django_db
def test_a_staged_file_opens_only_for_its_uploader(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    other = django_user_model.objects.create_user("other")
    staged = stage(upload("Скрин 1.png"), owner)
    assert staged.original_name == "Скрин 1.png" and staged.content_type == "image/png" and staged.size == len(PNG)
    assert staged_file(staged.token, owner) == staged
    assert staged_file(staged.token, other) is None
    assert staged_file(staged.token, None) is None
    assert staged_file(staged.token + "x", owner) is None  # tampered
    assert staged.stored_name.startswith("staging/") and "Скрин" not in staged.stored_name
    assert staged.as_upload().read() == PNG


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "code"),
    [(NOT_AN_IMAGE, "screenshot_type"), (b"", "screenshot_empty"), (PNG + b"\x00" * (10 * 1024 * 1024), "screenshot_too_large")],
)
def test_a_refused_file_is_never_stored(django_user_model, content, code):
    owner = django_user_model.objects.create_user("owner")
    with pytest.raises(forms.ValidationError) as refused:
        stage(upload(content=content), owner)
    assert refused.value.code == code
    assert not storages["default"].exists("staging") or storages["default"].listdir("staging") == ([], [])


@pytest.mark.django_db
def test_the_thumbnail_is_served_to_the_uploader_and_404_to_anyone_else(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    other = django_user_model.objects.create_user("other")
    staged = stage(upload(), owner)
    request = RequestFactory().get("/")
    request.user = owner
    response = serve_staged(request, staged.token)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    request.user = other
    with pytest.raises(Http404):
        serve_staged(request, staged.token)


@pytest.mark.django_db
def test_expired_staged_files_are_forgotten_and_deleted(django_user_model, monkeypatch):
    owner = django_user_model.objects.create_user("owner")
    staged = stage(upload(), owner)
    later = timezone.now() + staging.MAX_AGE + timedelta(minutes=1)
    assert purge_expired() == 0 and staged.exists()
    assert purge_expired(now=later) == 1 and not staged.exists()
    assert staged_file(staged.token, owner) is None


# --- the form: staged on a refusal, shown again, kept for the next attempt --------------------


@pytest.mark.django_db
def test_uploads_survive_a_refused_form_and_come_back_on_the_next_attempt(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    first = bound(owner, {"title": ""}, {"shots": [upload("a.png"), upload("b.jpg", JPEG)], "scan": [upload("c.png")]})
    assert not first.is_valid() and "title" in first.errors
    with translation.override("kk"):
        html = str(first["shots"]) + str(first["scan"])
    for name in ("a.png", "b.jpg", "c.png"):
        assert f"{name}" in html
    assert html.count(f'name="shots{TOKEN_SUFFIX}"') == 2 and html.count(f'name="scan{TOKEN_SUFFIX}"') == 1
    assert "Тағы файл қосу" in html or "Add more files" in html

    tokens = [s.token for s in first.staged["shots"]]
    second = bound(owner, {"title": "Дұрыс", f"shots{TOKEN_SUFFIX}": tokens, f"scan{TOKEN_SUFFIX}": first.staged["scan"][0].token})
    assert second.is_valid(), second.errors
    assert [f.name for f in second.cleaned_data["shots"]] == ["a.png", "b.jpg"]
    assert second.cleaned_data["shots"][1].read() == JPEG
    assert second.cleaned_data["scan"].name == "c.png"


@pytest.mark.django_db
def test_more_files_are_added_to_the_staged_ones_and_a_removed_one_is_dropped(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    first = bound(owner, {"title": ""}, {"shots": [upload("a.png"), upload("b.png")]})
    first.is_valid()
    a, b = first.staged["shots"]
    second = bound(
        owner,
        {"title": "", f"shots{TOKEN_SUFFIX}": [a.token, b.token], f"shots{REMOVE_SUFFIX}": [a.token]},
        {"shots": [upload("c.png")]},
    )
    second.is_valid()
    assert [s.original_name for s in second.staged["shots"]] == ["b.png", "c.png"]
    assert not a.exists()


@pytest.mark.django_db
def test_a_new_single_file_replaces_the_staged_one(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    first = bound(owner, {"title": ""}, {"scan": [upload("old.png")]})
    first.is_valid()
    old = first.staged["scan"][0]
    second = bound(owner, {"title": "", f"scan{TOKEN_SUFFIX}": old.token}, {"scan": [upload("new.png")]})
    second.is_valid()
    assert [s.original_name for s in second.staged["scan"]] == ["new.png"] and not old.exists()


@pytest.mark.django_db
def test_a_wrong_file_is_refused_next_to_its_field_in_kazakh_and_the_good_ones_stay(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    with translation.override("kk"):
        form = bound(owner, {"title": "Аты"}, {"shots": [upload("good.png"), upload("virus.png", NOT_AN_IMAGE)]})
        assert not form.is_valid()
        message = " ".join(form.errors["shots"])
    assert "virus.png" in message and "мазмұны бойынша" in message  # the reason, in Kazakh
    assert [s.original_name for s in form.staged["shots"]] == ["good.png"]


@pytest.mark.django_db
def test_someone_elses_token_is_ignored(django_user_model):
    owner = django_user_model.objects.create_user("owner")
    thief = django_user_model.objects.create_user("thief")
    first = bound(owner, {"title": ""}, {"shots": [upload("secret.png")]})
    first.is_valid()
    token = first.staged["shots"][0].token
    stolen = bound(thief, {"title": "Аты", f"shots{TOKEN_SUFFIX}": [token]})
    assert stolen.is_valid()
    assert stolen.cleaned_data["shots"] == [] and stolen.staged["shots"] == []
    assert "secret.png" not in str(stolen["shots"])
    assert first.staged["shots"][0].exists()  # nor may the thief remove it


@pytest.mark.django_db(transaction=True)
def test_saving_consumes_the_staged_copies(django_user_model):
    owner = django_user_model.objects.create_user("owner")

    class SavingForm(EvidenceForm):
        def save(self):
            return self.cleaned_data

    form = staging_form(SavingForm, owner)(
        QueryDict("title=x", mutable=True), MultiValueDict({"shots": [upload("a.png")]})
    )
    assert form.is_valid()
    staged = form.staged["shots"][0]
    form.save()
    assert not staged.exists()


def test_without_an_owner_the_form_is_unchanged():
    assert staging_form(EvidenceForm, None) is EvidenceForm


# --- an admin's inline rows (the platform cases' evidence: one screenshot per row) -------------


@pytest.mark.django_db
def test_an_inline_rows_screenshot_survives_and_is_checked_as_an_image(demo):
    """``StagedUploadsAdminMixin`` stages every inline row's file too; a row's own check
    (``staging_checks``: images only) refuses a PDF before it is stored."""
    from django.contrib import admin

    from cases.platforms.admin import PlatformCaseAdmin
    from cases.platforms.models import PlatformCase, PlatformEvidence
    from cases.platforms.records import SCREENSHOT_TYPE_MESSAGE
    from cases.staging import StagedUploadsAdminMixin
    from tests.cases.platforms.factories import PlatformCaseFactory

    assert issubclass(PlatformCaseAdmin, StagedUploadsAdminMixin)  # the platform cases' admin stages its rows

    class CaseAdmin(PlatformCaseAdmin):
        pass

    officer = demo["users"]["officer"]
    case = PlatformCaseFactory(organisation=demo["organisations"]["info_committee"])
    request = RequestFactory().post("/")
    request.user = officer

    def evidence_formset(data, files):
        for formset_class, inline in CaseAdmin(PlatformCase, admin.site).get_formsets_with_inlines(request, case):
            if inline.model is PlatformEvidence:
                query = QueryDict(mutable=True)
                query.update({"evidence-TOTAL_FORMS": "2", "evidence-INITIAL_FORMS": "0"})
                for key, value in data.items():
                    query[key] = value
                return formset_class(query, MultiValueDict(files), instance=case, prefix="evidence")
        raise AssertionError("no evidence inline")

    first = evidence_formset(
        {"evidence-0-url": "not a link", "evidence-1-url": "https://video.example.com/2"},
        {"evidence-0-screenshot": [upload("row.png")], "evidence-1-screenshot": [upload("scan.pdf", b"%PDF-1.4 x")]},
    )
    assert not first.is_valid()
    assert "url" in first.forms[0].errors
    assert str(SCREENSHOT_TYPE_MESSAGE) in " ".join(first.forms[1].errors["screenshot"])  # images only
    token = first.forms[0].staged["screenshot"][0].token
    assert f'value="{token}"' in str(first.forms[0]["screenshot"]) and first.forms[1].staged["screenshot"] == []

    second = evidence_formset(
        {"evidence-0-url": "https://video.example.com/1", f"evidence-0-screenshot{TOKEN_SUFFIX}": token}, {}
    )
    assert second.is_valid(), second.errors
    saved = second.save()
    assert [(e.original_name, e.content_type) for e in saved] == [("row.png", "image/png")]
