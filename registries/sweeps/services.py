"""Forming sweeps, one service per sweep step, reviewing entries, reactivating accounts
(seed 001 p. 6).

Forming is set-based: one ``INSERT … SELECT`` over ``auth_user ⟕ registries_userprofile``
writes every entry in a single statement (no per-user query); applying deactivates the
remaining accounts with three set-based statements. Each step runs through its one service
(``account_sweep_<step>``, registered with ``cases.steps.step_service``) in one transaction:
the admin, the API, the command, the demo and the tests call these.
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, BooleanField, Case, CharField, DateTimeField, F, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.services import TransitionRefused, legal_step, run_transition
from cases.steps import step_service
from registries.roles import AUTHORISED_OFFICIALS, Role
from registries.validators import required_text

from .halfyear import HalfYear, parse_half_year
from .models import (
    CITATION_KK,
    DEFAULT_MIN_ACCOUNT_AGE_DAYS,
    AccountDeactivation,
    AccountSweep,
    AccountSweepEntry,
    ListingReason,
    SweepState,
)
from .permissions import is_authorised_body_user

RULE_TEXT_KK = (
    "Белсенділік белгілері жоқ есептік жазба (" + CITATION_KK + "): {start} бастап жүйеге кірмеген "
    "және ешбір әрекет жасамаған (іс құру не өзгерту, қадам, API шақыруы) белсенді пайдаланушы. "
    "Тізімге енбейді: қызметтік / интеграциялық есептік жазбалар, суперпайдаланушылар (жүйе "
    "әкімшілері), бұрыннан өшірілген есептік жазбалар және {cutoff} дейін {days} күннен аз бұрын "
    "құрылған есептік жазбалар."
)


def rule_text(start, cutoff, days) -> str:
    """The stored, human-readable rule; Kazakh, the language of the act and of the list."""
    return RULE_TEXT_KK.format(
        start=timezone.localtime(start).strftime("%d.%m.%Y %H:%M"),
        cutoff=timezone.localtime(cutoff).strftime("%d.%m.%Y %H:%M"),
        days=days,
    )


def inactive_accounts(period_start, cutoff, min_account_age_days=DEFAULT_MIN_ACCOUNT_AGE_DAYS):
    """One query: active, non-superuser, non-service accounts created at least
    ``min_account_age_days`` before the cut-off, with no login and no action since ``period_start``.

    "During the half-year" is read as "since the half-year began": a user who logged in after
    the half-year ended uses the system and is not listed. Accounts without a profile (no
    organisation) are listed too: nobody answers for them.
    """
    User = get_user_model()
    return User.objects.filter(
        Q(is_active=True),
        Q(is_superuser=False),
        Q(date_joined__lt=cutoff - timedelta(days=min_account_age_days)),
        Q(last_login__isnull=True) | Q(last_login__lt=period_start),
        Q(profile__isnull=True) | Q(profile__is_service_account=False),
        Q(profile__last_action_at__isnull=True) | Q(profile__last_action_at__lt=period_start),
    )


def _insert_select(model, columns: dict, queryset) -> int:
    """``INSERT INTO model (columns) SELECT … FROM (queryset)``: one statement, set-based.
    ``columns`` maps target column names to expressions annotated on ``queryset``."""
    aliases = {column: f"x_{column}" for column in columns}
    selected = queryset.annotate(**{aliases[c]: expr for c, expr in columns.items()}).values_list(*aliases.values())
    sql, params = selected.query.sql_with_params()
    qn = connection.ops.quote_name
    target = ", ".join(qn(c) for c in columns)
    source = ", ".join(f"s.{qn(aliases[c])}" for c in columns)
    # Identifiers are quoted model metadata; every value travels as a parameter.
    statement = f"INSERT INTO {qn(model._meta.db_table)} ({target}) SELECT {source} FROM ({sql}) s"  # noqa: S608  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def form_sweep(half_year, by=None, now=None, min_account_age_days=DEFAULT_MIN_ACCOUNT_AGE_DAYS):
    """Form the sweep of ``half_year`` (e.g. "2026-H1"), or return the existing one.

    Returns ``(sweep, created)``. Malformed, unknown and future half-years raise
    ``ValidationError`` (field ``half_year``) and change nothing.
    """
    if by is not None and not is_authorised_body_user(by, *AUTHORISED_OFFICIALS):
        raise PermissionDenied(_("Only the authorised body's officials form inactive-account sweeps."))
    now = now or timezone.now()
    try:
        half: HalfYear = parse_half_year(half_year, today=timezone.localdate(now))
    except ValidationError as exc:
        raise ValidationError({"half_year": exc.error_list}) from exc
    existing = AccountSweep.objects.filter(half_year=half.code).first()
    if existing is not None:
        return existing, False
    AccountSweep.ensure_legal_act_applicable(on=timezone.localdate(now))
    cutoff = min(half.end, now)
    try:
        with transaction.atomic():
            sweep = AccountSweep.objects.create(
                half_year=half.code,
                period_start=half.start,
                period_end=cutoff,
                min_account_age_days=min_account_age_days,
                rule_text=rule_text(half.start, cutoff, min_account_age_days),
                formed_by=by,
            )
            count = _insert_select(
                AccountSweepEntry,
                {
                    "sweep_id": Value(sweep.pk, output_field=BigIntegerField()),
                    "user_id": F("pk"),
                    "organisation_id": F("profile__organisation_id"),
                    "last_login": F("last_login"),
                    "last_action_at": F("profile__last_action_at"),
                    "date_joined": F("date_joined"),
                    "reason": Case(
                        When(Q(last_login__isnull=True) & Q(profile__last_action_at__isnull=True),
                             then=Value(ListingReason.NEVER_LOGGED_IN.value)),
                        default=Value(ListingReason.NO_ACTIVITY.value),
                        output_field=CharField(),
                    ),
                    "excluded": Value(False, output_field=BooleanField()),
                    "exclusion_reason": Value("", output_field=CharField()),
                },
                inactive_accounts(half.start, cutoff, min_account_age_days),
            )
            AccountSweep.objects.filter(pk=sweep.pk).update(entries_count=count)
            sweep.entries_count = count
    except IntegrityError:
        # Formed at the same moment by someone else: one sweep per half-year.
        return AccountSweep.objects.get(half_year=half.code), False
    return sweep, True


def require_under_review(sweep) -> None:
    """Applying is refused, with a clear message, unless the sweep is under review."""
    if sweep.state != SweepState.UNDER_REVIEW:
        raise ValidationError(
            _("The sweep %(half)s cannot be applied: it is “%(state)s”; only a sweep under review can be applied.")
            % {"half": sweep.half_year, "state": sweep.get_state_display()},
            code="sweep_not_under_review",
        )


def deactivate_entries(sweep, by=None, comment="", at=None) -> int:
    """Deactivate (never delete) the accounts of the remaining entries, set-based, at ``at``;
    called by ``account_sweep_apply`` inside its transaction. Accounts that became active again
    since forming (logged in or acted after the period began) or were deactivated meanwhile are left."""
    now = at or timezone.now()
    start = sweep.period_start
    remaining = sweep.entries.filter(
        Q(excluded=False),
        Q(deactivated_at__isnull=True),
        Q(user__is_active=True),
        Q(user__last_login__isnull=True) | Q(user__last_login__lt=start),
        Q(user__profile__isnull=True) | Q(user__profile__last_action_at__isnull=True)
        | Q(user__profile__last_action_at__lt=start),
    )
    count = AccountSweepEntry.objects.filter(pk__in=remaining.values("pk")).update(deactivated_at=now)
    marked = sweep.entries.filter(deactivated_at=now)
    reason = _("Inactive-account sweep %(half)s (%(citation)s)") % {"half": sweep.half_year, "citation": CITATION_KK}
    if comment:
        reason = f"{reason}: {comment}"
    _insert_select(
        AccountDeactivation,
        {
            "user_id": F("user_id"),
            "action": Value(AccountDeactivation.Action.DEACTIVATED.value, output_field=CharField()),
            "sweep_id": F("sweep_id"),
            "reason": Value(reason, output_field=CharField()),
            "by_id": Cast(Value(getattr(by, "pk", None)), BigIntegerField()),
            "at": Value(now, output_field=DateTimeField()),
        },
        marked,
    )
    get_user_model().objects.filter(pk__in=marked.values("user_id")).update(is_active=False)
    return count


# --- one service per step -----------------------------------------------------------------


@step_service(AccountSweep.start_review)
def account_sweep_start_review(*, case, actor, comment=""):
    """The formed list goes to review: reviewers may exclude entries, each with a reason."""
    with legal_step(case):
        run_transition(case, "start_review", actor, comment=comment)
    return case


@step_service(AccountSweep.apply)
def account_sweep_apply(*, case, actor, comment=""):
    """The supervisor applies the reviewed list: its remaining accounts are deactivated (never
    deleted), each with a record naming the sweep and the clause."""
    with legal_step(case):
        require_under_review(case)
        now = timezone.now()
        run_transition(case, "apply", actor, comment=comment, applied_at=now)
        case.deactivated_count = deactivate_entries(case, by=actor, comment=comment, at=now)
        case.save(update_fields=["deactivated_count"])
    return case


@step_service(AccountSweep.close)
def account_sweep_close(*, case, actor, comment=""):
    """The applied sweep is closed; its list stays as the record."""
    with legal_step(case):
        run_transition(case, "close", actor, comment=comment)
    return case


def apply_sweep(sweep, by, comment=""):
    """The apply step under its former name (the benchmark and older callers): a sweep not under
    review is refused with the ValidationError that says so."""
    try:
        return account_sweep_apply(case=sweep, actor=by, comment=comment)
    except TransitionRefused as refusal:
        if isinstance(refusal.error, ValidationError) and refusal.error.code == "sweep_not_under_review":
            raise refusal.error from refusal
        raise


def set_exclusion(entry, by, excluded: bool, reason: str = "") -> AccountSweepEntry:
    """A reviewer excludes an entry (with a reason) or puts it back, while the sweep is formed
    or under review."""
    if not is_authorised_body_user(by, *AUTHORISED_OFFICIALS):
        raise PermissionDenied(_("Only the authorised body's officials review sweeps."))
    if not entry.sweep.is_reviewable:
        raise ValidationError(
            _("The sweep %(half)s is “%(state)s”; its entries can no longer change.")
            % {"half": entry.sweep.half_year, "state": entry.sweep.get_state_display()},
            code="sweep_not_reviewable",
        )
    reason = (reason or "").strip()
    if excluded:
        reason = required_text(reason, "exclusion_reason", _("Give the reason why this account is excluded from the sweep."))
    entry.excluded = excluded
    entry.exclusion_reason = reason if excluded else ""
    entry.excluded_by = by if excluded else None
    entry.excluded_at = timezone.now() if excluded else None
    entry._change_reason = reason or _("Included again")
    entry.save(update_fields=["excluded", "exclusion_reason", "excluded_by", "excluded_at"])
    return entry


def reactivate_account(user, by, reason: str) -> AccountDeactivation:
    """Reactivate a deactivated account (by a sweep or by an accepted staff list), with a reason;
    only the authorised body's supervisor. The person is told, with the reason, once committed."""
    if not is_authorised_body_user(by, Role.AUTHORISED_SUPERVISOR):
        raise PermissionDenied(_("Only the authorised body's supervisor reactivates accounts."))
    reason = required_text(reason, "reason", _("Give the reason for reactivating the account."))
    User = get_user_model()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active:
            raise ValidationError({"user": _("The account %(user)s is active; there is nothing to reactivate.") % {"user": locked}})
        last = AccountDeactivation.objects.filter(user=locked, action=AccountDeactivation.Action.DEACTIVATED).first()
        User.objects.filter(pk=locked.pk).update(is_active=True)
        record = AccountDeactivation.objects.create(
            user=locked,
            action=AccountDeactivation.Action.REACTIVATED,
            sweep=last.sweep if last else None,
            staff_list=last.staff_list if last else None,
            reason=reason,
            by=by,
            at=timezone.now(),
        )
        transaction.on_commit(partial(send_reactivation_email, locked.pk, reason))
    user.is_active = True
    return record


def send_reactivation_email(user_id: int, reason: str) -> int:
    """Tell the person their account is active again, and why."""
    user = get_user_model().objects.filter(pk=user_id).exclude(email="").first()
    if user is None:
        return 0
    with override(settings.LANGUAGE_CODE):
        subject = _("Your access to the compliance information system was restored")
        body = _("Hello, %(name)s.\n\nYour account %(login)s is active again: %(reason)s\n") % {
            "name": user.username, "login": user.username, "reason": reason,
        }
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
