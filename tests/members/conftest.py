import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The cast's seven passwords need not be hashed with Argon2 in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
