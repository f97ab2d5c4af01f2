"""The scripts the robot runs inside the case system's pages, each one browser round trip.

They know no screen texts or field names: :mod:`connectors.case_system.selectors` passes those in.
``SNAPSHOT`` reads a page (labelled values, tables by heading, text limits); ``PAGE_STATE`` tells the
login, maintenance, error and refusal pages apart; ``FILL_FORM`` sets every field of a form at once
and fires the ``input`` and ``change`` events the page's own scripts listen to, refusing values the
form cannot take (longer than its ``maxlength``, not among a list's options); ``READ_FORM`` reads
the fields back for the check before saving. ``CLICK`` clicks an element the way the page's own
scripts would (``element.click()``, which runs its ``onclick`` and follows a link or submits a form):
the same effect as Playwright's mouse click without its selector engine and input pipeline, which
cost the browser more work than the page itself on each new document.
"""

from __future__ import annotations

SNAPSHOT = """() => {
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
    const limits = {};
    for (const field of document.querySelectorAll('[name][maxlength]')) limits[field.name] = field.maxLength;
    return {labels, tables, limits};
}"""

CLICK = """(selector) => {
    const el = document.querySelector(selector);
    if (!el) return false;
    // After this script has returned: a confirm() the click opens, or the page it loads, cannot cut it short.
    setTimeout(() => el.click(), 0);
    return true;
}"""

PAGE_STATE = """([loginField, messageSelectors]) => ({
    title: document.title,
    login: document.querySelector(loginField) !== null,
    messages: messageSelectors.flatMap(sel => Array.from(document.querySelectorAll(sel)))
        .map(el => el.innerText.trim()).filter(text => text)
})"""

_FIELDS = """
    const form = document.forms[spec.form];
    if (!form) return {missing_form: true, instance: '', problems: [], values: {}, rows: 0};
    const instance = spec.instanceField ? form.elements[spec.instanceField].value : '';
    const prefix = spec.prefix.replace('{instance}', instance);
    const rowPattern = spec.rowPattern ? new RegExp(spec.rowPattern) : null;
    const rows = rowPattern ? Array.from(form.elements)
        .filter(el => el.name && el.name.startsWith(prefix) && rowPattern.test(el.name.slice(prefix.length))).length : 0;
"""

FILL_FORM = (
    """(spec) => {"""
    + _FIELDS
    + """
    const problems = [];
    const fields = [];
    for (const [key, value] of Object.entries(spec.values)) {
        const el = form.elements[prefix + key];
        if (!el) { problems.push({kind: 'missing', field: key}); continue; }
        if (el.type === 'checkbox') {
            el.checked = Boolean(value);
        } else if (el.tagName === 'SELECT') {
            if (!Array.from(el.options).some(option => option.value === value)) {
                problems.push({kind: 'option', field: key, value: value}); continue;
            }
            el.value = value;
        } else {
            if (el.maxLength > 0 && value.length > el.maxLength) {
                problems.push({kind: 'length', field: key, limit: el.maxLength, length: value.length}); continue;
            }
            el.value = value;
        }
        fields.push(el);
    }
    if (problems.length === 0) {
        for (const el of fields) {
            el.dispatchEvent(new Event('input', {bubbles: true}));
            el.dispatchEvent(new Event('change', {bubbles: true}));
        }
    }
    return {missing_form: false, instance, problems, rows};
}"""
)

READ_FORM = (
    """(spec) => {"""
    + _FIELDS
    + """
    const values = {};
    for (const key of spec.keys) {
        const el = form.elements[prefix + key];
        values[key] = !el ? null : (el.type === 'checkbox' ? el.checked : el.value);
    }
    return {missing_form: false, instance, problems: [], values, rows};
}"""
)
