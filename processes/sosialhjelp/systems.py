"""What the sosialhjelp process needs of the case system, as a protocol: the browser session or a fake.

:class:`connectors.case_system.CaseSystemSession` implements it; a unit test passes a
``session_factory`` that returns a fake, so ``handle()`` runs without a browser. The inbox is
:class:`connectors.digisos.DigisosClient` (its API is tested against the inbox stand-in).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol

from playwright.sync_api import Page

from connectors.case_system.models import CaseView, ProposalDraft, SavedProposal


class CaseSystem(Protocol):
    def login(self) -> None: ...

    def logout(self) -> None: ...

    def open_case(self, identity_number: str) -> CaseView: ...

    def read_proposal(self, link: str) -> SavedProposal: ...

    def write_proposal(self, case: CaseView, draft: ProposalDraft) -> SavedProposal: ...

    def write_manual(
        self, case: CaseView, reference: str, note: str, task: str | None = None
    ) -> CaseView: ...


SessionFactory = Callable[[Page, Callable[[], AbstractContextManager[Page]]], CaseSystem]
