"""The process kit: what every process shares (the browser session glue today; the workflow next)."""
