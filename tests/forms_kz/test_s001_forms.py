"""Seed 001 Appendices 1 and 2 as printed: the act's fixed words verbatim (only the blanks filled)
and, in Appendix 2 item 3, each fact with its own protocol type."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from cases.steps import take_step
from forms_kz.codes import FormCode
from forms_kz.forms import render
from forms_kz.models import OutgoingLetter
from forms_kz.schemas import S001_APP1, S001_APP2
from tests.cases.violations.factories import complete_report, list_demo_reporters

RULES = (
    '"Байланыс туралы" Қазақстан Республикасы Заңының 41-1-бабының 1-1-тармағына сәйкес бекітілген '
    "Телекоммуникациялар желілерінде Қазақстан Республикасы заңнамасының талаптарын сақтау мәселелері "
    "бойынша мемлекеттік органдардың өзара іс-қимыл жасасу қағидаларына сәйкес,"
)
#: Appendix 1, word for word (seed 001).
APPENDIX_1 = (
    "(Уәкілетті органның атауы)",
    "Хабарлама",
    RULES + " телекоммуникация желілерінде таратылатын бұзушылықтарды анықтау және есепке алуды жүргізу және "
    "ақпараттық жүйеге құқыққа қарсы контенті бар интернет-ресурстар мен сілтемелерді енгізу құзыретіне кіретін "
    "қызметкерлер туралы мәліметтерді жібереміз.",
    "№ р/с",
    "Тегі, аты, әкесінің аты (болған жағдайда)",
    "Жұмыс электрондық поштасы",
    "Ұялы телефон",
    "Уәкілетті лауазымды адам",
    "болған жағдайда",
)
#: Appendix 2, word for word (seed 001).
APPENDIX_2 = (
    "(Уәкілетті органның атауы)",
    "Хабарлама",
    RULES + " Қазақстан Республикасының заңдарымен және (немесе) заңды күшіне енген сот шешімдерімен таратуға "
    "тыйым салынған ақпарат туралы мәліметтерді жібереміз.",
    "1. Бұзушылық түрі",
    "2. Қазақстан Республикасының заңнамалық актісінің нормасы",
    "3. Қазақстан Республикасының заңнамасын бұзушылықтардың анықталған фактілерінің тізбесі (деректерді беру "
    "желісіндегі мекенжайлар, (IP-мекенжай) және (немесе) интернет-ресурстың және (немесе) оның "
    "интернет-парақшасының домендік аты және (немесе) сәйкестендіргіші көрсетіледі), интернет-ресурс пайдаланатын "
    "деректерді беру желісі хаттамасының типі, абоненттік құрылғының сәйкестендіру кодтары (MAC-құрылғы мекенжайы, "
    "IMEI-байланыс құралының коды):",
    "Осы хабарламада көрсетілген мәліметтердің заңдылығы мен негізділігін растаймын.",
    "Уәкілетті лауазымды адам",
    "болған жағдайда",
)


def text_of(pdf: bytes) -> str:
    """The PDF's text on one line: whitespace collapsed, typographic quotes as the act's plain ones."""
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text.replace("«", '"').replace("»", '"'))


def lines_of(pdf: bytes) -> list[str]:
    return [line for page in PdfReader(BytesIO(pdf)).pages for line in page.extract_text().splitlines()]


CTX = {"draft": False, "register_number": "01-01/7", "issuer_name": "Бас прокуратура",
       "signatory_position": "Бас прокурордың орынбасары", "signatory_name": "Тұрсынов Марат Қайратұлы"}


@pytest.mark.parametrize(("code", "sample", "phrases"), [
    (FormCode.S001_APP1, S001_APP1.sample, APPENDIX_1),
    (FormCode.S001_APP2, S001_APP2.sample, APPENDIX_2),
])
def test_fixed_phrases_of_the_appendices_verbatim(code, sample, phrases):
    """Seed 001 Appendices 1–2: the form's own words stay as the act has them; only blanks are filled."""
    text = text_of(render(code, sample, CTX))
    for phrase in phrases:
        assert phrase in text, phrase


def test_no_double_full_stop_after_an_abbreviated_clause():
    data = dict(S001_APP2.sample, legal_norm="«Масс-медиа туралы» ҚР Заңы, 2-бап, 3-т.", violation_type="Басқа.")
    text = text_of(render(FormCode.S001_APP2, data, CTX))
    assert "3-т.." not in text and "Басқа.." not in text and "3-т." in text


@pytest.mark.django_db
def test_appendix_2_prints_each_fact_with_its_own_protocol(demo):
    """Seed 001 Appendix 2 item 3: "… интернет-ресурс пайдаланатын деректерді беру желісі хаттамасының
    типі …" — the protocol type of *that* resource: an IP line never carries the protocols of the
    report's other facts ("HTTPS, HTTP" on an IP line was printed before)."""
    list_demo_reporters(demo)
    report = complete_report(
        demo,
        facts=(("url", "https://qazaq-shop.example.kz/kaz"), ("domain", "qazaq-shop.example.kz", "http"),
               ("ip", "185.12.44.17"), ("imei", "356938035643809")),
        channel="letter", signatory_position="Бас прокурордың орынбасары", signatory_name="Тұрсынов Марат Қайратұлы",
    )
    take_step(report, "submit", demo["users"]["prosecutor_reporter"])
    letter = OutgoingLetter.objects.for_case(report).get()
    with letter.pdf.open("rb") as handle:
        lines = lines_of(handle.read())
    by_value = {key: next(line for line in lines if key in line) for key in
                ("https://qazaq-shop.example.kz/kaz", "2) qazaq-shop.example.kz", "185.12.44.17", "356938035643809")}
    assert by_value["https://qazaq-shop.example.kz/kaz"].endswith("хаттама типі: HTTPS;")
    assert by_value["2) qazaq-shop.example.kz"].endswith("хаттама типі: HTTP;")
    assert "хаттама" not in by_value["185.12.44.17"] and "HTTP" not in by_value["185.12.44.17"]
    assert "хаттама" not in by_value["356938035643809"]
