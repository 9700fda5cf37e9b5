"""The roster import's Python half without writing: reading the CSV into rows, parsing every
cell, the per-row checks and the batch's look-ups (``MemberImporter.validate``), batch by batch
as a commit does, inside ``rows_pass`` when the code has it. No database write; the district's
settings (value aliases, minimum join age) are read from the base database of
``bench/import_roster.py``. Quick to run, so old and new code can be alternated many times on a
busy machine (the full import's CPU figures vary by ±15 % there).

    GONGHUI_IMPORT_BENCH_PREFIX=w10imp .venv/bin/python bench/import_python.py
    GONGHUI_IMPORT_BENCH_PREFIX=w10imp .venv/bin/python bench/import_python.py \
        --src /tmp/imp-before/src   # older code

Prints rows, CPU seconds of this process and µs a row; ``--profile`` adds cProfile's top
functions by own time.
"""

import argparse
import contextlib
import os
from types import SimpleNamespace

from common import add_src_arguments, cpu_per_row, use_src

PREFIX = os.environ.get("GONGHUI_IMPORT_BENCH_PREFIX", "")
BASE_DB = f"{PREFIX}_base" if PREFIX else "gonghui_import_base"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", default=f"/tmp/{PREFIX or 'gonghui'}-roster-100000.csv")
    add_src_arguments(parser)
    args = parser.parse_args()
    use_src(args)
    os.environ.setdefault("GONGHUI_DEMO", "1")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BASE_DB}"
    import django

    django.setup()
    from gonghui.core import config
    from gonghui.core.imports import services
    from gonghui.core.imports.reading import iter_table
    from gonghui.core.scoping import scopes_disabled
    from gonghui.members.importers import MemberImporter
    from gonghui.orgs.models import Org

    with scopes_disabled():
        org = Org.objects.filter(kind="grassroots", depth=3).order_by("path").first()
    # the file's columns: every roster column but 政治面貌, in the template's order
    keys = [c.key for c in MemberImporter.columns if c.key != "political_status"]
    columns = [(key, position) for position, key in enumerate(keys)]
    job = SimpleNamespace(header_row=2, total_rows=0, options={}, org=org)
    importer = MemberImporter(SimpleNamespace(org=org, options={}, job=job, actor=None))
    rows_pass = getattr(services, "rows_pass", contextlib.nullcontext)
    with config.memo(), open(args.file, "rb") as handle:
        with cpu_per_row(args.profile) as counted, rows_pass():
            rows = services._rows(iter_table(handle, args.file), job, columns, {})
            for batch in services._batches(rows, services.BATCH):
                importer.validate(batch)  # parse, check_row, check_batch (reads only)
                counted["rows"] += len(batch)


if __name__ == "__main__":
    main()
