"""URL kwargs pointing at union A's figures, for the URL-scoping walk."""

import datetime

YEAR = datetime.date.today().year - 1

SAMPLES = {
    "reports:annual_export": lambda cast: {"code": cast.union_a.code, "year": YEAR},
    "reports:annual_cell": lambda cast: {
        "code": cast.union_a.code,
        "year": YEAR,
        "table": "表四",
        "row": "total",
        "col": "n",
    },
    "reports:annual_layout": lambda cast: {"year": YEAR},
}
# The layout belongs to the district's tree, not to a union: outsiders get 403, not 404.
NOT_UNION_OWNED = {"reports:annual_layout"}


def _filing(cast):
    from gonghui.reports.models import FilingReturn, FilingTask

    task = FilingTask.unscoped.create(
        org=cast.union_a,
        title="甲工会内部填报",
        year=YEAR,
        fields=[{"key": "f1", "label": "会员", "measure": "members"}],
        working_days=3,
        deadline=datetime.date.today(),
        created_by=cast.chair_a,
    )
    ret = FilingReturn.unscoped.create(task=task, org=cast.group_a)
    return task, ret


SAMPLES.update(
    {
        "reports:filing_task": lambda cast: {"pk": _filing(cast)[0].pk},
        "reports:filing_export": lambda cast: {"pk": _filing(cast)[0].pk},
        "reports:filing_answer": lambda cast: {"pk": _filing(cast)[1].pk},
        "reports:filing_review": lambda cast: {"pk": _filing(cast)[1].pk},
        "reports:filing_pass_down": lambda cast: {"pk": _filing(cast)[1].pk},
    }
)

SAMPLES.update(
    {
        "reports:district_org": lambda cast: {"code": cast.union_a.code},
        "reports:district_pdf": lambda cast: {"code": cast.union_a.code},
    }
)
