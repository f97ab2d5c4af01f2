"""Every selector, URL, field name and screen text of the legacy case system, in one place.

The robot's knowledge of the old UI lives here (and the page scripts in
:mod:`connectors.case_system.scripts`, which take these names as arguments): when the case system
changes a label or a field name, this is the file to update.
"""

from __future__ import annotations

# --- URLs (relative to the base URL)
LOGIN_URL = "/login"
LOGOUT_URL = "/logout"
SEARCH_URL = "/sok?pnr={identity_number}"
CASE_URL_PATTERN = r"(/arende/\d+)$"  # the end of the case page's path, as the search redirects to it
PROPOSAL_URL = "/forslag/{proposal_id}"

# --- Login page
LOGIN_USER = 'input[name="anv"]'
LOGIN_PASSWORD = 'input[name="losen"]'
LOGIN_SUBMIT = 'input[name="btnLogin"]'
LOGIN_FIELD = 'input[name="losen"]'  # its presence means "this is the login page"

# --- Search page
SEARCH_MESSAGE = "#sokmsg"

# --- Screens that mean "the system is not available", recognised by their title (and HTTP status)
MAINTENANCE_TITLE = "Underhåll"
ERROR_TITLE = "Serverfel"
# Where a page states why it refused something (a 4xx answer or a validation message)
REFUSAL_MESSAGES = ("#felmsg", "#kalkylfel li", "#journalfel li")

# --- Case page and proposal page: a value cell is the cell right of its label cell (ending in ":"),
# a table follows its bold heading. scripts.SNAPSHOT reads all of them in one round trip.
CASE_NUMBER = "Aktnummer:"
APPLICANT_NAME = "Sökande:"
APPLICANT_IDENTITY = "Personnummer:"
CO_APPLICANT_NAME = "Medsökande:"
CO_APPLICANT_IDENTITY = "Medsökandes personnummer:"
PROTECTED_IDENTITY = "Skyddad identitet:"
CASE_STATUS = "Aktstatus:"
CONSECUTIVE_MONTHS = "Månader i följd med bistånd:"
JOBBSTIMULANS_MONTHS = "Jobbstimulans, använda månader:"
LABOUR_MARKET_PLAN = "Planering arbetsmarknad:"
MEMBERS_HEADING = "Hushållsmedlemmar"
PREVIOUS_HEADING = "Föregående beräkning"
HISTORY_HEADING = "Beräkningshistorik"
PROPOSALS_HEADING = "Förslag och beslut"
TASKS_HEADING = "Att göra"
JOURNAL_HEADING = "Journal"
DETAIL_ROWS_HEADING = "Beräkning"
PREVIOUS_MONTH = "Månad:"
PREVIOUS_DECISION = "Beslut:"
PREVIOUS_AMOUNT = "Beslutat belopp:"

# Column positions
HISTORY_COLUMNS = {"month": 0, "decision": 1, "amount": 2}
PROPOSAL_COLUMNS = {
    "reference": 0,
    "month": 1,
    "decision": 3,
    "amount": 4,
    "status": 5,
    "created_at": 6,
    "created_by": 7,
    "handled_by": 8,
    "handled_at": 9,
}
PROPOSAL_REFERENCE_COLUMN = PROPOSAL_COLUMNS["reference"]
TASK_COLUMNS = {"reference": 0, "text": 1, "status": 2, "created_at": 3, "done_by": 4}
JOURNAL_COLUMNS = {"created_at": 0, "reference": 1, "author": 2, "proposal": 3, "text": 4}
JOURNAL_REFERENCE_COLUMN = JOURNAL_COLUMNS["reference"]
JOURNAL_TEXT_COLUMN = JOURNAL_COLUMNS["text"]

# --- The journal form on the case page: a note and, ticked, an "Att göra" task, in one post
JOURNAL_FORM = "frmJournal"
JOURNAL_REFERENCE = "jref"
JOURNAL_TEXT = "jtext"
TASK_BOX = "uppgift"
TASK_TEXT = "utext"
JOURNAL_SUBMIT = 'input[name="btnJournal"]'
JOURNAL_SAVED = "#sparadmsg"

# --- Calculation form: loaded into a frame on the case page by the "Ny beräkning" link; its field
# names are generated per form instance ("fld_<instance>_r<row>_amt")
CALCULATION_FRAME = "kalkylram"
NEW_CALCULATION = "a#nyberakning"
CALCULATION_FORM = "frmKalkyl"
FORM_INSTANCE = "formid"
FIELD_PREFIX = "fld_{instance}_"
ROW_FIELD = "r{row}_{suffix}"
ROW_KIND, ROW_CODE, ROW_LABEL, ROW_AMOUNT = "typ", "kod", "txt", "amt"
ROW_KIND_PATTERN = r"^r\d+_typ$"  # counts the form's rows
DECISION, AMOUNT, PERIOD_FROM, PERIOD_TO, REFERENCE, NOTE, TOTAL = (
    "beslut",
    "belopp",
    "from",
    "tom",
    "ref",
    "journal",
    "summa",  # computed by the page's own script when a row changes
)
SAVE_BUTTON = 'input[name="btnSpara"]'
SAVE_CONFIRM_TEXT = "Spara förslag?"
SAVED_MESSAGE = "#sparadmsg"
SAVED_NUMBER = "#forslagsnr"
SAVED_NUMBER_LABEL = "Förslag nr:"  # on the page that answers a save, above the proposal as stored

# --- Proposal detail page (linked from the case page)
DETAIL_CASE_NUMBER = "Aktnummer:"
DETAIL_REFERENCE = "Ärendereferens:"
DETAIL_MONTH = "Beräkningsmånad:"
DETAIL_DECISION = "Beslut:"
DETAIL_AMOUNT = "Belopp:"
DETAIL_STATUS = "Status:"
DETAIL_CREATED = "Skapad:"
DETAIL_HANDLED_BY = "Hanterad av:"
DETAIL_NOTE = "Journalanteckning:"

# --- Screen texts and their codes
KIND_BY_TEXT = {"Norm": "norm", "Kostnad": "kostnad", "Inkomst": "inkomst"}
DECISION_BY_TEXT = {"Bevilja": "bevilja", "Avslå": "avsla"}
RELATION_BY_TEXT = {"Barn": "barn", "Vuxen": "vuxen"}
CASE_STATUS_BY_TEXT = {"Öppen": "open", "Avslutad": "closed"}
PROPOSAL_STATUS_BY_TEXT = {
    "Förslag – väntar på handläggare": "awaiting",
    "Fastställt": "confirmed",
    "Förslaget avslaget": "rejected",
}
TASK_STATUS_BY_TEXT = {"Öppen": "open", "Klar": "done"}
YES_TEXTS = ("Ja", "JA")
