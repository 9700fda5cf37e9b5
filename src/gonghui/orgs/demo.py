"""The tree's demo data: employers, committee terms and officials (steps of ``core.demo``, run
inside ``scopes_disabled()``: the scoped managers see everything there)."""

import datetime

from gonghui.core.demo import EMPLOYERS, credit_code, scoping_off

from .models import Employer, Official, Term


@scoping_off
def load_employers(orgs):
    """The demo's employers (``core.demo.EMPLOYERS``), each under its union."""
    for i, (code, name, industry, ownership, headcount) in enumerate(EMPLOYERS, start=1):
        Employer.objects.get_or_create(
            credit_code=credit_code(1000 + i),
            defaults={
                "org": orgs[code],
                "name": name,
                "industry": industry,
                "ownership": ownership,
                "headcount": headcount,
                "address": "和平区" + name[:2] + "路 " + str(i * 7) + " 号",
            },
        )


@scoping_off
def load_terms(orgs):
    """Committee terms and officials of the demo unions, one of them overdue."""
    today = datetime.date.today()
    plans = {  # code: (start offset days, years, officials)
        "HP": (-700, 5, [("王丽", "chair", "F"), ("李建国", "vice_chair", "M")]),
        "HP01": (-1030, 3, [("刘强", "chair", "M")]),
        "HP0101": (
            -1040,
            3,
            [
                ("陈静", "chair", "F"),
                ("孙磊", "vice_chair", "M"),
                ("黄芳", "women_chair", "F"),
                ("吴斌", "member", "M"),
            ],
        ),
        "HP0102": (-1200, 3, [("周涛", "chair", "M")]),  # overdue term change
        "HP0201": (-400, 5, [("郑国华", "chair", "M"), ("邓小梅", "vice_chair", "F")]),
        "HP0202": (-300, 5, [("陆云", "chair", "F")]),
    }
    for code, (offset, years, people) in plans.items():
        org = orgs[code]
        if Term.objects.filter(org=org).exists():
            continue
        start = today + datetime.timedelta(days=offset)
        term = Term.objects.create(
            org=org,
            kind="committee",
            start_date=start,
            end_date=start.replace(year=start.year + years),
        )
        for name, position, gender in people:
            Official.objects.create(
                org=org,
                term=term,
                name=name,
                position=position,
                gender=gender,
                start_date=start,
                is_full_time=position == "chair",
            )
