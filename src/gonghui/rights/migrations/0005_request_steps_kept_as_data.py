# A request's workflow steps keep the system's part as data, worded when read
# (``services.requests.step_note``), issue 20 item 8: the escalation's deadlines (the data of
# the timeline line written with it) and the closure reason (its code); the note a person typed
# stays the step's reason. A reason that does not read as the services wrote it is kept.

import datetime

from django.db import migrations

# the Chinese closure labels the services wrote (copies: a migration does not import the app)
_CLOSURE = {
    "职工已评价": "rated",
    "职工逾期未评价": "no_response",
    "职工撤回": "withdrawn",
    "重复诉求": "duplicate",
    "已移交劳动监察/仲裁/法院": "referred",
    "不属于工会受理范围": "out_of_scope",
}
_NEAR = datetime.timedelta(minutes=1)


def _steps(apps):
    content_type = apps.get_model("contenttypes", "ContentType")
    event = apps.get_model("core", "WorkflowEvent")
    try:
        request_type = content_type.objects.get(app_label="rights", model="workerrequest")
    except content_type.DoesNotExist:
        return event.objects.none()
    return event.objects.filter(content_type=request_type)


def parse_close(text):
    for label, code in sorted(_CLOSURE.items(), key=lambda item: -len(item[0])):
        if text == label or text.startswith(label + " "):
            return {"reason": code}, text[len(label) :].strip()
    return None


def to_data(apps, schema_editor):
    line = apps.get_model("rights", "RequestEvent")
    steps = _steps(apps).filter(data={})
    for step in steps.filter(transition="escalate").iterator():
        candidates = line.objects.filter(
            request_id=int(step.object_id),
            kind="escalated",
            at__gte=step.at - _NEAR,
            at__lte=step.at + _NEAR,
        ).exclude(data={})
        found = sorted(candidates, key=lambda row: abs(row.at - step.at))
        if found:
            step.data, step.reason = found[0].data, ""
            step.save(update_fields=["data", "reason"])
    for step in steps.filter(transition="close").exclude(reason="").iterator():
        parsed = parse_close(step.reason)
        if parsed:
            step.data, step.reason = parsed
            step.save(update_fields=["data", "reason"])


def to_text(apps, schema_editor):
    labels = {code: label for label, code in _CLOSURE.items()}
    steps = _steps(apps).exclude(data={})
    for step in steps.filter(transition="close").iterator():
        label = labels.get(step.data.get("reason"), step.data.get("reason", ""))
        step.reason, step.data = f"{label} {step.reason}".strip(), {}
        step.save(update_fields=["data", "reason"])
    # an escalation's words are on the request's own timeline line; the step keeps its data


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0010_workflow_event_data"),
        ("rights", "0004_settings_kept_as_data"),
    ]

    operations = [migrations.RunPython(to_data, to_text)]
