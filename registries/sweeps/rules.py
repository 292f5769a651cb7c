"""The clause of seed 001 the sweeps cite, in the act's own words: p. 6 of the Rules that Order
No. 409 of 27.09.2022 approves (never the order's own p. 6 — the order has four points).

P. 6: "Уәкілетті орган жарты жылда бір рет белсенділік белгілері жоқ және ақпараттық жүйені
қолданбайтын пайдаланушыларды есепке алу жазбаларының тізімін қалыптастырады." The act names only
the forming of the list; reviewing it, deactivating the listed accounts (never deleting them) and
closing the sweep are this system's own steps around that list, and their citations say so.
Sweeps open no deadline rows (one sweep per half-year is kept by a unique half-year).
"""

from django.utils.translation import gettext_lazy as _

from cases.rules import rules_clause

#: Shown in the admin and on the printed list.
CITATION = _("Rules approved by Order No. 409 of 27.09.2022 (seed 001), p. 6")
P6 = rules_clause("№ 409", 6)
CITATION_KK = P6

START_REVIEW = (
    f"{P6}: «белсенділік белгілері жоқ … пайдаланушыларды есепке алу жазбаларының тізімін "
    "қалыптастырады» (актіде тізімді қарау аталмаған: тізімді тексеру — жүйенің өз қадамы)"
)
APPLY = (
    f"{P6} (актіде тек тізімді қалыптастыру аталған: тізімдегі есептік жазбаларды өшіру "
    "(жоймай) — жүйенің осы тізім бойынша өз қадамы)"
)
CLOSE = f"{P6} (актіде жабу аталмаған: тізім жазба ретінде сақталады — жүйенің өз қадамы)"
EXCLUSION_REASON = f"{P6} (тізімнен шығарудың себебі жазылады)"
