"""People appear by full name and position, never by login (``registries.people.person_label``)."""

import pytest
from django.contrib.auth import get_user_model

from registries.people import person_label, person_name_and_position
from tests.cases.violations.factories import put_on_accepted_list

pytestmark = pytest.mark.django_db


def test_no_user_is_no_one():
    assert person_label(None) == ""


def test_staff_list_entry_names_the_person_with_the_profile_position(demo):
    user = demo["users"]["prosecutor_reporter"]
    user.profile.position = "Бас маман"
    user.profile.save()
    staff_list = put_on_accepted_list(demo["organisations"]["prosecutor"], user)
    staff_list.entries.filter(email__iexact=user.email).update(full_name="Омарова Айгүл Серікқызы")
    assert person_label(get_user_model().objects.get(pk=user.pk)) == "Омарова Айгүл Серікқызы, Бас маман"


def test_staff_list_position_when_the_profile_states_none(demo):
    user = demo["users"]["prosecutor_reporter"]
    user.profile.position = ""
    user.profile.save()
    staff_list = put_on_accepted_list(demo["organisations"]["prosecutor"], user)
    staff_list.entries.filter(email__iexact=user.email).update(position="Жетекші маман")
    name, position = person_name_and_position(get_user_model().objects.get(pk=user.pk))
    assert position == "Жетекші маман"
    assert name == (user.get_full_name() or user.username)


def test_another_organisations_list_does_not_name_the_user(demo):
    user = demo["users"]["police_reporter"]
    user.profile.position = ""
    user.profile.save()
    staff_list = put_on_accepted_list(demo["organisations"]["prosecutor"], user)  # not the user's body
    staff_list.entries.filter(email__iexact=user.email).update(full_name="Басқа Адам", position="Басқа")
    assert person_label(get_user_model().objects.get(pk=user.pk)) == user.get_full_name()


def test_full_name_then_login(db):
    user = get_user_model().objects.create_user("a.nurlanov", email="", first_name="Айдос", last_name="Нұрланов")
    assert person_label(user) == "Айдос Нұрланов"
    bare = get_user_model().objects.create_user("bare_login")
    assert person_label(bare) == "bare_login"
