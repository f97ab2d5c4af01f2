"""The engine's run of a pass: intake, sessions, one transaction per item, retries, leases, the outbox, follow-up.

Knows processes only through the contract in :mod:`robot.process`; imports no connector, no browser
library and no process.
"""
