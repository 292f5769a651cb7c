"""Accounts granted by an accepted staff list (seed 001 p. 5: the listed staff enter unlawful
resources into the information system; DESIGN B: an accepted list grants system accounts and
people dropped from a refreshed list lose access).

One plan (``account_plan``) says which accounts the list changes; the officer sees it before
accepting (the accept page) and acceptance carries out exactly that plan (``grant_accounts``;
the accept service refuses when the accounts changed since the officer looked). A person is
matched to an account by the work e-mail on the list (case-insensitive), never by the login.
Deactivations are written to the account log the sweeps keep (``sweeps.AccountDeactivation``),
from which they are reversed, and each person is told why by e-mail.

Bulk operations throughout; profile changes are recorded in simple-history with a reason,
user changes are summarised in the transition log comment. Never deletes a user.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from config.public_url import public_url
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
    return public_url(path)


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
class PersonChange:
    """One person of the diff against the accepted list, and the accounts the acceptance changes."""

    email: str
    full_name: str
    kind: str  # "new" / "changed" / "unchanged" / "dropped"
    accounts: list = field(default_factory=list)  # [(username, action label)]


@dataclass
class AccountPlan:
    """What accepting ``staff_list`` does to accounts (computed once, shown, then carried out)."""

    staff_list: object
    people: dict  # e-mail (lower case) → (full name, phone, position)
    existing: dict = field(default_factory=dict)  # e-mail → [User] matched by work e-mail
    create: list = field(default_factory=list)  # e-mails that get a new account
    reactivate: list = field(default_factory=list)  # listed accounts now inactive
    deactivate: list = field(default_factory=list)  # the organisation's reporters not on the list
    conflicts: list = field(default_factory=list)  # e-mails of another organisation's accounts
    taken: list = field(default_factory=list)  # e-mails whose login another account already uses
    previous: dict = field(default_factory=dict)  # the accepted list: e-mail → (full name, phone, position)

    @property
    def organisation(self):
        return self.staff_list.organisation

    def digest(self) -> str:
        """The fingerprint of the account changes (the accept page carries it)."""
        parts = sorted(f"c:{email}" for email in self.create)
        parts += sorted(f"r:{user.pk}" for user in self.reactivate)
        parts += sorted(f"d:{user.pk}" for user in self.deactivate)
        parts += sorted(f"u:{user.pk}" for users in self.existing.values() for user in users)
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]

    def changes(self) -> list[PersonChange]:
        """New / changed / dropped people against the accepted list, each with its accounts."""
        reactivated = {user.pk for user in self.reactivate}
        rows = []
        for email, (name, phone, position) in self.people.items():
            old = self.previous.get(email)
            kind = "new" if old is None else ("unchanged" if old == (name, phone, position) else "changed")
            accounts = [(email, _("account created"))] if email in self.create else [
                (user.username, _("reactivated") if user.pk in reactivated else _("kept, details updated"))
                for user in self.existing.get(email, [])
            ]
            touched = email in self.create or any(user.pk in reactivated for user in self.existing.get(email, []))
            if kind != "unchanged" or touched:
                rows.append(PersonChange(email, name, kind, accounts))
        deactivated, names = {}, {}
        for user in self.deactivate:
            email = (user.email or "").lower()
            deactivated.setdefault(email, []).append((user.username, _("deactivated")))
            names.setdefault(email, user.get_full_name())
        for email, (name, _phone, _position) in self.previous.items():
            if email not in self.people:
                rows.append(PersonChange(email, name, "dropped", deactivated.pop(email, [])))
        for email, accounts in deactivated.items():  # reporters on no list at all
            rows.append(PersonChange(email, names.get(email, ""), "dropped", accounts))
        order = {"new": 0, "changed": 1, "unchanged": 2, "dropped": 3}
        return sorted(rows, key=lambda row: (order[row.kind], row.email))


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _entries(staff_list) -> dict:
    return {
        email.lower(): (name, phone, position)
        for email, name, phone, position in StaffListEntry.objects.filter(staff_list=staff_list)
        .values_list("email", "full_name", "phone", "position").iterator(chunk_size=5000)
    }


def account_plan(staff_list) -> AccountPlan:
    """The account changes accepting ``staff_list`` makes (seed 001 p. 5), set-based."""
    User = get_user_model()
    organisation = staff_list.organisation
    plan = AccountPlan(staff_list, _entries(staff_list))
    previous = (
        StaffListEntry.objects.filter(staff_list__organisation=organisation, staff_list__state=StaffListState.ACCEPTED)
        .exclude(staff_list=staff_list).values_list("email", "full_name", "phone", "position")
    )
    plan.previous = {email.lower(): (name, phone, position) for email, name, phone, position in previous.iterator(chunk_size=5000)}
    # the list covers the state body "ведомстволық бағынысты ұйымдарды қоса алғанда" (p. 5)
    own = {organisation.pk, *organisation.subordinates.values_list("pk", flat=True)}
    emails = list(plan.people)
    for chunk in _chunks(emails):
        for user in User.objects.annotate(work_email=Lower("email")).filter(work_email__in=chunk).select_related("profile"):
            plan.existing.setdefault(user.work_email, []).append(user)
    for email, users in plan.existing.items():
        for user in users:
            profile = getattr(user, "profile", None)
            if profile is not None and profile.organisation_id not in own:
                plan.conflicts.append(email)
            elif not user.is_active:
                plan.reactivate.append(user)
    plan.create = [email for email in emails if email not in plan.existing]
    for chunk in _chunks(plan.create):
        plan.taken += list(User.objects.filter(username__in=chunk).values_list("username", flat=True))
    listed = set(emails)
    plan.deactivate = [
        profile.user for profile in UserProfile.objects.filter(
            organisation=organisation, role=Role.STATE_BODY_REPORTER, user__is_active=True
        ).select_related("user")
        if (profile.user.email or "").strip().lower() not in listed
    ]
    return plan


def _refuse(plan: AccountPlan) -> None:
    """Seed 001 p. 5: a person is listed by the state body they work for (or its parent body)."""
    if plan.conflicts:
        raise ValidationError(
            _("These e-mails belong to accounts of another organisation: %(emails)s.")
            % {"emails": ", ".join(sorted(set(plan.conflicts))[:20])}, code="other_organisation",
        )
    if plan.taken:
        raise ValidationError(
            _("These e-mails are already the login of another account with another work e-mail: %(emails)s.")
            % {"emails": ", ".join(sorted(plan.taken)[:20])}, code="login_taken",
        )


def _create_users(plan: AccountPlan) -> dict[str, int]:
    """New users without a usable password until they set one through the e-mailed link;
    returns {e-mail: id}."""
    User = get_user_model()
    now = timezone.now()
    new_users = []
    for email in plan.create:
        last_name, first_name = _split_name(plan.people[email][0])
        new_users.append(
            User(username=email, email=email, first_name=first_name, last_name=last_name,
                 is_active=True, is_staff=True, password=make_password(None), date_joined=now)
        )
    User.objects.bulk_create(new_users, batch_size=1000)
    ids = {}
    for chunk in _chunks([user.username for user in new_users]):
        ids.update(User.objects.filter(username__in=chunk).values_list("username", "pk"))
    return ids


def _update_users(plan: AccountPlan) -> int:
    """Existing listed users: name brought up to date, active (the login is kept)."""
    changed = []
    for email, users in plan.existing.items():
        last_name, first_name = _split_name(plan.people[email][0])
        for user in users:
            user.first_name, user.last_name, user.is_active = first_name, last_name, True
            changed.append(user)
    get_user_model().objects.bulk_update(changed, ["first_name", "last_name", "is_active"], batch_size=1000)
    return len(changed)


def _reporter_profile(plan: AccountPlan, email: str, user_id: int) -> UserProfile:
    _name, phone, position = plan.people[email]
    return UserProfile(user_id=user_id, organisation=plan.organisation, role=Role.STATE_BODY_REPORTER,
                       phone=phone, position=position[:200])


def _sync_profiles(plan: AccountPlan, new_ids: dict, by, reason: str) -> list[int]:
    """New profiles get the data-entry role; existing ones get phone and position (a manager
    keeps the role). Recorded in simple-history with the reason. Returns the reporters' ids."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    new_profiles = [_reporter_profile(plan, email, user_id) for email, user_id in new_ids.items()]
    updated = []
    for email, users in plan.existing.items():
        for user in users:
            profile = getattr(user, "profile", None)
            if profile is None:
                new_profiles.append(_reporter_profile(plan, email, user.pk))
            else:
                _name, profile.phone, position = plan.people[email]
                profile.position = position[:200]
                updated.append(profile)
    if new_profiles:
        bulk_create_with_history(new_profiles, UserProfile, batch_size=1000, default_user=by, default_change_reason=reason)
    if updated:
        bulk_update_with_history(updated, UserProfile, ["phone", "position"], batch_size=1000,
                                 default_user=by, default_change_reason=reason)
    return [p.user_id for p in new_profiles] + [p.user_id for p in updated if p.role == Role.STATE_BODY_REPORTER]


def _grant_reporter_group(user_ids) -> None:
    User = get_user_model()
    group = Group.objects.get_or_create(name=Role.STATE_BODY_REPORTER)[0]
    Through = User.groups.through
    Through.objects.bulk_create([Through(user_id=uid, group_id=group.pk) for uid in user_ids], ignore_conflicts=True, batch_size=1000)


def deactivation_reason(staff_list) -> str:
    from ..rules import CITATION_LIST

    return _("Dropped from staff list #%(pk)s of %(organisation)s for %(half)s, accepted (%(citation)s)") % {
        "pk": staff_list.pk, "organisation": staff_list.organisation.name_kk, "half": staff_list.half_year,
        "citation": CITATION_LIST,
    }


def _deactivate(plan: AccountPlan, by) -> int:
    """The organisation's reporters not on the list are deactivated (never deleted), each in the
    account log (``sweeps.AccountDeactivation``, where it is reversed) and told why."""
    from registries.sweeps.models import AccountDeactivation

    if not plan.deactivate:
        return 0
    now = timezone.now()
    reason = deactivation_reason(plan.staff_list)
    ids = [user.pk for user in plan.deactivate]
    get_user_model().objects.filter(pk__in=ids).update(is_active=False)
    AccountDeactivation.objects.bulk_create([
        AccountDeactivation(user_id=pk, action=AccountDeactivation.Action.DEACTIVATED, staff_list=plan.staff_list,
                            reason=reason, by=by if getattr(by, "pk", None) else None, at=now)
        for pk in ids
    ], batch_size=1000)
    profiles = list(UserProfile.objects.filter(user_id__in=ids))
    # simple-history keeps at most 100 characters of a change reason; the account log keeps it whole
    UserProfile.history.bulk_history_create(profiles, update=True, default_user=by, default_change_reason=reason[:100])
    transaction.on_commit(lambda: send_deactivation_emails(ids, reason))
    return len(ids)


def send_deactivation_emails(user_ids, reason: str) -> int:
    """Tell each person whose account was deactivated why, and whom to ask (the existing mail)."""
    User = get_user_model()
    messages = []
    with override(settings.LANGUAGE_CODE):
        subject = _("Your access to the compliance information system was suspended")
        for user in User.objects.filter(pk__in=list(user_ids)).exclude(email="").only("pk", "username", "email"):
            body = _(
                "Hello, %(name)s.\n\n"
                "Your account %(login)s was deactivated: %(reason)s.\n"
                "If you still enter unlawful internet resources into the information system, ask your "
                "organisation to include you in its staff list; the authorised body can restore the account.\n"
            ) % {"name": user.username, "login": user.username, "reason": reason}
            messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def grant_accounts(staff_list, by=None, plan: AccountPlan | None = None) -> dict:
    """Carry out the plan (``account_plan``): create / update / reactivate / deactivate, bulk,
    then e-mail new people a set-password link and deactivated people why, once the transaction
    commits. Runs inside the accept service's transaction: any refusal rolls all back."""
    plan = plan or account_plan(staff_list)
    _refuse(plan)
    reason = _("Staff list #%(pk)s (%(half)s) accepted") % {"pk": staff_list.pk, "half": staff_list.half_year}
    new_ids = _create_users(plan)
    updated = _update_users(plan)
    _grant_reporter_group(_sync_profiles(plan, new_ids, by, reason))
    deactivated = _deactivate(plan, by)
    created_ids = set(new_ids.values())
    organisation_name = plan.organisation.name_kk
    if created_ids:
        transaction.on_commit(lambda: send_set_password_emails(created_ids, organisation_name))
    return {"created": len(new_ids), "updated": updated, "deactivated": deactivated}


def accounts_note(summary: dict) -> str:
    return _("Accounts: %(created)s created, %(updated)s updated, %(deactivated)s deactivated.") % summary
