"""A logged-in browser session in the legacy case system: the robot's only way in (architecture §3).

:class:`CaseSystemSession` reads a case once (:meth:`open_case`: the case page with every proposal and
decision, journal notes, "Att göra" tasks, history and text limits) and writes from that view without
reading the page again: a proposal through the calculation form the case page loads into its frame
(:mod:`connectors.case_system.calculation`), then the saved proposal read back; a journal note (and a
task for a caseworker) through the form on the case page itself, whose answer is the case page again,
read back. Only when the page may have changed since (a re-login, a second try) is it read again, and
nothing already saved under the reference is saved twice. Errors: :mod:`connectors.case_system.browsing`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlparse

from connectors.case_system import reading, scripts
from connectors.case_system import selectors as s
from connectors.case_system.browsing import log
from connectors.case_system.calculation import CalculationForm, format_amount
from connectors.case_system.errors import CaseNotFound, CaseSystemError, CaseSystemRefused, ProposalMismatch
from connectors.case_system.models import CaseView, ProposalDraft, SavedProposal
from connectors.identity import mask

__all__ = ["CaseSystemSession", "format_amount"]
JOURNAL_FIELDS = {s.JOURNAL_REFERENCE: "Referens", s.JOURNAL_TEXT: "Anteckning", s.TASK_TEXT: "Uppgift"}


class CaseSystemSession(CalculationForm):
    """A browser session in the case system for one user. Not thread-safe: one per browser page."""

    _fresh: str | None = None  # the case page whose view is on screen, unchanged since it was read

    # --- reading ------------------------------------------------------------------------------

    def open_case(self, identity_number: str) -> CaseView:
        """Search for the person's case and read its page. Raises CaseNotFound when there is none."""

        def step() -> CaseView:
            self._fresh = None
            self._goto(s.SEARCH_URL.format(identity_number=quote(identity_number)))
            found = re.search(s.CASE_URL_PATTERN, urlparse(self.page.url).path)
            if found:
                return self._read_view(found.group(1))
            if self.page.locator(s.SEARCH_MESSAGE).count():
                raise CaseNotFound(f"The case system has no case for {mask(identity_number)}.")
            raise CaseSystemError(
                "The search in the case system did not lead to a case page; has the page changed?"
            )

        return self._guarded("open_case", step)

    def read_proposal(self, link: str) -> SavedProposal:
        """The proposal behind ``link`` (from :attr:`ProposalEntry.link`), read from its own page."""

        def step() -> SavedProposal:
            self._fresh = None
            self._goto(link)
            return reading.read_proposal(reading.snapshot(self.page))

        return self._guarded("read_proposal", step)

    # --- writing ------------------------------------------------------------------------------

    def write_proposal(self, case: CaseView, draft: ProposalDraft) -> SavedProposal:
        """Fill and save calculation, decision, period, amount, reference and note once; return it read back.

        ``case`` is the view :meth:`open_case` returned. A proposal already saved with the draft's
        reference is not saved again. Raises ProposalMismatch when what the case system shows differs
        from ``draft``, CaseSystemRefused when the form cannot take it.
        """
        first = [True]

        def step() -> SavedProposal:
            current = self._current(case, first)
            own = current.proposal(draft.reference)
            if own is not None and own.link:
                log.info(
                    "case_system_proposal_exists",
                    person=mask(case.identity_number),
                    reference=draft.reference,
                )
                saved = self.read_proposal(own.link)
            else:
                self._fresh = None
                saved = self._fill_and_save(draft)
                log.info(
                    "case_system_proposal_saved", person=mask(case.identity_number), reference=draft.reference
                )
            differences = saved.differences(draft)
            if differences:
                raise ProposalMismatch(
                    f"The proposal {draft.reference} in the case system differs from what the robot wrote: "
                    + "; ".join(differences),
                    differences,
                )
            return saved

        return self._guarded("write_proposal", step)

    def write_manual(self, case: CaseView, reference: str, note: str, task: str | None = None) -> CaseView:
        """Save a journal note and, when ``task`` is given, an "Att göra" task, in one post; the case read back.

        Nothing already there under ``reference`` is saved again (a note, a task). Raises
        CaseSystemRefused when the case system does not take them.
        """
        first = [True]

        def step() -> CaseView:
            current = self._current(case, first)
            values: dict[str, str | bool] = {}
            if current.note(reference) is None:
                values[s.JOURNAL_TEXT] = note
            if task is not None and current.task(reference) is None:
                values.update({s.TASK_BOX: True, s.TASK_TEXT: task})
            if not values:
                log.info(
                    "case_system_journal_note_exists", person=mask(case.identity_number), reference=reference
                )
                return current
            self._fresh = None
            self._fill_journal({s.JOURNAL_REFERENCE: reference, **values})
            self._post(self.page, s.JOURNAL_SUBMIT, "the journal note")
            after = self._read_view(case.url)
            if (s.JOURNAL_TEXT in values and after.note(reference) is None) or (
                s.TASK_TEXT in values and after.task(reference) is None
            ):
                raise CaseSystemError(f"The journal note or task {reference} is not listed on the case page.")
            log.info(
                "case_system_journal_note_saved",
                person=mask(case.identity_number),
                reference=reference,
                task=s.TASK_TEXT in values,
            )
            return after

        return self._guarded("write_manual", step)

    # --- conveniences (each reads the case page again) -----------------------------------------

    def find_proposal(self, identity_number: str, reference: str) -> SavedProposal | None:
        """The newest proposal saved with ``reference`` on the person's case, or None."""
        own = self.open_case(identity_number).proposal(reference)
        return self.read_proposal(own.link) if own is not None and own.link else None

    def find_journal_note(self, identity_number: str, reference: str) -> str | None:
        """The text of the newest journal note with ``reference`` (not a proposal's own), or None."""
        return self.open_case(identity_number).note(reference)

    def write_journal_note(
        self, identity_number: str, reference: str, text: str, task: str | None = None
    ) -> None:
        """Save a journal note (and a task) on the person's case, unless one with ``reference`` is there."""
        self.write_manual(self.open_case(identity_number), reference, text, task)

    # --- steps --------------------------------------------------------------------------------

    def _read_view(self, url: str) -> CaseView:
        view = reading.read_view(reading.snapshot(self.page), url)
        self._fresh = url
        return view

    def _current(self, case: CaseView, first: list[bool]) -> CaseView:
        """``case`` when its page is on screen unchanged (the first try); otherwise the page read again."""
        first_try = first.pop() if first else False
        if first_try and self._fresh == case.url and urlparse(self.page.url).path.endswith(case.url):
            return case
        self._fresh = None
        self._goto(case.url)
        return self._read_view(case.url)

    def _fill_journal(self, values: dict[str, str | bool]) -> None:
        spec = {
            "form": s.JOURNAL_FORM,
            "instanceField": None,
            "prefix": "",
            "rowPattern": None,
            "values": values,
        }
        filled = self.page.evaluate(scripts.FILL_FORM, spec)
        if filled["missing_form"] or any(p["kind"] == "missing" for p in filled["problems"]):
            raise CaseSystemError(
                "The case page has no journal form as the robot knows it; has the page changed?"
            )
        if filled["problems"]:
            reason = " ".join(
                f"Texten i fältet {JOURNAL_FIELDS.get(p['field'], p['field'])} är för lång för "
                f"verksamhetssystemet ({p.get('length')} tecken, högst {p.get('limit')})."
                for p in filled["problems"]
            )
            raise CaseSystemRefused(f"The journal form cannot take the note: {reason}", reason)
