"""``gonghui untranslated``: count (``--list``: list) the Chinese literals in the code and the
templates that reach users without going through gettext (see ``core/i18n_scan.py``)."""

from collections import Counter

from django.core.management.base import BaseCommand

from gonghui.core.i18n_scan import package_root, scan


class Command(BaseCommand):
    help = "List Chinese text outside gettext in Python and templates"

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="every place, one a line")
        parser.add_argument("--by-file", action="store_true", help="a count per file")

    def handle(self, *args, **options):
        hits = scan(package_root())
        if options["list"]:
            for path, line, text in hits:
                self.stdout.write(f"{path}:{line}: {text}")
        if options["by_file"]:
            for path, count in Counter(h[0] for h in hits).most_common():
                self.stdout.write(f"{count:5d} {path}")
        apps = Counter(h[0].split("/")[0] for h in hits)
        self.stdout.write(" ".join(f"{app}={n}" for app, n in sorted(apps.items())))
        self.stdout.write(f"{len(hits)} Chinese literals outside gettext")
