"""Every form renders from its schema sample; Kazakh letters survive; long tables paginate
with a repeated header and "N / M" on every page; the command renders any form."""

import copy
from datetime import UTC, datetime
from io import BytesIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from forms_kz.forms import RENDERERS, render
from forms_kz.schemas import FORM_SCHEMAS, check_data

KAZAKH_LETTERS = "Ә ә Ғ ғ Қ қ Ң ң Ө ө Ұ ұ Ү ү Һ һ І і"
CTX = {
    "draft": False, "register_number": "001-ШХ/2026/000042",
    "issued_at": datetime(2026, 11, 24, 5, 30, tzinfo=UTC), "issuer_name": "Ақпарат комитеті",
    "addressee": "«Kcell» АҚ", "verification_url": "https://compliance.example.kz/verify/tok/",
    "signatory_position": "Төраға", "signatory_name": "Серікбаев Ерлан Асқарұлы",
}


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


def test_every_code_has_schema_renderer_and_valid_sample():
    assert set(FORM_SCHEMAS) == set(RENDERERS) == {
        "s000-demand", "s001-app1", "s001-app2", "s001-sweep", "s002-refusal", "s002-complaint-decision",
        "s004-app1", "s004-app2", "s004-app3", "s004-restriction", "s004-lifting",
    }
    for code, schema in FORM_SCHEMAS.items():
        assert check_data(code, schema.sample) == ([], {}), code
        assert "signatory_name" in schema.required


@pytest.mark.parametrize("code", sorted(FORM_SCHEMAS))
def test_each_form_renders_its_sample_with_its_wording(code):
    text = "\n".join(pages_text(render(code, FORM_SCHEMAS[code].sample, CTX)))
    expected = {
        "s000-demand": ["ТАЛАП", "356938035643809", "+77012345678", "24 сағат ішінде хабарлауды сұраймыз",
                        "97-бабының", "15-1-бабының"],
        "s001-app1": ["Хабарлама", "Жұмыс электрондық", "Һашимова Іңкәр", "Уәкілетті лауазымды адам"],
        "s001-app2": ["Бұзушылық түрі", "MTProto", "заңдылығы мен негізділігін растаймын"],
        "s001-sweep": ["2026 жылғы II жартыжылдық", "g.omarova", "жоқ"],
        "s002-refusal": ["дәлелді жауап", "9-тармағының 1) тармақшасына", "KZ-EGOV-2026-11-0045871"],
        "s002-complaint-decision": ["Шағым қанағаттандырылсын", "5 (бес) жұмыс күні", "ЖТ-2026/01874"],
        "s004-app1": ["Example Video Ltd.", "legal@example-video.com", "Qx81kLz",
                      "бұзылушылықтар бар экран түсірілімдер", "Қосымша. 2-экран түсірілімі"],
        "s004-app2": ["9-бабының 1-тармағына", "алты сағат ішінде", "Example Video Ltd."],
        "s004-app3": ["Нұсқамалар береді", "04-12/2026/000087", "02.03.2026", "Кбит/с", "10 тәулік",
                      "Мемлекеттік техникалық", "Талдау және ақпарат"],
        "s004-restriction": ["Нұсқама береді", "41-1-бабының 1-1-тармағын", "байланыс операторлары",
                             "04-12/2026/000031", "Qx81kLz", "қол жеткізуді шектеу"],
        "s004-lifting": ["Нұсқама береді", "Мемлекеттік техникалық", "Талдау және ақпарат", "04-12/2026/000087",
                         "04-12/2026/000140", "«Example Video KZ» ЖШС", "дереу алып тастасын"],
    }[code]
    flat = " ".join(text.split())
    for fragment in expected:
        assert fragment in flat, (code, fragment)
    # Appendix 1 appends one page per screenshot after its two pages of letter
    assert "1 / 1" in flat or "/ 2" in flat or (code == "s004-app1" and "4 / 4" in flat)
    assert "001-ШХ/2026/000042" in flat


def test_s000_restore_wording():
    data = {**FORM_SCHEMAS["s000-demand"].sample, "kind": "restore"}
    flat = " ".join("".join(pages_text(render("s000-demand", data, CTX))).split())
    assert "қалпына келтіруді сұраймын" in flat and "тоқтата тұруды сұраймын" not in flat


def test_all_eighteen_kazakh_letters_extract_intact():
    data = copy.deepcopy(FORM_SCHEMAS["s004-app1"].sample)
    data["violation_type"] = KAZAKH_LETTERS
    text = "".join(pages_text(render("s004-app1", data, CTX)))
    for letter in KAZAKH_LETTERS.split():
        assert letter in text, letter


def test_user_markup_is_printed_not_interpreted():
    data = {**FORM_SCHEMAS["s004-app2"].sample, "platform_name": "<b>Evil & Co</b>"}
    flat = "".join(pages_text(render("s004-app2", data, CTX)))
    assert "<b>Evil & Co</b>" in flat


def test_500_person_staff_list_paginates_with_repeated_header():
    data = copy.deepcopy(FORM_SCHEMAS["s001-app1"].sample)
    data["staff"] = [
        {"full_name": f"Қызметкер Әлібек {i:03d}", "email": f"staff{i:03d}@prokuror.kz", "mobile": f"+7701{i:07d}"}
        for i in range(1, 501)
    ]
    pages = pages_text(render("s001-app1", data, CTX))
    total = len(pages)
    assert total > 5
    for number, text in enumerate(pages, 1):
        flat = " ".join(text.split())
        assert f"{number} / {total}" in flat
        if "@prokuror.kz" in flat:  # every page the table runs on repeats its header
            assert "Жұмыс электрондық поштасы" in flat, number
    assert sum("@prokuror.kz" in t for t in pages) > 5
    everything = " ".join(" ".join(pages).split())
    assert "staff001@prokuror.kz" in everything and "staff500@prokuror.kz" in everything


def test_20_regions_by_4_periods_throttle_table():
    data = copy.deepcopy(FORM_SCHEMAS["s004-app3"].sample)
    periods = ["00:00–06:00", "06:00–12:00", "12:00–18:00", "18:00–24:00"]
    data["limits"] = [
        {"regional_object": f"Өңірлік объект № {r:02d}", "limit_kbps": 100000 + r * 10 + p, "period": periods[p]}
        for r in range(1, 21) for p in range(4)
    ]
    pages = pages_text(render("s004-app3", data, CTX))
    assert len(pages) > 1
    table_pages = [t for t in pages if "Өңірлік объект №" in t]
    assert len(table_pages) > 1
    for text in table_pages:
        assert "Кбит/с" in " ".join(text.split())
    everything = " ".join(" ".join(pages).split())
    assert "Өңірлік объект № 20" in everything and "100 203" in everything
    assert f"{len(pages)} / {len(pages)}" in everything


def test_render_form_command_writes_pdf(tmp_path):
    output = tmp_path / "out" / "s004-app3.pdf"
    call_command("render_form", "s004-app3", "--sample", "--output", str(output))
    content = output.read_bytes()
    assert content.startswith(b"%PDF")
    assert "ЖОБА" in pages_text(content)[0]


def test_render_form_command_unknown_code_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("render_form", "s999-nope", "--sample", "--output", str(tmp_path / "x.pdf"))
    assert exit_info.value.code == 2
    assert "Unknown form code" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
