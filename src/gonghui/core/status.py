"""The colour of a status badge, by what the status means: one table for every module.

A status value (``submitted``, ``approved``, ``closed``) gets one Bootstrap tone wherever it
appears, so that the same meaning has the same colour on every page. A value that means
something else in one model is overridden for that model only (``OVERRIDES``, keyed by the
model's label: ``closed`` is "over" for a poll but "lifted out of hardship" for a hardship file).
Every value of every model's status field has an explicit tone here
(tests/core/test_status_badges.py); a value nobody knows is shown as ``NOT_STARTED``.

Pages draw the badge with ``{% status_badge obj %}`` (core/templatetags/gonghui.py); the member
list's Jinja2 rows ask ``badge_class`` (core/jinja.py). A flag that is not a status (逾期, 一线)
keeps its own markup but uses the same tone for the same meaning: ``OVERDUE``, ``LATE``.
"""

import functools

# the tones, by meaning (Bootstrap's colour names)
NOT_STARTED = "secondary"  # drafts, not yet opened or begun, nothing due
WAITING = "warning"  # waiting for someone: submitted, pending, returned for changes, late
OPEN = "primary"  # open for everyone to take part: signing up, collecting, voting, running
IN_HAND = "info"  # being handled: under review, in notice, in progress, a kept standing
DONE = "success"  # done well or in force: approved, awarded, paid, active, published
REFUSED = "danger"  # refused, rejected, failed, broken, overdue
ENDED = "dark"  # over with no verdict: closed, withdrawn, cancelled, merged, left

OVERDUE = REFUSED
LATE = WAITING

TONES = {
    # not started
    "draft": NOT_STARTED,
    "planned": NOT_STARTED,
    "not_opened": NOT_STARTED,
    "not_started": NOT_STARTED,
    "uploaded": NOT_STARTED,
    "found": NOT_STARTED,
    "exempt": NOT_STARTED,
    # waiting for someone
    "pending": WAITING,
    "submitted": WAITING,
    "new": WAITING,
    "proposed": WAITING,
    "recorded": WAITING,
    "applied": WAITING,
    "nominated": WAITING,
    "recommended": WAITING,
    "awaiting_release": WAITING,
    "awaiting_accept": WAITING,
    "consent_requested": WAITING,
    "approval_requested": WAITING,
    "result_submitted": WAITING,
    "validated": WAITING,
    "unmatched": WAITING,
    "due": WAITING,
    "waitlisted": WAITING,
    "returned": WAITING,
    "delayed": WAITING,
    # open for everyone to take part
    "open": OPEN,
    "running": OPEN,
    "nominating": OPEN,
    # being handled
    "in_progress": IN_HAND,
    "under_review": IN_HAND,
    "reviewing": IN_HAND,
    "reviewed": IN_HAND,
    "visited": IN_HAND,
    "notice": IN_HAND,
    "in_notice": IN_HAND,
    "triaged": IN_HAND,
    "assigned": IN_HAND,
    "answered": IN_HAND,
    "implementing": IN_HAND,
    "negotiating": IN_HAND,
    "preparing": IN_HAND,
    "contacted": IN_HAND,
    "recruiting": IN_HAND,
    "electing": IN_HAND,
    "elected": IN_HAND,
    "plan_approved": IN_HAND,
    "signed": IN_HAND,
    "interview": IN_HAND,
    "enrolled": IN_HAND,
    "validating": IN_HAND,
    "committing": IN_HAND,
    "queued": IN_HAND,
    "retired": IN_HAND,
    "unemployed": IN_HAND,
    "laid_off": IN_HAND,
    # done well, in force
    "active": DONE,
    "approved": DONE,
    "accepted": DONE,
    "agreed": DONE,
    "adopted": DONE,
    "awarded": DONE,
    "benefit_confirmed": DONE,
    "reward_approved": DONE,
    "paid": DONE,
    "posted": DONE,
    "published": DONE,
    "in_force": DONE,
    "kept": DONE,
    "filed": DONE,
    "registered": DONE,
    "founded": DONE,
    "completed": DONE,
    "concluded": DONE,
    "confirmed": DONE,
    "cleared": DONE,
    "reemployed": DONE,
    "hired": DONE,
    "done": DONE,
    "sent": DONE,
    # refused, failed
    "rejected": REFUSED,
    "refused": REFUSED,
    "declined": REFUSED,
    "not_adopted": REFUSED,
    "not_awarded": REFUSED,
    "objected": REFUSED,
    "excluded": REFUSED,
    "broken": REFUSED,
    "recalled": REFUSED,
    "failed": REFUSED,
    # over, no verdict
    "closed": ENDED,
    "finished": ENDED,
    "withdrawn": ENDED,
    "cancelled": ENDED,
    "dropped": ENDED,
    "merged": ENDED,
    "dissolved": ENDED,
    "transferred_out": ENDED,
    "deceased": ENDED,
    "replaced": ENDED,
    "left": ENDED,
    "reversed": ENDED,
    "overridden": ENDED,
    "general_opinion": ENDED,
}

# where a value means something else in one model ("app_label.ModelName")
OVERRIDES = {
    "assistance.HardshipFile": {"closed": DONE},  # 已解困脱困: the file's good end
    "assistance.Flag": {"open": WAITING},  # 待处理
    "assemblies.Proposal": {
        "accepted": IN_HAND,  # 已立案: to be assigned and answered
        "returned": REFUSED,  # 不予立案
        "closed": DONE,  # 已办结
    },
    "funds.AuditReview": {"open": IN_HAND},  # 审查中
    "honours.Nomination": {"approved": IN_HAND},  # 评审通过，待公示
    "honours.Objection": {"open": WAITING, "answered": DONE},  # 待答复 / 已答复 (the end)
    "organising.Founding": {"approved": IN_HAND},  # 已批复，待登记
    "portal.CorrectionRequest": {"open": WAITING},  # 待处理
    "rights.Case": {"open": IN_HAND},  # 办理中
    "rights.HomeRating": {"reviewed": DONE},  # 已评定
    "rights.WorkerRequest": {"closed": DONE},  # 已办结
    "workplace.Contract": {
        "approved": IN_HAND,  # 职代会已通过: to be signed, filed and reviewed
        "filed": WAITING,  # 已报送审查
    },
    "workplace.JointCommitment": {"active": IN_HAND},  # 履行中
}


def tone(value, model=None):
    """The tone of a status value; ``model`` ("app_label.ModelName") applies its overrides."""
    override = OVERRIDES.get(model)
    if override and value in override:
        return override[value]
    return TONES.get(value, NOT_STARTED)


@functools.lru_cache(maxsize=1024)
def badge_class(value, model=None):
    """``text-bg-<tone>``: the badge's colour class (cached: lists ask it for every row;
    bounded, as a value outside the choices is cached too)."""
    return f"text-bg-{tone(value, model)}"
