"""The one exception type the domain raises for bad input."""


class DomainError(ValueError):
    """Input that breaks a rule of the domain; the message is shown to the user as is."""
