from django.core.management.base import BaseCommand, CommandError

from gonghui.core import tokens
from gonghui.core.access import assignments_of
from gonghui.core.models import User


class Command(BaseCommand):
    help = "Create a personal access token for a user's first role and print it (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, username, name, days, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no such user: {username}")
        assignments = assignments_of(user)
        if not assignments:
            raise CommandError(f"{username} holds no role")
        _token, raw = tokens.create_token(
            actor=user, assignment=assignments[0], name=name, days=days
        )
        self.stdout.write(raw)
