"""Demo sweeps (idempotent), one in every state, each step taken through its service (seed 001
p. 6): dormant accounts of state bodies; the 2024-H2 sweep applied, the 2025-H1 sweep formed and
not yet reviewed, the 2025-H2 sweep applied and closed (one account excluded with a reason), the
2026-H1 sweep under review. All are formed first, in order, so each lists what was dormant then."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from registries.models import UserProfile
from registries.roles import Role

from .models import AccountSweep, SweepState
from .services import account_sweep_apply, account_sweep_close, account_sweep_start_review, form_sweep, set_exclusion

#: (username, organisation key, full name, last login or None)
DORMANT = (
    ("a.serikov", "prosecutor", "Серіков Әлихан Бақытұлы", datetime(2025, 2, 11, 10, 5)),
    ("g.omarova", "police", "Омарова Гүлнұр Қанатқызы", None),
    ("n.ibraev", "police_almaty", "Ибраев Нұрсұлтан Маратұлы", datetime(2025, 4, 30, 16, 40)),
    ("zh.tokenova", "prosecutor", "Төкенова Жанар Ерланқызы", datetime(2025, 6, 20, 9, 15)),
    ("b.kasenov", "police", "Кәсенов Бауыржан Серікұлы", datetime(2025, 11, 18, 11, 0)),
)


def ensure_dormant(world):
    User = get_user_model()
    users = {}
    for username, org_key, full_name, last_login in DORMANT:
        last_name, first_name = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name, "last_name": last_name, "email": f"{username}@demo.compliance.kz",
                "is_staff": True, "date_joined": timezone.make_aware(datetime(2024, 10, 1, 9)),
                "last_login": timezone.make_aware(last_login) if last_login else None,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        UserProfile.objects.get_or_create(
            user=user, defaults={"organisation": world["organisations"][org_key], "role": Role.STATE_BODY_REPORTER}
        )
        users[username] = user
    return users


#: half-year → the state the demo leaves its sweep in, with the review comment and exclusions
SWEEPS = {
    "2024-H2": (SweepState.APPLIED, "Тізім бойынша бұғатталсын", {}),
    "2025-H1": (SweepState.FORMED, "", {}),
    "2025-H2": (SweepState.CLOSED, "Тізім бойынша бұғатталсын", {
        "zh.tokenova": "Бала күтіміне байланысты демалыста, 2026 ж. қыркүйекте оралады (бұйрық № 112-ж)",
    }),
    "2026-H1": (SweepState.UNDER_REVIEW, "", {}),
}
ORDER = [SweepState.FORMED, SweepState.UNDER_REVIEW, SweepState.APPLIED, SweepState.CLOSED]


def _advance(sweep, target, comment, exclusions, users, officer, supervisor):
    """Take the sweep's steps, through their services, up to ``target``."""
    if sweep.state == SweepState.FORMED and ORDER.index(target) > 0:
        account_sweep_start_review(case=sweep, actor=officer, comment="Жарты жылдық тексеру басталды")
        for username, reason in exclusions.items():
            kept = sweep.entries.filter(user=users[username]).first()
            if kept:
                set_exclusion(kept, officer, True, reason)
    if sweep.state == SweepState.UNDER_REVIEW and ORDER.index(target) > 1:
        account_sweep_apply(case=sweep, actor=supervisor, comment=comment)
    if sweep.state == SweepState.APPLIED and target == SweepState.CLOSED:
        account_sweep_close(case=sweep, actor=supervisor)


@transaction.atomic
def load(world):
    officer, supervisor = world["users"]["officer"], world["users"]["supervisor"]
    users = ensure_dormant(world)
    new = {half: form_sweep(half, by=officer)[0] for half in SWEEPS if not AccountSweep.objects.filter(half_year=half).exists()}
    for half, sweep in new.items():
        target, comment, exclusions = SWEEPS[half]
        _advance(sweep, target, comment, exclusions, users, officer, supervisor)
    return {"sweeps": list(AccountSweep.objects.exclude(state=SweepState.FORMED).values_list("half_year", flat=True))}
