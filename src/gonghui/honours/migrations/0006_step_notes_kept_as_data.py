# The notes the system wrote with a nomination's workflow steps (the notice's dates, the stage's
# places at an approval, an award with no objection) are kept as data (WorkflowEvent.data) and
# worded when the history is read, in the reader's language (issue 20, item 8). The notes stored
# so far were written in Chinese: they are read back into data here; a note a person wrote, or
# one that does not read as the services wrote it, stays as written.

import re

from django.db import migrations

_NOTICE = re.compile(r"^公示 (\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})$")
_CHECK = re.compile(
    r"^(?P<stage>街道推荐|评审通过)（含本推荐）(?P<count>\d+) / (?P<places>\d+) 名"
    r"(?:，企业负责人 (?P<heads>\d+) / (?P<max_heads>\d+)"
    r"，非一线职工 (?P<non_frontline>\d+) / (?P<max_non_frontline>\d+))?$"
)
_STAGES = {"街道推荐": "street", "评审通过": "organiser"}
_NO_OBJECTION = "公示期满，无未答复异议"


def _data(transition, reason):
    if transition == "publish_notice" and (match := _NOTICE.match(reason)):
        return {"notice": [match[1], match[2]]}
    if transition == "award" and reason == _NO_OBJECTION:
        return {"no_objection": True}
    if transition in ("street_approve", "approve") and (match := _CHECK.match(reason)):
        numbers = {
            name: int(match[name]) if match[name] is not None else None
            for name in (
                "places",
                "count",
                "heads",
                "non_frontline",
                "max_heads",
                "max_non_frontline",
            )
        }
        return {"check": {"stage": _STAGES[match["stage"]], **numbers}}
    return None


def notes_to_data(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowEvent = apps.get_model("core", "WorkflowEvent")
    kind = ContentType.objects.filter(app_label="honours", model="nomination").first()
    if kind is None:
        return
    events = WorkflowEvent.objects.filter(
        content_type=kind, transition__in=("publish_notice", "award", "street_approve", "approve")
    ).exclude(reason="")
    for event in events.iterator():
        data = _data(event.transition, event.reason)
        if data is None:
            continue
        event.data, event.reason = data, ""
        event.save(update_fields=["data", "reason"])


def data_to_notes(apps, schema_editor):
    """Back: the notes in Chinese words, as the services wrote them before."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowEvent = apps.get_model("core", "WorkflowEvent")
    stages = {key: label for label, key in _STAGES.items()}
    kind = ContentType.objects.filter(app_label="honours", model="nomination").first()
    events = WorkflowEvent.objects.filter(content_type=kind, reason="").exclude(data={})
    for event in events.iterator():
        data = event.data
        if "notice" in data:
            event.reason = "公示 {} 至 {}".format(*data["notice"])
        elif data.get("no_objection"):
            event.reason = _NO_OBJECTION
        elif "check" in data:
            check = data["check"]
            event.reason = "{}（含本推荐）{} / {} 名".format(
                stages.get(check["stage"], ""), check["count"], check["places"]
            )
            if check.get("max_heads") is not None:
                event.reason += "，企业负责人 {} / {}，非一线职工 {} / {}".format(
                    check["heads"],
                    check["max_heads"],
                    check["non_frontline"],
                    check["max_non_frontline"],
                )
        else:
            continue
        event.save(update_fields=["reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0010_workflow_event_data"),
        ("honours", "0005_nomination_contest_source"),
    ]

    operations = [
        migrations.RunPython(notes_to_data, data_to_notes),
    ]
