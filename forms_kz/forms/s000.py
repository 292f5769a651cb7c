"""Seed 000 (Order 546/НҚ, 31.10.2025), Appendix: the demand to suspend / restore mobile service
by identification code (p. 20-1, 20-2 suspend; p. 20-5, 20-6 restore)."""

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from .base import FRAME_WIDTH, data_table, esc, header, signature, styles, verification_block

TITLE = {
    "suspend": "ұялы байланыстың абоненттік құрылғылары жұмысының сәйкестендіру кодтары бойынша "
               "байланыс қызметтерін көрсетуді міндетті тоқтата тұру туралы",
    "restore": "ұялы байланыстың абоненттік құрылғылары жұмысының сәйкестендіру кодтары бойынша "
               "байланыс қызметтерін көрсетуді қалпына келтіру туралы",
}
VERB = {"suspend": "тоқтата тұруды", "restore": "қалпына келтіруді"}
NOUN = {"suspend": "тоқтата тұру", "restore": "қалпына келтіру"}


def build(data: dict, ctx: dict):
    st = styles()
    kind = data.get("kind") or "suspend"
    story = header(ctx, [esc(ctx.get("addressee"))])
    story.append(Paragraph("ТАЛАП", st["title"]))
    story.append(Paragraph(TITLE.get(kind, TITLE["suspend"]), st["subtitle"]))
    story.append(Paragraph(
        "Қазақстан Республикасының Қылмыстық-атқару кодексінің 97-бабының 9-тармағының "
        "3) тармақшасына, «Байланыс туралы» Қазақстан Республикасы Заңының 15-1-бабының "
        "1-тармағының 1-6) тармақшаларына сәйкес ұялы байланыстың абоненттік құрылғыларының "
        f"қызметін көрсету жұмысын сәйкестендіру коды және телефон нөмірі бойынша {VERB.get(kind, '')} "
        "сұраймын:", st["body"]))
    if data.get("institution"):
        story.append(Paragraph(f"Мекеме: {esc(data['institution'])}", st["plain"]))
    rows = [[str(i), d.get("imei", ""), d.get("phone", "")] for i, d in enumerate(data.get("devices") or [], 1)]
    story.append(data_table(
        ["№", "Сәйкестендіру кодының нөмірі (IMEI)", "Телефон нөмірі"], rows,
        [12 * mm, (FRAME_WIDTH - 12 * mm) * 0.55, (FRAME_WIDTH - 12 * mm) * 0.45],
    ))
    story.append(Spacer(1, 4 * mm))
    reply = f" ({esc(data['reply_email'])})" if data.get("reply_email") else ""
    story.append(Paragraph(
        f"Байланыс қызметтерін {NOUN.get(kind, '')} туралы осы талапты алған сәттен бастап 24 сағат "
        f"ішінде хабарлауды сұраймыз{reply}.", st["body"]))
    story += signature(ctx.get("signatory_position") or "Басшы", ctx.get("signatory_name"),
                       name_caption="(тегі, аты, әкесінің аты (бар болса))")
    story += verification_block(ctx)
    return story, f"Талап: {NOUN.get(kind, '')}"
