"""Numbered migrations, applied in order; each says why the schema changed."""
