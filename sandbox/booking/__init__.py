"""Stand-in for a self-booking service: meeting times the applicant books through a link of their own."""

from sandbox.booking.app import create_app
from sandbox.booking.store import BookingStore, weekday_times

__all__ = ["BookingStore", "create_app", "weekday_times"]
