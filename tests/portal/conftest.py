import pytest

from gonghui.core import notify


@pytest.fixture(autouse=True)
def _locmem_sms(settings):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.LocmemBackend"
    settings.GONGHUI_SITE_URL = "https://gonghui.example.cn"
    notify.outbox.clear()
    yield
    notify.outbox.clear()


def code_from_outbox(template_key="portal.activation_code"):
    """The code of the last text message of this kind (what the member reads on the phone)."""
    sent = [m for m in notify.outbox if m.template_key == template_key]
    assert sent, f"no {template_key} message was sent"
    return sent[-1].params["code"]
