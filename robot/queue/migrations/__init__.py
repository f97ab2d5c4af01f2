"""The queue's schema, versioned: Alembic migrations over the SQLModel tables (``versions/NNNN_*.py``)."""
