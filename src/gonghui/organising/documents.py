"""The documents of each step (请示, 批复, 登记表) as PDF contexts: built from the records,
rendered by ``core.pdf`` through ``organising/pdf/letter.html``.

The letters are official documents of the Chinese union hierarchy, filed in Chinese whatever the
page language: they are built under ``translation.override("zh-hans")`` and their wording is
data (``# i18n: data``), not UI text."""

import functools

from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.orgs.models import Official, Position

from .enums import FoundingDocument, TermDocument
from .selectors import by_position


def _in_chinese(build):
    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        with translation.override("zh-hans"):
            return build(*args, **kwargs)

    return wrapper


def _date(day):
    return f"{day.year}年{day.month}月{day.day}日" if day else ""  # i18n: data


def _candidates_table(candidates):
    labels = dict(Position.choices)
    return {
        "head": [_("序号"), _("姓名"), _("拟任职务")],
        "rows": [
            [str(n), c["name"], str(labels.get(c["position"], ""))]
            for n, c in enumerate(candidates, start=1)
        ],
    }


def founding_available(founding):
    """Document kinds the founding has reached."""
    reached = {
        FoundingDocument.CONSENT_REQUEST: founding.requested_on,
        FoundingDocument.CONSENT: founding.consented_on,
        FoundingDocument.APPROVAL_REQUEST: founding.approval_requested_on,
        FoundingDocument.APPROVAL: founding.approved_on,
        FoundingDocument.REGISTRATION: founding.registered_on,
    }
    return [(kind, kind.label) for kind, day in reached.items() if day]


@_in_chinese
def founding_document(founding, kind):
    """The PDF context of document ``kind`` of ``founding`` (None if not reached yet)."""
    if kind not in dict(founding_available(founding)):
        return None
    upper, name, employer = founding.org.name, founding.union_name, founding.employer.name
    doc = {"title": str(FoundingDocument(kind).label).replace("工会", f"{name}", 1)}  # i18n: data
    if kind == FoundingDocument.CONSENT_REQUEST:
        doc.update(
            to=upper, sign=f"{name}筹备组", date=_date(founding.requested_on),  # i18n: data
            paragraphs=[
                f"{employer}现有职工 {founding.employer.headcount} 人，尚未建立工会组织。"  # i18n: data
                f"根据《中华人民共和国工会法》和《中国工会章程》的规定，经与单位协商，"  # i18n: data
                f"拟成立{name}，现申请成立筹备组。",  # i18n: data
                f"筹备组成员：{founding.committee}",  # i18n: data
                f"联系人：{founding.contact}",  # i18n: data
                "妥否，请批示。",  # i18n: data
            ],
        )  # fmt: skip
    elif kind == FoundingDocument.CONSENT:
        doc.update(
            to=f"{name}筹备组", sign=upper, date=_date(founding.consented_on),  # i18n: data
            doc_no=founding.consent_no,
            paragraphs=[
                f"你单位关于成立工会筹备组的请示收悉。经研究，同意成立{name}筹备组。",  # i18n: data
                f"筹备组成员：{founding.committee}",  # i18n: data
                "请筹备组依照《中国工会章程》积极发展会员，在规定期限内召开会员大会，"  # i18n: data
                "选举产生工会委员会，并将选举结果报我会审批。",  # i18n: data
            ],
        )  # fmt: skip
    elif kind == FoundingDocument.APPROVAL_REQUEST:
        doc.update(
            to=upper, sign=f"{name}筹备组", date=_date(founding.approval_requested_on),  # i18n: data
            paragraphs=[
                f"{name}会员大会已召开，以无记名投票方式选举产生第一届工会委员会。",  # i18n: data
                founding.election_text,
                "当选人：" + "、".join(founding.elected),  # i18n: data
                "现将选举结果报上，请予批复。",  # i18n: data
            ],
            table=_candidates_table(founding.candidates),
        )  # fmt: skip
    elif kind == FoundingDocument.APPROVAL:
        doc.update(
            to=f"{name}筹备组", sign=upper, date=_date(founding.approved_on),  # i18n: data
            doc_no=founding.approval_no,
            paragraphs=[
                f"你会关于工会成立选举结果的请示收悉。经研究，同意{name}第一届工会委员会的选举结果。",  # i18n: data
                "当选人：" + "、".join(founding.elected),  # i18n: data
                f"任期 {founding.term_years} 年。请按规定办理工会组织登记和法人资格登记。",  # i18n: data
            ],
        )  # fmt: skip
    else:
        union = founding.union
        officials = by_position(Official.objects.filter(org=union, end_date__isnull=True))
        doc.update(
            sign=upper, date=_date(founding.registered_on),
            paragraphs=[
                f"工会名称：{union.name}",  # i18n: data
                f"组织代码：{union.code}",  # i18n: data
                f"工会类型：{union.get_kind_display()}",  # i18n: data
                f"所在单位：{employer}（统一社会信用代码 {founding.employer.credit_code}）",  # i18n: data
                f"上级工会：{upper}",  # i18n: data
                f"成立日期：{_date(union.established_on)}",  # i18n: data
                f"批复文号：{founding.approval_no}",  # i18n: data
            ],
            table={
                "head": [_("姓名"), _("职务")],
                "rows": [[o.name, str(o.get_position_display())] for o in officials],
            },
        )  # fmt: skip
    return doc


def term_available(change):
    reached = {
        TermDocument.PLAN: change.submitted_on,
        TermDocument.PLAN_APPROVAL: change.plan_approved_on,
        TermDocument.RESULT_APPROVAL: change.result_approved_on,
    }
    return [(kind, kind.label) for kind, day in reached.items() if day]


@_in_chinese
def term_document(change, kind, upper_name):
    if kind not in dict(term_available(change)):
        return None
    name = change.org.name
    doc = {"title": str(TermDocument(kind).label).replace("工会", name, 1)}  # i18n: data
    number = (change.term.number + 1) if change.term else 1
    if kind == TermDocument.PLAN:
        doc.update(
            to=upper_name, sign=name, date=_date(change.submitted_on),
            paragraphs=[
                f"{name}本届委员会任期"  # i18n: data
                + (f"于{_date(change.term.end_date)}届满" if change.term else "已届满")  # i18n: data
                + f"，根据《工会基层组织选举工作条例》，拟于{_date(change.election_on)}召开会员（代表）大会，"  # i18n: data
                f"选举产生第 {number} 届工会委员会，委员名额 {change.seats} 名，任期 {change.years} 年。",  # i18n: data
                f"换届选举工作方案：{change.plan}",  # i18n: data
                "候选人预备人选见下表。妥否，请批示。",  # i18n: data
            ],
            table=_candidates_table(change.candidates),
        )  # fmt: skip
    elif kind == TermDocument.PLAN_APPROVAL:
        doc.update(
            to=name, sign=upper_name, date=_date(change.plan_approved_on), doc_no=change.plan_no,
            paragraphs=[
                f"你会关于换届选举的请示收悉。经研究，同意你会换届选举工作方案及候选人预备人选，"  # i18n: data
                f"委员名额 {change.seats} 名，任期 {change.years} 年。",  # i18n: data
                "请按照方案依法依规组织选举，并及时将选举结果报我会审批。",  # i18n: data
            ],
            table=_candidates_table(change.candidates),
        )  # fmt: skip
    else:
        doc.update(
            to=name, sign=upper_name, date=_date(change.result_approved_on),
            doc_no=change.result_no,
            paragraphs=[
                f"你会换届选举结果的报告收悉。经研究，同意你会第 {number} 届工会委员会的选举结果。",  # i18n: data
                change.election_text,
                "当选人：" + "、".join(change.elected),  # i18n: data
            ],
        )  # fmt: skip
    return doc
