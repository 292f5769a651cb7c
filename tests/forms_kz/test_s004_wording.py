"""Seed 004's Appendices 1–3 keep the act's fixed wording, only the blanks filled: the text of each
rendered form (pypdf) holds every fixed phrase of its appendix verbatim. Typographic variants of
the act's own text are normalised (its straight quotes "…" print as «…», an en dash inside a word
— "онлайн–платформа" — as a hyphen); nothing else is.

Clarifications kept where the form's own wording is ambiguous (listed in the report): "Заңның
66-бабы" after "(бұдан әрі – Заң)" defined the Law on Online Platforms prints "«Ақпараттандыру
туралы» Заңның 66-бабы" (seed 004 p. 6 defines that "Заң" as the Law on Informatisation).
"""

import copy
import re
from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from forms_kz.forms import render
from forms_kz.schemas import FORM_SCHEMAS

CTX = {
    "draft": False, "register_number": "04-12/2026/000412",
    "issued_at": datetime(2026, 11, 24, 5, 30, tzinfo=UTC), "issuer_name": "Ақпарат комитеті",
    "addressee": "Example Video Ltd.", "verification_url": "https://compliance.example.kz/verify/tok/",
    "signatory_position": "Ақпарат комитетінің төрағасы", "signatory_name": "Серікбаев Ерлан Асқарұлы",
}

COMMITTEE = (
    "Қазақстан Республикасының бұқаралық ақпарат құралдары саласындағы заңнамасы талаптарының сақталуын "
    "бақылау функцияларын орындайтын Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Ақпарат "
    "комитеті (бұдан әрі – Комитет)"
)
ART9 = (
    '"Онлайн-платформалар және онлайн-жарнама туралы" Қазақстан Республикасының Заңы (бұдан әрі – Заң) '
    "9-бабының 1-тармағына сәйкес онлайн-платформаларға бір ай ішіндегі орташа тәуліктік қолжетімділігі "
    "Қазақстан Республикасының аумағындағы бір жүз мыңнан астам пайдаланушыны құрайтын "
    "онлайн-платформалардың меншік иелері және (немесе) өзге де заңды өкілдері Қазақстан Республикасының "
    "аумағында қызметін жүзеге асыру үшін Қазақстан Республикасының Азаматтық кодексінде белгіленген "
    "талаптарға сәйкес уәкілетті органмен өзара іс-қимыл жасау жөніндегі өзінің заңды өкілін тағайындайды."
)
ART66_HEAD = "Шетелдік онлайн-платформа немесе жедел хабар алмасу сервисі"
ART66_TAIL = (
    "66-бабы 3-тармағының талаптарын орындамаған кезде уәкілетті орган қол жеткізуді шектеу түрінде "
    "олардың Қазақстан Республикасының аумағында қызметін шектеу жөнінде шаралар қабылдайды."
)
HOPE = "Біз өзара түсіністікке және ынтымақтастыққа үміт артамыз."

#: Appendix 1 (seed 004 p. 5): its fixed phrases, the blanks filled from the sample.
APP1 = [
    "Онлайн-платформа: Example Video Ltd.",
    "Мекенжайы: 1 Harbour Street, Limassol 3035, Cyprus.",
    "Тел: +357 25 000 000.",
    f'{COMMITTEE} "Example Video Ltd." онлайн-платформасында Қазақстан Республикасы заңнамасының '
    "нормаларының бұзылуына назар аударады.",
    "бұзушылық белгілері бар материалдар жариялаған.",
    '"Онлайн-платформалар және онлайн-жарнама туралы" Қазақстан Республикасының Заңы 1-бабының 10) '
    "тармақшасына сәйкес онлайн-платформа – қаржылық көрсетілетін қызметтер ұсынуға және электрондық "
    "коммерцияға арналған интернет-ресурсты",
    '"Бұқаралық ақпарат құралдары туралы" Заңның 1-бабының 4) және 5) тармақшаларына сәйкес интернет-ресурс '
    "бұқаралық ақпарат құралдарына жатады, ал онда орналастырылған ақпарат бұқаралық ақпарат құралының "
    "өнімі болып табылады.",
    "Осыған байланысты Комитет Қазақстан Республикасы заңнамасының бұзылуын жою және "
    '"qazaq_truth_2026" аккаунтында орналастырылған заңға қайшы материалдарды жою жөнінде шаралар қабылдау '
    "қажеттігіне назар аударады.",
    "Қабылданған шешім туралы ақпаратты электрондық пошта мекенжайына (monitoring@mki.gov.kz) немесе факс "
    "(+7 7172 74 00 01) арқылы жіберуіңізді сұраймыз.",
    HOPE,
    "Қосымша (сілтемелер және бұзылушылықтар бар экран түсірілімдер).",
]

#: Appendix 2 (seed 004 p. 6).
APP2 = [
    "Онлайн-платформа: Example Video Ltd.",
    f'{COMMITTEE} "Example Video Ltd." онлайн-платформасында Қазақстан Республикасы заңнамасы нормаларының '
    "бұзылуына назар аударады.",
    ART9,
    ART66_HEAD,
    ART66_TAIL,
    'Осылайша, қазіргі уақытта "Example Video Ltd." онлайн-платформасы Қазақстан Республикасының аумағында '
    "өз қызметін Заңның 9-бабының 1-тармағын бұза отырып жүзеге асыруда.",
    "Осыған байланысты Комитет Қазақстан Республикасы заңнамасының бұзылуын жою және",
    "заңға қайшы материалдарды жою жөнінде шаралар қабылдау қажеттігіне назар аударады.",
    "Қабылданған шешім туралы ақпаратты электрондық поштасы мекенжайына (monitoring@mki.gov.kz) немесе факс "
    "(+7 7172 74 00 01) арқылы жіберуіңізді сұраймыз.",
    "Уәкілетті орган осы хабарлама хатын алған кезден бастап алты сағат ішінде интернет-ресурс әкімшілігінің "
    "анықталған бұзушылықтарды жоймау фактілері бойынша интернет-ресурсқа қол жеткізуді шектеу туралы нұсқама "
    "шығарады.",
    HOPE,
]

#: Appendix 3 (seed 004 p. 9).
APP3 = [
    '"Мемлекеттік техникалық қызмет" акционерлік қоғамы',
    '"Талдау және ақпарат орталығы" шаруашылық жүргізу құқығындағы республикалық мемлекеттік кәсіпорын',
    ART9.replace("іс-қимыл", "іс-қимыл"),
    ART66_HEAD,
    ART66_TAIL,
    'жағдай бойынша бұрын "Example Video" онлайн-платформасының меншік иесінің атына (',
    "№ 04-12/2026/000087) хабарламаның жіберілгеніне қарамастан, Комитеттің мекенжайына "
    '"Example Video" онлайн-платформасының меншік иесінен бұқаралық ақпарат құралдары саласындағы уәкілетті '
    "органмен өзара іс-қимыл жасасу бойынша өзінің заңды өкілін айқындау туралы мәлімет келіп түспеді.",
    'Осылайша, қазіргі уақытта "Example Video" онлайн-платформасы Қазақстан Республикасының аумағында өз '
    "қызметін Заңның 9-бабының 1-тармағын бұза отырып жүзеге асыруда.",
    'Баяндалғанның негізінде, сондай-ақ "Байланыс туралы" Қазақстан Республикасының Заңы 41-1-бабының '
    "1-1-тармағын басшылыққа ала отырып, Комитет",
    "Нұсқамалар береді:",
    '1. "Мемлекеттік техникалық қызмет" акционерлік қоғамы мынадай мәндерге сәйкес Қазақстан Республикасы '
    "заңнамасының талаптарын бұза отырып, өз қызметін жүзеге асыратын",
    "трафигінің үшін ықтимал өткізу қабілеттілігінің жоғарғы шегінің мәнін белгілеу жөнінде дереу шаралар "
    "қабылдасын:",
    "Қазақстан Республикасының телекоммуникация желілерін орталықтандырылған басқару жүйесінің өңірлік объектісі",
    "Бір тәулік ішінде мәннің әрекет етуінің уақыт кезеңі",
    "2. Нұсқаманы орындау нәтижелері туралы оны алған кезден бастап 10 тәулік ішінде Комитетке хабарлау қажет.",
]


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


def normalised(text: str) -> str:
    text = re.sub(r"[«»“”]", '"', text)
    text = re.sub(r"(?<=\w)–(?=\w)", "-", text)
    return " ".join(text.split())


def rendered(code, **changes):
    data = copy.deepcopy(FORM_SCHEMAS[code].sample)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return pages(render(code, data, CTX))


@pytest.mark.parametrize("code,phrases", [("s004-app1", APP1), ("s004-app2", APP2), ("s004-app3", APP3)],
                         ids=["app1", "app2", "app3"])
def test_each_fixed_phrase_of_the_appendix_is_printed_verbatim(code, phrases):
    """Seed 004 Appendices 1–3: only the blanks are filled."""
    text = normalised(" ".join(rendered(code)))
    for phrase in phrases:
        assert normalised(phrase) in text, (code, phrase)


@pytest.mark.parametrize("code,mail", [("s004-app1", "электрондық пошта"), ("s004-app2", "электрондық поштасы")])
def test_no_fax_leaves_no_broken_phrase(code, mail):
    """"…мекенжайына (көрсету) немесе факс (көрсету) арқылы жіберуіңізді сұраймыз": with no fax the
    sentence stays whole ("…мекенжайына (…) жіберуіңізді сұраймыз"), never "мекенжайына арқылы"."""
    text = normalised(" ".join(rendered(code, reply_fax=None)))
    assert "мекенжайына арқылы" not in text and "факс" not in text
    assert f"Қабылданған шешім туралы ақпаратты {mail} мекенжайына (monitoring@mki.gov.kz) жіберуіңізді сұраймыз." in text


def test_a_messenger_gets_the_messenger_endings():
    """Appendices 2–3: "онлайн-платформасы / лездік хабар алмасу сервисі"; "…онлайн-платформасының /
    лездік хабар алмасу сервисінің меншік иесінің"."""
    app2 = normalised(" ".join(rendered("s004-app2", platform_kind="messenger")))
    assert "Лездік хабар алмасу сервисі: Example Video Ltd." in app2
    assert '"Example Video Ltd." лездік хабар алмасу сервисінде Қазақстан Республикасы' in app2
    assert 'қазіргі уақытта "Example Video Ltd." лездік хабар алмасу сервисі Қазақстан' in app2
    app3 = normalised(" ".join(rendered("s004-app3", platform_kind="messenger")))
    assert '"Example Video" лездік хабар алмасу сервисінің меншік иесінің атына' in app3
    assert '"Example Video" лездік хабар алмасу сервисінің меншік иесінен' in app3


@pytest.mark.parametrize("code", ["s004-app1", "s004-app2", "s004-app3", "s004-restriction", "s004-lifting"])
def test_numbers_stay_with_their_sign_and_no_page_holds_only_the_qr_code(code):
    """"№" is never left at the end of a line without its number; the verification code is on the
    page of the signature."""
    texts = rendered(code)
    for text in texts:  # (a table's "№" column header stands alone)
        assert not re.search(r"№\s*\n(?! ?(Сілтеме|Нұсқаманың))", text), code
    signed = [i for i, text in enumerate(texts) if "Серікбаев Ерлан Асқарұлы" in text]
    verified = [i for i, text in enumerate(texts) if "Құжаттың түпнұсқалығын тексеру" in text]
    assert signed and signed == verified, code


def test_appendix_1_with_a_long_text_still_keeps_the_code_with_the_signature():
    """A body that fills the first page pushes the closing onto the next one together."""
    long_norms = "\n\n".join(["«Бұқаралық ақпарат құралдары туралы» ҚР Заңының 20-бабы 2-тармағы"] * 18)
    texts = rendered("s004-app2", measures_subject=long_norms.replace("\n\n", "; "))
    signed = [i for i, text in enumerate(texts) if "Серікбаев Ерлан Асқарұлы" in text]
    verified = [i for i, text in enumerate(texts) if "Құжаттың түпнұсқалығын тексеру" in text]
    assert signed == verified
