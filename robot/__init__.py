"""The robot engine: settings, work queue, transaction loop, scheduling, reports, logging."""
