"""Finding 7 (sessions and file modes): a copy of the database logs nobody in; the var dir and
the SQLite file are private to the service's user."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db


def test_a_session_key_read_from_the_database_logs_nobody_in(cast, client):
    client.force_login(cast.chair_a)
    assert client.get("/members/").status_code == 200
    cookie = client.cookies["sessionid"].value
    stored = list(Session.objects.values_list("session_key", flat=True))
    assert stored and cookie not in stored
    thief = type(client)()
    thief.cookies["sessionid"] = stored[0]
    response = thief.get("/members/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_var_dir_and_sqlite_file_are_private(tmp_path):
    """A fresh start on SQLite (``migrate``) leaves the var dir 0700 and the database 0600."""
    var = tmp_path / "var"
    env = {**os.environ, "GONGHUI_VAR_DIR": str(var), "GONGHUI_DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gonghui = Path(sys.executable).parent / "gonghui"
    subprocess.run(
        [gonghui, "migrate", "-v0"], env=env, check=True, capture_output=True, timeout=900
    )
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    database = var / "gonghui.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
