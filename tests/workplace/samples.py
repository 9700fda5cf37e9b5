"""Objects of union A for the URL-scoping walk (tests/test_url_scoping.py)."""

import datetime

from gonghui.workplace.models import (
    Consultation,
    Contract,
    Disclosure,
    DisclosureAttachment,
    DisclosureCategory,
    DisclosureQuestion,
    JointCommitment,
)

D = datetime.date(2026, 9, 30)


def _disclosure(cast):
    return Disclosure.unscoped.create(
        org=cast.union_a,
        employer=cast.employer_a,
        category=DisclosureCategory.objects.get(code="wages"),
        title="甲工会奖金分配方案",
        body="甲工会",
        decision_date=D,
        posted_on=D,
        display_until=D + datetime.timedelta(days=20),
        channels=["notice_board"],
        status="posted",
    )


def _attachment(cast):
    from django.core.files.base import ContentFile

    attachment = DisclosureAttachment(
        org=cast.union_a, disclosure=_disclosure(cast), original_name="甲工会附件.txt"
    )
    attachment.file.save("a.txt", ContentFile("甲工会".encode()), save=True)
    return attachment


def _question(cast):
    return DisclosureQuestion.unscoped.create(
        org=cast.union_a,
        disclosure=_disclosure(cast),
        kind="question",
        text="甲工会询问",
        asked_on=D,
        due_on=D + datetime.timedelta(days=30),
    )


def _consultation(cast):
    c = Consultation.unscoped.create(
        org=cast.union_a,
        kind="wage",
        employer=cast.employer_a,
        employer_party="甲工会企业方",
        title="甲工会工资集体协商",
        requested_on=D,
    )
    c.covered_employers.set([cast.employer_a])
    return c


def _contract(cast, status="in_force"):
    c = Contract.unscoped.create(
        org=cast.union_a,
        kind="wage",
        employer=cast.employer_a,
        employer_party="甲工会企业方",
        title="甲工会工资专项集体合同",
        body="甲工会",
        start_date=D,
        end_date=D + datetime.timedelta(days=364),
        status=status,
        workers_covered=300,
    )
    c.covered_employers.set([cast.employer_a])
    return c


def _commitment(cast):
    return JointCommitment.unscoped.create(
        org=cast.union_a,
        employer=cast.employer_a,
        title="甲工会稳岗约定",
        pledges=["keep_jobs"],
        start_date=D,
        end_date=D + datetime.timedelta(days=365),
        signed_on=D,
        union_signatory="甲",
        employer_signatory="乙",
    )


def _target(cast):
    from gonghui.workplace.models import CommitmentTarget

    jc = _commitment(cast)
    return CommitmentTarget.unscoped.create(
        org=cast.union_a, commitment=jc, name="甲工会稳岗", unit="人", target_value=300
    )


def _pk(factory):
    return lambda cast: {"pk": factory(cast).pk}


SAMPLES = {
    "workplace:my_disclosure": _pk(_disclosure),
    "workplace:my_contract": _pk(_contract),
    "workplace:attachment": _pk(_attachment),
    "workplace:disclosure": _pk(_disclosure),
    "workplace:disclosure_edit": _pk(_disclosure),
    "workplace:disclosure_post": _pk(_disclosure),
    "workplace:disclosure_withdraw": _pk(_disclosure),
    "workplace:disclosure_attach": _pk(_disclosure),
    "workplace:question_answer": _pk(_question),
    "workplace:checklist": lambda cast: {"employer_id": cast.employer_a.pk},
    "workplace:consultation": _pk(_consultation),
    "workplace:consultation_representative": _pk(_consultation),
    "workplace:consultation_round": _pk(_consultation),
    "workplace:consultation_conclude": _pk(_consultation),
    "workplace:consultation_contract": _pk(_consultation),
    "workplace:contract": _pk(_contract),
    "workplace:contract_edit": _pk(lambda cast: _contract(cast, "draft")),
    "workplace:contract_approve": _pk(lambda cast: _contract(cast, "draft")),
    "workplace:contract_resolution": _pk(lambda cast: _contract(cast, "draft")),
    "workplace:contract_sign": _pk(lambda cast: _contract(cast, "approved")),
    "workplace:contract_file": _pk(lambda cast: _contract(cast, "signed")),
    "workplace:contract_reply": _pk(lambda cast: _contract(cast, "filed")),
    "workplace:contract_lapse": _pk(lambda cast: _contract(cast, "filed")),
    "workplace:contract_publish": _pk(_contract),
    "workplace:contract_revise": _pk(lambda cast: _contract(cast, "objected")),
    "workplace:contract_renew": _pk(_contract),
    "workplace:contract_pdf": _pk(_contract),
    "workplace:contract_filing_pdf": _pk(_contract),
    "workplace:commitment": _pk(_commitment),
    "workplace:commitment_check": _pk(_commitment),
    "workplace:commitment_close": _pk(_commitment),
    "workplace:commitment_target": _pk(_commitment),
    "workplace:target_progress": _pk(_target),
}

P = "/api/v1/workplace"
API_SAMPLES = {
    f"{P}/disclosures/{{disclosure_id}}": lambda cast: {"disclosure_id": _disclosure(cast).pk},
    f"{P}/disclosures/{{disclosure_id}}/post": lambda cast: {"disclosure_id": _disclosure(cast).pk},
    f"{P}/my/disclosures/{{disclosure_id}}": lambda cast: {"disclosure_id": _disclosure(cast).pk},
    f"{P}/my/disclosures/{{disclosure_id}}/questions": lambda cast: {
        "disclosure_id": _disclosure(cast).pk
    },
    f"{P}/questions/{{question_id}}/answer": lambda cast: {"question_id": _question(cast).pk},
    f"{P}/consultations/{{consultation_id}}": lambda cast: {
        "consultation_id": _consultation(cast).pk
    },
    f"{P}/contracts/{{contract_id}}": lambda cast: {"contract_id": _contract(cast).pk},
    f"{P}/contracts/{{contract_id}}/approval": lambda cast: {
        "contract_id": _contract(cast, "draft").pk
    },
    f"{P}/contracts/{{contract_id}}/resolution": lambda cast: {
        "contract_id": _contract(cast, "draft").pk
    },
    f"{P}/commitments/{{commitment_id}}": lambda cast: {"commitment_id": _commitment(cast).pk},
}

PUBLIC_ROUTES: set = set()
