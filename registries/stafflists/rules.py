"""The clauses of seed 001 (Order No. 409 of 27.09.2022) the staff-list steps cite, in the act's
own words. Staff lists open no deadline rows: the half-yearly refresh of p. 5 is computed per
state body (``services.compliance``)."""

#: p. 5, first part: the state body forms the list of Appendix 1 and sends it to the authorised body.
CITATION_LIST = "№ 409 бұйрық, 5-т., 1-қосымша"
#: p. 5, second part: refreshed at least once every half-year and sent again.
CITATION_REFRESH = "№ 409 бұйрық, 5-т. 2-бөлігі (жарты жылда кемінде бір рет)"
#: Appendix 1: the form is signed by an authorised official (position, full name).
CITATION_SIGNATORY = "№ 409 бұйрық, 1-қосымша: «Уәкілетті лауазымды адам» (лауазымы, тегі, аты)"

SUBMIT = "№ 409 бұйрық, 5-т. 1-бөлігі: тізімін қалыптастырады және уәкілетті органға жібереді (1-қосымша)"
RECEIVE_BY_LETTER = (
    "№ 409 бұйрық, 5-т. 1-бөлігі, 1-қосымша (қол қойылған хабарлама); 3-т. (электрондық құжат айналымы жүйесі): "
    "жүйеден тыс алынған тізім нақты уақытымен енгізіледі"
)
ACCEPT = (
    "№ 409 бұйрық, 5-т.: тізім уәкілетті органға жіберіледі (актіде «қабылдау» қадамы аталмаған: "
    "тізім бойынша есептік жазбалар беретін жүйенің өз қадамы)"
)
RETURN = (
    "№ 409 бұйрық, 5-т., 1-қосымша (актіде қайтару аталмаған: тізім нысанға сай болмаса, "
    "себебі көрсетіліп түзетуге қайтарылады — жүйенің өз қадамы)"
)
SUPERSEDE = (
    "№ 409 бұйрық, 5-т. 2-бөлігі: «жаңартылған тізімді жібереді» — жаңа тізім қабылданғанда "
    "алдыңғысы ауыстырылады (жүйе өзі жасайды)"
)
WITHDRAW = (
    "№ 409 бұйрық, 5-т. (актіде кері қайтарып алу аталмаған: қате жіберілген тізімді мемлекеттік орган "
    "шешім шыққанға дейін себебін көрсетіп қайтарып алады — жүйенің өз қадамы)"
)
NEWER_THAN_ACCEPTED = "№ 409 бұйрық, 5-т. 2-бөлігі (жаңартылған тізім)"
