"""Typography of every letter (forms_kz.forms.base is shared by all forms): each form code is
rendered with its sample data (``render_form CODE --sample``), issued (register number, QR code)
and addressed to the person or body its data name, and its text is checked for: a double full
stop after an abbreviated clause ("8-т.."), a name printed twice in the address block, "№" torn
from its number at a line end, a page that holds only the QR code, a stutter ("сотқа сотқа"), a
date in the wrong case before "келіп түскен". Seed 002's fixed wording is checked verbatim."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from forms_kz.codes import FormCode
from forms_kz.forms import RENDERERS, render, s002
from forms_kz.forms.base import header
from forms_kz.schemas import FORM_SCHEMAS

ALMATY = ZoneInfo("Asia/Almaty")
ISSUED = datetime(2026, 11, 24, 11, 30, tzinfo=ALMATY)
NAME_KEYS = ("addressee_name", "applicant_name", "complainant_name", "operator_name", "platform_name", "recipient_name")
FOOTER = re.compile(r"^\s*(\d+ / \d+|№\s*\S+)\s*$")
VERIFICATION = ("Құжаттың түпнұсқалығын тексеру", "https://verify.example.kz/", "Тіркеу нөмірі:")


def addressee_of(data: dict) -> str:
    for key in NAME_KEYS:
        if isinstance(data.get(key), str) and data[key].strip():
            return data[key]
    return "Қазақстан Республикасы Ақпарат және қоғамдық даму министрлігі"


def ctx_for(code: str, data: dict, **overrides) -> dict:
    ctx = {
        "draft": False,
        "register_number": "04-12/2026/000123",
        "issued_at": ISSUED,
        "issuer_name": "Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Ақпарат комитеті",
        "addressee": addressee_of(data),
        "signatory_position": data.get("signatory_position") or FORM_SCHEMAS[code].key("signatory_position").default or "",
        "signatory_name": data.get("signatory_name", ""),
        "verification_url": "https://verify.example.kz/v/3f0c2a9e7b5d4c1a",
    }
    ctx.update(overrides)
    return ctx


def pages_of(code: str, data: dict, **ctx) -> list[str]:
    pdf = render(code, data, ctx_for(code, data, **ctx))
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


CODES = [str(code) for code in FormCode]


@pytest.fixture(scope="module", params=CODES)
def rendered(request):
    code = request.param
    data = FORM_SCHEMAS[code].sample
    return code, data, pages_of(code, data)


def test_no_double_full_stop_after_an_abbreviation(rendered):
    code, _data, pages = rendered
    for text in pages:
        assert not re.search(r"(?<!\.)\.\.(?!\.)", flat(text)), (code, re.findall(r".{30}\.\.(?!\.)", flat(text)))


def test_no_stutter(rendered):
    """No word printed twice in a row ("сотқа сотқа")."""
    code, _data, pages = rendered
    for text in pages:
        repeated = re.findall(r"(?<!\w)(\w{3,})\s+\1(?!\w)", flat(text), flags=re.IGNORECASE)
        assert not [word for word in repeated if not word.isdigit()], (code, repeated)


def test_numero_is_never_torn_from_its_number(rendered):
    """A line never ends with "№" whose number went to the next line (a table's "№" column
    heading stands alone and is no such line)."""
    code, _data, pages = rendered
    for text in pages:
        for line in text.splitlines():
            assert line.strip() == "№" or not line.rstrip().endswith("№"), (code, line)


def test_no_page_holds_only_the_qr_code(rendered):
    code, _data, pages = rendered
    for number, text in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip() and not FOOTER.match(line)]
        body = [line for line in lines if not any(mark in line for mark in VERIFICATION)
                and not re.fullmatch(r"[\w/-]*;?\s*\d\d\.\d\d\.\d{4}", line.strip())]
        assert body, f"{code}: page {number} holds only the verification block"


def test_the_addressee_is_printed_once_in_the_address_block(rendered):
    """The address block (the right column of the letter's head) names nobody twice."""
    code, data, _pages = rendered
    story, _title = RENDERERS[code](data, ctx_for(code, data))
    heads = [flowable for flowable in story[:3] if getattr(flowable, "_cellvalues", None)]
    if not heads:
        pytest.skip(f"{code} has no address block")
    right = heads[0]._cellvalues[0][-1]
    lines = [" ".join(p.getPlainText().split()).casefold() for p in (right if isinstance(right, list) else [right])]
    lines = [line for line in lines if line]
    assert len(lines) == len(set(lines)), (code, lines)
    for index, line in enumerate(lines):
        others = lines[:index] + lines[index + 1:]
        assert not any(len(line) > 8 and line in other for other in others), (code, lines)


def test_header_drops_a_line_that_repeats_another():
    table = header({"issuer_name": "X", "register_number": "1"},
                   ["<b>Нұрланова Айгерім Серікқызы</b>", "ЖСН: 900515400123", "Нұрланова Айгерім Серікқызы"])[0]
    right = table._cellvalues[0][1]
    assert [p.getPlainText() for p in right] == ["Нұрланова Айгерім Серікқызы", "ЖСН: 900515400123"]


def test_a_long_final_paragraph_does_not_leave_the_qr_code_alone():
    """The signature and the verification block move together with the text before them."""
    code = FormCode.S002_COMPLAINT_DECISION
    data = dict(FORM_SCHEMAS[code].sample)
    for lines in range(1, 40):
        data["reasoning"] = "\n\n".join(["Шешімнің негіздемесінің мәтіні, бірнеше жолға созылады."] * lines)
        pages = pages_of(code, data)
        last = [line for line in pages[-1].splitlines() if line.strip() and not FOOTER.match(line)]
        assert any("Шешімнің негіздемесінің" in line or "тәртіппен" in line or "қолы" in line for line in last), lines


# --- seed 002: the fixed wording, verbatim -----------------------------------------------------

COURT = "Егер заңда өзгеше көзделмесе, сотқа жүгінуге сотқа дейінгі тәртіппен шағым жасалғаннан кейін жол беріледі."


def test_s002_refusal_keeps_the_acts_wording():
    """Rules p. 10, last paragraph: "Егер заңда өзгеше көзделмесе, сотқа жүгінуге сотқа дейінгі
    тәртіппен шағым жасалғаннан кейін жол беріледі." (no "сотқа сотқа")."""
    data = FORM_SCHEMAS[FormCode.S002_REFUSAL].sample
    text = flat(" ".join(pages_of(FormCode.S002_REFUSAL, data)))
    assert COURT in text
    assert "Мемлекеттік қызметті көрсетуден бас тарту туралы дәлелді жауап" in text
    assert flat(s002.SERVICE) in text
    assert flat(s002.GROUNDS["registry_mismatch"][1]) in text


@pytest.mark.parametrize(("body", "wording"), [
    ("provider", "«Мемлекеттік көрсетілетін қызметтер туралы» Қазақстан Республикасы Заңның 25-бабының 2-тармағына "
                 "сәйкес көрсетілетін қызметті берушіге келіп түскен шағым оны тіркеген күннен бастап 5 (бес) жұмыс "
                 "күні ішінде қаралуға жатады"),
    ("quality_body", "мемлекеттік қызметтер көрсету сапасын бағалау және бақылау жөніндегі уәкілетті органның атына "
                     "келіп түскен шағым оны тіркелген күннен бастап 15 (он бес) жұмыс күні ішінде қаралуға жатады"),
])
def test_s002_decision_keeps_the_acts_wording(body, wording):
    """Rules p. 10 para 5 and 6 as the act words them, the dates in the locative ("… 16 қарашада
    келіп түскен"), the last paragraph verbatim."""
    data = {**FORM_SCHEMAS[FormCode.S002_COMPLAINT_DECISION].sample, "reviewing_body": body, "review_due": "2026-12-07"}
    text = flat(" ".join(pages_of(FormCode.S002_COMPLAINT_DECISION, data)))
    assert wording in text
    assert "2026 жылғы 16 қарашада келіп түскен" in text
    assert "(мерзімнің соңғы күні – 07.12.2026)." in text
    assert COURT in text
    assert "қарашадағы келіп түскен" not in text


def test_an_abbreviated_clause_at_a_sentence_end_keeps_one_full_stop():
    """The form adds the sentence's full stop after a value that ends with an abbreviation
    ("… 9-т."): one full stop is printed, an ellipsis stays."""
    data = {**FORM_SCHEMAS[FormCode.S002_COMPLAINT_DECISION].sample,
            "contested_decision": "№ 58 бұйрықпен бекітілген Қағидалар, 9-т."}
    text = flat(" ".join(pages_of(FormCode.S002_COMPLAINT_DECISION, data)))
    assert "Шағым жасалған шешім (әрекет): № 58 бұйрықпен бекітілген Қағидалар, 9-т. " in text
    assert "9-т.." not in text
    from forms_kz.forms.base import typeset

    assert typeset("күтілуде...") == "күтілуде..."
