"""Accounts granted by an accepted staff list (seed 001 p. 5: the listed staff enter unlawful
resources into the information system; DESIGN B: an accepted list grants system accounts and
people dropped from a refreshed list lose access).

Bulk operations throughout; profile changes are recorded in simple-history with a reason,
user changes are summarised in the transition log comment. Never deletes a user.
"""

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

from ..models import StaffListEntry, StaffListState

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


def accept_list(staff_list, by=None) -> dict:
    """Supersede the previous accepted list, then create / update / deactivate accounts.

    Runs inside the transition's transaction (``run_transition``): any refusal rolls all back.
    """
    from ..models import StaffList

    organisation = staff_list.organisation
    reason = _("Staff list #%(pk)s (%(half)s) accepted") % {"pk": staff_list.pk, "half": staff_list.half_year}
    for previous in StaffList.objects.filter(organisation=organisation, state=StaffListState.ACCEPTED).exclude(pk=staff_list.pk):
        previous.supersede(by=by, comment=reason)
        previous.save()

    User = get_user_model()
    entries = list(
        StaffListEntry.objects.filter(staff_list=staff_list).values_list("email", "full_name", "phone", "position")
    )
    by_email = {email: (full_name, phone, position) for email, full_name, phone, position in entries}
    emails = list(by_email)

    existing: dict[str, object] = {}
    for start in range(0, len(emails), CHUNK):
        for user in User.objects.filter(username__in=emails[start:start + CHUNK]).select_related("profile"):
            existing[user.username] = user

    foreign = []
    for user in existing.values():
        profile = getattr(user, "profile", None)
        if profile is not None and profile.organisation_id != organisation.pk:
            foreign.append(user.username)
    if foreign:
        raise ValidationError(
            _("These e-mails belong to accounts of another organisation: %(emails)s.") % {"emails": ", ".join(sorted(foreign)[:20])}
        )

    now = timezone.now()
    # 1) New users: no usable password until they set one through the e-mailed link.
    new_users = []
    for email in emails:
        if email in existing:
            continue
        last_name, first_name = _split_name(by_email[email][0])
        new_users.append(
            User(username=email, email=email, first_name=first_name, last_name=last_name,
                 is_active=True, is_staff=True, password=make_password(None), date_joined=now)
        )
    User.objects.bulk_create(new_users, batch_size=1000)
    id_by_username = {}
    new_names = [u.username for u in new_users]
    for start in range(0, len(new_names), CHUNK):
        id_by_username.update(User.objects.filter(username__in=new_names[start:start + CHUNK]).values_list("username", "pk"))
    created_ids = set(id_by_username.values())

    # 2) Existing users: bring name and activity up to date.
    changed_users = []
    for email, user in existing.items():
        last_name, first_name = _split_name(by_email[email][0])
        user.first_name, user.last_name, user.email, user.is_active = first_name, last_name, email, True
        changed_users.append(user)
    User.objects.bulk_update(changed_users, ["first_name", "last_name", "email", "is_active"], batch_size=1000)

    # 3) Profiles: new ones with the data-entry role, existing ones updated (a manager keeps the role).
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    new_profiles = []
    for email, user_id in id_by_username.items():
        _name, phone, position = by_email[email]
        new_profiles.append(UserProfile(user_id=user_id, organisation=organisation, role=Role.STATE_BODY_REPORTER,
                                        phone=phone, position=position[:200]))
    for email, user in existing.items():
        if getattr(user, "profile", None) is None:
            _name, phone, position = by_email[email]
            new_profiles.append(UserProfile(user_id=user.pk, organisation=organisation, role=Role.STATE_BODY_REPORTER,
                                            phone=phone, position=position[:200]))
    if new_profiles:
        bulk_create_with_history(new_profiles, UserProfile, batch_size=1000, default_user=by, default_change_reason=reason)
    updated_profiles = []
    for email, user in existing.items():
        profile = getattr(user, "profile", None)
        if profile is None:
            continue
        _name, phone, position = by_email[email]
        profile.phone, profile.position = phone, position[:200]
        updated_profiles.append(profile)
    if updated_profiles:
        bulk_update_with_history(updated_profiles, UserProfile, ["phone", "position"], batch_size=1000,
                                 default_user=by, default_change_reason=reason)

    # 4) Groups: the data-entry role's group for every listed reporter.
    group = Group.objects.get_or_create(name=Role.STATE_BODY_REPORTER)[0]
    reporter_ids = [
        uid
        for start in range(0, len(emails), CHUNK)
        for uid in UserProfile.objects.filter(
            organisation=organisation, role=Role.STATE_BODY_REPORTER, user__username__in=emails[start:start + CHUNK]
        ).values_list("user_id", flat=True)
    ]
    Through = User.groups.through
    Through.objects.bulk_create([Through(user_id=uid, group_id=group.pk) for uid in reporter_ids], ignore_conflicts=True, batch_size=1000)

    # 5) Dropped: reporters of this organisation not on the list are deactivated, never deleted.
    listed = set(emails)
    dropped_profiles = [
        profile for profile in UserProfile.objects.filter(
            organisation=organisation, role=Role.STATE_BODY_REPORTER, user__is_active=True
        ).select_related("user")
        if profile.user.username not in listed
    ]
    if dropped_profiles:
        User.objects.filter(pk__in=[p.user_id for p in dropped_profiles]).update(is_active=False)
        drop_reason = _("Deactivated: dropped from staff list #%(pk)s (%(half)s)") % {"pk": staff_list.pk, "half": staff_list.half_year}
        UserProfile.history.bulk_history_create(
            dropped_profiles, update=True, default_user=by, default_change_reason=drop_reason
        )

    summary = {"created": len(new_users), "updated": len(changed_users), "deactivated": len(dropped_profiles)}
    staff_list.accounts_note = _(
        "Accounts: %(created)s created, %(updated)s updated, %(deactivated)s deactivated."
    ) % summary
    organisation_name = organisation.name_kk
    if created_ids:
        transaction.on_commit(lambda: send_set_password_emails(created_ids, organisation_name))
    return summary
