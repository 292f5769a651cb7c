"""Seed 002 (Order 58, 2016, ed. 19.03.2024): the reasoned refusal of the public service
(standard, rows 5 and 9) and the decision on a complaint (p. 10)."""

from reportlab.platypus import Paragraph

from .base import (
    blank,
    esc,
    header,
    kk_date_on,
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
#: Rules p. 10, last paragraph, verbatim.
COURT = "Егер заңда өзгеше көзделмесе, сотқа жүгінуге сотқа дейінгі тәртіппен шағым жасалғаннан кейін жол беріледі."
APPEAL = (
    "Осы шешімге Қағидалардың 10-тармағына сәйкес көрсетілетін қызметті берушіге, жоғары тұрған "
    "әкімшілік органға, лауазымды адамға не мемлекеттік қызметтер көрсету сапасын бағалау және бақылау "
    "жөніндегі уәкілетті органға шағым жасалуы мүмкін. " + COURT

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


#: Rules p. 10 para 5 and 6, as the act words them: the term runs from the registration by the
#: body that reviews (the provider's for the 5 working days; the authority's own for the 15).
REVIEW = {
    "provider": "«Мемлекеттік көрсетілетін қызметтер туралы» Қазақстан Республикасы Заңның 25-бабының "
                "2-тармағына сәйкес көрсетілетін қызметті берушіге келіп түскен шағым оны тіркеген күннен "
                "бастап 5 (бес) жұмыс күні ішінде қаралуға жатады",
    "quality_body": "Қағидалардың 10-тармағына сәйкес мемлекеттік қызметтер көрсету сапасын бағалау және "
                    "бақылау жөніндегі уәкілетті органның атына келіп түскен шағым оны тіркелген күннен бастап "
                    "15 (он бес) жұмыс күні ішінде қаралуға жатады",
}
#: Where the complaint was registered (the registration its term runs from).
REGISTERED_AT = {
    "provider": "",
    "quality_body": "мемлекеттік қызметтер көрсету сапасын бағалау және бақылау жөніндегі уәкілетті органда ",
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
    body = data.get("reviewing_body")
    number = f"№ {esc(data['complaint_number'])} болып " if data.get("complaint_number") else ""
    story.append(Paragraph(
        f"{SERVICE} мемлекеттік көрсетілетін қызметі мәселесі бойынша "
        f"{kk_date_on(data.get('complaint_received'))} келіп түскен, {REGISTERED_AT.get(body, '')}"
        f"{kk_date_on(data.get('complaint_registered'))} {number}тіркелген шағым қаралды.", st["body"]))
    if body in REVIEW:
        due = f" (мерзімнің соңғы күні – {kk_date_short(data['review_due'])})" if data.get("review_due") else ""
        story.append(Paragraph(f"{REVIEW[body]}{due}.", st["body"]))
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
    story.append(Paragraph(COURT, st["body"]))
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
    return story, "Шағым бойынша шешім"
