"""Reading an .xlsx roster's sheet alone (``core.imports.xlsx_stream.iter_xlsx``), no database:
the CPU a row costs the import before any parsing or checking. Uses the 1,000,000-row file
``bench/import_roster.py --format xlsx`` writes (``/tmp/gonghui-roster-1000000.xlsx``).

    .venv/bin/python bench/xlsx_read.py --rows 100000
    .venv/bin/python bench/xlsx_read.py --rows 100000 --src /tmp/xlsx-before/src  # older code

Prints rows read, CPU seconds of this process and µs a row; ``--profile`` adds cProfile's top
functions by own time.
"""

import argparse
import cProfile
import itertools
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--file", default="/tmp/gonghui-roster-1000000.xlsx")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--src", default=str(ROOT / "src"), help="the code to read with (an older checkout's src)"
    )
    args = parser.parse_args()
    sys.path.insert(0, args.src)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ.setdefault("GONGHUI_TESTING", "1")  # settings without a secret key or database
    import django

    django.setup()
    from gonghui.core.imports.xlsx_stream import iter_xlsx

    profile = cProfile.Profile() if args.profile else None
    with open(args.file, "rb") as handle:
        started = time.process_time()
        if profile:
            profile.enable()
        count = sum(1 for _row in itertools.islice(iter_xlsx(handle), args.rows))
        if profile:
            profile.disable()
        spent = time.process_time() - started
    print(f"{count:,} rows  {spent:.2f} s CPU  {spent / count * 1e6:.1f} µs a row")
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
