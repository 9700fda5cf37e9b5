"""Award types become a table (step 2 of 3, data): the five fixed choices become AwardType rows
of every district, and of any other union that organised a round; each round points at its row.
Nominations waiting for review get the street (industry) union that now reviews them first; those
with no street stage move on to the organiser's stage."""

from decimal import Decimal

from django.db import migrations

CHOICES = (
    ("may_day_medal", "五一劳动奖章", "individual"),
    ("worker_pioneer", "工人先锋号", "team"),
    ("advanced_unit", "先进单位", "unit"),
    ("advanced_individual", "先进个人", "individual"),
    ("model_home", "模范职工之家", "unit"),
)
STREET_KINDS = ("street", "industry")


def _setting(apps, key, default):
    """The district-wide value in force of a setting (newest row), else its default."""
    SettingValue = apps.get_model("core", "SettingValue")
    row = (
        SettingValue.objects.filter(key=key, org__isnull=True)
        .order_by("-valid_from", "-id")
        .first()
    )
    if row is None:
        return default
    try:
        return Decimal(str(row.value))
    except ArithmeticError:
        return default


def forwards(apps, schema_editor):
    AwardType = apps.get_model("honours", "AwardType")
    AwardRound = apps.get_model("honours", "AwardRound")
    Nomination = apps.get_model("honours", "Nomination")
    Org = apps.get_model("orgs", "Org")
    frontline = _setting(apps, "honours.frontline_min_pct", Decimal("35"))
    heads = _setting(apps, "honours.heads_max_pct", Decimal("20"))

    def row(org, code, pcts=None):
        name, kind = next((n, k) for c, n, k in CHOICES if c == code)
        obj, _created = AwardType.objects.get_or_create(
            org=org,
            code=code,
            defaults={
                "name": name,
                "nominee_kind": kind,
                "min_frontline_pct": pcts[0] if pcts else frontline,
                "max_heads_pct": pcts[1] if pcts else heads,
            },
        )
        return obj

    for district in Org.objects.filter(kind="district"):
        for code, _name, _kind in CHOICES:
            row(district, code)
    for round_ in AwardRound.objects.select_related("org"):
        round_.award_type = row(
            round_.org, round_.award_code, (round_.min_frontline_pct, round_.max_heads_pct)
        )
        round_.save(update_fields=["award_type"])

    for nomination in Nomination.objects.filter(status="nominated").select_related(
        "org", "round__org"
    ):
        street = None
        top, path = nomination.round.org.path, nomination.org.path
        for i in range(len(top) + 4, len(path), 4):  # strict ancestors below the organiser
            candidate = Org.objects.filter(path=path[:i], kind__in=STREET_KINDS).first()
            if candidate is not None:
                street = candidate
                break
        if street is None:
            nomination.status = "recommended"
        nomination.street_org = street
        nomination.save(update_fields=["status", "street_org"])


def backwards(apps, schema_editor):
    AwardRound = apps.get_model("honours", "AwardRound")
    Nomination = apps.get_model("honours", "Nomination")
    for round_ in AwardRound.objects.select_related("award_type"):
        round_.award_code = round_.award_type.code[:30] if round_.award_type_id else ""
        round_.save(update_fields=["award_code"])
    Nomination.objects.filter(status__in=["recommended", "returned"]).update(status="nominated")
    Nomination.objects.filter(status="approved").update(status="under_review")
    Nomination.objects.filter(status="rejected").update(status="not_awarded")


class Migration(migrations.Migration):
    dependencies = [
        ("honours", "0002_award_types_and_review_chain"),
        ("orgs", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
