"""Test helpers: valid fictional ID numbers and members made through the services."""

import datetime
import itertools

from gonghui.core.text.idnumbers import make_id_number
from gonghui.members import services
from tests.conftest import acting

_seq = itertools.count(1)


def new_id(born=datetime.date(1990, 3, 7), gender="M", area="320102"):
    return make_id_number(area, born, next(_seq) % 500, gender)


def new_phone():
    return f"139{next(_seq):08d}"


def add_member(user, org, name="甲工会会员", **fields):
    fields.setdefault("id_number", new_id())
    fields.setdefault("phone", new_phone())
    with acting(user):
        return services.create_member(actor=user, org=org, name=name, **fields)
