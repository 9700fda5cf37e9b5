"""Issue 22, README for a newcomer: ``make test`` sets up the browser tests itself (Debian's
chromium and the Chinese font, as root with apt) and otherwise prints the one command to run.
Read with ``make -n``: nothing is installed or run."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dry_run(*args):
    done = subprocess.run(
        ["make", "-n", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_make_test_installs_the_browser_and_font_first():
    plan = dry_run("test", "CHROMIUM=/nonexistent/chromium")
    install = plan.index("apt-get install")
    assert "fonts-wqy-microhei" in plan and "id -u" in plan
    assert install < plan.index("pytest")


def test_without_apt_make_test_prints_the_one_command():
    plan = dry_run("test", "CHROMIUM=/nonexistent/chromium")
    assert "sudo apt-get install -y chromium fonts-wqy-microhei" in plan
    assert '-m "not e2e"' in plan and "exit 3" in plan
