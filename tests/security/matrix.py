"""The expectations of the access matrix (issue 11 item 1), keyed by model label.

Each row says, independently of the models' own ``visibility_q``, which records an organisation
outside the authorised body may see (its own, and what is addressed to it). The authorised body
(and superusers) see every record. ``test_access_matrix`` asserts that the set of keys equals the
set of models registered in the admin plus the models behind every API viewset, so a new model
cannot be added without a row here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from registries.roles import OrganisationKind

PUBLIC = "public"  # reference data: every user holding the model's view permission sees every row
NOBODY = "nobody"  # only the authorised body (and superusers)
SUPERUSER = "superuser"  # managed by superusers only: no role holds any permission on it


@dataclass(frozen=True)
class Row:
    #: PUBLIC, NOBODY, SUPERUSER, or ``sees(obj, organisation) -> bool`` for organisations
    #: outside the authorised body.
    sees: object
    #: Admin URL names (``admin:<name>``, one ``pk`` argument) that serve the record's files
    #: (PDF letters, CSV exports); each must answer only to those who may see the record.
    files: tuple = ()
    #: What the listing holds at all, for everyone (e.g. a report over state bodies only);
    #: None means every row.
    listed: Callable | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def _org(obj, name):
    return getattr(obj, f"{name}_id")


def organisation_tree(obj, org):
    """An organisation sees itself, its parent and its subordinates."""
    return obj.pk == org.pk or obj.parent_id == org.pk or obj.pk == org.parent_id


def staff_list_visible(staff_list, org):
    """A state body sees its own lists and those of its subordinate organisations (seed 001 p. 5)."""
    return staff_list.organisation_id == org.pk or staff_list.organisation.parent_id == org.pk


def device_demand_visible(demand, org):
    """Penitentiary authority: its demands; database operator: demands sent to it; a mobile
    operator: demands with a device notified to it (seed 000 p. 20-1 … 20-8)."""
    if demand.penitentiary_id == org.pk:
        return True
    if demand.db_operator_id == org.pk and demand.sent_at is not None:
        return True
    return any(d.operator_id == org.pk and d.status != "pending" for d in demand.devices.all())


def demand_device_visible(device, org):
    demand = device.demand
    if demand.penitentiary_id == org.pk:
        return True
    if demand.db_operator_id == org.pk and demand.sent_at is not None:
        return True
    return device.operator_id == org.pk and device.status != "pending"


def service_state_visible(state, org):
    device = state.device
    return org.pk in (device.demand.penitentiary_id, device.demand.db_operator_id, device.operator_id)


def complaint_visible(complaint, org):
    """The provider sees complaints filed with it; the reviewing body those forwarded to it (seed 002 p. 10)."""
    if complaint.provider_id == org.pk:
        return True
    return complaint.reviewing_body_id == org.pk and complaint.state in ("forwarded", "registered_by_authority", "upheld", "dismissed")


def letter_visible(letter, org):
    """The issuing organisation sees its letters; the addressee sees them once issued (never drafts)."""
    if letter.organisation_id == org.pk:
        return True
    return letter.addressee_organisation_id == org.pk and letter.state in ("issued", "cancelled")


EXPECTATIONS: dict[str, Row] = {
    # --- managed by superusers only -------------------------------------------------------------
    "auth.Group": Row(SUPERUSER),
    "auth.User": Row(SUPERUSER),
    # API tokens: each person lists and revokes their own, the authorised body every one
    # (tests/security/test_tokens.py); the demo world holds none.
    "knox.AuthToken": Row(
        NOBODY, note="self-service: every staff user lists and revokes their own tokens, whatever their role's permissions",
        extra={"self_service": True},
    ),
    "otp_totp.TOTPDevice": Row(SUPERUSER),
    "otp_static.StaticDevice": Row(SUPERUSER),
    "axes.AccessAttempt": Row(SUPERUSER),
    "axes.AccessLog": Row(SUPERUSER),
    "axes.AccessFailureLog": Row(SUPERUSER),
    # --- registries -----------------------------------------------------------------------------
    "registries.Organisation": Row(organisation_tree),
    "registries.UserProfile": Row(lambda p, org: p.organisation_id == org.pk),
    "registries.LegalAct": Row(PUBLIC),
    "registries.RegionalObject": Row(PUBLIC),
    "registries.CalendarOverride": Row(PUBLIC),
    "registries.OnlinePlatform": Row(PUBLIC),
    "stafflists.StaffList": Row(staff_list_visible, files=("stafflists_stafflist_appendix1",)),
    "stafflists.StaffListEntry": Row(lambda e, org: staff_list_visible(e.staff_list, org), extra={"export_key": "email"}),
    "stafflists.StaffListReminder": Row(lambda r, org: r.organisation_id == org.pk),
    "stafflists.StaffListCompliance": Row(
        organisation_tree, listed=lambda o: o.kind == OrganisationKind.STATE_BODY, note="a report over state bodies"
    ),
    "sweeps.AccountSweep": Row(NOBODY),
    "sweeps.AccountSweepEntry": Row(NOBODY),
    "sweeps.AccountDeactivation": Row(NOBODY),
    # --- shared case machinery ------------------------------------------------------------------
    "cases.Deadline": Row(lambda d, org: d.awaiting_organisation_id == org.pk, note="what awaits the organisation"),
    "cases.TransitionLog": Row(NOBODY, note="the timeline page shows each case's log to those who see the case"),
    "monitoring.DeadlineReminder": Row(lambda r, org: r.deadline.awaiting_organisation_id == org.pk),
    "inbox.NoticeEmail": Row(NOBODY, note="the notices' e-mails: the authorised body's list (addresses of every organisation)"),
    # --- procedures -----------------------------------------------------------------------------
    "violations.ViolationType": Row(lambda t, org: t.is_active, note="reference list, active types"),
    "violations.ViolationReport": Row(lambda r, org: r.organisation_id == org.pk),
    "violations.RestrictionOrder": Row(
        lambda o, org: o.report.organisation_id == org.pk, files=("violations_restrictionorder_csv",)
    ),
    "platforms.PlatformCase": Row(lambda c, org: org.pk in (c.organisation_id, c.sts_id)),
    "platforms.TrafficStatistic": Row(lambda s, org: s.case.sts_id == org.pk),
    "platforms.ThrottleInstruction": Row(lambda i, org: i.case.sts_id == org.pk),
    "devices.DeviceDemand": Row(device_demand_visible),
    "devices.DemandDevice": Row(demand_device_visible),
    "devices.DeviceServiceState": Row(service_state_visible),
    "egov.ServiceRequest": Row(lambda r, org: r.provider_id == org.pk),
    "egov.Complaint": Row(complaint_visible),
    "egov.PersonalDataAccess": Row(NOBODY),
    "forms_kz.OutgoingLetter": Row(
        letter_visible, files=("forms_kz_outgoingletter_download", "forms_kz_outgoingletter_preview")
    ),
}

#: The API: every route prefix of a viewset under /api/v1/ and the model label whose row applies.
API_EXPECTATIONS: dict[str, str] = {
    "account-sweeps": "sweeps.AccountSweep",
    "account-sweep-entries": "sweeps.AccountSweepEntry",
    "account-deactivations": "sweeps.AccountDeactivation",
    "violation-reports": "violations.ViolationReport",
    "platform-cases": "platforms.PlatformCase",
    "traffic-statistics": "platforms.TrafficStatistic",
    "throttle-instructions": "platforms.ThrottleInstruction",
    "device-demands": "devices.DeviceDemand",
    "device-service-states": "devices.DeviceServiceState",
    "service-requests": "egov.ServiceRequest",
    "complaints": "egov.Complaint",
    "letters": "forms_kz.OutgoingLetter",
}

#: List-level API routes that are not a plain list (aggregates): checked by their own tests.
API_AGGREGATES = {
    "service-requests/daily-share": "counts only, scoped to the provider (tests/cases/egov)",
}

#: Cells that still fail because the fix belongs to a shared module this matrix's author may not
#: edit: {model label: (the failing action, the change needed)}. Such a model's test is an
#: expected failure while only these cells fail, and fails as soon as they pass (remove the entry).
KNOWN_HOLES: dict = {}

#: What identifies a record on a page (tests/security/test_panel_matrix.py): the pages of the
#: records a user may see (side panels, history, timeline) never show the marker of a record of
#: these models the user may not see. Markers shorter than 6 characters are not checked.
MARKERS: dict[str, Callable] = {
    "devices.DemandDevice": lambda device: device.phone,  # (its IMEI may also be a fact of a report)
    "egov.Complaint": lambda complaint: complaint.complainant_iin,
    "egov.ServiceRequest": lambda request: request.request_number,
    "forms_kz.OutgoingLetter": lambda letter: letter.register_number,
    "stafflists.StaffListEntry": lambda entry: entry.email,
    "registries.UserProfile": lambda profile: profile.user.email,
}

#: Form fields whose choices are wider than the user's scope on purpose: {(model label, field): why}.
def _complaint_forwarded_to(request, org) -> bool:
    """Seed 002 p. 10: the provider forwards the complaint together with the administrative case,
    so the reviewing body knows the request number of every complaint it may see."""
    from cases.egov.models import Complaint

    return any(complaint_visible(c, org) for c in Complaint.objects.filter(service_request=request))


def _quoted_in_a_letter_received(letter, org) -> bool:
    """A register number quoted by a letter the organisation may read is known to it (seed 004
    Appendix 3: the instruction to the STS cites the notice "№ ___ хабарламаның жіберілгеніне
    қарамастан")."""
    from forms_kz.models import OutgoingLetter

    number = letter.register_number
    return bool(number) and any(
        number in str(other.data) for other in OutgoingLetter.objects.exclude(pk=letter.pk) if letter_visible(other, org)
    )


#: Markers an organisation lawfully knows through a record it may see, although the marked record
#: itself stays hidden from it: ``known(obj, organisation) -> bool``.
MARKERS_KNOWN_THROUGH: dict[str, Callable] = {
    "egov.ServiceRequest": _complaint_forwarded_to,
    "forms_kz.OutgoingLetter": _quoted_in_a_letter_received,
}


FORM_CHOICE_EXCEPTIONS: dict[tuple[str, str], str] = {
    ("violations.ViolationReport", "addressee"): "every state body addresses the authorised body (seed 001 p. 8)",
    ("devices.DeviceDemand", "db_operator"): "the penitentiary authority sends its demand to the database operator (seed 000 p. 20-1)",
    ("egov.Complaint", "reviewing_body"): "the provider forwards a complaint to the reviewing body (seed 002 p. 10)",
    ("forms_kz.OutgoingLetter", "addressee_organisation"): "a letter is addressed to any organisation of the register (to review: forms_kz)",
}
