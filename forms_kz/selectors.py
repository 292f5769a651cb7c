"""How a letter's form and data read to a person: the form by its title, every key of its data
by its label (Kazakh / Russian through gettext), every choice by its meaning — never a code or a
JSON document (the schemas: ``forms_kz.schemas``; the keys' ``meaning`` stays the developers'
description).

- ``form_title(code)``: "Хабарлама (заңды өкілді тағайындау талабы туралы)", not ``s004-app2``;
- ``key_label(key)``, ``choice_label(key, value)``: the interface names of a key and its values;
- ``letter_data_rows(letter)``: the data as labelled rows (a list key as a table of its rows).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .schema_types import BOOL, CHOICE, DATE, DATETIME, LIST, Key
from .schemas import FORM_SCHEMAS

#: The label of each key of the forms' data (the same name means the same thing in every form).
KEY_LABELS = {
    # seed 000: the demand
    "kind": _("Kind of demand"),
    "devices": _("Devices"),
    "imei": _("Identification code (IMEI)"),
    "phone": _("Subscriber phone number"),
    "institution": _("Institution where the devices are used"),
    "reply_email": _("E-mail for the answer"),
    "signatory_position": _("Signatory's position"),
    "signatory_name": _("Signatory's full name"),
    # seed 001: the staff list, the notification, the inactive accounts
    "authorised_body_name": _("Authorised body"),
    "staff": _("Authorised employees"),
    "full_name": _("Full name"),
    "email": _("Work e-mail"),
    "mobile": _("Mobile phone"),
    "organisation": _("Organisation"),
    "violation_type": _("Type of violation"),
    "legal_norm": _("Norm of the legislative act violated"),
    "facts": _("Facts"),
    "resource": _("IP address, domain name or resource identifier"),
    "protocol": _("Data-network protocol"),
    "mac": _("MAC address"),
    "lawfulness_confirmed": _("Lawfulness and grounds confirmed"),
    "period_label": _("Half-year"),
    "period_start": _("First day of the half-year"),
    "period_end": _("Last day of the half-year"),
    "accounts": _("Accounts"),
    "username": _("Login"),
    "last_activity": _("Last activity"),
    "inactivity_days": _("Days without activity"),
    "note": _("Note"),
    # seed 002: the refusal and the complaint decision
    "applicant_name": _("Service recipient's full name"),
    "applicant_iin": _("Service recipient's IIN"),
    "request_number": _("Request number"),
    "request_at": _("Request made at"),
    "ground": _("Ground of the refusal"),
    "reasoning": _("Reasons"),
    "channel": _("Channel"),
    "complainant_name": _("Complainant's full name"),
    "complainant_iin": _("Complainant's IIN"),
    "complaint_number": _("Complaint registration number"),
    "complaint_received": _("Complaint received on"),
    "complaint_registered": _("Complaint registered on"),
    "review_due": _("Review term ends on"),
    "reviewing_body": _("Reviewing body"),
    "complaint_summary": _("What the complainant asked for"),
    "decision": _("Decision"),
    "measures": _("Measures taken to restore the rights"),
    "contested_decision": _("Contested decision or action"),
    # seed 004: the platforms' letters and instructions
    "platform_name": _("Online platform"),
    "platform_address": _("Postal address of the platform's administration"),
    "platform_phone": _("Telephone of the platform's administration"),
    "platform_email": _("E-mail of the platform's administration"),
    "platform_kind": _("Kind of platform"),
    "user_data": _("Data of the user who posted the materials"),
    "legal_norms": _("Norms of the legislative acts violated"),
    "placement": _("Where the unlawful materials are placed"),
    "materials": _("Materials"),
    "url": _("Link"),
    "screenshot": _("Screenshot"),
    "screenshot_file": _("Stored screenshot"),
    "screenshot_sha256": _("SHA-256 of the screenshot"),
    "reply_fax": _("Fax for the answer"),
    "measures_subject": _("What must be removed or remedied"),
    "average_daily_users": _("Average daily users in Kazakhstan"),
    "status_date": _("State of affairs as of"),
    "notice_register_number": _("Register number of the notice"),
    "notice_date": _("Date of the notice"),
    "limits": _("Throughput limits"),
    "regional_object": _("Regional object"),
    "limit_kbps": _("Throughput limit, Kbit/s"),
    "period": _("Period of the day"),
    "reduction_percent": _("Reduction, %"),
    "addressees": _("Addressees"),
    "name": _("Name"),
    "road": _("After which letter"),
    "earlier_letter_number": _("Register number of the earlier letter"),
    "earlier_letter_date": _("Date of the earlier letter"),
    "notice_received_date": _("Notice received by the platform on"),
    "content": _("Information to which access is restricted"),
    "basis": _("Grounds of the decision"),
    "representative": _("Legal representative"),
    "instructions": _("Instructions"),
    "register_number": _("Register number"),
    "date": _("Date"),
}

#: The meaning of each choice, by key.
CHOICE_LABELS = {
    "kind": {"suspend": _("Suspension of service"), "restore": _("Restoration of service")},
    "ground": {
        "registry_mismatch": _("The data do not match the registers"),
        "no_consent": _("No consent to access restricted personal data"),
    },
    "channel": {"portal": _("E-government portal"), "egov_mobile": _("eGov mobile app"), "bank_app": _("Bank's app")},
    "reviewing_body": {
        "provider": _("The service provider (5 working days)"),
        "quality_body": _("The service-quality authority (15 working days)"),
    },
    "decision": {
        "satisfied": _("Satisfied"),
        "partially_satisfied": _("Partially satisfied"),
        "rejected": _("Rejected"),
    },
    "platform_kind": {"platform": _("Online platform"), "messenger": _("Messaging service")},
    "reduction_percent": {"10": "10 %", "50": "50 %", "90": "90 %"},
    "road": {
        "warning": _("After the warning letter (Appendix 1)"),
        "notice": _("After the legal-representative notice (Appendix 2)"),
    },
}


def form_title(code: str) -> str:
    """The form's title as the act names it; the code only for a form no schema declares."""
    schema = FORM_SCHEMAS.get(code)
    return schema.title if schema is not None else code


def key_label(key: Key | str) -> str:
    name = key if isinstance(key, str) else key.name
    return str(KEY_LABELS.get(name, name.replace("_", " ")))


def choice_label(key: Key | str, value) -> str:
    name = key if isinstance(key, str) else key.name
    return str(CHOICE_LABELS.get(name, {}).get(str(value), value))


def choices_of(key: Key) -> list[tuple[str, str]]:
    return [(value, choice_label(key, value)) for value in key.choices]


@dataclass
class DataRow:
    label: str
    value: str = ""
    #: a list key: its columns' labels and its rows (display values)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    is_table: bool = False


def display_value(key: Key, value) -> str:
    """One value as a person reads it: a choice by its meaning, yes / no, a date as dd.mm.yyyy."""
    if value is None or value == "":
        return "—"
    if key.type == CHOICE:
        return choice_label(key, value)
    if key.type == BOOL:
        return str(_("yes") if value else _("no"))
    if key.type in (DATE, DATETIME) and isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        day = f"{value[8:10]}.{value[5:7]}.{value[0:4]}"
        return f"{day} {value[11:16]}".strip() if key.type == DATETIME else day
    return str(value)


def letter_data_rows(letter, skip=()) -> list[DataRow]:
    """The letter's data in the order of its form's keys, each with its label; a list key as a
    table of its rows. Keys the schema does not declare are not shown (the system's own), nor the
    keys in ``skip`` (shown elsewhere on the page)."""
    schema = FORM_SCHEMAS.get(letter.form_code)
    if schema is None:
        return []
    data = letter.data or {}
    result = []
    for key in schema.keys:
        if key.name in skip:
            continue
        value = data.get(key.name)
        if key.type == LIST:
            rows = value if isinstance(value, list) else []
            result.append(DataRow(
                label=key_label(key),
                columns=[key_label(column) for column in key.row],
                rows=[
                    [display_value(column, row.get(column.name) if isinstance(row, dict) else None) for column in key.row]
                    for row in rows
                ],
                is_table=True,
            ))
        else:
            result.append(DataRow(label=key_label(key), value=display_value(key, value)))
    return result
