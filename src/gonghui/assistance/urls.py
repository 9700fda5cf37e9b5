from django.urls import path

from . import views
from . import views_jobless as jv
from . import views_programmes as pv

app_name = "assistance"

urlpatterns = [
    path("", views.file_list, name="files"),
    path("export.xlsx", views.file_export, name="file_export"),
    path("caseload/", views.caseload, name="caseload"),
    path("notices/", views.public_notices, name="notices"),
    path("dibao/", views.dibao_list, name="dibao"),
    path("spot-checks/", views.spot_checks, name="spot_checks"),
    path("files/new/", views.file_new, name="file_new"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("files/<int:pk>/edit/", views.file_edit, name="file_edit"),
    path("files/<int:pk>/pdf/", views.file_pdf, name="file_pdf"),
    path("files/<int:pk>/household/add/", views.household_add, name="household_add"),
    path(
        "files/<int:pk>/household/<int:member_id>/edit/",
        views.household_edit,
        name="household_edit",
    ),
    path("files/<int:pk>/rows/<str:kind>/add/", views.row_add, name="row_add"),
    path(
        "files/<int:pk>/rows/<str:kind>/<int:row_id>/remove/", views.row_remove, name="row_remove"
    ),
    path("files/<int:pk>/attachments/add/", views.attachment_add, name="attachment_add"),
    path("files/<int:pk>/visit/", views.visit_add, name="visit_add"),
    path("files/<int:pk>/do/<str:action>/", views.file_transition, name="transition"),
    path("files/<int:pk>/exit/", views.file_exit, name="exit"),
    path("files/<int:pk>/objections/add/", views.objection_add, name="objection_add"),
    path(
        "files/<int:pk>/exclusions/<str:rule>/override/",
        views.exclusion_override,
        name="exclusion_override",
    ),
    path("overrides/<int:pk>/confirm/", views.exclusion_confirm, name="exclusion_confirm"),
    path("files/<int:pk>/yearly-review/", views.yearly_review, name="yearly_review"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("flags/<int:pk>/override/", views.flag_override, name="flag_override"),
    path("visits/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("programmes/", pv.programme_list, name="programmes"),
    path("programmes/new/", pv.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", pv.programme_detail, name="programme"),
    path("cycles/<int:pk>/", pv.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/budget/", pv.budget_set, name="budget_set"),
    path("cycles/<int:pk>/nominate/", pv.nominate, name="nominate"),
    path("cycles/<int:pk>/approve/", pv.approve_list, name="approve_list"),
    path("cycles/<int:pk>/payments/", pv.payment_list, name="payments"),
    path("cycles/<int:pk>/payments.pdf", pv.payment_list_pdf, name="payments_pdf"),
    path("entitlements/<int:pk>/exclude/", pv.entitlement_exclude, name="entitlement_exclude"),
    path("entitlements/<int:pk>/pay/", pv.payment_record, name="pay"),
    path("entitlements/<int:pk>/visit/", pv.warmth_visit, name="warmth_visit"),
    path("payments/<int:pk>/reverse/", pv.payment_reverse, name="payment_reverse"),
    path("jobless/", jv.worker_list, name="jobless"),
    path("jobless/new/", jv.worker_new, name="jobless_new"),
    path("jobless/statistics/", jv.statistics, name="jobless_stats"),
    path("jobless/trainings/", jv.training_list, name="trainings"),
    path("jobless/referrals/", jv.referral_list, name="referrals"),
    path("jobless/<int:pk>/", jv.worker_detail, name="jobless_worker"),
    path("jobless/<int:pk>/edit/", jv.worker_edit, name="jobless_edit"),
    path("jobless/<int:pk>/reemployed/", jv.reemployment, name="jobless_reemployed"),
    path("jobless/<int:pk>/nominate/", jv.worker_nominate, name="jobless_nominate"),
    path("jobless/<int:pk>/trainings/add/", jv.training_add, name="training_add"),
    path("jobless/<int:pk>/referrals/add/", jv.referral_add, name="referral_add"),
    path("jobless/<int:pk>/startup/add/", jv.startup_add, name="startup_add"),
    path("jobless/trainings/<int:pk>/", jv.training_detail, name="training"),
    path("jobless/referrals/<int:pk>/", jv.referral_detail, name="referral"),
    path("jobless/startup/<int:pk>/", jv.startup_detail, name="startup"),
]
