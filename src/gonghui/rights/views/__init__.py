"""Pages of the rights module. Thin: forms in, one service or selector call, render."""

from .cases import case_detail, case_list, case_new, case_part  # noqa: F401
from .homes import (  # noqa: F401
    course_detail,
    course_new,
    home_criteria,
    home_detail,
    home_list,
    training,
)
from .requests import (  # noqa: F401
    answer,
    assign,
    close,
    dashboard,
    detail,
    export,
    mine,
    mine_detail,
    mine_new,
    note,
    public_new,
    public_track,
    queue,
    staff_new,
    transfer,
    urgent,
)
