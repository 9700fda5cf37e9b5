"""Shared field settings of the workplace models."""

from django.conf import settings

USER = settings.AUTH_USER_MODEL
