"""Seed 004 (Order 267-НҚ, 24.06.2024): Appendix 1 (warning letter, p. 5), Appendix 2
(legal-representative notice, p. 6), Appendix 3 (throttling instruction to the STS, p. 9-10), and
the two instructions the act names without printing a form: the access restriction under Art. 41-1
p. 1-1 of the Law on Communications (p. 1, p. 5 and the Appendix 2 six-hour instruction) and the
instruction lifting the Appendix 3 limits once the platform has complied (Art. 9 p. 1)."""

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from ..schemas import S004_APP3_DEFAULT_ADDRESSEES, S004_RESTRICTION_DEFAULT_ADDRESSEES
from .base import (
    FRAME_WIDTH,
    blank,
    data_table,
    esc,
    header,
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


def _kind(data) -> tuple[str, str]:
    if data.get("platform_kind") == "messenger":
        return "лездік хабар алмасу сервисі", "лездік хабар алмасу сервисінде"
    return "онлайн-платформа", "онлайн-платформасында"


def _platform_block(data: dict) -> list[str]:
    noun = "Лездік хабар алмасу сервисі" if data.get("platform_kind") == "messenger" else "Онлайн-платформа"
    return [
        f"{noun}: <b>{blank(data.get('platform_name'), 25)}</b>",
        f"Мекенжайы: {blank(data.get('platform_address'))}.",
        f"Тел: {esc(data.get('platform_phone')) or '—'}.",
        f"E-mail: {blank(data.get('platform_email'))}.",
    ]


def _reply(data: dict) -> str:
    fax = f" немесе {esc(data['reply_fax'])} факсы" if data.get("reply_fax") else ""
    return (f"Қабылданған шешім туралы ақпаратты {blank(data.get('reply_email'))} электрондық пошта "
            f"мекенжайына{fax} арқылы жіберуіңізді сұраймыз.")


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
    story.append(Paragraph("<b>Қосымша:</b> сілтемелер және бұзушылықтар бар экран түсірілімдері.", st["plain"]))
    rows = [[str(i), m.get("url", ""), m.get("screenshot") or "—"]
            for i, m in enumerate(data.get("materials") or [], 1)]
    rest = FRAME_WIDTH - 12 * mm
    story.append(data_table(["№", "Сілтеме", "Экран түсірілімі"], rows, [12 * mm, rest * 0.7, rest * 0.3]))
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
    return story, "Хабарлама хат: тыйым салынған ақпаратты жою туралы"


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
    story.append(Paragraph(_reply(data), st["body"]))
    story.append(Paragraph(
        "Уәкілетті орган осы хабарлама хатын алған кезден бастап алты сағат ішінде интернет-ресурс "
        "әкімшілігінің анықталған бұзушылықтарды жоймау фактілері бойынша интернет-ресурсқа қол "
        "жеткізуді шектеу туралы нұсқама шығарады.", st["body"]))
    story.append(Paragraph("Біз өзара түсіністікке және ынтымақтастыққа үміт артамыз.", st["body"]))
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
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
    addressees = [a.get("name", "") for a in data.get("addressees") or []] or list(S004_APP3_DEFAULT_ADDRESSEES)
    story = header(ctx, [f"<b>{esc(a)}</b>" for a in addressees])
    story.append(Paragraph(ART9, st["body"]))
    story.append(Paragraph(ART66, st["body"]))
    name = blank(data.get("platform_name"))
    story.append(Paragraph(
        f"{kk_date_short(data.get('status_date'))} жағдай бойынша бұрын «{name}» {noun} меншік иесінің "
        f"атына {kk_date_short(data.get('notice_date'))} № {blank(data.get('notice_register_number'), 10)} "
        f"хабарламаның жіберілгеніне қарамастан, Комитеттің мекенжайына «{name}» {noun} меншік иесінен "
        "бұқаралық ақпарат құралдары саласындағы уәкілетті органмен өзара іс-қимыл жасасу бойынша өзінің "
        "заңды өкілін айқындау туралы мәлімет келіп түспеді.", st["body"]))
    story.append(Paragraph(
        f"Осылайша, қазіргі уақытта «{name}» {noun} Қазақстан Республикасының аумағында өз қызметін "
        "Заңның 9-бабының 1-тармағын бұза отырып жүзеге асыруда.", st["body"]))
    story.append(Paragraph(
        "Баяндалғанның негізінде, сондай-ақ «Байланыс туралы» Қазақстан Республикасы Заңының "
        "41-1-бабының 1-1-тармағын басшылыққа ала отырып, Комитет", st["body"]))
    story.append(Paragraph("Нұсқамалар береді:", st["title"]))
    story.append(Paragraph(
        "1. «Мемлекеттік техникалық қызмет» акционерлік қоғамы мынадай мәндерге сәйкес Қазақстан "
        f"Республикасы заңнамасының талаптарын бұза отырып, өз қызметін жүзеге асыратын «{name}» {noun} "
        "трафигі үшін ықтимал өткізу қабілеттілігінің жоғарғы шегінің мәнін белгілеу жөнінде дереу "
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
    story.append(Paragraph(
        "2. Нұсқаманы орындау нәтижелері туралы оны алған кезден бастап 10 тәулік ішінде Комитетке "
        "хабарлау қажет.", st["body"]))
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
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
        received = (f" Хабарламаны «{name}» {genitive} меншік иесі {kk_date_short(data['notice_received_date'])} алды."
                    if data.get("notice_received_date") else "")
        return (f"Комитет Қағидалардың 6-тармағына сәйкес «{name}» {genitive} меншік иелеріне және (немесе) заңды "
                f"өкілдеріне {date} № {number} хабарламаны (Қағидаларға 2-қосымша) жіберді.{received} Хабарлама "
                "хатын алған кезден бастап алты сағат ішінде анықталған бұзушылықтар жойылмады.")
    return (f"Комитет Қағидалардың 5-тармағына сәйкес «{name}» {genitive} әкімшілігінің мекенжайына {date} "
            f"№ {number} хабарлама хатын (Қағидаларға 1-қосымша) жіберді. Тыйым салынған ақпарат жойылмады.")


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
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
    return story, "Нұсқама: қол жеткізуді шектеу туралы"


def build_lifting(data: dict, ctx: dict):
    st = styles()
    name = blank(data.get("platform_name"))
    genitive = _genitive(data)
    story = header(ctx, _addressees(data, S004_APP3_DEFAULT_ADDRESSEES))
    story.append(Paragraph(ART9, st["body"]))
    story.append(Paragraph(
        f"Комитеттің {kk_date_short(data.get('notice_date'))} № {blank(data.get('notice_register_number'), 10)} "
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
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
    return story, "Нұсқама: шектеулерді алып тастау туралы"
