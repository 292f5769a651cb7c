"""Demo sweeps (idempotent): dormant accounts of state bodies, the 2025-H2 sweep applied and
closed (one account excluded with a reason), the 2026-H1 sweep under review."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases.services import run_transition
from registries.models import UserProfile
from registries.roles import Role

from .models import AccountSweep, SweepState
from .services import apply_sweep, form_sweep, set_exclusion

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


@transaction.atomic
def load(world):
    officer, supervisor = world["users"]["officer"], world["users"]["supervisor"]
    users = ensure_dormant(world)
    if not AccountSweep.objects.filter(half_year="2025-H2").exists():
        sweep, _ = form_sweep("2025-H2", by=officer)
        run_transition(sweep, "start_review", officer, comment="Жарты жылдық тексеру басталды")
        kept = sweep.entries.filter(user=users["zh.tokenova"]).first()
        if kept:
            set_exclusion(kept, officer, True, "Бала күтіміне байланысты демалыста, 2026 ж. қыркүйекте оралады (бұйрық № 112-ж)")
        apply_sweep(sweep, supervisor, comment="Тізім бойынша бұғатталсын")
        run_transition(sweep, "close", supervisor)
    if not AccountSweep.objects.filter(half_year="2026-H1").exists():
        sweep, _ = form_sweep("2026-H1", by=officer)
        run_transition(sweep, "start_review", officer)
    return {"sweeps": list(AccountSweep.objects.exclude(state=SweepState.FORMED).values_list("half_year", flat=True))}
