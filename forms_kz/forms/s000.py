"""Seed 000 (Order 546/НҚ, 31.10.2025), Appendix: the demand to suspend / restore mobile service
by identification code (p. 20-1, 20-2 suspend; p. 20-5, 20-6 restore).

The act's fixed wording is kept with only its blanks filled; the form's "тоқтата тұру/қалпына
келтіру" is printed as the one variant of the demand. One clarification: the form names the Law
on Communications "Хабарласу туралы"; its Kazakh title, "Байланыс туралы", is printed."""

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from .base import FRAME_WIDTH, data_table, esc, header, signature, styles, verification_block

#: "ТАЛАП … байланыс қызметтерін көрсетуді міндетті тоқтата тұру/қалпына келтіру туралы"
_TITLE = "ұялы байланыстың абоненттік құрылғылары жұмысының сәйкестендіру кодтары бойынша " \
         "байланыс қызметтерін көрсетуді міндетті {noun} туралы"
VERB = {"suspend": "тоқтата тұруды", "restore": "қалпына келтіруді"}
NOUN = {"suspend": "тоқтата тұру", "restore": "қалпына келтіру"}
TITLE = {kind: _TITLE.format(noun=noun) for kind, noun in NOUN.items()}
#: The act's signature line: "Басшы ____/ тегі, аты, әкесінің аты (бар болса)/ (қолы)".
HEAD = "Басшы"
NAME_CAPTION = "(тегі, аты, әкесінің аты (бар болса))"


def head_signature(name: str) -> list:
    """The signature of the Appendix: the act's word "Басшы" (whatever title the register gives
    the head), the signature line "(қолы)" and the full name, once."""
    return signature(HEAD, name, name_caption=NAME_CAPTION, position_caption=None)


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
    story += head_signature(ctx.get("signatory_name"))
    story += verification_block(ctx)
    return story, f"Талап: {NOUN.get(kind, '')}"
