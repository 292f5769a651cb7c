from datetime import datetime, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from registries.models import UserProfile
from registries.roles import Role

LONG_AGO = timezone.make_aware(datetime(2025, 1, 10, 10, 0))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Әлихан"
    last_name = factory.Sequence(lambda n: f"Серіков{n}")
    is_staff = True
    date_joined = LONG_AGO
    last_login = None


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserProfile

    user = factory.SubFactory(UserFactory)
    role = Role.STATE_BODY_REPORTER
    last_action_at = None


def member(organisation, role=Role.STATE_BODY_REPORTER, **user_kwargs):
    """A user with a profile in ``organisation``; profile kwargs prefixed ``profile__``."""
    profile_kwargs = {k.removeprefix("profile__"): user_kwargs.pop(k) for k in list(user_kwargs) if k.startswith("profile__")}
    user = UserFactory(**user_kwargs)
    ProfileFactory(user=user, organisation=organisation, role=role, **profile_kwargs)
    return user


def days_before(moment, days):
    return moment - timedelta(days=days)
