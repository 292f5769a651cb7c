"""Accounts granted by an accepted staff list (seed 001 p. 5: the listed staff enter unlawful
resources into the information system; DESIGN B: an accepted list grants system accounts and
people dropped from a refreshed list lose access).

Bulk operations throughout; profile changes are recorded in simple-history with a reason,
user changes are summarised in the transition log comment. Never deletes a user.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from registries.models import UserProfile
from registries.roles import Role

from ..models import StaffListEntry

CHUNK = 2000


def _split_name(full_name: str) -> tuple[str, str]:
    """"Тегі Аты Әкесінің аты" → (last name, first names)."""
    parts = full_name.split(" ", 1)
    return parts[0][:150], (parts[1] if len(parts) > 1 else "")[:150]


def set_password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("stafflists-set-password", kwargs={"uidb64": uid, "token": token})
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def send_set_password_emails(user_ids, organisation_name: str) -> int:
    """One e-mail per new account with a link to set the password (no usable password until then)."""
    User = get_user_model()
    messages = []
    with override(settings.LANGUAGE_CODE):
        subject = _("Access to the compliance information system")
        for user in User.objects.filter(pk__in=list(user_ids)).only("pk", "username", "email", "password", "last_login", "is_active"):
            body = _(
                "Hello, %(name)s.\n\n"
                "You are listed by %(organisation)s among the staff who enter unlawful internet resources "
                "into the information system (Order No. 409, p. 5). Your login: %(login)s.\n"
                "Set your password by this link (it works once): %(link)s\n"
            ) % {"name": user.username, "organisation": organisation_name, "login": user.username, "link": set_password_link(user)}
            messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@dataclass
class Listed:
    """The accepted list's people by e-mail, and the existing users among them."""

    organisation: object
    by_email: dict  # e-mail → (full name, phone, position)
    existing: dict = field(default_factory=dict)  # e-mail → User (with profile)

    @property
    def emails(self) -> list[str]:
        return list(self.by_email)


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _listed(staff_list) -> Listed:
    entries = StaffListEntry.objects.filter(staff_list=staff_list).values_list("email", "full_name", "phone", "position")
    listed = Listed(staff_list.organisation, {email: (name, phone, position) for email, name, phone, position in entries})
    User = get_user_model()
    for chunk in _chunks(listed.emails):
        for user in User.objects.filter(username__in=chunk).select_related("profile"):
            listed.existing[user.username] = user
    return listed


def _refuse_other_organisations_accounts(listed: Listed) -> None:
    """Seed 001 p. 5: a person is listed by the state body they work for."""
    foreign = sorted(
        user.username for user in listed.existing.values()
        if getattr(user, "profile", None) is not None and user.profile.organisation_id != listed.organisation.pk
    )
    if foreign:
        raise ValidationError(
            _("These e-mails belong to accounts of another organisation: %(emails)s.") % {"emails": ", ".join(foreign[:20])}
        )


def _create_users(listed: Listed) -> dict[str, int]:
    """New users without a usable password until they set one through the e-mailed link;
    returns {username: id}."""
    User = get_user_model()
    now = timezone.now()
    new_users = []
    for email in listed.emails:
        if email in listed.existing:
            continue
        last_name, first_name = _split_name(listed.by_email[email][0])
        new_users.append(
            User(username=email, email=email, first_name=first_name, last_name=last_name,
                 is_active=True, is_staff=True, password=make_password(None), date_joined=now)
        )
    User.objects.bulk_create(new_users, batch_size=1000)
    ids = {}
    for chunk in _chunks([user.username for user in new_users]):
        ids.update(User.objects.filter(username__in=chunk).values_list("username", "pk"))
    return ids


def _update_users(listed: Listed) -> int:
    """Existing users: name and activity brought up to date."""
    changed = []
    for email, user in listed.existing.items():
        last_name, first_name = _split_name(listed.by_email[email][0])
        user.first_name, user.last_name, user.email, user.is_active = first_name, last_name, email, True
        changed.append(user)
    get_user_model().objects.bulk_update(changed, ["first_name", "last_name", "email", "is_active"], batch_size=1000)
    return len(changed)


def _reporter_profile(listed: Listed, email: str, user_id: int) -> UserProfile:
    _name, phone, position = listed.by_email[email]
    return UserProfile(user_id=user_id, organisation=listed.organisation, role=Role.STATE_BODY_REPORTER,
                       phone=phone, position=position[:200])


def _sync_profiles(listed: Listed, new_ids: dict, by, reason: str) -> None:
    """New profiles get the data-entry role; existing ones get phone and position (a manager
    keeps the role). Recorded in simple-history with the reason."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    new_profiles = [_reporter_profile(listed, email, user_id) for email, user_id in new_ids.items()]
    new_profiles += [
        _reporter_profile(listed, email, user.pk)
        for email, user in listed.existing.items() if getattr(user, "profile", None) is None
    ]
    if new_profiles:
        bulk_create_with_history(new_profiles, UserProfile, batch_size=1000, default_user=by, default_change_reason=reason)
    updated = []
    for email, user in listed.existing.items():
        profile = getattr(user, "profile", None)
        if profile is not None:
            _name, profile.phone, position = listed.by_email[email]
            profile.position = position[:200]
            updated.append(profile)
    if updated:
        bulk_update_with_history(updated, UserProfile, ["phone", "position"], batch_size=1000,
                                 default_user=by, default_change_reason=reason)


def _grant_reporter_group(listed: Listed) -> None:
    User = get_user_model()
    group = Group.objects.get_or_create(name=Role.STATE_BODY_REPORTER)[0]
    reporter_ids = [
        uid
        for chunk in _chunks(listed.emails)
        for uid in UserProfile.objects.filter(
            organisation=listed.organisation, role=Role.STATE_BODY_REPORTER, user__username__in=chunk
        ).values_list("user_id", flat=True)
    ]
    Through = User.groups.through
    Through.objects.bulk_create([Through(user_id=uid, group_id=group.pk) for uid in reporter_ids], ignore_conflicts=True, batch_size=1000)


def _deactivate_dropped(listed: Listed, staff_list, by) -> int:
    """Reporters of the organisation not on the list are deactivated, never deleted."""
    emails = set(listed.emails)
    dropped = [
        profile for profile in UserProfile.objects.filter(
            organisation=listed.organisation, role=Role.STATE_BODY_REPORTER, user__is_active=True
        ).select_related("user")
        if profile.user.username not in emails
    ]
    if dropped:
        get_user_model().objects.filter(pk__in=[p.user_id for p in dropped]).update(is_active=False)
        reason = _("Deactivated: dropped from staff list #%(pk)s (%(half)s)") % {"pk": staff_list.pk, "half": staff_list.half_year}
        UserProfile.history.bulk_history_create(dropped, update=True, default_user=by, default_change_reason=reason)
    return len(dropped)


def grant_accounts(staff_list, by=None) -> dict:
    """The accounts an accepted list grants: create / update / deactivate (bulk), then e-mail
    the new people a set-password link once the transaction commits. Runs inside the accept
    service's transaction: any refusal rolls all back. Returns the counts."""
    listed = _listed(staff_list)
    _refuse_other_organisations_accounts(listed)
    reason = _("Staff list #%(pk)s (%(half)s) accepted") % {"pk": staff_list.pk, "half": staff_list.half_year}
    new_ids = _create_users(listed)
    updated = _update_users(listed)
    _sync_profiles(listed, new_ids, by, reason)
    _grant_reporter_group(listed)
    deactivated = _deactivate_dropped(listed, staff_list, by)
    created_ids = set(new_ids.values())
    organisation_name = listed.organisation.name_kk
    if created_ids:
        transaction.on_commit(lambda: send_set_password_emails(created_ids, organisation_name))
    return {"created": len(new_ids), "updated": updated, "deactivated": deactivated}


def accounts_note(summary: dict) -> str:
    return _("Accounts: %(created)s created, %(updated)s updated, %(deactivated)s deactivated.") % summary
