"""The vote record of a session as .xlsx (for filing with the upper union) and the result
sheet of a poll as PDF. Ballots are listed by their random id, participants by name: neither
order says anything about who cast which ballot."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.pdf import pdf_response
from gonghui.core.text.punctuation import semicolon, sep

from . import selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


HEADERS = [
    gettext_lazy("编号"),
    gettext_lazy("表决事项"),
    gettext_lazy("类型"),
    gettext_lazy("方式"),
    gettext_lazy("无记名"),
    gettext_lazy("开始"),
    gettext_lazy("开始人"),
    gettext_lazy("结束"),
    gettext_lazy("结束人"),
    gettext_lazy("应到"),
    gettext_lazy("实到"),
    gettext_lazy("法定人数（出席比例）"),
    gettext_lazy("法定最低出席人数"),
    gettext_lazy("达到法定人数"),
    gettext_lazy("收回票数"),
    gettext_lazy("有效票"),
    gettext_lazy("无效票"),
    gettext_lazy("其中空白票"),
    gettext_lazy("赞成"),
    gettext_lazy("反对"),
    gettext_lazy("弃权"),
    gettext_lazy("结果"),
    gettext_lazy("结果说明"),
]


def _figures(p):
    """The numbers of one poll for the filing record: None where the poll has no result yet."""
    r = p.result or {}
    congress = p.session.congress
    required = -(-(p.total or 0) * congress.quorum_num // congress.quorum_den)
    if not r:
        return (
            [f"{congress.quorum_num}/{congress.quorum_den}", required]
            + [None] * 8
            + [_("未出结果")]
        )
    if p.kind == "resolution":
        cast = r.get("cast", r["yes"] + r["no"] + r["abstain"])
        counts = [
            cast,
            r.get("valid", cast),
            r.get("invalid", 0),
            None,
            r["yes"],
            r["no"],
            r["abstain"],
        ]
    else:
        counts = [r["ballots_cast"], r["valid"], r["invalid"], r.get("blank", 0), None, None, None]
    return [
        f"{congress.quorum_num}/{congress.quorum_den}",
        required,
        _("是") if r.get("quorum") else _("否"),
        *counts,
        _outcome(p, r),
    ]


def _outcome(p, r):
    if not r.get("quorum"):
        return _("无结果（不足法定人数）")
    if p.kind == "resolution":
        return _("通过") if r["passed"] else _("未通过")
    elected = [row["name"] for row in r["rows"] if row["elected"]]
    text = _("当选：") + sep().join(elected) if elected else _("无人当选")
    if r.get("runoff_seats"):
        text += _("；{seats} 个名额需再次投票").format(seats=r["runoff_seats"])
    return text


def vote_record(session):
    """Every poll of the session with its figures as numbers (cast, valid, invalid, for / against
    / abstain per motion or candidate, quorum, outcome). Text is never read as a formula."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    bold = book.add_format({"bold": True})
    polls = list(
        selectors.polls_of(session).select_related("opened_by", "closed_by", "session__congress")
    )
    sheet = book.add_worksheet(_("表决结果"))
    sheet.write_row(0, 0, [str(h) for h in HEADERS], bold)
    for i, p in enumerate(polls, start=1):
        sheet.write_row(
            i,
            0,
            [
                p.pk,
                p.title,
                p.get_kind_display(),
                p.get_method_display(),
                _("是") if p.is_secret else _("否"),
                _local(p.opened_at),
                str(p.opened_by or ""),
                _local(p.closed_at),
                str(p.closed_by or ""),
                p.total,
                p.present,
                *_figures(p),
                p.result_text,
            ],
        )
    sheet.set_column(1, 1, 30)
    sheet.set_column(len(HEADERS) - 2, len(HEADERS) - 2, 30)
    sheet.set_column(len(HEADERS) - 1, len(HEADERS) - 1, 80)
    cands = book.add_worksheet(_("候选人得票"))
    cands.write_row(
        0,
        0,
        [
            _("表决编号"),
            _("表决事项"),
            _("候选人"),
            _("有效票"),
            _("赞成"),
            _("反对"),
            _("弃权"),
            _("当选"),
            _("需再次投票"),
        ],
        bold,
    )
    row = 1
    for p in polls:
        for r in p.result.get("rows", []):
            cands.write_row(
                row,
                0,
                [
                    p.pk,
                    p.title,
                    r["name"],
                    p.result["valid"],
                    r["for"],
                    r["against"],
                    r["abstain"],
                    _("是") if r["elected"] else "",
                    _("是") if r["runoff"] else "",
                ],
            )
            row += 1
    names = {}
    ballots = book.add_worksheet(_("选票"))
    ballots.write_row(0, 0, [_("表决编号"), _("选票编号（随机）"), _("内容")], bold)
    row = 1
    for p in polls:
        if not selectors.results_visible(p):
            continue
        names = {str(c.pk): c.name for c in p.candidates.all()}
        for ballot in p.ballots.order_by("id"):
            ballots.write_row(row, 0, [p.pk, str(ballot.id), _ballot_text(ballot.choices, names)])
            row += 1
    people = book.add_worksheet(_("参加投票代表"))
    people.write_row(0, 0, [_("表决编号"), _("代表")], bold)
    row = 1
    for p in polls:
        voters = sorted(
            p.participations.select_related("delegate__member").values_list(
                "delegate__member__name", flat=True
            )
        )
        for name in voters:
            people.write_row(row, 0, [p.pk, name])
            row += 1
    book.close()
    return buffer.getvalue()


_MARK = {
    "for": gettext_lazy("赞成"),
    "against": gettext_lazy("反对"),
    "abstain": gettext_lazy("弃权"),
}


def _ballot_text(choices, names):
    if "vote" in choices:
        return str(_MARK.get(choices["vote"], choices["vote"]))
    parts = [f"{names.get(k, k)}:{_MARK.get(v, v)}" for k, v in choices.get("marks", {}).items()]
    parts += [_("另选 {name}:赞成").format(name=w) for w in choices.get("write_ins", [])]
    return semicolon().join(parts)


def vote_record_response(session):
    response = HttpResponse(vote_record(session), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="vote-record-{session.pk}.xlsx"'
    return response


def result_sheet_response(poll):
    outcome = selectors.election_outcome(poll) if poll.kind == "election" else None
    return pdf_response(
        "assemblies/result_sheet_pdf.html",
        {
            "poll": poll,
            "session": poll.session,
            "congress": poll.session.congress,
            "outcome": outcome,
            "scrutineers": list(poll.scrutineers.all()),
            "printed_at": timezone.localtime(),
        },
        _("表决结果-{title}.pdf").format(title=poll.title),
    )


def paper_ballot_response(poll):
    """A printable paper ballot: candidates in surname stroke order (as stored), the seat count,
    how to mark it, and a box per mark."""
    return pdf_response(
        "assemblies/paper_ballot_pdf.html",
        {
            "poll": poll,
            "session": poll.session,
            "congress": poll.session.congress,
            "candidates": list(poll.candidates.all()),
            "write_in_slots": range(poll.seats) if poll.allow_write_in else [],
        },
        _("选票-{title}.pdf").format(title=poll.title),
    )
