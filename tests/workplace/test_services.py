"""Disclosure, question, contract cycle, renewal, reminders, statistics and commitments."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from gonghui.core.workflow import history
from gonghui.workplace import selectors, services
from gonghui.workplace.models import (
    ConsultationStatus,
    ContractStatus,
    DisclosureCategory,
    DisclosureStatus,
)
from tests.conftest import acting

pytestmark = pytest.mark.django_db
D = datetime.date


def cat(code):
    return DisclosureCategory.objects.get(code=code)


DECIDED, POSTED, UNTIL = D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 22)


def posted_item(cast, employer=None, decided=DECIDED, posted=POSTED, until=UNTIL, code="wages"):
    employer = employer or cast.employer_a
    with acting(cast.chair_a):
        d = services.create_disclosure(
            actor=cast.chair_a,
            employer=employer,
            category=cat(code),
            title="甲工会 2026 年度奖金分配方案",
            body="按绩效分配",
            decision_date=decided,
        )
        return services.post_disclosure(
            actor=cast.chair_a,
            disclosure=d,
            posted_on=posted,
            display_until=until,
            channels=["notice_board", "online"],
        )


def test_categories_are_seeded():
    assert DisclosureCategory.objects.filter(required=True).count() == 8
    assert set(DisclosureCategory.objects.values_list("code", flat=True)) >= {
        "business_plan",
        "finance",
        "wages",
        "social_insurance",
        "safety",
        "training",
        "awards",
        "integrity",
        "other",
    }


def test_posting_on_time_across_holiday_is_not_late(cast):
    d = posted_item(cast)
    assert (d.status, d.post_due, d.is_late, d.display_days, d.is_short) == (
        DisclosureStatus.POSTED,
        D(2026, 10, 8),
        False,
        15,
        False,
    )
    assert "最短 15 天" in d.rule_text


def test_the_rule_of_a_posting_reads_in_the_readers_language(cast):
    """The rule is kept as data and worded when read: a posting judged while the page was in
    Chinese reads in English on an English page (the demo walk found Chinese there)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        d = posted_item(cast)
        chinese = d.rule_text
    assert chinese.startswith("应公开期限：") and "最短 15 天" in chinese
    assert d.rule_note == "" and d.rule["due"] == "2026-10-08"
    with translation.override("en"):
        english = type(d).unscoped.get(pk=d.pk).rule_text
    assert "2026-10-08" in english and not re.search(r"[\u3400-\u9fff]", english), english


def test_a_posting_kept_as_text_before_still_shows_its_text(cast):
    d = posted_item(cast)
    type(d).unscoped.filter(pk=d.pk).update(rule={}, rule_note="应公开期限：旧文本")
    assert type(d).unscoped.get(pk=d.pk).rule_text == "应公开期限：旧文本"


def test_late_and_short_posting_is_flagged(cast):
    d = posted_item(cast, posted=D(2026, 10, 9), until=D(2026, 10, 20))
    assert (d.is_late, d.is_short, d.display_days) == (True, True, 12)


def test_post_needs_channel_and_sane_dates(cast):
    with acting(cast.chair_a):
        d = services.create_disclosure(
            actor=cast.chair_a,
            employer=cast.employer_a,
            category=cat("safety"),
            title="t",
            body="b",
            decision_date=D(2026, 5, 1),
        )
        with pytest.raises(ValidationError) as exc:
            services.post_disclosure(
                actor=cast.chair_a,
                disclosure=d,
                posted_on=D(2026, 4, 30),
                display_until=D(2026, 4, 1),
                channels=[],
            )
    assert set(exc.value.message_dict) == {"posted_on", "display_until", "channels"}


def test_chair_b_cannot_create_for_employer_a(cast):
    with acting(cast.chair_b), pytest.raises(PermissionDenied):
        services.create_disclosure(
            actor=cast.chair_b,
            employer=cast.employer_a,
            category=cat("safety"),
            title="t",
            body="b",
            decision_date=D(2026, 5, 1),
        )


def test_a_disabled_category_takes_no_new_items(cast):
    """The form offers active categories only; the API and a page left open are held to it."""
    safety = cat("safety")
    safety.is_active = False
    safety.save()
    kept = posted_item(cast, code="wages")
    with acting(cast.chair_a):
        with pytest.raises(ValidationError) as refused:
            services.create_disclosure(
                actor=cast.chair_a,
                employer=cast.employer_a,
                category=safety,
                title="t",
                body="b",
                decision_date=D(2026, 5, 1),
            )
        assert "该公开类别已停用" in str(refused.value)
        with pytest.raises(ValidationError):
            services.update_disclosure(actor=cast.chair_a, disclosure=kept, category=safety)
        services.update_disclosure(actor=cast.chair_a, disclosure=kept, title="甲工会奖金方案")


def test_worker_sees_only_own_employer(cast, workers):
    mine = posted_item(cast)
    other = posted_item(cast, employer=workers.employer_a2)
    with acting(workers.user_a):
        assert list(selectors.worker_disclosures(workers.user_a)) == [mine]
    with acting(workers.user_a2):
        assert list(selectors.worker_disclosures(workers.user_a2)) == [other]
    with acting(workers.user_b):
        assert list(selectors.worker_disclosures(workers.user_b)) == []


def test_question_due_in_30_days_and_overdue(cast, workers):
    d = posted_item(cast)
    with acting(workers.user_a):
        q = services.ask_question(
            actor=workers.user_a,
            disclosure=d,
            kind="objection",
            text="奖金系数不合理",
            today=D(2026, 10, 9),
        )
    # 10-09 + 30 = 11-08, a Sunday: rolled to Monday 11-09.
    assert q.due_on == D(2026, 11, 9)
    assert not q.is_overdue(D(2026, 11, 9)) and q.is_overdue(D(2026, 11, 10))
    with acting(cast.chair_a):
        assert list(selectors.overdue_questions(today=D(2026, 11, 10))) == [q]
        services.answer_question(
            actor=cast.chair_a, question=q, answer="已复核", today=D(2026, 11, 12)
        )
        assert list(selectors.overdue_questions(today=D(2026, 11, 12))) == []


def test_worker_of_other_employer_cannot_ask(cast, workers):
    d = posted_item(cast)
    with acting(workers.user_a2), pytest.raises(PermissionDenied):
        services.ask_question(actor=workers.user_a2, disclosure=d, kind="question", text="?")


def test_checklist_and_compliance(cast, workers):
    posted_item(cast, code="wages")
    posted_item(cast, code="safety")
    with acting(cast.chair_a):
        result = selectors.checklist(cast.employer_a, 2026)
    assert not result["complete"]
    assert {c.code for c in result["missing"]} == {
        "business_plan",
        "finance",
        "social_insurance",
        "training",
        "awards",
        "integrity",
    }
    with acting(cast.district_admin):
        overview = selectors.compliance_overview(cast.district, 2026)
    assert overview["total"]["employers"] == 3
    assert overview["total"]["missing"] == 6 + 8 + 8
    assert overview["total"]["complete"] == 0


# --- The contract cycle ----------------------------------------------------------------------


def agreed_consultation(cast):
    with acting(cast.chair_a):
        c = services.open_consultation(
            actor=cast.chair_a,
            org=cast.union_a,
            kind="wage",
            coverage="enterprise",
            employer=cast.employer_a,
            title="甲工会 2027 年工资集体协商",
            requested_on=D(2026, 8, 1),
        )
        services.add_representative(
            actor=cast.chair_a, consultation=c, side="union", name="陈静", is_chief=True
        )
        services.add_representative(
            actor=cast.chair_a, consultation=c, side="employer", name="王总", is_chief=True
        )
        services.record_round(
            actor=cast.chair_a,
            consultation=c,
            held_on=D(2026, 8, 10),
            union_offer="增长 8%",
            employer_offer="增长 4%",
            union_wage_growth=Decimal("8"),
            employer_wage_growth=Decimal("4"),
        )
        services.record_round(
            actor=cast.chair_a,
            consultation=c,
            held_on=D(2026, 8, 20),
            union_offer="增长 6%",
            employer_offer="同意 6%",
            union_wage_growth=Decimal("6"),
            employer_wage_growth=Decimal("6"),
        )
        services.conclude_consultation(
            actor=cast.chair_a,
            consultation=c,
            agreed=True,
            outcome="工资增长 6%",
            concluded_on=D(2026, 8, 20),
        )
    return c


def wage_contract(cast, consultation=None):
    consultation = consultation or agreed_consultation(cast)
    with acting(cast.chair_a):
        return services.draft_contract(
            actor=cast.chair_a,
            org=cast.union_a,
            kind="wage",
            coverage="enterprise",
            consultation=consultation,
            title="甲工会 2027 年度工资专项集体合同",
            body="……",
            start_date=D(2027, 1, 1),
            end_date=D(2027, 12, 31),
            wage_growth_pct=Decimal("6"),
            lowest_wage=Decimal("2690.00"),
            pay_day="每月 10 日",
        )


def test_consultation_rounds_are_numbered(cast):
    c = agreed_consultation(cast)
    assert list(c.rounds.values_list("number", flat=True)) == [1, 2]
    assert c.status == ConsultationStatus.AGREED


def test_wage_contract_needs_wage_terms(cast):
    c = agreed_consultation(cast)
    with acting(cast.chair_a), pytest.raises(ValidationError) as exc:
        services.draft_contract(
            actor=cast.chair_a,
            org=cast.union_a,
            kind="wage",
            coverage="enterprise",
            consultation=c,
            title="t",
            body="b",
            start_date=D(2027, 1, 1),
            end_date=D(2031, 12, 31),
        )
    assert set(exc.value.message_dict) == {"end_date", "wage_growth_pct", "lowest_wage", "pay_day"}


def test_full_contract_cycle(cast):
    contract = wage_contract(cast)
    assert contract.workers_covered == 300
    with acting(cast.chair_a):
        result = services.record_approval(
            actor=cast.chair_a,
            contract=contract,
            approved_on=D(2026, 9, 25),
            delegates_total=120,
            delegates_present=97,
            votes_for=88,
            votes_against=5,
            resolution_ref="职代会决议 2026-3",
        )
        assert result.passed and contract.status == ContractStatus.APPROVED
        services.sign_contract(
            actor=cast.chair_a,
            contract=contract,
            signed_on=D(2026, 9, 28),
            union_signatory="陈静",
            employer_signatory="王总",
        )
        assert contract.filing_due == D(2026, 10, 8)  # 09-28 + 10 = 10-08, a working day
        assert contract.filing_overdue(D(2026, 10, 9))
        services.file_contract(
            actor=cast.chair_a,
            contract=contract,
            filed_on=D(2026, 10, 8),
            authority="和平区人力资源和社会保障局",
        )
        assert contract.review_ends == D(2026, 10, 23)
        with pytest.raises(ValidationError):
            services.confirm_in_force_by_lapse(
                actor=cast.chair_a, contract=contract, today=D(2026, 10, 23)
            )
        services.confirm_in_force_by_lapse(
            actor=cast.chair_a, contract=contract, today=D(2026, 10, 24)
        )
        assert (contract.status, contract.effective_on) == (
            ContractStatus.IN_FORCE,
            D(2026, 10, 24),
        )
        assert contract.publish_due == D(2026, 11, 3)
        assert contract.publish_overdue(D(2026, 11, 4))
        services.publish_contract(
            actor=cast.chair_a, contract=contract, published_on=D(2026, 11, 2)
        )
    assert not contract.publish_overdue(D(2026, 11, 4))
    assert "赞成 88 票" in contract.tally_text
    # the step's note, written by the system, reads in the reader's language
    lapsed = history(contract).get(transition="take_effect")
    with translation.override("en"):
        assert lapsed.reason_text == "Review period ended without objection"
    with translation.override("zh-hans"):
        assert lapsed.reason_text == "审查期满未提出异议"


def test_contract_vote_below_quorum_is_rejected(cast):
    contract = wage_contract(cast)
    with acting(cast.chair_a):
        result = services.record_approval(
            actor=cast.chair_a,
            contract=contract,
            approved_on=D(2026, 9, 25),
            delegates_total=120,
            delegates_present=79,
            votes_for=79,
            votes_against=0,
        )
    assert not result.passed and contract.status == ContractStatus.REJECTED
    assert "未达法定人数" in contract.tally_text


def test_authority_objection_sends_back(cast):
    contract = wage_contract(cast)
    with acting(cast.chair_a):
        services.record_approval(
            actor=cast.chair_a,
            contract=contract,
            approved_on=D(2026, 9, 1),
            delegates_total=10,
            delegates_present=10,
            votes_for=10,
            votes_against=0,
        )
        services.sign_contract(
            actor=cast.chair_a,
            contract=contract,
            signed_on=D(2026, 9, 2),
            union_signatory="a",
            employer_signatory="b",
        )
        services.file_contract(
            actor=cast.chair_a, contract=contract, filed_on=D(2026, 9, 3), authority="人社局"
        )
        services.record_authority_reply(
            actor=cast.chair_a,
            contract=contract,
            reply_on=D(2026, 9, 10),
            objection=True,
            note="最低工资低于当地标准",
        )
        assert contract.status == ContractStatus.OBJECTED
        services.revise_contract(actor=cast.chair_a, contract=contract, reason="按意见修改")
    assert contract.status == ContractStatus.DRAFT


def test_no_objection_reads_in_the_readers_language_and_a_typed_reply_as_typed(cast, login):
    silent = in_force_contract(cast, D(2027, 12, 31))
    with translation.override("zh-hans"):
        assert history(silent).get(transition="take_effect").reason_text == "审查机关无异议"
    page = login(cast.chair_a).get(f"/workplace/contracts/{silent.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "No objection from the reviewing authority" in page.content.decode()
    typed = in_force_contract(cast, D(2027, 12, 31), note="审查机关无异议{0}")
    with translation.override("en"):
        assert history(typed).get(transition="take_effect").reason_text == "审查机关无异议{0}"


def in_force_contract(cast, end, note=""):
    contract = wage_contract(cast)
    with acting(cast.chair_a):
        services.record_approval(
            actor=cast.chair_a,
            contract=contract,
            approved_on=D(2026, 9, 1),
            delegates_total=10,
            delegates_present=10,
            votes_for=10,
            votes_against=0,
        )
        services.sign_contract(
            actor=cast.chair_a,
            contract=contract,
            signed_on=D(2026, 9, 2),
            union_signatory="a",
            employer_signatory="b",
        )
        services.file_contract(
            actor=cast.chair_a, contract=contract, filed_on=D(2026, 9, 3), authority="人社局"
        )
        services.record_authority_reply(
            actor=cast.chair_a,
            contract=contract,
            reply_on=D(2026, 9, 10),
            objection=False,
            note=note,
        )
    type(contract).unscoped.filter(pk=contract.pk).update(
        start_date=end.replace(year=end.year - 1), end_date=end
    )
    contract.refresh_from_db()
    return contract


def test_expiry_reminders_at_90_and_30_days(cast):
    today = timezone.localdate()
    contract = in_force_contract(cast, today + datetime.timedelta(days=60))
    with acting(cast.chair_a):
        assert list(selectors.expiring_contracts(90)) == [contract]
        assert list(selectors.expiring_contracts(30)) == []
        from gonghui.workplace.home import tasks

        labels = {t["label"]: t["count"] for t in tasks(acting_scope(cast.chair_a))}
    assert labels["90 天内到期的集体合同"] == 1
    assert labels["30 天内到期的集体合同"] == 0
    type(contract).unscoped.filter(pk=contract.pk).update(
        end_date=today + datetime.timedelta(days=30)
    )
    with acting(cast.chair_a):
        labels = {t["label"]: t["count"] for t in tasks(acting_scope(cast.chair_a))}
    assert labels["30 天内到期的集体合同"] == 1
    with acting(cast.chair_b):
        assert list(selectors.expiring_contracts(90)) == []


def acting_scope(user):
    from gonghui.core.scoping import current_scope

    return current_scope()


def test_renewal_opens_next_consultation_once(cast):
    today = timezone.localdate()
    contract = in_force_contract(cast, today + datetime.timedelta(days=80))
    with acting(cast.chair_a):
        nxt = services.start_renewal(actor=cast.chair_a, contract=contract)
        assert (nxt.previous_contract, nxt.kind, nxt.employer) == (
            contract,
            "wage",
            cast.employer_a,
        )
        assert list(selectors.expiring_contracts(90)) == []  # being renewed: no more reminders
        with pytest.raises(ValidationError):
            services.start_renewal(actor=cast.chair_a, contract=contract)


def test_statistics_for_subtree(cast, workers):
    today = timezone.localdate()
    in_force_contract(cast, today + datetime.timedelta(days=200))
    with acting(cast.district_admin):
        stats = selectors.contract_statistics(cast.district)
    assert (stats["employers"], stats["covered_employers"]) == (3, 1)
    assert (stats["workers"], stats["covered_workers"]) == (500, 300)
    assert stats["employer_rate"] == 33.3 and stats["worker_rate"] == 60.0
    with acting(cast.chair_b):
        stats_b = selectors.contract_statistics(cast.union_b)
    assert (stats_b["employers"], stats_b["covered_employers"]) == (1, 0)


def test_regional_contract_covers_many_and_worker_sees_it(cast, workers):
    with acting(cast.street_admin):
        c = services.open_consultation(
            actor=cast.street_admin,
            org=cast.street,
            kind="general",
            coverage="regional",
            employer_party="街道企业联合会",
            covered_employers=[cast.employer_a, cast.employer_b],
            title="街道区域性集体协商",
            requested_on=D(2026, 1, 5),
        )
        contract = services.draft_contract(
            actor=cast.street_admin,
            org=cast.street,
            kind="general",
            coverage="regional",
            title="街道区域性集体合同",
            body="……",
            start_date=D(2026, 3, 1),
            end_date=D(2029, 2, 28),
            covered_employers=[cast.employer_a, cast.employer_b],
        )
    assert contract.workers_covered == 420
    assert c.employer is None
    type(contract).unscoped.filter(pk=contract.pk).update(status=ContractStatus.IN_FORCE)
    with acting(workers.user_b):
        assert list(selectors.worker_contracts(workers.user_b)) == [contract]
    with acting(workers.user_a2):
        assert list(selectors.worker_contracts(workers.user_a2)) == []


def test_joint_commitment_with_checks(cast):
    with acting(cast.chair_a):
        jc = services.create_commitment(
            actor=cast.chair_a,
            employer=cast.employer_a,
            title="甲工会稳岗共同约定",
            pledges=["keep_jobs", "pay_on_time"],
            start_date=D(2026, 1, 1),
            end_date=D(2026, 12, 31),
            signed_on=D(2025, 12, 20),
            union_signatory="陈静",
            employer_signatory="王总",
        )
        services.record_check(
            actor=cast.chair_a,
            commitment=jc,
            checked_on=D(2026, 6, 30),
            kept=True,
            findings="未裁员，工资按时发放",
        )
        services.close_commitment(
            actor=cast.chair_a,
            commitment=jc,
            kept=True,
            outcome="全年履行",
            closed_on=D(2027, 1, 5),
        )
        assert jc.status == "kept" and jc.checks.count() == 1
        with pytest.raises(ValidationError):
            services.record_check(
                actor=cast.chair_a, commitment=jc, checked_on=D(2027, 1, 6), kept=True, findings="x"
            )


def test_contract_filing_deadline_in_working_days(cast):
    from gonghui.core import config

    config.set_value(actor=None, key="workplace.day_kind", value="working")
    contract = wage_contract(cast)
    with acting(cast.chair_a):
        services.record_approval(
            actor=cast.chair_a,
            contract=contract,
            approved_on=D(2026, 9, 1),
            delegates_total=10,
            delegates_present=10,
            votes_for=10,
            votes_against=0,
        )
        services.sign_contract(
            actor=cast.chair_a,
            contract=contract,
            signed_on=D(2026, 9, 28),
            union_signatory="a",
            employer_signatory="b",
        )
        # 10 working days: 09-29, 09-30, 10-08, 10-09, 10-10 (Saturday worked), 10-12..10-16.
        assert contract.filing_due == D(2026, 10, 16)
        assert "工作日" in contract.deadline_notes["filing_due"]
        services.file_contract(
            actor=cast.chair_a, contract=contract, filed_on=D(2026, 10, 16), authority="人社局"
        )
    assert not contract.filing_overdue(D(2026, 10, 17))


def test_statistics_breakdown_by_child(cast, workers):
    in_force_contract(cast, timezone.localdate() + datetime.timedelta(days=200))
    with acting(cast.district_admin):
        total, rows = selectors.contract_breakdown(cast.district)
    by_code = {r["org"].code: r for r in rows}
    assert (by_code["S1"]["covered_employers"], by_code["S1"]["employers"]) == (1, 3)
    assert (by_code["S2"]["employers"], by_code["S2"]["employer_rate"]) == (0, None)
    assert total["covered_workers"] == 300 and total["in_force"] == 1
