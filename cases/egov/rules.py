"""The legal terms and clauses of seed 002 (Order No. 58 of 25.01.2016, ed. 19.03.2024)."""

from datetime import timedelta

from cases.deadlines import DeadlineUnit
from cases.rules import DeadlineRule

#: Standard of the service, row 3: "Қызмет көрсету мерзімі – 10 (он) минут".
SERVICE_TERM = timedelta(minutes=10)
SERVICE_TERM_CITATION = "№ 58 бұйрық, қосымша (қызмет стандарты), 3-жол"

#: p. 10, para 3–4: the provider sends the complaint and the administrative case to the reviewing
#: body no later than 3 working days from the day the complaint arrived, unless within those
#: 3 working days it fully satisfies the complaint.
COMPLAINT_FORWARD = DeadlineRule(
    "s002.complaint_forward",
    3,
    DeadlineUnit.WORKING_DAYS,
    "№ 58 бұйрық, 10-т. 3, 4-абзац (шағым түскен күннен бастап 3 жұмыс күні)",
)

#: p. 10, para 5: a complaint that arrived at the provider is reviewed within 5 working days of its
#: registration (Law on Public Services, Art. 25 p. 2).
COMPLAINT_REVIEW_PROVIDER_SIDE = DeadlineRule(
    "s002.complaint_review_5wd",
    5,
    DeadlineUnit.WORKING_DAYS,
    "№ 58 бұйрық, 10-т. 5-абзац; «Мемлекеттік көрсетілетін қызметтер туралы» Заң, 25-б. 2-т. (тіркелген күннен бастап 5 жұмыс күні)",
)

#: p. 10, para 6: a complaint to the service-quality authority is reviewed within 15 working days
#: of its registration.
COMPLAINT_REVIEW_QUALITY_BODY = DeadlineRule(
    "s002.complaint_review_15wd",
    15,
    DeadlineUnit.WORKING_DAYS,
    "№ 58 бұйрық, 10-т. 6-абзац (тіркелген күннен бастап 15 жұмыс күні)",
)

# -- the clauses of the complaint's steps (p. 10) ---------------------------------------------

#: p. 10 para 4: within 3 working days the provider fully satisfies the complaint and keeps it.
SATISFY_CITATION = "№ 58 бұйрық, 10-т. 4-абзац"
#: p. 10 para 3: the complaint and the administrative case go to the reviewing body.
FORWARD_CITATION = COMPLAINT_FORWARD.citation
#: p. 10 para 5–6: the reviewing body decides (Law on Public Services, Art. 25 p. 2).
DECISION_CITATION = "№ 58 бұйрық, 10-т. 5, 6-абзац"
#: p. 10 para 2: a complaint is filed with the provider whose decision, action or inaction it
#: contests; a record that is no such complaint (registered in error) is withdrawn with its reason.
WITHDRAW_CITATION = "№ 58 бұйрық, 10-т. 2-абзац"
