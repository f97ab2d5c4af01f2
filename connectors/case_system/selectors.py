"""Every selector, URL, field-name pattern and screen text of the legacy case system, in one place.

The robot's knowledge of the old UI lives only here: when the case system changes a label or a
field name, this is the one file to update.
"""

from __future__ import annotations

# --- URLs (relative to the base URL)
LOGIN_URL = "/login"
LOGOUT_URL = "/logout"
SEARCH_URL = "/sok?pnr={identity_number}"
CASE_URL_PATTERN = r"/arende/(\d+)(?:\?.*)?$"

# --- Login page
LOGIN_USER = 'input[name="anv"]'
LOGIN_PASSWORD = 'input[name="losen"]'
LOGIN_SUBMIT = 'input[name="btnLogin"]'
LOGIN_MESSAGE = "#loginmsg"

# --- Search page
SEARCH_MESSAGE = "#sokmsg"

# --- Screens that mean "the system is not available", recognised by their title (and HTTP status)
MAINTENANCE_TITLE = "Underhåll"
ERROR_TITLE = "Serverfel"

# --- Case page and proposal page: a value cell is the cell right of its label cell (ending in ":"),
# a table follows its bold heading. PAGE_SNAPSHOT_JS reads all of them in one round trip.
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
PROPOSALS_HEADING = "Förslag och beslut"
JOURNAL_HEADING = "Journal"
DETAIL_ROWS_HEADING = "Beräkning"
PREVIOUS_MONTH = "Månad:"
PREVIOUS_DECISION = "Beslut:"
PREVIOUS_AMOUNT = "Beslutat belopp:"

PAGE_SNAPSHOT_JS = """() => {
    const labels = {};
    for (const row of document.querySelectorAll('tr')) {
        if (row.cells.length < 2) continue;
        const label = row.cells[0].innerText.trim();
        if (label.endsWith(':') && !(label in labels)) labels[label] = row.cells[1].innerText;
    }
    const tables = {};
    for (const heading of document.querySelectorAll('b')) {
        let next = heading.nextElementSibling;
        while (next && next.tagName !== 'TABLE') next = next.nextElementSibling;
        const name = heading.innerText.trim();
        if (!next || name in tables) continue;
        tables[name] = Array.from(next.rows).map(row => ({
            cells: Array.from(row.cells).map(cell => cell.innerText),
            href: row.querySelector('a') ? row.querySelector('a').getAttribute('href') : null
        }));
    }
    return {labels, tables};
}"""

# Recognises the login, maintenance and error pages in one round trip.
PAGE_STATE_JS = """() => ({
    title: document.title,
    login: document.querySelector('input[name="losen"]') !== null
})"""

# Column positions
PROPOSAL_REFERENCE_COLUMN = 0
JOURNAL_REFERENCE_COLUMN = 1
JOURNAL_TEXT_COLUMN = 3

# --- Calculation form, inside an iframe on the case page; field names are generated per form instance
CALCULATION_FRAME = "kalkylram"
FORM_INSTANCE = 'input[name="formid"]'
ROW_KIND_ALL = 'select[name^="fld_"][name$="_typ"]'
ROW_FIELD = '[name="fld_{instance}_r{row}_{suffix}"]'
FORM_FIELD = '[name="fld_{instance}_{suffix}"]'
ROW_KIND, ROW_CODE, ROW_LABEL, ROW_AMOUNT = "typ", "kod", "txt", "amt"
DECISION, AMOUNT, PERIOD_FROM, PERIOD_TO, REFERENCE, NOTE = (
    "beslut",
    "belopp",
    "from",
    "tom",
    "ref",
    "journal",
)
SAVE_BUTTON = 'input[name="btnSpara"]'
SAVE_CONFIRM_TEXT = "Spara förslag?"
SAVED_MESSAGE = "#sparadmsg"
SAVE_ERRORS = "#kalkylfel li"

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

# --- Journal note page
JOURNAL_LINK = 'a:has-text("Ny journalanteckning")'
JOURNAL_REFERENCE = 'input[name="jref"]'
JOURNAL_TEXT = 'textarea[name="jtext"]'
JOURNAL_SUBMIT = 'input[name="btnJournal"]'
JOURNAL_ERRORS = "#journalfel li"
JOURNAL_SAVED = "#sparadmsg"

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
YES_TEXTS = ("Ja", "JA")
