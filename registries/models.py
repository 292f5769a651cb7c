"""Reference data and people: organisations and their schedules, roles, legal acts,
regional network objects, calendar overrides, online platforms."""

from datetime import date, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .collation import COLLATION_NAME as KAZAKH  # also teaches SQLite the collation
from .roles import ROLES_BY_KIND, OrganisationKind, Role
from .scoping import ScopedManager
from .validators import validate_bin, validate_kz_mobile, validate_kz_phone

WEEKDAY_CODES = "0123456"


def validate_weekdays(value: str) -> None:
    if not value or any(c not in WEEKDAY_CODES for c in value) or len(set(value)) != len(value):
        raise ValidationError(
            _("Working days are digits 0 (Monday) to 6 (Sunday), each at most once, e.g. 01234."),
            code="weekdays",
        )


class Organisation(models.Model):
    """An organisation that acts in a procedure, with the working schedule used for
    working-hour deadlines (DESIGN: "working hours … of the acting organisation")."""

    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, db_collation=KAZAKH)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True, db_collation=KAZAKH)
    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[validate_kz_phone])
    head_position = models.CharField(_("head's position"), max_length=200, blank=True)
    head_name = models.CharField(_("head's full name"), max_length=200, blank=True)
    work_weekdays = models.CharField(
        _("working days"),
        max_length=7,
        default="01234",
        validators=[validate_weekdays],
        help_text=_("Digits 0 (Monday) to 6 (Sunday)."),
    )
    work_start = models.TimeField(_("working day starts"), default=time(9, 0))
    work_end = models.TimeField(_("working day ends"), default=time(18, 0))
    lunch_start = models.TimeField(_("lunch starts"), null=True, blank=True, default=time(13, 0))
    lunch_end = models.TimeField(_("lunch ends"), null=True, blank=True, default=time(14, 0))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_kk"]
        indexes = [models.Index(fields=["kind", "name_kk"])]

    def __str__(self):
        if get_language() == "ru" and self.name_ru:
            return self.name_ru
        return self.name_kk

    def clean(self):
        errors = {}
        if self.work_start and self.work_end and self.work_end <= self.work_start:
            errors["work_end"] = [_("The working day must end after it starts.")]
        if bool(self.lunch_start) != bool(self.lunch_end):
            errors["lunch_end"] = [_("Give both the start and the end of lunch, or neither.")]
        elif self.lunch_start and not (self.work_start < self.lunch_start < self.lunch_end < self.work_end):
            errors["lunch_start"] = [_("Lunch must lie inside the working day.")]
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = [_("An organisation cannot be its own parent.")]
        if errors:
            raise ValidationError(errors)

    @property
    def schedule(self):
        """The working schedule as the deadline engine's WorkSchedule."""
        from cases.deadlines import WorkSchedule

        return WorkSchedule(
            weekdays=frozenset(int(c) for c in self.work_weekdays),
            start=self.work_start,
            end=self.work_end,
            lunch_start=self.lunch_start,
            lunch_end=self.lunch_end,
        )

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        """An organisation sees itself, its parent and its subordinates."""
        return Q(pk=organisation.pk) | Q(parent=organisation) | Q(pk=organisation.parent_id)

    @property
    def is_authorised_body(self) -> bool:
        return self.kind == OrganisationKind.AUTHORISED_BODY


class UserProfile(models.Model):
    """Links a user to an organisation and a role (the role is also the user's group)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="profile"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, db_index=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True, validators=[validate_kz_mobile])
    is_service_account = models.BooleanField(
        _("service / integration account"),
        default=False,
        help_text=_("Integration accounts are never listed by inactive-account sweeps."),
    )
    last_action_at = models.DateTimeField(_("last action"), null=True, blank=True, db_index=True)
    language = models.CharField(
        _("interface language"),
        max_length=5,
        choices=[("kk", "Қазақша"), ("ru", "Русский")],
        default="kk",
        help_text=_("Remembered when the user switches the language in the admin header."),
    )
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self):
        return f"{self.user} — {self.organisation}"

    @classmethod
    def visibility_q(cls, organisation) -> Q:
        return Q(organisation=organisation)

    def clean(self):
        if self.organisation_id and self.role:
            allowed = ROLES_BY_KIND.get(self.organisation.kind, ())
            if self.role not in allowed:
                raise ValidationError(
                    {"role": _("This role does not belong to an organisation of this kind.")}
                )


class LegalActStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    REPEALED = "repealed", _("Repealed")


class EntryIntoForce(models.TextChoices):
    """How an act states its own entry into force (its final clause)."""

    #: "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі"
    #: (seeds 000 p. 4, 001 p. 4, 002 p. 4, 004 p. 5): the ten days run from the day after the
    #: publication, so the act is in force on publication + 11.
    TEN_DAYS_AFTER_PUBLICATION = "publication_10_days", _(
        "ten calendar days after the day of its first official publication (in force on publication + 11)"
    )
    #: "алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі" (the 2019 amendment of
    #: seed 002, order No. 3 of 09.01.2019): in force on the day after the publication.
    AFTER_PUBLICATION = "after_publication", _(
        "after the day of its first official publication (in force on publication + 1)"
    )
    #: "Қазақстан Республикасының Әділет министрлігінде мемлекеттік тіркеуден өткен күнінен бастап
    #: күшіне енеді" (seed 003 p. 3): in force on the day of state registration.
    ON_REGISTRATION = "registration", _("from the day of its state registration at the Ministry of Justice")
    #: An (amending) act that names its own date.
    ON_STATED_DATE = "stated_date", _("on the date the act states")


#: Days from the publication to the first day in force, per rule.
DAYS_AFTER_PUBLICATION = {
    EntryIntoForce.TEN_DAYS_AFTER_PUBLICATION: timedelta(days=11),
    EntryIntoForce.AFTER_PUBLICATION: timedelta(days=1),
}


class LegalAct(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    title_kk = models.TextField(_("title (Kazakh)"))
    title_ru = models.TextField(_("title (Russian)"), blank=True)
    issuer = models.CharField(_("issued by"), max_length=400)
    number = models.CharField(_("number"), max_length=60)
    signed_on = models.DateField(_("date"))
    mj_registration_number = models.CharField(_("Ministry of Justice registration number"), max_length=30, blank=True)
    mj_registration_date = models.DateField(_("Ministry of Justice registration date"), null=True, blank=True)
    published_on = models.DateField(_("first official publication"), null=True, blank=True)
    entry_into_force = models.CharField(
        _("entry into force (the act's rule)"),
        max_length=30,
        choices=EntryIntoForce.choices,
        default=EntryIntoForce.TEN_DAYS_AFTER_PUBLICATION,
    )
    entry_into_force_on = models.DateField(
        _("stated date of entry into force"),
        null=True,
        blank=True,
        help_text=_("Only for an act that names its own date of entry into force."),
    )
    entry_into_force_clause = models.TextField(
        _("entry-into-force clause (the act's words)"),
        blank=True,
        help_text=_("E.g. «5. Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.»"),
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text=_("For an amending act: the act it amends."),
    )
    sets_current_wording = models.BooleanField(
        _("gives the wording the system applies"),
        default=False,
        help_text=_("Ticked: the amended act's procedure applies only from this amendment's entry into force."),
    )
    status = models.CharField(_("status"), max_length=20, choices=LegalActStatus.choices, default=LegalActStatus.IN_FORCE)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    repealed_by = models.TextField(
        _("repealed by"),
        blank=True,
        help_text=_("As the act's note reads, ending in «…бұйрығымен»: the refusal says «…бұйрығымен жойылған»."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal act")
        verbose_name_plural = _("legal acts")
        ordering = ["code"]

    def __str__(self):
        return f"{self.issuer} {self.signed_on:%d.%m.%Y} № {self.number}"

    @property
    def in_force_from(self) -> date | None:
        """The day the act's own rule puts its entry into force on, or None while the fact the
        rule counts from (publication, registration, stated date) is not recorded."""
        rule = self.entry_into_force
        if rule in DAYS_AFTER_PUBLICATION:
            return self.published_on + DAYS_AFTER_PUBLICATION[rule] if self.published_on else None
        if rule == EntryIntoForce.ON_REGISTRATION:
            return self.mj_registration_date
        return self.entry_into_force_on

    @property
    def own_applies_from(self) -> date:
        """The act's own entry into force; while the publication date is not recorded, the
        earliest day its rule can yield (an act is published after its state registration, or
        after signing when it is not registered)."""
        known = self.in_force_from
        if known:
            return known
        earliest_publication = self.mj_registration_date or self.signed_on
        return earliest_publication + DAYS_AFTER_PUBLICATION.get(self.entry_into_force, timedelta(0))

    @property
    def wording_act(self) -> "LegalAct":
        """The act whose entry into force the procedure waits for: the latest amendment that gave
        the rules the wording the system applies (seed 002: the Rules "жаңа редакцияда" by
        No. 169/НҚ of 19.03.2024), else the act itself."""
        amendments = [act for act in self.amendments.all() if act.sets_current_wording] if self.pk else []
        return max([self, *amendments], key=lambda act: act.own_applies_from)

    @property
    def applies_from(self) -> date:
        """The first day a step may happen under the act: its (or its current wording's) entry
        into force."""
        return self.wording_act.own_applies_from

    def clean(self):
        errors = {}
        if self.status == LegalActStatus.REPEALED and not (self.repealed_on and self.repealed_by):
            errors["repealed_by"] = _("A repealed act needs the date and the act that repealed it.")
        if self.entry_into_force == EntryIntoForce.ON_STATED_DATE and not self.entry_into_force_on:
            errors["entry_into_force_on"] = _("Give the date the act states for its entry into force.")
        if self.entry_into_force == EntryIntoForce.ON_REGISTRATION and not self.mj_registration_date:
            errors["mj_registration_date"] = _("An act in force from its state registration needs the registration date.")
        if self.amends_id and self.amends_id == self.pk:
            errors["amends"] = _("An act cannot amend itself.")
        if self.published_on and self.published_on < (self.mj_registration_date or self.signed_on):
            errors["published_on"] = _("An act is published after it is signed and registered.")
        if errors:
            raise ValidationError(errors)

    def not_in_force_reason(self, on: date) -> str | None:
        """Why nothing can happen under the act on day ``on`` because it (or the amendment giving
        its current wording) is not yet in force: that act's rule and the date it yields, or None."""
        act = self.wording_act
        if on >= act.own_applies_from:
            return None
        values = {"act": act, "date": f"{act.own_applies_from:%d.%m.%Y}", "rule": act.get_entry_into_force_display()}
        if act.in_force_from:
            return _("The act %(act)s enters into force on %(date)s (%(rule)s).") % values
        return _(
            "The act %(act)s is not in force before %(date)s (%(rule)s; the date of its first official "
            "publication is not recorded)."
        ) % values

    def refusal_reason(self, on: date | None = None) -> str | None:
        """Why no procedure may be opened under this act on the given day, or None."""
        on = on or timezone.localdate()
        if self.status == LegalActStatus.REPEALED and (self.repealed_on is None or on >= self.repealed_on):
            return _("The act %(act)s was repealed on %(date)s by %(by)s; no new case may be opened under it.") % {
                "act": self,
                "date": f"{self.repealed_on:%d.%m.%Y}" if self.repealed_on else "—",
                "by": self.repealed_by,
            }
        return self.not_in_force_reason(on)

    def ensure_applicable(self, on: date | None = None) -> None:
        reason = self.refusal_reason(on)
        if reason:
            raise ValidationError(reason, code="legal_act_not_in_force")


class RegionalObject(models.Model):
    """A regional object of the centralised network-management system (seed 004 p. 7, 9):
    the 17 regions and the 3 cities of republican significance."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        CITY = "city", _("City of republican significance")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, db_collation=KAZAKH)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, db_collation=KAZAKH)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regional object")
        verbose_name_plural = _("regional objects")
        ordering = ["name_kk"]  # Kazakh alphabetical order (registries.collation)

    def __str__(self):
        return self.name_ru if get_language() == "ru" else self.name_kk


class CalendarOverride(models.Model):
    """A day made working or non-working by a Government decree on transfers of days off.
    Overrides win over weekends and holidays in every deadline computation."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(_("working day"), help_text=_("Ticked: a working day; empty: a day off."))
    basis = models.CharField(_("basis"), max_length=500, help_text=_("E.g. the Government decree on transfers of days off."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-date"]

    def __str__(self):
        kind = _("working day") if self.is_working else _("day off")
        return f"{self.date:%d.%m.%Y}: {kind}"


class OnlinePlatform(models.Model):
    """An online platform or instant-messaging service (seed 004)."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Online platform")
        MESSENGER = "messenger", _("Instant messaging service")

    name = models.CharField(_("name"), max_length=300, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_foreign = models.BooleanField(_("foreign"), default=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    average_daily_users_kz = models.PositiveIntegerField(
        _("average daily users in Kazakhstan (over a month)"), default=0, validators=[MinValueValidator(0)]
    )
    legal_representative = models.CharField(
        _("legal representative in Kazakhstan"), max_length=500, blank=True, help_text=_("Empty: none appointed.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("online platform")
        verbose_name_plural = _("online platforms")
        ordering = ["name"]

    def __str__(self):
        return self.name

    #: Law on Online Platforms, Art. 9 p. 1: more than 100,000 average daily users a month.
    LEGAL_REPRESENTATIVE_THRESHOLD = 100_000

    @property
    def must_have_legal_representative(self) -> bool:
        return self.is_foreign and self.average_daily_users_kz > self.LEGAL_REPRESENTATIVE_THRESHOLD

    @property
    def breaches_legal_representative_requirement(self) -> bool:
        return self.must_have_legal_representative and not self.legal_representative.strip()

