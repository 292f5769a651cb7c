"""Seed 001 (Order 409, 27.09.2022): Appendix 1 (list of authorised staff, p. 5), Appendix 2
(notification of prohibited information, p. 8-9) and the half-yearly list of inactive
accounts (p. 6)."""

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

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

RULES = (
    "«Байланыс туралы» Қазақстан Республикасы Заңының 41-1-бабының 1-1-тармағына сәйкес бекітілген "
    "Телекоммуникациялар желілерінде Қазақстан Республикасы заңнамасының талаптарын сақтау мәселелері "
    "бойынша мемлекеттік органдардың өзара іс-қимыл жасасу қағидаларына сәйкес"
)


#: Appendix 2 item 3 word for word (seed 001, Appendix 2).
ITEM_3 = (
    "3. Қазақстан Республикасының заңнамасын бұзушылықтардың анықталған фактілерінің тізбесі "
    "(деректерді беру желісіндегі мекенжайлар, (IP-мекенжай) және (немесе) интернет-ресурстың және "
    "(немесе) оның интернет-парақшасының домендік аты және (немесе) сәйкестендіргіші көрсетіледі), "
    "интернет-ресурс пайдаланатын деректерді беру желісі хаттамасының типі, абоненттік құрылғының "
    "сәйкестендіру кодтары (MAC-құрылғы мекенжайы, IMEI-байланыс құралының коды):"
)


def build_app1(data: dict, ctx: dict):
    st = styles()
    story = header(ctx, [f"<b>{blank(data.get('authorised_body_name'), 30)}</b>", "(Уәкілетті органның атауы)"])
    story.append(Paragraph("Хабарлама", st["title"]))
    story.append(Paragraph(
        f"{RULES}, телекоммуникация желілерінде таратылатын бұзушылықтарды анықтау және есепке алуды "
        "жүргізу және ақпараттық жүйеге құқыққа қарсы контенті бар интернет-ресурстар мен сілтемелерді "
        "енгізу құзыретіне кіретін қызметкерлер туралы мәліметтерді жібереміз.", st["body"]))
    rows = []
    for i, person in enumerate(data.get("staff") or [], 1):
        name = person.get("full_name", "")
        if person.get("organisation"):
            name = f"{name}\n({person['organisation']})"
        rows.append([str(i), name, person.get("email", ""), person.get("mobile", "")])
    rest = FRAME_WIDTH - 18 * mm  # "№ р/с" on one line ("№" is kept with what follows it)
    story.append(data_table(
        ["№ р/с", "Тегі, аты, әкесінің аты (болған жағдайда)", "Жұмыс электрондық поштасы", "Ұялы телефон"],
        rows, [18 * mm, rest * 0.39, rest * 0.39, rest * 0.22],
    ))
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"), label="Уәкілетті лауазымды адам")
    story += verification_block(ctx)
    return story, "Хабарлама: өкілетті қызметкерлер тізімі"


def _filled(value, width: int = 40) -> str:
    """A filled blank of the form, underlined, closed by one full stop (never "3-т.." after an
    abbreviated clause)."""
    text = blank(value, width)
    return f"<u>{text}</u>" + ("" if text.rstrip().endswith(".") else ".")


def _fact_line(fact: dict) -> str:
    parts = [esc(fact.get("resource"))]
    if fact.get("protocol"):
        parts.append(f"хаттама типі: {esc(fact['protocol'])}")
    if fact.get("mac"):
        parts.append(f"MAC: {esc(fact['mac'])}")
    if fact.get("imei"):
        parts.append(f"IMEI: {esc(fact['imei'])}")
    return "; ".join(parts)


def build_app2(data: dict, ctx: dict):
    st = styles()
    story = header(ctx, [f"<b>{blank(data.get('authorised_body_name'), 30)}</b>", "(Уәкілетті органның атауы)"])
    story.append(Paragraph("Хабарлама", st["title"]))
    story.append(Paragraph(
        f"{RULES}, Қазақстан Республикасының заңдарымен және (немесе) заңды күшіне енген сот шешімдерімен "
        "таратуға тыйым салынған ақпарат туралы мәліметтерді жібереміз.", st["body"]))
    # Items 1-3 keep the act's words; only the blanks are filled (underlined).
    story.append(Paragraph(f"1. Бұзушылық түрі {_filled(data.get('violation_type'))}", st["plain"]))
    story.append(Paragraph(
        f"2. Қазақстан Республикасының заңнамалық актісінің нормасы {_filled(data.get('legal_norm'))}", st["plain"]))
    story.append(Paragraph(esc(ITEM_3), st["plain"]))
    facts = data.get("facts") or []
    for i, fact in enumerate(facts, 1):
        story.append(Paragraph(f"{i}) {_fact_line(fact)};" if i < len(facts) else f"{i}) {_fact_line(fact)}.",
                               st["plain"]))
    if not facts:
        story.append(Paragraph("1) ______________________.", st["plain"]))
    story.append(Spacer(1, 3 * mm))
    confirmed = data.get("lawfulness_confirmed") is True
    story.append(Paragraph(
        "Осы хабарламада көрсетілген мәліметтердің заңдылығы мен негізділігін растаймын."
        if confirmed else "Осы хабарламада көрсетілген мәліметтердің заңдылығы мен негізділігін растаймын: ____",
        st["body"]))
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"), label="Уәкілетті лауазымды адам")
    story += verification_block(ctx)
    return story, "Хабарлама: таратуға тыйым салынған ақпарат"


def build_sweep(data: dict, ctx: dict):
    st = styles()
    story = header(ctx, [esc(ctx.get("addressee"))])
    story.append(Paragraph(
        "Белсенділік белгілері жоқ және ақпараттық жүйені қолданбайтын пайдаланушылардың есептік "
        "жазбаларының тізімі", st["title"]))
    story.append(Paragraph(
        f"{blank(data.get('period_label'))} ({kk_date_short(data.get('period_start'))} – "
        f"{kk_date_short(data.get('period_end'))})", st["subtitle"]))
    threshold = data.get("inactivity_days")
    threshold_text = f" {esc(threshold)} күн бойы" if threshold not in (None, "") else ""
    story.append(Paragraph(
        f"{RULES} (6-тармақ), уәкілетті орган жарты жылда бір рет қалыптастыратын, ақпараттық жүйеде"
        f"{threshold_text} белсенділік белгілері жоқ пайдаланушылардың есептік жазбалары:", st["body"]))
    rows = []
    for i, account in enumerate(data.get("accounts") or [], 1):
        last = kk_date_short(account["last_activity"]) if account.get("last_activity") else "жоқ"
        rows.append([str(i), account.get("username", ""), account.get("full_name", ""),
                     account.get("organisation", ""), last])
    rest = FRAME_WIDTH - 12 * mm
    story.append(data_table(
        ["№", "Есептік жазба", "Тегі, аты, әкесінің аты", "Мемлекеттік орган (ұйым)", "Соңғы белсенділік"],
        rows, [12 * mm, rest * 0.2, rest * 0.3, rest * 0.32, rest * 0.18],
    ))
    if data.get("note"):
        story.append(Spacer(1, 3 * mm))
        story += paragraphs(data["note"], st["body"])
    story += signature(ctx.get("signatory_position"), ctx.get("signatory_name"))
    story += verification_block(ctx)
    return story, "Белсенді емес есептік жазбалар тізімі"
