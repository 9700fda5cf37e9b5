import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The cast sets seven passwords; Argon2 makes that slow and proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
