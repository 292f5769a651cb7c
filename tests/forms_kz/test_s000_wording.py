"""Seed 000 (Order № 546/НҚ), the Appendix to the Rules — the form of the demand — keeps the act's
fixed wording with only its blanks filled, in both of its variants ("тоқтата тұру/қалпына келтіру"):

    ТАЛАП ұялы байланыстың абоненттік құрылғылары жұмысының сәйкестендіру кодтары бойынша
    байланыс қызметтерін көрсетуді міндетті тоқтата тұру/қалпына келтіру туралы
    Қазақстан Республикасының Қылмыстық-атқару кодексінің 97-бабының 9-тармағының 3) тармақшасына,
    "Хабарласу туралы" Қазақстан Республикасы Заңының 15-1-бабының 1-тармағының 1-6) тармақшаларына
    сәйкес ұялы байланыстың абоненттік құрылғыларының қызметін көрсету жұмысын сәйкестендіру коды
    және телефон нөмірі бойынша тоқтата тұруды/қалпына келтіруді сұраймын:
    (Сәйкестендіру кодының нөмірі және телефон нөмірі)
    Байланыс қызметтерін тоқтата тұру/қалпына келтіру туралы осы талапты алған сәттен бастап
    24 сағат ішінде хабарлауды сұраймыз.
    Басшы ____/ тегі, аты, әкесінің аты (бар болса)/ (қолы)

"Хабарласу туралы" names the Law on Communications, whose Kazakh title is "Байланыс туралы": the
form prints the law's own title (a clarification listed in docs/ with the act's words)."""

from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from forms_kz.forms import render
from forms_kz.schemas import FORM_SCHEMAS

CTX = {
    "draft": False, "register_number": "007-ШХ/2026/000002",
    "issued_at": datetime(2026, 11, 24, 5, 30, tzinfo=UTC),
    "issuer_name": "ҚР ІІМ Қылмыстық-атқару жүйесі комитеті",
    "addressee": "Сәйкестендіру кодтарының дерекқоры операторы (ҰАТ)",
    "verification_url": "https://compliance.example.kz/verify/tok/",
    # the head of the authority signs; his title in the register is not the form's fixed word
    "signatory_position": "Төраға", "signatory_name": "Сейітов Марат Әділбекұлы",
}
BASIS = ("Қазақстан Республикасының Қылмыстық-атқару кодексінің 97-бабының 9-тармағының 3) тармақшасына, "
         "«Байланыс туралы» Қазақстан Республикасы Заңының 15-1-бабының 1-тармағының 1-6) тармақшаларына "
         "сәйкес ұялы байланыстың абоненттік құрылғыларының қызметін көрсету жұмысын сәйкестендіру коды "
         "және телефон нөмірі бойынша")
TITLE = ("ұялы байланыстың абоненттік құрылғылары жұмысының сәйкестендіру кодтары бойынша байланыс "
         "қызметтерін көрсетуді міндетті")
FIXED = {
    "suspend": [
        "ТАЛАП", f"{TITLE} тоқтата тұру туралы", f"{BASIS} тоқтата тұруды сұраймын:",
        "Байланыс қызметтерін тоқтата тұру туралы осы талапты алған сәттен бастап 24 сағат ішінде хабарлауды сұраймыз",
    ],
    "restore": [
        "ТАЛАП", f"{TITLE} қалпына келтіру туралы", f"{BASIS} қалпына келтіруді сұраймын:",
        "Байланыс қызметтерін қалпына келтіру туралы осы талапты алған сәттен бастап 24 сағат ішінде хабарлауды сұраймыз",
    ],
}
SIGNATURE = ["Басшы", "(қолы)", "тегі, аты, әкесінің аты (бар болса)", "Сейітов Марат Әділбекұлы"]


def flat_text(kind: str, **changes) -> str:
    data = {**FORM_SCHEMAS["s000-demand"].sample, "kind": kind, **changes}
    pages = [page.extract_text() for page in PdfReader(BytesIO(render("s000-demand", data, CTX))).pages]
    return " ".join(" ".join(pages).split())


@pytest.mark.parametrize("kind", ["suspend", "restore"])
def test_each_variant_keeps_the_fixed_wording_of_the_appendix(kind):
    text = flat_text(kind)
    for phrase in FIXED[kind] + SIGNATURE:
        assert phrase in text, (kind, phrase)


@pytest.mark.parametrize("kind", ["suspend", "restore"])
def test_the_signature_word_is_the_acts_and_no_name_is_printed_twice(kind):
    """"Басшы ____/ тегі, аты, әкесінің аты (бар болса)/" — the head signs, under the act's word,
    whatever title the register gives him."""
    text = flat_text(kind)
    assert "Төраға" not in text and "(лауазым)" not in text
    assert text.count("Сейітов Марат Әділбекұлы") == 1
    assert text.count(CTX["addressee"]) == 1 and text.count(CTX["issuer_name"]) == 1


def test_the_number_sign_stays_with_its_number():
    """Every register number is printed on one line with its "№"."""
    raw = " ".join(page.extract_text() for page in PdfReader(BytesIO(
        render("s000-demand", FORM_SCHEMAS["s000-demand"].sample, CTX))).pages)
    number = CTX["register_number"]
    places = [i for i in range(len(raw)) if raw.startswith(number, i)]
    assert places
    assert all(raw[i - 2:i] == "№ " or raw[i - 15:i] == "Тіркеу нөмірі: " for i in places), raw


def test_the_other_variants_words_are_not_printed():
    assert "тоқтата тұру" not in flat_text("restore")
    assert "қалпына келтіру" not in flat_text("suspend")
