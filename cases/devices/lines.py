"""The one validator of a demand's lines (seed 000, ch. 3-1 and the Appendix), used by the admin
formset, the API and the services alike. Every error names the line and the IMEI.

- identification code: an IMEI, 15 digits with a valid Luhn check digit;
- phone number: a Kazakh mobile number (+7 7xx xxx xx xx);
- the mobile operator, when given, is a mobile operator;
- no IMEI twice in one demand;
- suspension (p. 20-1 … 20-4): an IMEI whose suspension is in force (executed and not restored)
  cannot be suspended again, nor one already in another suspension under way;
- restoration (p. 20-5 … 20-8): it refers to the executed suspension of the same IMEI still in
  force (found by IMEI when not given); an explicit reference to another IMEI's line, to a line
  not executed or already restored is refused. With no suspension recorded here (suspended
  before the system, or on paper) it is NOT refused — p. 20-5 makes the restoration when the
  demand arrives — the system warns (``restoration_warning``).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from registries.roles import OrganisationKind
from registries.validators import normalise_imei, normalise_kz_mobile

from . import selectors
from .choices import DemandKind, DeviceStatus


def device_label(row, imei) -> str:
    return _("line %(row)s (IMEI %(imei)s)") % {"row": row, "imei": imei or "—"}


def no_device_message() -> str:
    return _("The demand lists no device: add at least one line (IMEI and phone number).")


class LinesInvalid(ValidationError):
    """Some lines of a demand are wrong: ``rows`` holds one dict of field errors per line (empty
    for a good line), as the API returns them; ``messages`` all of them, each naming its line."""

    def __init__(self, rows):
        self.rows = rows
        flat = [m for row in rows for messages in row.values() for m in messages]
        super().__init__(flat or [no_device_message()])


@dataclass
class DeviceLine:
    imei: str | None
    phone: str | None
    operator: object = None
    suspension: object = None


# --- the act's rules on one IMEI ----------------------------------------------------------


def _suspension_errors(imei: str, demand_id) -> list[str]:
    errors = []
    in_force = selectors.suspension_in_force(imei)
    if in_force:
        errors.append(
            _("service of this IMEI is already suspended since %(since)s (demand № %(demand)s); it cannot be suspended again")
            % {"since": f"{timezone.localtime(in_force.executed_at):%d.%m.%Y %H:%M}", "demand": in_force.demand_id}
        )
    pending = selectors.lines_under_way(imei, DemandKind.SUSPEND, demand_id).first()
    if pending:
        errors.append(_("a suspension of this IMEI is already under way (demand № %(demand)s)") % {"demand": pending.demand_id})
    return errors


def _referred_suspension_error(imei: str, suspension) -> str | None:
    if suspension.imei != imei:
        return _("the suspension referred to concerns another IMEI (%(other)s)") % {"other": suspension.imei}
    if suspension.demand.kind != DemandKind.SUSPEND:
        return _("the line referred to is not a suspension")
    if suspension.status != DeviceStatus.EXECUTED:
        return _("the suspension referred to has not been executed by the mobile operator yet")
    if suspension.restorations.filter(status=DeviceStatus.EXECUTED).exists():
        return _("the suspension referred to has already been restored")
    return None


def _restoration_errors(imei: str, suspension, demand_id):
    """p. 20-5: a restoration is made when the demand arrives. Without a suspension of the IMEI
    recorded here (suspended before the system, or on paper) it is not refused: the demand's
    page and the API warn (``restoration_warnings``)."""
    if suspension is None:
        suspension = selectors.suspension_in_force(imei)
    if suspension is not None:
        problem = _referred_suspension_error(imei, suspension)
        if problem:
            return [problem], suspension
    pending = selectors.lines_under_way(imei, DemandKind.RESTORE, demand_id).first()
    if pending:
        return [_("a restoration of this IMEI is already under way (demand № %(demand)s)") % {"demand": pending.demand_id}], suspension
    return [], suspension


def rule_errors(kind: str, imei: str, suspension=None, demand_id=None):
    """The act's rules for one (already normalised) IMEI: (messages without the line label, the
    suspension a restoration refers to)."""
    if kind == DemandKind.SUSPEND:
        return _suspension_errors(imei, demand_id), None
    return _restoration_errors(imei, suspension, demand_id)


# --- one line, then all of them ------------------------------------------------------------


def _normalised(normaliser, raw: str, field: str, label: str, errors: dict):
    try:
        return normaliser(raw)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(f"{label}: {m}" for m in exc.messages)
        return None


def normalised_or_raw(normaliser, raw) -> str:
    """The normalised value, or the raw one stripped (its error is reported by ``clean_lines``)."""
    try:
        return normaliser(raw or "")
    except ValidationError:
        return (raw or "").strip()


def _imei_problems(kind, imei, row, seen, suspension, demand_id):
    if imei in seen:
        return [_("this IMEI is already on line %(row)s of this demand") % {"row": seen[imei]}], suspension
    seen[imei] = row
    return rule_errors(kind, imei, suspension, demand_id)


def clean_line(kind: str, line: dict, row, seen: dict, demand_id=None):
    """One line: (the cleaned ``DeviceLine``, its field errors — empty when good)."""
    raw_imei = str(line.get("imei") or "").strip()
    label = device_label(row, raw_imei)
    errors: dict[str, list[str]] = {}
    imei = _normalised(normalise_imei, raw_imei, "imei", label, errors)
    phone = _normalised(normalise_kz_mobile, str(line.get("phone") or ""), "phone", label, errors)
    operator, suspension = line.get("operator"), line.get("suspension")
    if operator is not None and operator.kind != OrganisationKind.MOBILE_OPERATOR:
        errors["operator"] = [f"{label}: " + _("the organisation chosen is not a mobile operator")]
    if kind == DemandKind.SUSPEND and suspension is not None:
        errors["suspension"] = [f"{label}: " + _("only a restoration refers to a suspension")]
    if imei:
        problems, suspension = _imei_problems(kind, imei, row, seen, suspension, demand_id)
        if problems:
            errors.setdefault("imei", []).extend(f"{label}: {p}" for p in problems)
    return DeviceLine(imei=imei, phone=phone, operator=operator, suspension=suspension), errors


def clean_lines(kind: str, lines: list[dict], demand_id=None) -> list[DeviceLine]:
    """Normalise and check the lines of a demand (``row`` in a line names it; else its place).
    Raises ``LinesInvalid`` (one dict of field errors per line, empty for good lines); returns
    the cleaned lines when all are good."""
    if not lines:
        raise LinesInvalid([{"imei": [no_device_message()]}])
    seen: dict[str, int] = {}
    cleaned, rows = [], []
    for index, line in enumerate(lines, start=1):
        device, errors = clean_line(kind, line, line.get("row") or index, seen, demand_id)
        cleaned.append(device)
        rows.append(errors)
    if any(rows):
        raise LinesInvalid(rows)
    return cleaned


def check_demand_lines(demand) -> None:
    """Re-check every stored line of a demand when it is sent (another demand may have got
    ahead); a restoration line gets the suspension it restores. ``LinesInvalid`` naming lines."""
    devices = list(demand.devices.select_related("suspension__demand", "operator").order_by("row"))
    lines = [{"row": d.row, "imei": d.imei, "phone": d.phone, "operator": d.operator, "suspension": d.suspension} for d in devices]
    cleaned = clean_lines(demand.kind, lines, demand_id=demand.pk)
    for device, line in zip(devices, cleaned, strict=True):
        if demand.kind == DemandKind.RESTORE and device.suspension_id is None:
            device.suspension = line.suspension
            device.save(update_fields=["suspension"])


def execution_conflict(device) -> str | None:
    """Why service of this line cannot be suspended / restored now (p. 20-4 / 20-8), or None."""
    if device.demand.kind == DemandKind.SUSPEND:
        in_force = selectors.suspension_in_force(device.imei)
        if in_force and in_force.pk != device.pk:
            return _("service of this IMEI is already suspended by demand № %(demand)s.") % {"demand": in_force.demand_id}
        return None
    suspension = device.suspension
    if suspension is not None and suspension.restorations.filter(status=DeviceStatus.EXECUTED).exclude(pk=device.pk).exists():
        return _("the suspension it refers to has already been restored by demand № %(demand)s.") % {
            "demand": suspension.restorations.filter(status=DeviceStatus.EXECUTED).values_list("demand_id", flat=True).first()
        }
    return None


def restoration_warning(device) -> str | None:
    """p. 20-5: the warning on a restoration line with no suspension of its IMEI recorded in the
    system (the device was suspended before the system, or on paper) — it is restored all the
    same; the officials check the device was suspended."""
    if device.demand.kind != DemandKind.RESTORE or device.suspension_id is not None:
        return None
    return _(
        "%(line)s: no suspension of this IMEI is recorded in the system (suspended before the system or on paper?). "
        "The restoration is made as the demand arrives (p. 20-5); check the device was suspended."
    ) % {"line": device_label(device.row, device.imei)}


def restoration_warnings(demand, devices=None) -> list[str]:
    """The warnings of ``restoration_warning`` for the demand's lines (or the given ones, e.g.
    the lines a viewer may see), in line order."""
    if demand.kind != DemandKind.RESTORE:
        return []
    lines = devices if devices is not None else demand.devices.order_by("row")
    return [w for w in (restoration_warning(d) for d in sorted(lines, key=lambda d: d.row)) if w]


# --- many lines pasted from a spreadsheet (the lines grid) ----------------------------------

LINE_COLUMNS = ("imei", "phone", "operator")

#: Header words that name a column (Kazakh, Russian, English), looked for in this order.
_HEADER_WORDS = (
    ("imei", ("imei", "сәйкестендіру", "идентификац")),
    ("operator", ("оператор", "operator")),
    ("phone", ("телефон", "phone", "нөмір", "номер")),
)
_DIGITS_ONLY = re.compile(r"[\d\s()+\-.]*")
#: Five digits or more (spaces and dashes aside): an IMEI or a phone number, never a header.
_LONG_NUMBER = re.compile(r"\d(?:[\s()\-.]*\d){4}")


_LEGAL_FORMS = re.compile(r"\b(?:АҚ|АО|ЖШС|ТОО|JSC|LLP)\b", re.IGNORECASE)


def organisation_name_key(name: str) -> str:
    """An organisation's name compared loosely: no quotes, no legal form (АҚ, ЖШС, АО, ТОО), case
    and spaces ignored — "«Кселл» АҚ", "Кселл" and "КСЕЛЛ" are the same operator."""
    bare = _LEGAL_FORMS.sub(" ", re.sub(r"[«»\"'“”„]", " ", name or ""))
    return " ".join(bare.split()).casefold()


def split_pasted(text: str) -> list[list[str]]:
    """Rows of tab-separated cells as Excel and LibreOffice copy a range (blank lines dropped)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [[cell.strip() for cell in line.split("\t")] for line in lines if line.strip()]


def header_column(text: str) -> str | None:
    """The line field a column header names ("IMEI", "Телефон нөмірі", "Оператор"), or None."""
    lowered = text.casefold()
    for field, words in _HEADER_WORDS:
        if any(word in lowered for word in words):
            return field
    return None


@dataclass
class PastedLines:
    """Lines read from a pasted range: dicts of the line's texts (``imei``, ``phone``,
    ``operator``) and what could not be read (in the user's language)."""

    lines: list
    problems: list


def read_pasted_lines(text: str) -> PastedLines:
    """Lines copied from a spreadsheet. A first row of headers (text and no long number) places the columns by their names
    (an unnamed column such as "№" is skipped); without it the columns are IMEI, phone number,
    mobile operator, after a leading column of line numbers when there is one. The values are
    checked later by ``clean_lines``, as typed ones."""
    rows = split_pasted(text)
    problems: list[str] = []
    if not rows:
        return PastedLines([], problems)
    header = rows[0]
    if not any(_LONG_NUMBER.search(cell) for cell in header) and any(cell and not _DIGITS_ONLY.fullmatch(cell) for cell in header):
        columns = [header_column(cell) for cell in header]
        if "imei" not in columns:
            problems.append(_("The first row looks like headers, but none of them names the IMEI column."))
        rows = rows[1:]
    else:
        numbered = all(len(row) > 2 and row[0].isdigit() and len(row[0]) <= 4 for row in rows)
        columns = ([None] if numbered else []) + list(LINE_COLUMNS)
    lines = []
    for row in rows:
        line = {field: cell for field, cell in zip(columns, row, strict=False) if field}
        if any(line.values()):
            lines.append({field: line.get(field, "") for field in LINE_COLUMNS})
    return PastedLines(lines, problems)
