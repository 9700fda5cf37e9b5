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
