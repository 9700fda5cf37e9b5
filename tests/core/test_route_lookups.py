"""Object routes declare their lookup (issue 20, item 2).

``scoped_view`` still carries a legacy branch for object routes that do not declare
``lookup=Lookup(...)``: it runs the view inside a rolled-back transaction to find out whether
the object is in scope. That branch can go once every object route of the project declares its
lookup. ``WITHOUT_LOOKUP`` lists the routes that do not yet; it only shrinks: a new object route
must declare its lookup (or carry a one-line reason in its app and be added here by the lead).
When the list is empty, the legacy branch of ``core/decorators.py`` is dead code.
"""

from django.urls import URLPattern, URLResolver, get_resolver

# Routes (namespace:name) with URL arguments whose view is a ``scoped_view`` without ``lookup=``.
WITHOUT_LOOKUP = {
    "assemblies:congress",
    "assemblies:delegate_add",
    "assemblies:delegate_end",
    "assemblies:document_release",
    "assemblies:my_proposal",
    "assemblies:my_proposal_new",
    "assemblies:my_results",
    "assemblies:my_session",
    "assemblies:my_vote",
    "assemblies:poll",
    "assemblies:poll_action",
    "assemblies:poll_ballot",
    "assemblies:poll_create",
    "assemblies:poll_sheet",
    "assemblies:projector",
    "assemblies:projector_live",
    "assemblies:proposal",
    "assemblies:proposals",
    "assemblies:qr_checkin",
    "assemblies:session",
    "assemblies:session_action",
    "assemblies:session_create",
    "assemblies:session_live",
    "assemblies:session_qr",
    "assemblies:session_qr_panel",
    "assemblies:vote_record",
    "core:outbox_retry",
    "core:password_reset",
    "core:reveal",
    "core:role_revoke",
    "core:setting_edit",
    "core:todo",
    "core:token_revoke",
    "core:totp_reset_cancel",
    "core:totp_reset_confirm",
    "core:totp_reset_request",
    "core:user_detail",
    "funds:books",
    "funds:budget_add",
    "funds:budget_approve",
    "funds:dues_base",
    "funds:dues_pay",
    "funds:dues_roll",
    "funds:employer_edit",
    "funds:entry",
    "funds:entry_reverse",
    "funds:expense",
    "funds:expense_add",
    "funds:expense_approve",
    "funds:expense_receipt",
    "funds:expense_reject",
    "funds:finding_add",
    "funds:finding_answer",
    "funds:match",
    "funds:org_ledger",
    "funds:receipt",
    "funds:report_pdf",
    "funds:report_xlsx",
    "funds:review",
    "funds:review_conclude",
    "funds:review_open",
    "imports:commit",
    "imports:conflicts",
    "imports:errors",
    "imports:file",
    "imports:fix",
    "imports:job",
    "imports:map",
    "imports:progress",
    "imports:retry",
    "imports:start",
    "imports:template",
    "imports:values",
    "innovation:attach",
    "innovation:attachment",
    "innovation:detail",
    "innovation:proposal_benefit",
    "innovation:proposal_decide",
    "innovation:proposal_implementation",
    "innovation:proposal_milestone",
    "innovation:proposal_payment",
    "innovation:proposal_reviewers",
    "innovation:proposal_reward",
    "innovation:proposal_triage",
    "innovation:review",
    "life:attachment",
    "life:my_activity",
    "life:my_cancel",
    "life:my_certificate",
    "life:my_checkin",
    "life:my_complete",
    "life:my_course",
    "life:my_enrol",
    "life:my_notice",
    "life:my_signup",
    "life:my_survey",
    "life:my_withdraw",
    "members:application_detail",
    "members:detail",
    "members:edit",
    "members:join_link",
    "members:status",
    "members:transfer",
    "members:transfer_detail",
    "reports:annual_cell",
    "reports:annual_export",
    "reports:annual_layout",
    "reports:district_org",
    "reports:district_pdf",
    "reports:export",
    "reports:filing_answer",
    "reports:filing_export",
    "reports:filing_pass_down",
    "reports:filing_review",
    "reports:filing_task",
    "reports:org",
    "rights:mine_detail",
    "workplace:attachment",
    "workplace:checklist",
    "workplace:commitment",
    "workplace:commitment_check",
    "workplace:commitment_close",
    "workplace:commitment_target",
    "workplace:consultation",
    "workplace:consultation_conclude",
    "workplace:consultation_contract",
    "workplace:consultation_representative",
    "workplace:consultation_round",
    "workplace:contract",
    "workplace:contract_approve",
    "workplace:contract_edit",
    "workplace:contract_file",
    "workplace:contract_filing_pdf",
    "workplace:contract_lapse",
    "workplace:contract_pdf",
    "workplace:contract_publish",
    "workplace:contract_renew",
    "workplace:contract_reply",
    "workplace:contract_resolution",
    "workplace:contract_revise",
    "workplace:contract_sign",
    "workplace:disclosure",
    "workplace:disclosure_attach",
    "workplace:disclosure_edit",
    "workplace:disclosure_post",
    "workplace:disclosure_withdraw",
    "workplace:my_contract",
    "workplace:my_disclosure",
    "workplace:question_answer",
    "workplace:target_progress",
}


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in ("admin", "api"):  # Django admin; the ninja API is not scoped_view
                continue
            yield from _walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


def object_routes_without_lookup():
    """Names of the URL patterns with an object argument whose view is a ``scoped_view`` that
    declares no ``gonghui_lookup``."""
    found = set()
    for name, pattern in _walk(get_resolver().url_patterns):
        if not pattern.pattern.regex.groupindex:
            continue
        view = pattern.callback
        if not hasattr(view, "gonghui_lookup"):  # not a scoped_view (public pages, auth)
            continue
        if view.gonghui_lookup is None:
            found.add(name)
    return found


def test_the_inventory_sees_declared_and_undeclared_routes():
    # The walk finds object routes at all, and a converted route is not listed.
    routes = dict(_walk(get_resolver().url_patterns))
    assert routes["orgs:detail"].callback.gonghui_lookup is not None
    assert "orgs:detail" not in object_routes_without_lookup()


def test_no_new_object_route_without_a_lookup():
    missing = object_routes_without_lookup()
    new = sorted(missing - WITHOUT_LOOKUP)
    assert not new, (
        "object routes without lookup= (declare @scoped_view(..., lookup=Lookup(...))): "
        + ", ".join(new)
    )


def test_the_list_only_shrinks():
    converted = sorted(WITHOUT_LOOKUP - object_routes_without_lookup())
    assert not converted, (
        "these routes declare their lookup now (or are gone): take them out of WITHOUT_LOOKUP: "
        + ", ".join(converted)
    )
