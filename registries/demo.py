"""The demo: organisations of every kind with their Kazakh names, one user per role.

Used by ``manage.py load_demo`` (idempotent) and by tests that want a realistic world.
"""

from dataclasses import dataclass
from datetime import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import Organisation, UserProfile
from .roles import OrganisationKind, Role
from .validators import national_id_check_digit

DEMO_PASSWORD = "Demo-Kazakhstan-2026"  # the local demo users only  # nosec B105


def bin_from_prefix(prefix: str) -> str:
    """The first valid BIN at or after the 11-digit ``prefix`` (demo numbers only)."""
    number = int(prefix)
    while True:
        candidate = f"{number:011d}"
        check = national_id_check_digit(candidate)
        if check is not None:
            return candidate + str(check)
        number += 1


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    kind: str
    name_kk: str
    name_ru: str
    bin_prefix: str
    email: str
    phone: str
    head_position: str
    head_name: str
    parent: str | None = None
    schedule: tuple | None = None


DEMO_ORGANISATIONS = (
    DemoOrganisation(
        "info_committee", OrganisationKind.AUTHORISED_BODY,
        "Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Ақпарат комитеті",
        "Комитет информации Министерства культуры и информации Республики Казахстан",
        "24034000001", "info@mki.gov.kz", "+77172740000", "Төраға", "Серікбаев Ерлан Асқарұлы",
    ),
    DemoOrganisation(
        "telecom_committee", OrganisationKind.AUTHORISED_BODY,
        "Телекоммуникациялар комитеті",
        "Комитет телекоммуникаций",
        "24034000101", "telecom@mdai.gov.kz", "+77172740100", "Төраға", "Қасымов Нұрлан Болатұлы",
    ),
    DemoOrganisation(
        "prosecutor", OrganisationKind.STATE_BODY,
        "Қазақстан Республикасы Бас прокуратурасы",
        "Генеральная прокуратура Республики Казахстан",
        "99034000201", "kense@prokuror.kz", "+77172712500", "Бас прокурордың орынбасары", "Әбдірахманов Дәурен Серікұлы",
    ),
    DemoOrganisation(
        "police", OrganisationKind.STATE_BODY,
        "Қазақстан Республикасы Ішкі істер министрлігі",
        "Министерство внутренних дел Республики Казахстан",
        "99034000301", "kense@mvd.gov.kz", "+77172723000", "Вице-министр", "Жұмабеков Арман Қайратұлы",
    ),
    DemoOrganisation(
        "police_almaty", OrganisationKind.STATE_BODY,
        "Алматы қаласының Полиция департаменті",
        "Департамент полиции города Алматы",
        "99034000401", "dp@almaty.mvd.gov.kz", "+77272545000", "Бастық", "Омаров Ержан Маратұлы",
        parent="police",
    ),
    DemoOrganisation(
        "sts", OrganisationKind.STS,
        "«Мемлекеттік техникалық қызмет» АҚ",
        "АО «Государственная техническая служба»",
        "08034000501", "info@sts.kz", "+77172559900", "Басқарма төрағасы", "Тоқтаров Бауыржан Ерікұлы",
        schedule=("0123456", time(0, 0), time(23, 59), None, None),
    ),
    DemoOrganisation(
        "penitentiary", OrganisationKind.PENITENTIARY,
        "ҚР ІІМ Қылмыстық-атқару жүйесі комитеті",
        "Комитет уголовно-исполнительной системы МВД РК",
        "99034000601", "kuis@mvd.gov.kz", "+77172723500", "Төраға", "Сейітов Марат Әділбекұлы",
    ),
    DemoOrganisation(
        "imei_db", OrganisationKind.IMEI_DB_OPERATOR,
        "Сәйкестендіру кодтарының дерекқоры операторы (ҰАТ)",
        "Оператор базы данных идентификационных кодов",
        "08034000701", "imei@kazimei.kz", "+77172550700", "Бас директор", "Иманғалиев Талғат Нұрұлы",
        schedule=("0123456", time(0, 0), time(23, 59), None, None),
    ),
    DemoOrganisation(
        "kcell", OrganisationKind.MOBILE_OPERATOR,
        "«Кселл» АҚ", "АО «Кселл»",
        "98034000801", "gov@kcell.kz", "+77272588300", "Бас директор", "Ахметов Асхат Серікұлы",
        schedule=("012345", time(8, 0), time(20, 0), None, None),
    ),
    DemoOrganisation(
        "beeline", OrganisationKind.MOBILE_OPERATOR,
        "«КаР-Тел» ЖШС (Beeline)", "ТОО «КаР-Тел» (Beeline)",
        "98034000901", "gov@beeline.kz", "+77273500500", "Бас директор", "Бекмұхамбетов Ерлан Қанатұлы",
    ),
    DemoOrganisation(
        "gov_for_citizens", OrganisationKind.SERVICE_PROVIDER,
        "«Азаматтарға арналған үкімет» мемлекеттік корпорациясы» КеАҚ",
        "НАО «Государственная корпорация «Правительство для граждан»",
        "16034001001", "info@gov4c.kz", "+77172940000", "Басқарма төрағасы", "Сәрсенов Әсет Ғаниұлы",
    ),
    DemoOrganisation(
        "complaint_body", OrganisationKind.COMPLAINT_BODY,
        "Ақпараттық қауіпсіздік комитеті",
        "Комитет по информационной безопасности",
        "99034001101", "kib@mdai.gov.kz", "+77172740300", "Төраға", "Нұрланов Дархан Ерланұлы",
    ),
    DemoOrganisation(
        "quality_body", OrganisationKind.QUALITY_BODY,
        "Мемлекеттік қызмет істері агенттігі",
        "Агентство по делам государственной службы",
        "99034001201", "kense@kyzmet.gov.kz", "+77172749500", "Департамент директоры", "Бақытжанова Айгүл Серікқызы",
    ),
)

#: (username, organisation key, role, full name)
DEMO_USERS = (
    ("officer", "info_committee", Role.AUTHORISED_OFFICER, "Әлиева Динара Маратқызы"),
    ("supervisor", "info_committee", Role.AUTHORISED_SUPERVISOR, "Серікбаев Ерлан Асқарұлы"),
    ("telecom", "telecom_committee", Role.AUTHORISED_OFFICER, "Қасымова Жанар Болатқызы"),
    ("prosecutor_manager", "prosecutor", Role.STATE_BODY_MANAGER, "Әбдірахманов Дәурен Серікұлы"),
    ("prosecutor_reporter", "prosecutor", Role.STATE_BODY_REPORTER, "Мұхамедиев Нұржан Ерболұлы"),
    ("police_reporter", "police", Role.STATE_BODY_REPORTER, "Тұрсынов Асқар Бекұлы"),
    ("sts", "sts", Role.STS_OPERATOR, "Байжанов Ерлан Маратұлы"),
    ("penitentiary", "penitentiary", Role.PENITENTIARY_OFFICER, "Сейітов Марат Әділбекұлы"),
    ("imei_db", "imei_db", Role.IMEI_DB_OPERATOR, "Иманғалиева Сәуле Талғатқызы"),
    ("kcell", "kcell", Role.MOBILE_OPERATOR, "Ахметова Гүлнар Асқарқызы"),
    ("beeline", "beeline", Role.MOBILE_OPERATOR, "Бекмұхамбетов Ерлан Қанатұлы"),
    ("provider", "gov_for_citizens", Role.SERVICE_PROVIDER, "Сәрсенова Әйгерім Асетқызы"),
    ("complaints", "complaint_body", Role.COMPLAINT_REVIEWER, "Нұрланов Дархан Ерланұлы"),
    ("quality", "quality_body", Role.QUALITY_REVIEWER, "Бақытжанова Айгүл Серікқызы"),
)


def ensure_organisation(spec: DemoOrganisation, parent: Organisation | None) -> Organisation:
    values = {
        "kind": spec.kind,
        "name_kk": spec.name_kk,
        "name_ru": spec.name_ru,
        "email": spec.email,
        "phone": spec.phone,
        "head_position": spec.head_position,
        "head_name": spec.head_name,
        "parent": parent,
        "address": "Астана қ., Мәңгілік Ел д-лы, 8",
    }
    if spec.schedule:
        weekdays, start, end, lunch_start, lunch_end = spec.schedule
        values.update(work_weekdays=weekdays, work_start=start, work_end=end, lunch_start=lunch_start, lunch_end=lunch_end)
    organisation, _created = Organisation.objects.update_or_create(bin=bin_from_prefix(spec.bin_prefix), defaults=values)
    return organisation


def ensure_user(username: str, organisation: Organisation, role: str, full_name: str, password: str):
    User = get_user_model()
    last_name, first_name = (full_name.split(" ", 1) + [""])[:2]
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@demo.compliance.kz", "first_name": first_name, "last_name": last_name},
    )
    if created:
        user.set_password(password)
    user.is_staff = True
    user.is_active = True
    user.save()
    UserProfile.objects.update_or_create(user=user, defaults={"organisation": organisation, "role": role})
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    return user


@transaction.atomic
def load_demo(password: str = DEMO_PASSWORD) -> dict:
    """Create (or bring up to date) the demo organisations and users. Idempotent."""
    organisations: dict[str, Organisation] = {}
    for spec in DEMO_ORGANISATIONS:
        organisations[spec.key] = ensure_organisation(spec, organisations.get(spec.parent) if spec.parent else None)
    users = {
        username: ensure_user(username, organisations[org_key], role, full_name, password)
        for username, org_key, role, full_name in DEMO_USERS
    }
    User = get_user_model()
    admin, created = User.objects.get_or_create(username="admin", defaults={"email": "admin@demo.compliance.kz"})
    if created:
        admin.set_password(password)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    users["admin"] = admin
    return {"organisations": organisations, "users": users}


def load_full_demo(password: str = DEMO_PASSWORD) -> dict:
    """What ``manage.py load_demo`` loads: the organisations and users, then every installed app's
    own demo cases (a ``demo`` module with ``load(world)``). Idempotent."""
    from importlib import import_module

    from django.apps import apps

    world = load_demo(password)
    for config in apps.get_app_configs():
        if config.name == "registries":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        module.load(world)
    return world
