"""Appendix 1 of seed 001 (the list a state body sends, p. 5) is an official letter: it is issued
once, by a POST of someone allowed to issue the state body's letters; a GET only shows or
downloads it."""

import threading
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from forms_kz.models import LetterState, OutgoingLetter
from registries.stafflists.services.letters import Appendix1Unavailable, issue_appendix1

from .factories import make_list

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OTP_REQUIRED_FOR_AUTHORISED_BODY = False


def url(staff_list):
    return reverse("admin:stafflists_stafflist_appendix1", args=[staff_list.pk])


def letters():
    return OutgoingLetter.objects.filter(form_code="s001-app1")


def test_a_get_issues_nothing_and_offers_the_post_button(demo, client):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="accepted")
    client.force_login(demo["users"]["prosecutor_manager"])
    response = client.get(url(staff_list))
    assert response.status_code == 200
    assert not letters().exists()
    page = response.content.decode()
    assert 'method="post"' in page and 'name="issue"' in page


def test_a_post_of_the_manager_issues_once_and_the_get_then_downloads(demo, client):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="accepted")
    manager = demo["users"]["prosecutor_manager"]
    client.force_login(manager)
    response = client.post(url(staff_list), {"issue": "1"})
    assert response.status_code == 302 and response.url.endswith(f"/{staff_list.pk}/change/")
    letter = letters().get()
    assert letter.state == LetterState.ISSUED and letter.issued_by == manager and letter.register_number
    assert client.post(url(staff_list), {"issue": "1"}).status_code == 302
    assert letters().count() == 1  # a second click issues nothing new
    response = client.get(url(staff_list))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert letters().count() == 1


def test_a_reporter_without_the_issue_permission_issues_nothing(demo, client):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="accepted")
    client.force_login(demo["users"]["prosecutor_reporter"])
    page = client.get(url(staff_list)).content.decode()
    assert 'name="issue"' not in page
    response = client.post(url(staff_list), {"issue": "1"}, follow=True)
    assert response.status_code == 200
    assert not letters().exists()
    assert any("issue" in str(m).lower() or "шығар" in str(m) for m in response.context["messages"])


def test_the_authorised_body_and_other_bodies_issue_nothing(demo, client):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="accepted")
    client.force_login(demo["users"]["officer"])
    assert client.get(url(staff_list)).status_code == 200
    client.post(url(staff_list), {"issue": "1"})
    client.force_login(demo["users"]["police_reporter"])
    assert client.get(url(staff_list)).status_code == 404
    assert client.post(url(staff_list), {"issue": "1"}).status_code == 404
    assert not letters().exists()


def test_the_service_refuses_an_issue_without_a_person(demo):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="accepted")
    with pytest.raises(Appendix1Unavailable):
        issue_appendix1(staff_list, by=None)
    with pytest.raises(Appendix1Unavailable):
        issue_appendix1(staff_list, by=demo["users"]["prosecutor_reporter"])
    assert not OutgoingLetter.objects.exists()  # not even a draft is left behind


def test_a_list_not_accepted_has_no_appendix(demo, client):
    draft = make_list(demo["organisations"]["prosecutor"], half_year="2026-H1")
    client.force_login(demo["users"]["prosecutor_manager"])
    assert client.get(url(draft)).status_code == 302
    assert client.post(url(draft), {"issue": "1"}).status_code == 302
    assert not letters().exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_parallel_issues_give_one_letter_and_one_file(demo, settings):
    staff_list = make_list(demo["organisations"]["prosecutor"], state="accepted")
    manager = demo["users"]["prosecutor_manager"]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(issue_appendix1(staff_list, by=manager).pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    letter = letters().get()
    assert results == [letter.pk, letter.pk]
    assert not OutgoingLetter.objects.filter(state=LetterState.DRAFT).exists()
    assert [p.name for p in Path(settings.MEDIA_ROOT).rglob("*.pdf")] == [Path(letter.pdf.name).name]
