"""The clauses of seed 001 the staff-list steps cite, in the act's own words: the points of the
Rules that Order No. 409 of 27.09.2022 approves (its p. 1: "Қоса беріліп отырған … қағидалары
бекітілсін"), never the order's own points (its p. 4 is the entry-into-force clause). Staff lists
open no deadline rows: the half-yearly refresh of p. 5 is computed per state body
(``services.compliance``)."""

from cases.rules import rules_clause

ORDER = "№ 409"

#: Rules p. 5, first paragraph: the state body forms the list of Appendix 1 and sends it.
P5 = rules_clause(ORDER, 5)
CITATION_LIST = f"{P5}, {rules_clause(ORDER, appendix=1)}"
#: Rules p. 5, second paragraph: refreshed at least once every half-year and sent again.
CITATION_REFRESH = f"{rules_clause(ORDER, 5, paragraph=2)} (жарты жылда кемінде бір рет)"
#: Appendix 1: the form is signed by an authorised official (position, full name).
CITATION_SIGNATORY = f"{rules_clause(ORDER, appendix=1)}: «Уәкілетті лауазымды адам» (лауазымы, тегі, аты)"

SUBMIT = f"{rules_clause(ORDER, 5, paragraph=1)}: тізімін қалыптастырады және уәкілетті органға жібереді (1-қосымша)"
RECEIVE_BY_LETTER = (
    f"{rules_clause(ORDER, 5, paragraph=1)}, 1-қосымша (қол қойылған хабарлама); {rules_clause(ORDER, 3)} "
    "(электрондық құжат айналымы жүйесі): жүйеден тыс алынған тізім нақты уақытымен енгізіледі"
)
ACCEPT = (
    f"{P5}: тізім уәкілетті органға жіберіледі (актіде «қабылдау» қадамы аталмаған: "
    "тізім бойынша есептік жазбалар беретін жүйенің өз қадамы)"
)
RETURN = (
    f"{CITATION_LIST} (актіде қайтару аталмаған: тізім нысанға сай болмаса, "
    "себебі көрсетіліп түзетуге қайтарылады — жүйенің өз қадамы)"
)
SUPERSEDE = (
    f"{rules_clause(ORDER, 5, paragraph=2)}: «жаңартылған тізімді жібереді» — жаңа тізім қабылданғанда "
    "алдыңғысы ауыстырылады (жүйе өзі жасайды)"
)
WITHDRAW = (
    f"{P5} (актіде кері қайтарып алу аталмаған: қате жіберілген тізімді мемлекеттік орган "
    "шешім шыққанға дейін себебін көрсетіп қайтарып алады — жүйенің өз қадамы)"
)
NEWER_THAN_ACCEPTED = f"{rules_clause(ORDER, 5, paragraph=2)} (жаңартылған тізім)"
