"""The legal terms and clauses of seed 002: the Rules approved by Order No. 58 of 25.01.2016 (in
the wording of Order No. 169/НҚ of 19.03.2024). Citations name the point of the Rules the order
approves (``cases.rules.rules_clause``), never the order's own points (its p. 4 is its entry into
force)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from cases.deadlines import DeadlineUnit
from cases.rules import DeadlineRule, rules_clause

ORDER = "№ 58"
LAW_ON_PUBLIC_SERVICES_25_2 = "«Мемлекеттік көрсетілетін қызметтер туралы» Заңның 25-бабының 2-тармағы"


def p10(*paragraphs: int) -> str:
    """The paragraph(s) of the Rules' p. 10 (complaints)."""
    if len(paragraphs) == 1:
        return rules_clause(ORDER, 10, paragraph=paragraphs[0])
    return f"{rules_clause(ORDER, 10)}ның {', '.join(map(str, paragraphs))}-абзацтары"


#: The Rules' appendix (the order of rendering the service), row 3: "Қызмет көрсету мерзімі – 10 (он) минут".
SERVICE_TERM = timedelta(minutes=10)
SERVICE_TERM_CITATION = f"{rules_clause(ORDER)}ға қосымша, 3-жол (қызмет көрсету мерзімі – 10 (он) минут)"

#: p. 10 para 3–4: the provider sends the complaint and the administrative case to the reviewing
#: body "шағым түскен күннен бастап 3 (үш) жұмыс күнінен кешіктірмей", unless within those
#: 3 working days it fully satisfies the complaint.
COMPLAINT_FORWARD = DeadlineRule(
    "s002.complaint_forward",
    3,
    DeadlineUnit.WORKING_DAYS,
    f"{p10(3, 4)} (шағым түскен күннен бастап 3 жұмыс күні)",
    label=_("Send the complaint to the reviewing body"),
)

#: p. 10 para 5: "Көрсетілетін қызметті берушіге келіп түскен … шағымы … оны тіркеген күннен
#: бастап 5 (бес) жұмыс күні ішінде қаралуға жатады" (Law on Public Services, Art. 25 p. 2).
COMPLAINT_REVIEW_PROVIDER_SIDE = DeadlineRule(
    "s002.complaint_review_5wd",
    5,
    DeadlineUnit.WORKING_DAYS,
    f"{p10(5)}; {LAW_ON_PUBLIC_SERVICES_25_2} (тіркелген күннен бастап 5 жұмыс күні)",
    label=_("Review the complaint (5 working days)"),
)

#: p. 10 para 6: "Мемлекеттік қызметтер көрсету сапасын бағалау және бақылау жөніндегі уәкілетті
#: органның атына келіп түскен … шағымы оны тіркелген күннен бастап 15 (он бес) жұмыс күні ішінде
#: қаралуға жатады": the term runs from the authority's OWN registration of the complaint.
COMPLAINT_REVIEW_QUALITY_BODY = DeadlineRule(
    "s002.complaint_review_15wd",
    15,
    DeadlineUnit.WORKING_DAYS,
    f"{p10(6)} (уәкілетті органда тіркелген күннен бастап 15 жұмыс күні)",
    label=_("Review of the complaint by the service-quality authority (15 working days)"),
)

# -- the clauses of the complaint's steps (p. 10) ---------------------------------------------

#: p. 10 para 4: within 3 working days the provider fully satisfies the complaint and keeps it.
SATISFY_CITATION = p10(4)
#: p. 10 para 3: the complaint and the administrative case go to the reviewing body.
FORWARD_CITATION = COMPLAINT_FORWARD.citation
#: p. 10 para 6: the service-quality authority registers the complaint addressed to it; its
#: 15 working days run from that registration.
AUTHORITY_REGISTRATION_CITATION = p10(6)
#: p. 10 para 5–6: the reviewing body decides (Law on Public Services Art. 25 p. 2).
DECISION_CITATION = p10(5, 6)
#: p. 10 para 2: a complaint is filed with the provider whose decision, action or inaction it
#: contests; a record that is no such complaint (registered in error) is withdrawn with its reason.
WITHDRAW_CITATION = p10(2)
