"""Masked display of personal data: what a person sees unless they ask to reveal it."""


def mask_id_number(value: str) -> str:
    """3201**********123X: first four and last four characters."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****0001."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """张* for public notices; 欧阳** for two-character surnames is not guessed: 欧**."""
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


def mask_account(value: str) -> str:
    """Bank accounts: last four digits only."""
    if not value:
        return ""
    tail = value[-4:]
    return "*" * max(4, len(value) - 4) + tail


def mask_text(value: str) -> str:
    return "******" if value else ""
