"""Seed 004 (Order 267-НҚ, 24.06.2024): Appendix 1 (warning letter, p. 5), Appendix 2
(legal-representative notice, p. 6), Appendix 3 (throttling instruction to the STS, p. 9-10), and
the two instructions the act names without printing a form: the access restriction under Art. 41-1
p. 1-1 of the Law on Communications (p. 1, p. 5 and the Appendix 2 six-hour instruction) and the
instruction lifting the Appendix 3 limits once the platform has complied (Art. 9 p. 1)."""

import hashlib
from io import BytesIO

from django.core.files.storage import FileSystemStorage
from PIL import Image as PilImage
from PIL import ImageDraw
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, PageBreak, Paragraph, Spacer

from ..schemas import S004_APP3_DEFAULT_ADDRESSEES, S004_RESTRICTION_DEFAULT_ADDRESSEES
from .base import (
    BOTTOM_MARGIN,
    FRAME_WIDTH,
    PAGE_HEIGHT,
    TOP_MARGIN,
    blank,
    data_table,
    esc,
    header,
    kk_date_on,
    kk_date_short,
    paragraphs,
    signature,
    styles,
    verification_block,
)

COMMITTEE = (
    "Қазақстан Республикасының бұқаралық ақпарат құралдары саласындағы заңнамасы талаптарының "
    "сақталуын бақылау функцияларын орындайтын Қазақстан Республикасы Мәдениет және ақпарат "
    "министрлігінің Ақпарат комитеті (бұдан әрі – Комитет)"
)
ART9 = (
    "«Онлайн-платформалар және онлайн-жарнама туралы» Қазақстан Республикасының Заңы (бұдан әрі – Заң) "
    "9-бабының 1-тармағына сәйкес онлайн-платформаларға бір ай ішіндегі орташа тәуліктік қолжетімділігі "
    "Қазақстан Республикасының аумағындағы бір жүз мыңнан астам пайдаланушыны құрайтын "
    "онлайн-платформалардың меншік иелері және (немесе) өзге де заңды өкілдері Қазақстан Республикасының "
    "аумағында қызметін жүзеге асыру үшін Қазақстан Республикасының Азаматтық кодексінде белгіленген "
    "талаптарға сәйкес уәкілетті органмен өзара іс-қимыл жасау жөніндегі өзінің заңды өкілін тағайындайды."
)
ART66 = (
    "Шетелдік онлайн-платформа немесе жедел хабар алмасу сервисі «Ақпараттандыру туралы» Заңның 66-бабы "
    "3-тармағының талаптарын орындамаған кезде уәкілетті орган қол жеткізуді шектеу түрінде олардың "
    "Қазақстан Республикасының аумағында қызметін шектеу жөнінде шаралар қабылдайды."
)


#: "№" stays on the line of its number (a no-break space).
NO = "№\u00a0"


def _kind(data) -> tuple[str, str]:
    """The act's endings after the platform's name: «X» онлайн-платформасы / онлайн-платформасында
    (possessive, as in "«___» онлайн-платформасы ... жүзеге асыруда"), or the messenger's."""
    if data.get("platform_kind") == "messenger":
        return "лездік хабар алмасу сервисі", "лездік хабар алмасу сервисінде"
    return "онлайн-платформасы", "онлайн-платформасында"


def _closing(ctx, *lead) -> list:
    """The last paragraph(s), the signature and the verification code kept on one page: never a
    page holding only the QR code or only the signature."""
    parts = [*lead, *signature(ctx.get("signatory_position"), ctx.get("signatory_name")), *verification_block(ctx)]
    flat = [inner for part in parts for inner in (part._content if isinstance(part, KeepTogether) else [part])]
    return [KeepTogether(flat)]


def _platform_block(data: dict) -> list[str]:
    noun = "Лездік хабар алмасу сервисі" if data.get("platform_kind") == "messenger" else "Онлайн-платформа"
    return [
        f"{noun}: <b>{blank(data.get('platform_name'), 25)}</b>",
        f"Мекенжайы: {blank(data.get('platform_address'))}.",
        f"Тел: {esc(data.get('platform_phone')) or '—'}.",
        f"E-mail: {blank(data.get('platform_email'))}.",
    ]


def _reply(data: dict, mail: str = "электрондық пошта") -> str:
    """The act's sentence with its two blanks: "…ақпаратты электрондық пошта мекенжайына (көрсету)
    немесе факс (көрсету) арқылы жіберуіңізді сұраймыз." (Appendix 2: "электрондық поштасы"). With
    no fax the "немесе факс (…)" part is left out, never leaving a broken "…мекенжайына арқылы"."""
    sentence = f"Қабылданған шешім туралы ақпаратты {mail} мекенжайына ({blank(data.get('reply_email'))})"
    if str(data.get("reply_fax") or "").strip():
        return f"{sentence} немесе факс ({esc(data['reply_fax'])}) арқылы жіберуіңізді сұраймыз."
    return f"{sentence} жіберуіңізді сұраймыз."


def build_app1(data: dict, ctx: dict):
    st = styles()
    _noun, locative = _kind(data)
    story = header(ctx, _platform_block(data))
    story.append(Paragraph(
        f"{COMMITTEE} «{blank(data.get('platform_name'))}» {locative} Қазақстан Республикасы заңнамасының "
        "нормаларының бұзылуына назар аударады.", st["body"]))
    story.append(Paragraph("<b>Пайдаланушының деректері:</b>", st["plain"]))
    story += paragraphs(data.get("user_data") or "______", st["body"])
    story.append(Paragraph("<b>Заңнамалық актілердің нормалары:</b>", st["plain"]))
    story += paragraphs(data.get("legal_norms") or "______", st["body"])
    story.append(Paragraph(f"<b>Бұзушылықтың түрі:</b> {blank(data.get('violation_type'))} — бұзушылық "
                           "белгілері бар материалдар жариялаған.", st["body"]))
    story.append(Paragraph(
        "«Онлайн-платформалар және онлайн-жарнама туралы» Қазақстан Республикасының Заңы 1-бабының "
        "10) тармақшасына сәйкес онлайн-платформа – қаржылық көрсетілетін қызметтер ұсынуға және "
        "электрондық коммерцияға арналған интернет-ресурсты және (немесе) интернет желісінде жұмыс "
        "істейтін бағдарламалық қамтылымды, және (немесе) лездік хабар алмасу сервисін қоспағанда, "
        "онлайн-платформаны пайдаланушының өзі ашқан аккаунт, жария қоғамдастық арқылы "
        "онлайн-платформадағы контентті алуға, жасауға және (немесе) орналастыруға, және (немесе) "
        "таратуға, және (немесе) сақтауға арналған интернет-ресурс және (немесе) интернет желісінде "
        "жұмыс істейтін бағдарламалық қамтылым, және (немесе) лездік хабар алмасу сервисі. «Бұқаралық "
        "ақпарат құралдары туралы» Заңның 1-бабының 4) және 5) тармақшаларына сәйкес интернет-ресурс "
        "бұқаралық ақпарат құралдарына жатады, ал онда орналастырылған ақпарат бұқаралық ақпарат "
        "құралының өнімі болып табылады.", st["body"]))
    story.append(Paragraph(
        "Осыған байланысты Комитет Қазақстан Республикасы заңнамасының бұзылуын жою және "
        f"{blank(data.get('placement'), 30)} орналастырылған заңға қайшы материалдарды жою жөнінде шаралар "
        f"қабылдау қажеттігіне назар аударады. {_reply(data)}", st["body"]))
    story.append(Paragraph("Біз өзара түсіністікке және ынтымақтастыққа үміт артамыз.", st["body"]))
    story.append(Paragraph("Қосымша (сілтемелер және бұзылушылықтар бар экран түсірілімдер).", st["plain"]))
    materials = data.get("materials") or []
    rows = [[str(i), m.get("url", ""), f"{i}-экран түсірілімі қоса беріледі" if _screenshot_bytes(m) else (m.get("screenshot") or "—")]
            for i, m in enumerate(materials, 1)]
    rest = FRAME_WIDTH - 12 * mm
    story.append(data_table(["№", "Сілтеме", "Экран түсірілімі"], rows, [12 * mm, rest * 0.7, rest * 0.3]))
    story += _closing(ctx)
    story += _screenshot_pages(materials)
    return story, "Хабарлама хат: тыйым салынған ақпаратты жою туралы"


# --- the Appendix 1 attachment: the screenshots themselves, one appended page each -------------

#: A sample letter (``render_form --sample``) names ``sample:N`` screenshots, drawn here.
SAMPLE_PREFIX = "sample:"
SCREENSHOT_MAX_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN - 40 * mm


def sample_screenshot(number: int) -> bytes:
    """A drawn stand-in for a screenshot (a browser window with a post), the same bytes every time."""
    image = PilImage.new("RGB", (1280, 800), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1280, 60), fill=(60, 64, 72))
    draw.rectangle((80, 15, 1200, 45), fill=(235, 235, 235))
    draw.rectangle((80, 100, 820, 520), fill=(40 + 60 * number % 200, 70, 110))
    for line in range(6):
        draw.rectangle((860, 110 + 50 * line, 1200 - 40 * (line % 3), 130 + 50 * line), fill=(190, 190, 190))
    draw.rectangle((80, 560, 1200, 740), outline=(200, 40, 40), width=6)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _screenshot_bytes(material: dict) -> bytes | None:
    """The stored screenshot of a material row, if it is there and still the file the letter
    recorded (its SHA-256); otherwise None (the table then names the file only)."""
    name = str(material.get("screenshot_file") or "")
    if not name:
        return None
    if name.startswith(SAMPLE_PREFIX):
        return sample_screenshot(int(name[len(SAMPLE_PREFIX):] or 1))
    try:
        with FileSystemStorage().open(name, "rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return None
    expected = material.get("screenshot_sha256")
    if expected and hashlib.sha256(content).hexdigest() != expected:
        return None
    return content


def _screenshot_pages(materials: list[dict]) -> list:
    st = styles()
    story = []
    for number, material in enumerate(materials, 1):
        content = _screenshot_bytes(material)
        if content is None:
            continue
        picture = Image(BytesIO(content))
        scale = min(FRAME_WIDTH / picture.imageWidth, SCREENSHOT_MAX_HEIGHT / picture.imageHeight)
        picture.drawWidth, picture.drawHeight = picture.imageWidth * scale, picture.imageHeight * scale
        story += [PageBreak(), KeepTogether([
            Paragraph(f"<b>Қосымша.</b> {number}-экран түсірілімі", st["plain"]),
            Paragraph(f"Сілтеме: {esc(material.get('url'))}", st["plain"]),
            Spacer(1, 4 * mm),
            picture,
        ])]
    return story


def build_app2(data: dict, ctx: dict):
    st = styles()
    noun, locative = _kind(data)
    story = header(ctx, _platform_block(data))
    story.append(Paragraph(
        f"{COMMITTEE} «{blank(data.get('platform_name'))}» {locative} Қазақстан Республикасы заңнамасы "
        "нормаларының бұзылуына назар аударады.", st["body"]))
    story.append(Paragraph(ART9, st["body"]))
    story.append(Paragraph(ART66, st["body"]))
    story.append(Paragraph(
        f"Осылайша, қазіргі уақытта «{blank(data.get('platform_name'))}» {noun} Қазақстан Республикасының "
        "аумағында өз қызметін Заңның 9-бабының 1-тармағын бұза отырып жүзеге асыруда.", st["body"]))
    story.append(Paragraph(
        "Осыған байланысты Комитет Қазақстан Республикасы заңнамасының бұзылуын жою және "
        f"{blank(data.get('measures_subject'), 30)} заңға қайшы материалдарды жою жөнінде шаралар қабылдау "
        "қажеттігіне назар аударады.", st["body"]))
    story.append(Paragraph(_reply(data, "электрондық поштасы"), st["body"]))
    story.append(Paragraph(
        "Уәкілетті орган осы хабарлама хатын алған кезден бастап алты сағат ішінде интернет-ресурс "
        "әкімшілігінің анықталған бұзушылықтарды жоймау фактілері бойынша интернет-ресурсқа қол "
        "жеткізуді шектеу туралы нұсқама шығарады.", st["body"]))
    story += _closing(ctx, Paragraph("Біз өзара түсіністікке және ынтымақтастыққа үміт артамыз.", st["body"]))
    return story, "Хабарлама: заңды өкіл туралы талап"


REDUCTION = {
    "10": "хабарлама жөнелтілген кезден бастап сегіз ай ішінде – ең жоғары мәннен 10%-ға (Қағидалардың 9-тармағының 1) тармақшасы)",
    "50": "хабарлама жөнелтілген кезден бастап бір жыл ішінде – ең жоғары мәннен 50%-ға (Қағидалардың 9-тармағының 2) тармақшасы)",
    "90": "хабарлама жөнелтілген кезден бастап бір жыл және алты ай ішінде – ең жоғары мәннен 90%-ға "
          "(Қағидалардың 9-тармағының 3) тармақшасы)",
}


def _kbps(value) -> str:
    try:
        return f"{int(str(value).strip()):,}".replace(",", " ")
    except (TypeError, ValueError):
        return str(value or "")


def build_app3(data: dict, ctx: dict):
    st = styles()
    noun, _locative = _kind(data)
    genitive = _genitive(data)
    addressees = [a.get("name", "") for a in data.get("addressees") or []] or list(S004_APP3_DEFAULT_ADDRESSEES)
    story = header(ctx, [f"<b>{esc(a)}</b>" for a in addressees])
    story.append(Paragraph(ART9, st["body"]))
    story.append(Paragraph(ART66, st["body"]))
    name = blank(data.get("platform_name"))
    story.append(Paragraph(
        f"{kk_date_short(data.get('status_date'))} жағдай бойынша бұрын «{name}» {genitive} меншік иесінің "
        f"атына ({kk_date_short(data.get('notice_date'))} {NO}{blank(data.get('notice_register_number'), 10)}) "
        f"хабарламаның жіберілгеніне қарамастан, Комитеттің мекенжайына «{name}» {genitive} меншік иесінен "
        "бұқаралық ақпарат құралдары саласындағы уәкілетті органмен өзара іс-қимыл жасасу бойынша өзінің "
        "заңды өкілін айқындау туралы мәлімет келіп түспеді.", st["body"]))
    story.append(Paragraph(
        f"Осылайша, қазіргі уақытта «{name}» {noun} Қазақстан Республикасының аумағында өз қызметін "
        "Заңның 9-бабының 1-тармағын бұза отырып жүзеге асыруда.", st["body"]))
    story.append(Paragraph(
        "Баяндалғанның негізінде, сондай-ақ «Байланыс туралы» Қазақстан Республикасының Заңы "
        "41-1-бабының 1-1-тармағын басшылыққа ала отырып, Комитет", st["body"]))
    story.append(Paragraph("Нұсқамалар береді:", st["title"]))
    story.append(Paragraph(
        "1. «Мемлекеттік техникалық қызмет» акционерлік қоғамы мынадай мәндерге сәйкес Қазақстан "
        f"Республикасы заңнамасының талаптарын бұза отырып, өз қызметін жүзеге асыратын «{name}» {noun} "
        "трафигінің үшін ықтимал өткізу қабілеттілігінің жоғарғы шегінің мәнін белгілеу жөнінде дереу "
        "шаралар қабылдасын:", st["body"]))
    reduction = REDUCTION.get(str(data.get("reduction_percent") or ""))
    if reduction:
        story.append(Paragraph(f"(Шектеу: {reduction}.)", st["plain"]))
    rows = [[row.get("regional_object", ""), _kbps(row.get("limit_kbps")), row.get("period", "")]
            for row in data.get("limits") or []]
    story.append(data_table(
        ["Қазақстан Республикасының телекоммуникация желілерін орталықтандырылған басқару жүйесінің "
         "өңірлік объектісі", "Трафиктің ықтимал өткізу қабілеттілігінің жоғарғы шегінің мәні (Кбит/с)",
         "Бір тәулік ішінде мәннің әрекет етуінің уақыт кезеңі"],
        rows, [FRAME_WIDTH * 0.44, FRAME_WIDTH * 0.28, FRAME_WIDTH * 0.28], numeric_columns=(1,),
    ))
    story.append(Spacer(1, 3 * mm))
    story += _closing(ctx, Paragraph(
        "2. Нұсқаманы орындау нәтижелері туралы оны алған кезден бастап 10 тәулік ішінде Комитетке "
        "хабарлау қажет.", st["body"]))
    return story, "Нұсқама: трафиктің өткізу қабілеттілігін шектеу"


ART_41_1_BASIS = (
    "Баяндалғанның негізінде, «Байланыс туралы» Қазақстан Республикасы Заңының 41-1-бабының 1-1-тармағын "
    "басшылыққа ала отырып, Комитет"
)


def _genitive(data) -> str:
    return "лездік хабар алмасу сервисінің" if data.get("platform_kind") == "messenger" else "онлайн-платформасының"


def _addressees(data, default) -> list[str]:
    names = [a.get("name", "") for a in data.get("addressees") or []] or list(default)
    return [f"<b>{esc(name)}</b>" for name in names]


def _earlier_letter(data: dict, name: str) -> str:
    """What the Committee sent before the restriction: the Appendix 1 letter or the Appendix 2 notice."""
    number = blank(data.get("earlier_letter_number"), 10)
    date = kk_date_short(data.get("earlier_letter_date"))
    genitive = _genitive(data)
    if data.get("road") == "notice":
        received = (f" Хабарламаны «{name}» {genitive} меншік иесі {kk_date_on(data['notice_received_date'])} алды."
                    if data.get("notice_received_date") else "")
        return (f"Комитет Қағидалардың 6-тармағына сәйкес «{name}» {genitive} меншік иелеріне және (немесе) заңды "
                f"өкілдеріне {date} {NO}{number} хабарламаны (Қағидаларға 2-қосымша) жіберді.{received} Хабарлама "
                "хатын алған кезден бастап алты сағат ішінде анықталған бұзушылықтар жойылмады.")
    return (f"Комитет Қағидалардың 5-тармағына сәйкес «{name}» {genitive} әкімшілігінің мекенжайына {date} "
            f"{NO}{number} хабарлама хатын (Қағидаларға 1-қосымша) жіберді. Тыйым салынған ақпарат жойылмады.")


def build_restriction(data: dict, ctx: dict):
    st = styles()
    _noun, locative = _kind(data)
    name = blank(data.get("platform_name"))
    story = header(ctx, _addressees(data, S004_RESTRICTION_DEFAULT_ADDRESSEES))
    story.append(Paragraph(
        f"{COMMITTEE} «{name}» {locative} Қазақстан Республикасының заңдарында тыйым салынған ақпараттың "
        "орналастырылғанын анықтады.", st["body"]))
    story.append(Paragraph(_earlier_letter(data, name), st["body"]))
    story.append(Paragraph(f"<b>Бұзушылықтың түрі:</b> {blank(data.get('violation_type'))}.", st["body"]))
    if data.get("legal_norms"):
        story.append(Paragraph("<b>Заңнамалық актілердің нормалары:</b>", st["plain"]))
        story += paragraphs(data["legal_norms"], st["body"])
    story.append(Paragraph("<b>Қол жеткізу шектелетін ақпарат:</b>", st["plain"]))
    story += paragraphs(data.get("content") or "______", st["body"])
    story.append(Paragraph("<b>Шешімнің негіздері:</b>", st["plain"]))
    story += paragraphs(data.get("basis") or "______", st["body"])
    story.append(Paragraph(ART_41_1_BASIS, st["body"]))
    story.append(Paragraph("Нұсқама береді:", st["title"]))
    story.append(Paragraph(
        "1. «Мемлекеттік техникалық қызмет» акционерлік қоғамы және байланыс операторлары Қазақстан "
        f"Республикасының аумағында «{name}» {locative} орналастырылған жоғарыда көрсетілген ақпаратқа қол "
        "жеткізуді шектеу жөнінде дереу шаралар қабылдасын.", st["body"]))
    links = [[str(i), m.get("url", "")] for i, m in enumerate(data.get("materials") or [], 1)]
    if links:
        story.append(data_table(["№", "Сілтеме"], links, [12 * mm, FRAME_WIDTH - 12 * mm]))
    story += _closing(ctx)
    return story, "Нұсқама: қол жеткізуді шектеу туралы"


def build_lifting(data: dict, ctx: dict):
    st = styles()
    name = blank(data.get("platform_name"))
    genitive = _genitive(data)
    story = header(ctx, _addressees(data, S004_APP3_DEFAULT_ADDRESSEES))
    story.append(Paragraph(ART9, st["body"]))
    story.append(Paragraph(
        f"Комитеттің {kk_date_short(data.get('notice_date'))} {NO}{blank(data.get('notice_register_number'), 10)} "
        f"хабарламасынан (Қағидаларға 2-қосымша) кейін «{name}» {genitive} меншік иесі "
        f"{kk_date_short(data.get('status_date'))} жағдай бойынша бұқаралық ақпарат құралдары саласындағы "
        "уәкілетті органмен өзара іс-қимыл жасау жөніндегі өзінің заңды өкілін айқындады: "
        f"{blank(data.get('representative'), 30)}.", st["body"]))
    story.append(Paragraph(
        f"Осылайша, «{name}» {genitive} меншік иесі Заңның 9-бабының 1-тармағының талаптарын орындады, "
        "Қағидалардың 9-тармағында көзделген шектеу шараларының негізі жойылды.", st["body"]))
    story.append(Paragraph(ART_41_1_BASIS, st["body"]))
    story.append(Paragraph("Нұсқама береді:", st["title"]))
    story.append(Paragraph(
        "1. «Мемлекеттік техникалық қызмет» акционерлік қоғамы Комитеттің мына нұсқамаларымен (Қағидаларға "
        f"3-қосымша) «{name}» {genitive} трафигі үшін белгіленген ықтимал өткізу қабілеттілігінің жоғарғы "
        "шегінің мәндерін дереу алып тастасын:", st["body"]))
    rows = [[str(i), row.get("register_number", ""), kk_date_short(row.get("date")),
             f"{row.get('reduction_percent', '')}%"] for i, row in enumerate(data.get("instructions") or [], 1)]
    rest = FRAME_WIDTH - 12 * mm
    story.append(data_table(
        ["№", "Нұсқаманың тіркеу нөмірі", "Күні", "Ең жоғары мәннен шектеу"],
        rows, [12 * mm, rest * 0.45, rest * 0.25, rest * 0.30]))
    story += _closing(ctx)
    return story, "Нұсқама: шектеулерді алып тастау туралы"
