"""Placeholder: registers no commands yet."""


def register(sub) -> None:
    return None
