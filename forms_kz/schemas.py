"""What each printable form needs: the ``data`` keys of ``OutgoingLetter.data``.

One ``FormSchema`` per form code. Every key has a type, a required flag and a one-line meaning;
list keys carry the keys of their rows. ``SAMPLE`` is a realistic filled-in ``data`` dict used by
``manage.py render_form CODE --sample`` and by the tests.

Types (values are JSON, so dates are ISO strings):

* ``str``    – non-empty text;
* ``text``   – non-empty text, may span several paragraphs (blank lines separate them);
* ``date``   – ``"YYYY-MM-DD"``;
* ``datetime`` – ``"YYYY-MM-DDTHH:MM[:SS][+05:00]"`` (naive = Asia/Almaty);
* ``int``    – an integer (``"512"`` is accepted too);
* ``bool``   – ``true`` / ``false``;
* ``choice`` – one of ``choices``;
* ``list``   – a non-empty list of row dicts, each validated by ``row``.

Keys common to every form (required unless said otherwise):

* ``signatory_position`` – the position printed in the signature block;
* ``signatory_name``     – the full name printed in the signature block (patronymic when any).

The register number, the date of the letter and the QR code are NOT data keys: the register
assigns them when the letter is issued. The addressee line given to ``draft_letter`` is stored on
the letter; the forms print their own addressee blocks from the keys below, as each act's form
does.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from .codes import FormCode
from .schema_types import BOOL, CHOICE, DATE, DATETIME, INT, LIST, PLATFORM_KIND, STR, TEXT, FormSchema, Key, _signatory  # noqa: F401
from .schemas_s004 import (  # noqa: F401
    S004_APP1,
    S004_APP2,
    S004_APP3,
    S004_APP3_DEFAULT_ADDRESSEES,
    S004_LIFTING,
    S004_RESTRICTION,
    S004_RESTRICTION_DEFAULT_ADDRESSEES,
)

# --------------------------------------------------------------------------- seed 000
S000_DEMAND = FormSchema(
    code=FormCode.S000_DEMAND,
    title="Талап: байланыс қызметтерін көрсетуді тоқтата тұру/қалпына келтіру",
    citation="№ 226 бұйрықпен бекітілген Қағидалардың 20-1, 20-2, 20-5, 20-6-тармақтары және қосымшасы (№ 546/НҚ бұйрықтың редакциясында)",
    source="seed 000 (Order 546/НҚ, 31.10.2025), ch. 3-1 p. 20-1…20-8, Appendix (form of the demand)",
    keys=(
        Key("kind", CHOICE, True, "'suspend' (тоқтата тұру) or 'restore' (қалпына келтіру)",
            choices=("suspend", "restore")),
        Key("devices", LIST, True, "one row per subscriber device", row=(
            Key("imei", STR, True, "identification code (IMEI, 15 digits, Luhn check digit)",
                validator="validate_imei"),
            Key("phone", STR, True, "subscriber phone number (+77XXXXXXXXX)", validator="validate_kz_mobile"),
        )),
        Key("institution", STR, False,
            "penitentiary institution / pre-trial detention centre where the devices are used"),
        Key("reply_email", STR, False, "where the operator reports within 24 hours"),
        *_signatory(position_required=False, position_default="Басшы"),
    ),
    sample={
        "kind": "suspend",
        "devices": [
            {"imei": "356938035643809", "phone": "+77012345678"},
            {"imei": "490154203237518", "phone": "+77475550142"},
            {"imei": "352099001761481", "phone": "+77781234567"},
        ],
        "institution": "ҚР ІІМ ҚАЖК Қарағанды облысы бойынша ДҚД, ЕЦ-166/1 мекемесі",
        "reply_email": "kuis@qamqor.gov.kz",
        "signatory_position": "Басшы",
        "signatory_name": "Жұмабеков Асқар Төлеуұлы",
    },
)

# --------------------------------------------------------------------------- seed 001
S001_APP1 = FormSchema(
    code=FormCode.S001_APP1,
    title="Хабарлама (өкілетті қызметкерлер тізімі)",
    citation="№ 409 бұйрықпен бекітілген Қағидалардың 5-тармағы, 1-қосымша",
    source="seed 001 (Order 409, 27.09.2022), p. 5, Appendix 1",
    keys=(
        Key("authorised_body_name", STR, True, "name of the authorised body the list is sent to"),
        Key("staff", LIST, True, "one row per authorised employee (incl. subordinate organisations)", row=(
            Key("full_name", STR, True, "surname, name, patronymic (when any)"),
            Key("email", STR, True, "work e-mail"),
            Key("mobile", STR, True, "mobile phone (+77XXXXXXXXX)"),
            Key("organisation", STR, False, "subordinate organisation, when not the sender itself"),
        )),
        *_signatory(),
    ),
    sample={
        "authorised_body_name": "Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Ақпарат комитеті",
        "staff": [
            {"full_name": "Әбдірахманов Ғалым Нұрланұлы", "email": "g.abdirakhmanov@prokuror.kz",
             "mobile": "+77011112233"},
            {"full_name": "Қуанышева Өмірзая Сейітқызы", "email": "o.kuanysheva@prokuror.kz",
             "mobile": "+77052223344"},
            {"full_name": "Үсенов Ұлан", "email": "u.usenov@prokuror.kz", "mobile": "+77473334455",
             "organisation": "Құқықтық статистика және арнайы есепке алу комитеті"},
            {"full_name": "Һашимова Іңкәр Ерболқызы", "email": "i.hashimova@prokuror.kz",
             "mobile": "+77784445566"},
        ],
        "signatory_position": "Бас прокурордың орынбасары",
        "signatory_name": "Тұрсынов Марат Қайратұлы",
    },
)

S001_APP2 = FormSchema(
    code=FormCode.S001_APP2,
    title="Хабарлама (таратуға тыйым салынған ақпарат туралы)",
    citation="№ 409 бұйрықпен бекітілген Қағидалардың 8, 9-тармақтары, 2-қосымша",
    source="seed 001 (Order 409, 27.09.2022), p. 8–9, Appendix 2",
    keys=(
        Key("authorised_body_name", STR, True, "name of the authorised body the notification is sent to"),
        Key("violation_type", STR, True, "1. type of violation"),
        Key("legal_norm", STR, True, "2. norm of the legislative act violated"),
        Key("facts", LIST, True, "3. numbered facts, one row per fact, each with only its own data", row=(
            Key("resource", STR, True, "IP address and/or domain name and/or identifier of the resource / page"),
            Key("protocol", STR, False, "type of data-network protocol used by this resource (e.g. HTTPS), not the report's others"),
            Key("mac", STR, False, "MAC address of the device"),
            Key("imei", STR, False, "IMEI of the device"),
        )),
        Key("lawfulness_confirmed", BOOL, True,
            "must be true: 'Осы хабарламада көрсетілген мәліметтердің заңдылығы мен негізділігін растаймын'"),
        *_signatory(),
    ),
    sample={
        "authorised_body_name": "Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Ақпарат комитеті",
        "violation_type": "Есірткі құралдарын насихаттау және оларды өткізу",
        "legal_norm": "«Бұқаралық ақпарат құралдары туралы» ҚР Заңының 20-бабы 2-тармағы; "
                      "«Есірткі, психотроптық заттар… туралы» ҚР Заңының 15-бабы",
        "facts": [
            {"resource": "https://qazaq-shop.example/kaz/zakaz", "protocol": "HTTPS"},
            {"resource": "185.12.44.17 (qazaq-shop.example)", "protocol": "HTTP"},
            {"resource": "https://t.me/example_qoima/118", "protocol": "MTProto"},
            {"resource": "Абоненттік құрылғы", "imei": "356938035643809"},
            {"resource": "Абоненттік құрылғы", "mac": "3C:5A:B4:01:22:9F"},
        ],
        "lawfulness_confirmed": True,
        "signatory_position": "Бас прокурордың орынбасары",
        "signatory_name": "Тұрсынов Марат Қайратұлы",
    },
)

S001_SWEEP = FormSchema(
    code=FormCode.S001_SWEEP,
    title="Белсенділік белгілері жоқ пайдаланушылардың есептік жазбаларының тізімі",
    citation="№ 409 бұйрықпен бекітілген Қағидалардың 6-тармағы",
    source="seed 001 (Order 409, 27.09.2022), p. 6 (half-yearly list of inactive accounts)",
    keys=(
        Key("period_label", STR, True, "the half-year, e.g. '2026 жылғы II жартыжылдық'"),
        Key("period_start", DATE, True, "first day of the half-year"),
        Key("period_end", DATE, True, "last day of the half-year"),
        Key("accounts", LIST, True, "one row per inactive account", row=(
            Key("username", STR, True, "login of the account in the information system"),
            Key("full_name", STR, True, "full name of the account holder"),
            Key("organisation", STR, True, "state body / organisation of the holder"),
            Key("last_activity", DATE, False, "date of the last sign of activity; empty = never"),
        )),
        Key("inactivity_days", INT, False, "threshold: no activity for this many days"),
        Key("note", TEXT, False, "free note printed under the table (e.g. what happens next)"),
        *_signatory(),
    ),
    sample={
        "period_label": "2026 жылғы II жартыжылдық",
        "period_start": "2026-07-01",
        "period_end": "2026-12-31",
        "inactivity_days": 180,
        "accounts": [
            {"username": "a.serikov", "full_name": "Серіков Әлихан Бақытұлы",
             "organisation": "ҚР Бас прокуратурасы", "last_activity": "2026-02-11"},
            {"username": "g.omarova", "full_name": "Омарова Гүлнұр Қанатқызы",
             "organisation": "ҚР Ішкі істер министрлігі", "last_activity": None},
            {"username": "n.ibraev", "full_name": "Ибраев Нұрсұлтан",
             "organisation": "ҚР Ұлттық қауіпсіздік комитеті", "last_activity": "2026-04-30"},
        ],
        "note": "Тізімге енгізілген есептік жазбалар өшірілмейді, тек бұғатталады; "
                "мемлекеттік орган тізімді жаңартқан кезде қалпына келтіріледі.",
        "signatory_position": "Ақпарат комитеті төрағасының орынбасары",
        "signatory_name": "Байжанова Әсел Маратқызы",
    },
)

# --------------------------------------------------------------------------- seed 002
S002_REFUSAL = FormSchema(
    code=FormCode.S002_REFUSAL,
    title="Мемлекеттік қызметті көрсетуден бас тарту туралы дәлелді жауап",
    citation="№ 58 бұйрық, қызмет стандарты, 5 және 9-т.",
    source="seed 002 (Order 58, 2016, ed. 19.03.2024), standard rows 5 (result) and 9 (refusal grounds)",
    keys=(
        Key("applicant_name", STR, True, "full name of the service recipient"),
        Key("applicant_iin", STR, True, "IIN of the service recipient (12 digits)", validator="validate_iin"),
        Key("phone", STR, True, "subscriber number the request was about (+77XXXXXXXXX)"),
        Key("request_number", STR, True, "number of the electronic request"),
        Key("request_at", DATETIME, True, "when the request was made"),
        Key("ground", CHOICE, True,
            "refusal ground of the standard, row 9: 'registry_mismatch' (1: data do not match the "
            "ID-document / identification-number registers) or 'no_consent' (2: no consent to "
            "access restricted personal data, Law on Personal Data Art. 8)",
            choices=("registry_mismatch", "no_consent")),
        Key("reasoning", TEXT, True, "the facts behind the ground (what did not match / what was refused)"),
        Key("channel", CHOICE, False, "'portal', 'egov_mobile' or 'bank_app'",
            choices=("portal", "egov_mobile", "bank_app")),
        *_signatory(),
    ),
    sample={
        "applicant_name": "Нұрланова Айгерім Серікқызы",
        "applicant_iin": "900515400123",
        "phone": "+77021234567",
        "request_number": "KZ-EGOV-2026-11-0045871",
        "request_at": "2026-11-23T10:42:00+05:00",
        "ground": "registry_mismatch",
        "reasoning": "Сұрау салуда көрсетілген жеке куәлік нөмірі (№ 045112233) «Жеке басты "
                     "куәландыратын құжаттар» дерекқорындағы мәліметтерге сәйкес келмейді: құжат "
                     "2025 жылғы 14 наурызда жарамсыз деп танылған.",
        "channel": "portal",
        "signatory_position": "«Азаматтарға арналған үкімет» МК» КЕАҚ бөлім басшысы",
        "signatory_name": "Ахметова Дана Болатқызы",
    },
)

S002_COMPLAINT_DECISION = FormSchema(
    code=FormCode.S002_COMPLAINT_DECISION,
    title="Шағымды қарау нәтижесі бойынша шешім",
    citation="№ 58 бұйрық, 10-т.; «Мемлекеттік көрсетілетін қызметтер туралы» Заң, 25-б. 2-т.",
    source="seed 002 (Order 58, 2016, ed. 19.03.2024), p. 10; Law on Public Services Art. 25 p. 2",
    keys=(
        Key("complainant_name", STR, True, "full name of the complainant"),
        Key("complainant_iin", STR, False, "IIN of the complainant"),
        Key("complaint_number", STR, True,
            "registration number of the complaint where its review term runs: the provider's (5 working "
            "days) or the service-quality authority's own (15 working days, p. 10 para 6)"),
        Key("complaint_received", DATE, True, "day the complaint arrived"),
        Key("complaint_registered", DATE, True,
            "day of that registration: the review term runs from it (p. 10 para 5–6)"),
        Key("review_due", DATE, False, "last day of the review term as the system computed it"),
        Key("reviewing_body", CHOICE, True,
            "'provider' (5 working days, Law Art. 25 p. 2) or 'quality_body' (15 working days)",
            choices=("provider", "quality_body")),
        Key("complaint_summary", TEXT, True, "what the complainant asked for"),
        Key("decision", CHOICE, True, "'satisfied', 'partially_satisfied' or 'rejected'",
            choices=("satisfied", "partially_satisfied", "rejected")),
        Key("reasoning", TEXT, True, "grounds of the decision"),
        Key("measures", TEXT, False, "measures taken to restore the complainant's rights"),
        Key("contested_decision", STR, False, "the contested refusal / action (its number and date)"),
        *_signatory(),
    ),
    sample={
        "complainant_name": "Нұрланова Айгерім Серікқызы",
        "complainant_iin": "900515400123",
        "complaint_number": "ЖТ-2026/01874",
        "complaint_received": "2026-11-16",
        "complaint_registered": "2026-11-16",
        "review_due": "2026-11-23",
        "reviewing_body": "provider",
        "complaint_summary": "Өтініш беруші абоненттік нөмірді «электрондық үкімет» порталының "
                             "есептік жазбасына қосудан бас тарту негізсіз деп санайды.",
        "contested_decision": "2026 жылғы 12 қарашадағы № 04-12/2026/000311 бас тарту",
        "decision": "satisfied",
        "reasoning": "Жеке куәліктің жаңа нөмірі дерекқорға 2026 жылғы 13 қарашада енгізілген; "
                     "бас тарту сәтінде дерекқор жаңартылмаған болған.",
        "measures": "Абоненттік нөмір 2026 жылғы 18 қарашада есептік жазбаға қосылды.",
        "signatory_position": "«Азаматтарға арналған үкімет» МК» КЕАҚ директорының орынбасары",
        "signatory_name": "Оспанов Бауыржан Есенұлы",
    },
)

FORM_SCHEMAS: dict[str, FormSchema] = {
    s.code: s for s in (
        S000_DEMAND, S001_APP1, S001_APP2, S001_SWEEP, S002_REFUSAL, S002_COMPLAINT_DECISION,
        S004_APP1, S004_APP2, S004_APP3, S004_RESTRICTION, S004_LIFTING,
    )
}


# --------------------------------------------------------------------------- validation
def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, dict)) and not value)


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def parse_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _check_date(key: Key, value) -> None:
    parse_date(value)


def _check_datetime(key: Key, value) -> None:
    parse_datetime(value)


def _check_int(key: Key, value) -> None:
    if isinstance(value, bool) or not re.fullmatch(r"-?\d+", str(value).strip()):
        raise ValueError


def _check_bool(key: Key, value) -> None:
    if not isinstance(value, bool):
        raise ValueError


def _check_choice(key: Key, value) -> str | None:
    if str(value) not in key.choices:
        return _("Must be one of: %(choices)s.") % {"choices": ", ".join(key.choices)}
    return None


def _check_text(key: Key, value) -> str | None:
    if not isinstance(value, (str, int)):
        raise ValueError
    if not key.validator:
        return None
    from django.core.exceptions import ValidationError

    from registries import validators

    try:
        getattr(validators, key.validator)(str(value))
    except ValidationError as exc:
        return " ".join(str(m) for m in exc.messages)
    return None


#: One check per value type: raises ValueError / TypeError for a malformed value (the type's
#: message below), or returns its own message.
_CHECKS = {
    DATE: _check_date, DATETIME: _check_datetime, INT: _check_int, BOOL: _check_bool,
    CHOICE: _check_choice, STR: _check_text, TEXT: _check_text,
}


def _format_message(type_: str) -> str:
    messages = {
        DATE: _("Enter a date as YYYY-MM-DD."),
        DATETIME: _("Enter a date and time as YYYY-MM-DDTHH:MM."),
        INT: _("Enter a whole number."),
        BOOL: _("Enter true or false."),
    }
    return messages.get(type_, _("Enter text."))


def _check_value(key: Key, value, path: str, errors: dict) -> None:
    check = _CHECKS.get(key.type)
    if check is None:
        return
    try:
        message = check(key, value)
    except (ValueError, TypeError):
        message = _format_message(key.type)
    if message:
        errors[path] = message


def _walk(keys, data, prefix: str, missing: list, errors: dict) -> None:
    if not isinstance(data, dict):
        errors[prefix.rstrip(".") or "data"] = _("Expected an object.")
        return
    for key in keys:
        path = f"{prefix}{key.name}"
        value = data.get(key.name)
        if _is_blank(value):
            if key.required and key.default is None:
                missing.append(path)
            continue
        if key.type == LIST:
            if not isinstance(value, list):
                errors[path] = _("Expected a list of rows.")
                continue
            for index, row in enumerate(value):
                _walk(key.row, row, f"{path}[{index}].", missing, errors)
        else:
            _check_value(key, value, path, errors)


def check_data(form_code: str, data: dict) -> tuple[list[str], dict[str, str]]:
    """Return (missing required keys, {key: message} for malformed values).

    Paths name list rows as ``devices[1].imei``. Extra keys are ignored.
    """
    schema = FORM_SCHEMAS[form_code]
    missing: list[str] = []
    errors: dict[str, str] = {}
    _walk(schema.keys, data or {}, "", missing, errors)
    if form_code == FormCode.S001_APP2 and (data or {}).get("lawfulness_confirmed") is False:
        missing.append("lawfulness_confirmed")
    return missing, errors


def value_or_default(schema: FormSchema, data: dict, name: str):
    value = data.get(name)
    if _is_blank(value):
        return schema.key(name).default
    return value
