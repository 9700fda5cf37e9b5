"""Members log in with the phone on the roster and their password."""

from django.contrib.auth.backends import ModelBackend


class MemberPhoneBackend(ModelBackend):
    """``authenticate(request, phone=..., password=...)``: the one active login of a member whose
    roster phone this is (found by its blind index) and whose password matches."""

    def authenticate(self, request, phone=None, password=None, **kwargs):
        if not phone or password is None:
            return None
        from .services import users_for_phone

        matches = [u for u in users_for_phone(phone) if u.check_password(password)]
        if len(matches) != 1:
            return None
        return matches[0] if self.user_can_authenticate(matches[0]) else None
