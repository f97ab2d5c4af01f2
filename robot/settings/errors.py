"""The error every settings problem becomes: one sentence per problem, naming the value and what to do."""


class SettingsError(Exception):
    """The settings are invalid. The message says which value and what to do."""
