"""Storage: the work queue, the applicant outbox and the pass records, on SQLite or PostgreSQL (SQLModel)."""
