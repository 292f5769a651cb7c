"""Shared machinery of the printed forms: font, styles, page furniture, tables, QR, PDF build.

Every PDF is built in reportlab's invariant mode with its creation/modification date taken from
the letter's issue time and a document id derived from the letter, so rendering the same issued
letter twice gives the same bytes.
"""

from __future__ import annotations

import re
import threading
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape  # escapes our own text, parses nothing  # nosec B406

from django.utils import timezone
from PIL import Image
from reportlab import rl_config
from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

# Streams are Flate-compressed only (no ASCII85 layer): smaller files, and the pure-Python
# ASCII85 encoder was a fifth of the rendering time.
rl_config.useA85 = 0

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "KzSerif"
FONT_BOLD = "KzSerif-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = 25 * mm
RIGHT_MARGIN = 15 * mm
TOP_MARGIN = 18 * mm
BOTTOM_MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN

_font_lock = threading.Lock()
_fonts_registered = False
_styles: dict[str, ParagraphStyle] | None = None

MONTHS_KK_GENITIVE = (
    "қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы",
    "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы",
)
#: The locative ("when"): "2026 жылғы 16 қарашада келіп түскен".
MONTHS_KK_LOCATIVE = (
    "қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда",
    "шілдеде", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда",
)
MONTHS_KK = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
)


def register_fonts() -> None:
    """Register DejaVu Serif (regular, bold) once per process."""
    global _fonts_registered
    if _fonts_registered:
        return
    with _font_lock:
        if _fonts_registered:
            return
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSerif.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
        _fonts_registered = True


def styles() -> dict[str, ParagraphStyle]:
    global _styles
    register_fonts()
    if _styles is None:
        base = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=14.5, alignment=TA_JUSTIFY,
                              firstLineIndent=10 * mm, spaceAfter=4)
        _styles = {
            "body": base,
            "plain": ParagraphStyle("plain", parent=base, firstLineIndent=0, alignment=TA_LEFT),
            "right": ParagraphStyle("right", parent=base, firstLineIndent=0, alignment=TA_LEFT, fontSize=11),
            "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=13, leading=17,
                                    alignment=TA_CENTER, firstLineIndent=0, spaceBefore=6, spaceAfter=8),
            "subtitle": ParagraphStyle("subtitle", parent=base, alignment=TA_CENTER, firstLineIndent=0,
                                       fontSize=11, spaceAfter=8),
            "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9.5, leading=12, alignment=TA_LEFT),
            "cell_head": ParagraphStyle("cell_head", fontName=FONT_BOLD, fontSize=9.5, leading=12,
                                        alignment=TA_CENTER),
            "cell_num": ParagraphStyle("cell_num", fontName=FONT, fontSize=9.5, leading=12, alignment=TA_RIGHT),
            "small": ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10, alignment=TA_LEFT),
            "caption": ParagraphStyle("caption", fontName=FONT, fontSize=8, leading=10, alignment=TA_CENTER),
        }
    return _styles


# --------------------------------------------------------------------------- text helpers
def esc(value) -> str:
    """Escape user data for a Paragraph; keep line breaks."""
    if value is None:
        return ""
    return escape(str(value)).replace("\n", "<br/>")


def blank(value, width: int = 20) -> str:
    """The value, or the form's blank line when there is none (drafts)."""
    text = esc(value)
    return text if text.strip() else "_" * width


def as_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def kk_date(value) -> str:
    """2026 жылғы 24 қарашадағы."""
    d = as_date(value)
    if d is None:
        return "20__ жылғы «__» ________"
    return f"{d.year} жылғы {d.day} {MONTHS_KK_GENITIVE[d.month - 1]}"


def kk_date_on(value) -> str:
    """2026 жылғы 16 қарашада (the day something happened: "… келіп түскен", "… тіркелген")."""
    d = as_date(value)
    if d is None:
        return "20__ жылғы «__» ________"
    return f"{d.year} жылғы {d.day} {MONTHS_KK_LOCATIVE[d.month - 1]}"


def kk_date_short(value) -> str:
    d = as_date(value)
    return f"{d:%d.%m.%Y}" if d else "__.__.20__"


def kk_datetime(value) -> str:
    if not value:
        return "__.__.20__ __:__"
    dt = datetime.fromisoformat(str(value)) if not isinstance(value, datetime) else value
    if timezone.is_aware(dt):
        dt = timezone.localtime(dt)
    return f"{dt:%d.%m.%Y %H:%M}"


def paragraphs(text, style) -> list:
    """Split a text on blank lines into paragraphs."""
    parts = [p.strip() for p in str(text or "").split("\n\n") if p.strip()]
    return [Paragraph(esc(p), style) for p in parts]


# --------------------------------------------------------------------------- typography
_TAGS = re.compile(r"<[^>]+>")
#: "№ 12" → "№" and its number on one line (a no-break space).
_NUMERO = re.compile(r"№[ \t]+(?=[^\s<])")
#: "8-т.." → "8-т.": an abbreviation's full stop is the sentence's full stop (an ellipsis stays).
_DOUBLE_STOP = re.compile(r"(?<=[^.\s])\.\.(?!\.)")


def plain(line: str) -> str:
    """A line's text without markup, spaces collapsed, for comparing lines."""
    return " ".join(_TAGS.sub("", line or "").replace("&nbsp;", " ").split()).casefold()


def distinct_lines(lines) -> list[str]:
    """The non-empty lines, each printed once: a line whose text repeats an earlier one (the
    addressee given both as the form's name and as the letter's addressee) is dropped."""
    kept, seen = [], []
    for line in lines:
        text = plain(line)
        if not text or any(text == other for other in seen):
            continue
        kept.append(line)
        seen.append(text)
    return kept


def typeset(text: str) -> str:
    """The letter's typography applied to a paragraph's markup: "№" kept with its number, no
    double full stop after an abbreviated clause."""
    return _DOUBLE_STOP.sub(".", _NUMERO.sub("№\u00a0", text))


def _typeset_paragraph(paragraph: Paragraph) -> Paragraph:
    text = getattr(paragraph, "text", None)
    if not isinstance(text, str):
        return paragraph
    fixed = typeset(text)
    if fixed == text:
        return paragraph
    return Paragraph(fixed, paragraph.style, bulletText=getattr(paragraph, "bulletText", None))


def _typeset(flowable):
    """The flowable with every paragraph in it (table cells and kept-together groups included)
    typeset; tables and groups are changed in place."""
    if isinstance(flowable, Paragraph):
        return _typeset_paragraph(flowable)
    if isinstance(flowable, (list, tuple)):
        return type(flowable)(_typeset(item) for item in flowable)
    cells = getattr(flowable, "_cellvalues", None)
    if cells is not None:
        for row in cells:
            for index, cell in enumerate(row):
                row[index] = _typeset(cell)
    content = getattr(flowable, "_content", None)
    if isinstance(content, list):
        flowable._content = [_typeset(item) for item in content]
    return flowable


#: How many flowables before the verification block move with it to a new page (the signature's
#: spacer and block, and the paragraph above them): no page holds only the QR code.
KEEP_WITH_VERIFICATION = 3


def _keep_verification_with_text(story: list) -> list:
    marked = [index for index, flowable in enumerate(story) if getattr(flowable, "_verification", False)]
    if not marked:
        return story
    index = marked[-1]
    start = index - 1 if index and isinstance(story[index - 1], Spacer) else index  # the spacer above the block
    # the signature and the paragraph above it, never a table (a long one would leave a page half empty)
    while start > 0 and index - start < KEEP_WITH_VERIFICATION + 1 and not isinstance(story[start - 1], Table):
        start -= 1
    return [*story[:start], KeepTogether(story[start:index + 1]), *story[index + 1:]]


# --------------------------------------------------------------------------- building blocks
def header(ctx, right_lines: list[str], *, show_issuer: bool = True) -> list:
    """Top of a letter: issuer, register number and date on the left; addressee on the right."""
    st = styles()
    number = esc(ctx.get("register_number")) or "________"
    left = []
    if show_issuer:
        left.append(Paragraph(f"<b>{esc(ctx.get('issuer_name'))}</b>", st["plain"]))
    left.append(Paragraph(f"{kk_date(ctx.get('issued_at'))}", st["plain"]))
    left.append(Paragraph(f"№ {number}", st["plain"]))
    right = [Paragraph(line, st["right"]) for line in distinct_lines(right_lines)]
    table = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.48, FRAME_WIDTH * 0.52])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    return [table, Spacer(1, 6 * mm)]


def signature(position: str, name: str, *, label: str | None = None, sign_caption: str = "(қолы)",
              name_caption: str = "(тегі, аты, әкесінің аты (болған жағдайда))",
              position_caption: str | None = "(лауазым)") -> list:
    """The signature block: [label] position — ______ (қолы) — full name. ``position_caption=None``
    for a form whose signatory is named by the act itself (seed 000: "Басшы")."""
    st = styles()
    rows = []
    if label:
        rows.append([Paragraph(f"<b>{esc(label)}</b>", st["plain"]), "", ""])
    rows.append([
        Paragraph(blank(position, 25), st["plain"]),
        Paragraph("_______________", st["cell_head"]),
        Paragraph(blank(name, 25), st["plain"]),
    ])
    rows.append([
        Paragraph(position_caption, st["small"]) if position_caption else "",
        Paragraph(esc(sign_caption), st["caption"]),
        Paragraph(esc(name_caption), st["small"]),
    ])
    table = Table(rows, colWidths=[FRAME_WIDTH * 0.40, FRAME_WIDTH * 0.22, FRAME_WIDTH * 0.38])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return [Spacer(1, 8 * mm), KeepTogether([table])]


def data_table(header_cells: list[str], rows: list[list], col_widths: list[float], *,
               numeric_columns: tuple[int, ...] = ()) -> LongTable:
    """A bordered table whose header row repeats on every page."""
    st = styles()
    data = [[Paragraph(h, st["cell_head"]) for h in header_cells]]
    for row in rows:
        data.append([
            Paragraph(esc(cell), st["cell_num"] if i in numeric_columns else st["cell"])
            for i, cell in enumerate(row)
        ])
    table = LongTable(data, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


QR_MASK_PATTERN = 0


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules of ``text`` (error correction M) by reportlab's own encoder.

    The mask pattern is fixed instead of searched: any of the eight masks is a valid QR code
    for every reader, and the search (8 trial encodings with penalty scoring) took ~30 ms,
    more than the whole rest of a one-page letter.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK_PATTERN)
    return code.modules


class QrFlowable(Flowable):
    """A QR code drawn as one filled path of horizontal runs (fast, small, deterministic)."""

    def __init__(self, text: str, size: float, quiet: int = 2):
        super().__init__()
        self.modules = qr_matrix(text)
        self.size = size
        self.quiet = quiet
        self.width = self.height = size

    def draw(self):
        # One 1-bit image, one module per pixel, scaled without smoothing: a handful of PDF
        # operators instead of hundreds of rectangles.
        count = len(self.modules)
        side = count + 2 * self.quiet
        image = Image.new("1", (side, side), 1)
        pixels = image.load()
        for r, row in enumerate(self.modules):
            for c, dark in enumerate(row):
                if dark:
                    pixels[c + self.quiet, r + self.quiet] = 0
        self.canv.drawImage(ImageReader(image), 0, 0, self.size, self.size)


def verification_block(ctx) -> list:
    """QR code with the public verification URL (issued letters only)."""
    st = styles()
    url = ctx.get("verification_url")
    if not url:
        return [Spacer(1, 4 * mm), Paragraph(
            "ЖОБА: хатқа тіркеу нөмірі берілмеген, тексеру коды жоқ.", st["small"])]
    size = 24 * mm
    drawing = QrFlowable(url, size)
    text = Paragraph(
        f"Құжаттың түпнұсқалығын тексеру / Проверка подлинности документа:<br/>{esc(url)}<br/>"
        f"Тіркеу нөмірі: {esc(ctx.get('register_number'))}; {kk_date_short(ctx.get('issued_at'))}",
        st["small"],
    )
    table = Table([[drawing, text]], colWidths=[size + 4 * mm, FRAME_WIDTH - size - 4 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    block = KeepTogether([table])
    block._verification = True  # build_pdf keeps it with the text above it
    return [Spacer(1, 6 * mm), block]


# --------------------------------------------------------------------------- the PDF
def _pdf_date(ctx) -> str:
    issued = ctx.get("issued_at")
    if isinstance(issued, datetime):
        local = timezone.localtime(issued) if timezone.is_aware(issued) else issued
        offset = local.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        sign = "+" if minutes >= 0 else "-"
        return f"D:{local:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"
    return "D:20000101000000+00'00'"


def _canvas_class(ctx):
    """A canvas that writes "N / M", the register number and (drafts) the ЖОБА watermark on
    every page once the page count is known."""
    fixed_date = _pdf_date(ctx)
    draft = bool(ctx.get("draft"))
    number = ctx.get("register_number") or ""

    class LetterCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *parts: fixed_date)
            self._saved_pages = []

        def showPage(self):
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for index, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                self._furniture(index, total)
                super().showPage()
            super().save()

        def _furniture(self, page: int, total: int):
            self.saveState()
            self.setFont(FONT, 8.5)
            self.drawCentredString(PAGE_WIDTH / 2, 10 * mm, f"{page} / {total}")
            if number:
                self.drawString(LEFT_MARGIN, 10 * mm, f"№ {number}")
            if draft:
                self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
                self.setFont(FONT_BOLD, 110)
                self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
                self.rotate(45)
                self.drawCentredString(0, -35, "ЖОБА")
            self.restoreState()

    return LetterCanvas


def build_pdf(story: list, ctx: dict, *, title: str, subject: str = "") -> bytes:
    register_fonts()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4,
        leftMargin=LEFT_MARGIN, rightMargin=RIGHT_MARGIN, topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
        title=title, author=ctx.get("issuer_name") or "", subject=subject,
        creator="forms_kz", producer="forms_kz (ReportLab)",
        keywords=ctx.get("register_number") or "ЖОБА",
        invariant=1, pageCompression=1,
    )
    story = _keep_verification_with_text([_typeset(flowable) for flowable in story])
    doc.build(story, canvasmaker=_canvas_class(ctx))
    return buffer.getvalue()
