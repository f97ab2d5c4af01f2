"""The application shell: the command line, its commands, the wiring from settings to a pass, logging."""
