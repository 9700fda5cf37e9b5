"""Routes added for issue 12 that the URL-scoping walk must know: the captcha's image, sound and
refresh (public: a challenge holds no data) and Django admin's throttled login (public)."""

_KEY = {"key": "0" * 40}

SAMPLES = {
    "captcha-image": lambda cast: _KEY,
    "captcha-image-2x": lambda cast: _KEY,
    "captcha-audio": lambda cast: _KEY,
}

PUBLIC_ROUTES = {
    "captcha-image",
    "captcha-image-2x",
    "captcha-audio",
    "captcha-refresh",
    "django_admin_login",
}
