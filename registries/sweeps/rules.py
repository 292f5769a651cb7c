"""The clause of seed 001 (Order No. 409 of 27.09.2022) the sweeps cite, in the act's own words.

P. 6: "Уәкілетті орган жарты жылда бір рет белсенділік белгілері жоқ және ақпараттық жүйені
қолданбайтын пайдаланушыларды есепке алу жазбаларының тізімін қалыптастырады." The act names only
the forming of the list; reviewing it, deactivating the listed accounts (never deleting them) and
closing the sweep are this system's own steps around that list, and their citations say so.
Sweeps open no deadline rows (one sweep per half-year is kept by a unique half-year).
"""

from django.utils.translation import gettext_lazy as _

#: Shown in the admin and on the printed list.
CITATION = _("Order No. 409 of 27.09.2022 (seed 001), p. 6")
CITATION_KK = "№ 409 бұйрық (2022 ж. 27 қыркүйек), 6-т."

START_REVIEW = (
    "№ 409 бұйрық, 6-т.: «белсенділік белгілері жоқ … пайдаланушыларды есепке алу жазбаларының тізімін "
    "қалыптастырады» (актіде тізімді қарау аталмаған: тізімді тексеру — жүйенің өз қадамы)"
)
APPLY = (
    "№ 409 бұйрық, 6-т. (актіде тек тізімді қалыптастыру аталған: тізімдегі есептік жазбаларды өшіру "
    "(жоймай) — жүйенің осы тізім бойынша өз қадамы)"
)
CLOSE = "№ 409 бұйрық, 6-т. (актіде жабу аталмаған: тізім жазба ретінде сақталады — жүйенің өз қадамы)"
EXCLUSION_REASON = "№ 409 бұйрық, 6-т. (тізімнен шығарудың себебі жазылады)"
