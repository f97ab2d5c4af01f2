"""What the robot tells people about its work: the Excel report, the ``status`` view and ``status --check``."""
