"""Reading an .xlsx roster's sheet alone (``core.imports.xlsx_stream.iter_xlsx``), no database:
the CPU a row costs the import before any parsing or checking. Uses the 1,000,000-row file
``bench/import_roster.py --format xlsx`` writes (``/tmp/gonghui-roster-1000000.xlsx``).

    .venv/bin/python bench/xlsx_read.py --rows 100000
    .venv/bin/python bench/xlsx_read.py --rows 100000 --src /tmp/xlsx-before/src  # older code

Prints rows read, CPU seconds of this process and µs a row; ``--profile`` adds cProfile's top
functions by own time.
"""

import argparse
import itertools
import os

from common import add_src_arguments, cpu_per_row, use_src


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", default="/tmp/gonghui-roster-1000000.xlsx")
    parser.add_argument("--rows", type=int, default=100_000)
    add_src_arguments(parser)
    args = parser.parse_args()
    use_src(args)
    os.environ.setdefault("GONGHUI_TESTING", "1")  # settings without a secret key or database
    import django

    django.setup()
    from gonghui.core.imports.xlsx_stream import iter_xlsx

    with open(args.file, "rb") as handle, cpu_per_row(args.profile, top=15) as counted:
        counted["rows"] = sum(1 for _row in itertools.islice(iter_xlsx(handle), args.rows))


if __name__ == "__main__":
    main()
