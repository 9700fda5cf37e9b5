"""Move the generic service rows of laid-off/unemployed workers into their own tables, and the
money they recorded into the programme ledger.

- training → TrainingEnrolment; referral → JobReferral (outcome pending, or hired when the old
  outcome text says 录用);
- relief, loan_subsidy and startup_grant (money paid outside any budget) → a programme per
  union and kind (下岗失业救助 / 创业扶持, "历史记录"), a cycle per year (several when one worker
  had several payments in a year: one entitlement per beneficiary per cycle), a budget equal to
  what was paid (fully used), an approved entitlement and one payment per old row, with the
  old date and an idempotency key naming the old row. Start-up rows also get a StartupSupport.

Forward only: reversing leaves the new rows (the old table comes back empty)."""

from collections import defaultdict
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

MONEY = {"relief": "jobless", "loan_subsidy": "startup", "startup_grant": "startup"}
PROGRAMME_NAMES = {"jobless": "下岗失业救助（历史记录）", "startup": "创业扶持（历史记录）"}


def forward(apps, schema_editor):
    JobService = apps.get_model("assistance", "JobService")
    Training = apps.get_model("assistance", "TrainingEnrolment")
    Referral = apps.get_model("assistance", "JobReferral")
    Startup = apps.get_model("assistance", "StartupSupport")
    Programme = apps.get_model("assistance", "Programme")
    Cycle = apps.get_model("assistance", "Cycle")
    Budget = apps.get_model("assistance", "Budget")
    Entitlement = apps.get_model("assistance", "Entitlement")
    Payment = apps.get_model("assistance", "Payment")
    now = timezone.now()
    money = defaultdict(list)  # (org, programme kind, year) -> rows
    for row in JobService.objects.order_by("date", "id"):
        if row.kind == "training":
            Training.objects.create(
                worker_id=row.worker_id,
                org_id=row.org_id,
                course=row.description[:150],
                provider="（迁移前未登记）",
                start_date=row.date,
                status="completed" if ("结业" in row.outcome or "完成" in row.outcome) else "enrolled",
                note=row.outcome[:200],
                recorded_by_id=row.recorded_by_id,
            )
        elif row.kind == "referral":
            hired = "录用" in row.outcome and "未录用" not in row.outcome
            Referral.objects.create(
                worker_id=row.worker_id,
                org_id=row.org_id,
                employer_name=(row.employer_name or "（未登记）")[:150],
                position=row.description[:100],
                referred_on=row.date,
                outcome="hired" if hired else "pending",
                outcome_on=row.date if hired else None,
                note=row.outcome[:200],
                recorded_by_id=row.recorded_by_id,
            )
        elif row.kind in MONEY:
            money[(row.org_id, MONEY[row.kind], row.date.year)].append(row)
    programmes = {}
    for (org_id, kind, year), rows in sorted(money.items()):
        if (org_id, kind) not in programmes:
            programmes[(org_id, kind)] = Programme.objects.create(
                org_id=org_id,
                kind=kind,
                name=PROGRAMME_NAMES[kind],
                description="由原“服务记录”中的救助与扶持金额迁移而来",
                created_by_id=rows[0].recorded_by_id,
            )
        programme = programmes[(org_id, kind)]
        # The n-th payment of a worker in the year goes to the n-th cycle of that year.
        rounds = defaultdict(list)
        seen = defaultdict(int)
        for row in rows:
            rounds[seen[row.worker_id]].append(row)
            seen[row.worker_id] += 1
        for n, batch in sorted(rounds.items()):
            total = sum((r.amount for r in batch), Decimal("0"))
            suffix = f" {n + 1}" if len(rounds) > 1 else ""
            cycle = Cycle.objects.create(
                programme=programme,
                org_id=org_id,
                name=f"{year} 年（历史记录{suffix}）",
                year=year,
                start_date=min(r.date for r in batch),
                end_date=max(r.date for r in batch),
                status="approved",
                created_by_id=batch[0].recorded_by_id,
                approved_by_id=batch[0].recorded_by_id,
                approved_at=now,
            )
            budget = Budget.objects.create(
                cycle=cycle, org_id=org_id, fund_source="union", amount=total, used=total
            )
            for row in batch:
                entitlement = Entitlement.objects.create(
                    cycle=cycle,
                    org_id=row.org_id,
                    worker_id=row.worker_id,
                    beneficiary_key=f"w:{row.worker_id}",
                    budget=budget,
                    amount=row.amount,
                    rule_text=f"迁移自服务记录 #{row.pk}：{row.description}"[:300],
                    status="approved",
                    nominated_by_id=row.recorded_by_id,
                    approved_by_id=row.recorded_by_id,
                    approved_at=now,
                )
                Payment.objects.create(
                    entitlement=entitlement,
                    cycle=cycle,
                    org_id=row.org_id,
                    kind="payment",
                    attempt=1,
                    amount=row.amount,
                    method="cash",
                    idempotency_key=f"migrated-jobservice-{row.pk}",
                    paid_on=row.date,
                    note=f"迁移的历史记录（发放方式未登记）{row.outcome}"[:200],
                    recorded_by_id=row.recorded_by_id,
                )
                if kind == "startup":
                    Startup.objects.create(
                        worker_id=row.worker_id,
                        org_id=row.org_id,
                        kind="loan_subsidy" if row.kind == "loan_subsidy" else "grant",
                        business_name=row.description[:150],
                        amount=row.amount,
                        applied_on=row.date,
                        status="approved",
                        decided_on=row.date,
                        note=row.outcome[:200],
                        entitlement=entitlement,
                        recorded_by_id=row.recorded_by_id,
                    )


class Migration(migrations.Migration):
    dependencies = [("assistance", "0004_jobless_programmes_retention")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
