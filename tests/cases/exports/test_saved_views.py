"""Saved views (cases.exports): a user names the filters of a list, finds them on the list,
opens and deletes them; nobody else sees them; the query string is checked again when opened.
"Waiting for my organisation" is a view every role has: the same cases as the home page's queue."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.exports.filters import waiting_for
from cases.exports.models import SavedView
from cases.monitoring.dashboard import my_queue
from cases.monitoring.status import windows
from cases.violations.models import ViolationReport

LABEL = "violations.violationreport"
CHANGELIST = reverse("admin:violations_violationreport_changelist")
SAVE = reverse("exports:save")


def listed(response):
    return sorted(row.pk for row in response.context["cl"].result_list)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def save(client, name, query, label=LABEL):
    return client.post(SAVE, {"list": label, "name": name, "query": query})


@pytest.mark.django_db
def test_saving_keeps_the_filters_not_the_page(demo, client, reports):
    user = demo["users"]["officer"]
    client.force_login(user)
    response = save(client, "  Жаңа   хабарламалар ", "state__exact=submitted&p=2&o=-0")
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?state__exact=submitted&o=-0"
    view = SavedView.objects.get(user=user)
    assert (view.model_label, view.name, view.query_string) == (LABEL, "Жаңа хабарламалар", "state__exact=submitted&o=-0")
    assert messages_of(response)


@pytest.mark.django_db
def test_the_same_name_replaces_the_filters(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    save(client, "Менің сүзгім", "state__exact=submitted")
    save(client, "Менің сүзгім", "state__exact=in_review")
    assert list(SavedView.objects.values_list("name", "query_string")) == [("Менің сүзгім", "state__exact=in_review")]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_view_needs_a_name_of_reasonable_length(demo, client, reports, name):
    client.force_login(demo["users"]["officer"])
    response = save(client, name, "state__exact=submitted")
    assert response.status_code == 302
    assert not SavedView.objects.exists()
    assert messages_of(response)


@pytest.mark.django_db
def test_filters_the_list_refuses_are_not_saved(demo, client, reports):
    client.force_login(demo["users"]["officer"])
    response = save(client, "Құпия", "reporter__password__startswith=a")
    assert response["Location"] == CHANGELIST
    assert not SavedView.objects.exists()


@pytest.mark.django_db
def test_a_view_opens_its_list(demo, client, reports):
    user = demo["users"]["officer"]
    view = SavedView.objects.create(user=user, model_label=LABEL, name="Қаралуда", query_string="state__exact=in_review")
    client.force_login(user)
    response = client.get(reverse("exports:open", args=[view.pk]))
    assert response["Location"] == f"{CHANGELIST}?state__exact=in_review"
    assert listed(client.get(response["Location"])) == [reports["prosecutor_2"]]


@pytest.mark.django_db
def test_a_view_is_checked_again_when_opened(demo, client, reports):
    user = demo["users"]["officer"]
    view = SavedView.objects.create(user=user, model_label=LABEL, name="Ескі", query_string="no_such_field=1")
    client.force_login(user)
    response = client.get(reverse("exports:open", args=[view.pk]))
    assert response["Location"] == CHANGELIST
    assert messages_of(response)


@pytest.mark.django_db
def test_a_view_shows_only_what_its_opener_may_see(demo, client, reports):
    """A view's query string is only a bookmark: the prosecutor's office saving "every submitted
    notification" still sees its own."""
    user = demo["users"]["prosecutor_reporter"]
    view = SavedView.objects.create(user=user, model_label=LABEL, name="Барлығы", query_string="state__exact=submitted")
    client.force_login(user)
    response = client.get(client.get(reverse("exports:open", args=[view.pk]))["Location"])
    assert listed(response) == [reports["prosecutor_1"]]


@pytest.mark.django_db
def test_a_users_views_are_invisible_to_another(demo, client, reports):
    owner, other = demo["users"]["officer"], demo["users"]["supervisor"]
    view = SavedView.objects.create(user=owner, model_label=LABEL, name="Дінаның сүзгісі", query_string="state__exact=submitted")
    client.force_login(owner)
    assert "Дінаның сүзгісі" in client.get(CHANGELIST).content.decode()
    client.force_login(other)
    page = client.get(CHANGELIST).content.decode()
    assert "Дінаның сүзгісі" not in page
    assert reverse("exports:open", args=[view.pk]) not in page
    assert client.get(reverse("exports:open", args=[view.pk])).status_code == 404
    assert client.post(reverse("exports:delete", args=[view.pk])).status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()
    assert list(SavedView.objects.of(other)) == []


@pytest.mark.django_db
def test_the_owner_deletes_a_view_and_returns_to_the_list(demo, client, reports):
    user = demo["users"]["officer"]
    view = SavedView.objects.create(user=user, model_label=LABEL, name="Уақытша", query_string="")
    client.force_login(user)
    assert client.get(reverse("exports:delete", args=[view.pk])).status_code == 405  # never by a link
    back = f"{CHANGELIST}?state__exact=submitted"
    response = client.post(reverse("exports:delete", args=[view.pk]), {"next": back})
    assert response["Location"] == back
    assert not SavedView.objects.exists()
    view = SavedView.objects.create(user=user, model_label=LABEL, name="Уақытша", query_string="")
    response = client.post(reverse("exports:delete", args=[view.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == CHANGELIST


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "expected"),
    [("officer", ["prosecutor_1"]), ("prosecutor_reporter", ["prosecutor_2"]), ("police_reporter", [])],
)
def test_waiting_for_my_organisation_is_the_home_pages_queue(demo, client, awaited, with_waiting_filter, username, expected):
    user = demo["users"][username]
    client.force_login(user)
    response = client.get(CHANGELIST, {"waiting": "me"})
    assert response.status_code == 200
    assert listed(response) == sorted(awaited[key] for key in expected)
    queue = my_queue(user, windows())
    on_home_page = sorted({item["deadline"].object_id for item in queue["items"]})
    assert listed(response) == on_home_page
    assert sorted(waiting_for(ViolationReport.objects.visible_to(user), user).values_list("pk", flat=True)) == on_home_page


@pytest.mark.django_db
def test_without_an_organisation_nothing_waits(demo, reports):
    assert not waiting_for(ViolationReport.objects.all(), demo["users"]["admin"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["officer", "supervisor", "prosecutor_manager", "prosecutor_reporter", "police_reporter"])
def test_every_role_has_the_waiting_view(demo, client, reports, with_waiting_filter, username):
    client.force_login(demo["users"][username])
    page = client.get(CHANGELIST).content.decode()
    assert f'href="{CHANGELIST}?waiting=me"' in page
    assert "Ұйымымның әрекетін күтетіндер" in page or "Waiting for my organisation" in page


@pytest.mark.django_db
def test_the_waiting_filter_and_export_agree(demo, client, awaited, with_waiting_filter):
    client.force_login(demo["users"]["officer"])
    response = client.get(reverse("exports:export", args=[LABEL, "csv"]), {"waiting": "me"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == [str(awaited["prosecutor_1"])]
