"""Seed 002 (Order 58, 2016, ed. 19.03.2024): the reasoned refusal of the public service
(standard, rows 5 and 9) and the decision on a complaint (p. 10)."""

from reportlab.platypus import Paragraph

from .base import (
    blank,
    esc,
    header,
    kk_date,
    kk_date_short,
    kk_datetime,
    paragraphs,
    signature,
    styles,
    verification_block,
)

SERVICE = (
    "«Ұялы байланыстың абоненттік құрылғысы арқылы электрондық нысанда мемлекеттік және өзге де "
    "көрсетілетін қызметтерді алу үшін, ұялы байланыс операторы беретін абоненттің абоненттік нөмірін "
    "тіркеу және оны «электрондық үкіметтің» веб-порталының есептік жазбасына қосу»"
)

GROUNDS = {
    "registry_mismatch": (
        "1",
        "көрсетілетін қызметті алушының және (немесе) мемлекеттік қызметті көрсету үшін қажетті ұсынылған "
        "материалдардың, деректер мен мәліметтердің «Жеке басты куәландыратын құжаттар туралы» және "
        "«Сәйкестендіру нөмірлерінің ұлттық тізілімдері туралы» Қазақстан Республикасының заңдарына "
        "сәйкес келмеуі",
    ),
    "no_consent": (
        "2",
        "көрсетілетін қызметті алушының мемлекеттік қызмет көрсету үшін талап етілетін, «Дербес деректер "
        "және оларды қорғау туралы» Қазақстан Республикасы Заңының 8-бабына сәйкес берілетін "
        "қолжетімділігі шектеулі дербес деректерге қол жеткізуге келісімінің болмауы",
    ),
}
CHANNELS = {
    "portal": "«электрондық үкімет» веб-порталы",
    "egov_mobile": "«электрондық үкіметтің» мобильді қосымшасы",
    "bank_app": "екінші деңгейлі банктің мобильді қосымшасы",
}
APPEAL = (
    "Осы шешімге Қағидалардың 10-тармағына сәйкес көрсетілетін қызметті берушіге, жоғары тұрған "
    "әкімшілік органға, лауазымды адамға не мемлекеттік қызметтер көрсету сапасын бағалау және бақылау "
    "жөніндегі уәкілетті органға шағым жасалуы мүмкін. Егер заңда өзгеше көзделмесе, сотқа сотқа дейінгі "
    "тәртіппен шағым жасалғаннан кейін жүгінуге жол беріледі."
)


def build_refusal(data: dict, ctx: dict):
    st = styles()
    story = header(ctx, [f"<b>{blank(data.get('applicant_name'), 30)}</b>",
                         f"ЖСН: {blank(data.get('applicant_iin'), 12)}", esc(ctx.get("addressee"))])
    story.append(Paragraph("Мемлекеттік қызметті көрсетуден бас тарту туралы дәлелді жауап", st["title"]))
    channel = CHANNELS.get(data.get("channel"), "")
    via = f" ({channel} арқылы)" if channel else ""
    story.append(Paragraph(
        f"{SERVICE} мемлекеттік көрсетілетін қызметі бойынша {kk_datetime(data.get('request_at'))} берілген "
        f"№ {blank(data.get('request_number'))} сұрау салуыңыз{via} (абоненттік нөмір "
        f"{blank(data.get('phone'), 12)}) қаралды.", st["body"]))
    number, text = GROUNDS.get(data.get("ground"), ("__", "______________________"))
    story.append(Paragraph(
        f"Мемлекеттік көрсетілетін қызмет стандартының 9-тармағының {number}) тармақшасына сәйкес "
        f"мемлекеттік қызметті көрсетуден бас тартылады: {text}.", st["body"]))
    story.append(Paragraph("<b>Бас тарту негіздемесі:</b>", st["plain"]))
    story += paragraphs(data.get("reasoning") or "______________________", st["body"])
    story.append(Paragraph(
        "Бас тарту негізі жойылғаннан кейін қызметті қайта алуға сұрау салуға болады. Мемлекеттік қызмет "
        "тегін көрсетіледі.", st["body"]))
    story.append(Paragraph(APPEAL, st["body"]))
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
    return story, "Мемлекеттік қызметті көрсетуден бас тарту"


REVIEW = {
    "provider": "«Мемлекеттік көрсетілетін қызметтер туралы» Қазақстан Республикасы Заңының 25-бабының "
                "2-тармағына сәйкес тіркелген күнінен бастап 5 (бес) жұмыс күні ішінде",
    "quality_body": "Қағидалардың 10-тармағына сәйкес мемлекеттік қызметтер көрсету сапасын бағалау және "
                    "бақылау жөніндегі уәкілетті органда тіркелген күнінен бастап 15 (он бес) жұмыс күні ішінде",
}
DECISIONS = {
    "satisfied": "Шағым қанағаттандырылсын.",
    "partially_satisfied": "Шағым ішінара қанағаттандырылсын.",
    "rejected": "Шағым қанағаттандырусыз қалдырылсын.",
}


def build_complaint_decision(data: dict, ctx: dict):
    st = styles()
    right = [f"<b>{blank(data.get('complainant_name'), 30)}</b>"]
    if data.get("complainant_iin"):
        right.append(f"ЖСН: {esc(data['complainant_iin'])}")
    right.append(esc(ctx.get("addressee")))
    story = header(ctx, right)
    story.append(Paragraph("Шағымды қарау нәтижелері бойынша шешім", st["title"]))
    story.append(Paragraph(
        f"{SERVICE} мемлекеттік көрсетілетін қызметі мәселесі бойынша "
        f"{kk_date(data.get('complaint_received'))} келіп түскен, {kk_date_short(data.get('complaint_registered'))} "
        f"№ {blank(data.get('complaint_number'))} болып тіркелген шағым "
        f"{REVIEW.get(data.get('reviewing_body'), '________')} қаралды.", st["body"]))
    if data.get("contested_decision"):
        story.append(Paragraph(f"Шағым жасалған шешім (әрекет): {esc(data['contested_decision'])}.", st["body"]))
    story.append(Paragraph("<b>Шағымның мәні:</b>", st["plain"]))
    story += paragraphs(data.get("complaint_summary") or "______", st["body"])
    story.append(Paragraph("<b>Шешімнің негіздемесі:</b>", st["plain"]))
    story += paragraphs(data.get("reasoning") or "______", st["body"])
    story.append(Paragraph(f"<b>{DECISIONS.get(data.get('decision'), '____________')}</b>", st["body"]))
    if data.get("measures"):
        story.append(Paragraph("<b>Қабылданған шаралар:</b>", st["plain"]))
        story += paragraphs(data["measures"], st["body"])
    story.append(Paragraph(
        "Егер заңда өзгеше көзделмесе, осы шешімге сотқа дейінгі тәртіппен шағым жасалғаннан кейін сотқа "
        "жүгінуге болады.", st["body"]))
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
    return story, "Шағым бойынша шешім"
