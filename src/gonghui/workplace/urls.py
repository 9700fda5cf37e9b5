from django.urls import path

from . import views

app_name = "workplace"

urlpatterns = [
    path("", views.index, name="index"),
    # Worker pages (phone)
    path("my/", views.my_home, name="my_home"),
    path("my/disclosures/<int:pk>/", views.my_disclosure, name="my_disclosure"),
    path("my/contracts/<int:pk>/", views.my_contract, name="my_contract"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    # Affairs disclosure
    path("disclosures/", views.disclosure_list, name="disclosures"),
    path("disclosures/new/", views.disclosure_create, name="disclosure_create"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure"),
    path("disclosures/<int:pk>/edit/", views.disclosure_edit, name="disclosure_edit"),
    path("disclosures/<int:pk>/post/", views.disclosure_post, name="disclosure_post"),
    path("disclosures/<int:pk>/withdraw/", views.disclosure_withdraw, name="disclosure_withdraw"),
    path("disclosures/<int:pk>/attach/", views.disclosure_attach, name="disclosure_attach"),
    path("questions/", views.question_list, name="questions"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("checklist/<int:employer_id>/", views.checklist, name="checklist"),
    path("compliance/", views.compliance, name="compliance"),
    path("categories/", views.category_list, name="categories"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/edit/", views.category_edit, name="category_edit"),
    # Collective consultation
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path(
        "consultations/<int:pk>/representatives/",
        views.consultation_representative,
        name="consultation_representative",
    ),
    path("consultations/<int:pk>/rounds/", views.consultation_round, name="consultation_round"),
    path(
        "consultations/<int:pk>/conclude/",
        views.consultation_conclude,
        name="consultation_conclude",
    ),
    path(
        "consultations/<int:pk>/contract/",
        views.consultation_contract,
        name="consultation_contract",
    ),
    # Collective contracts
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/stats/", views.contract_stats, name="contract_stats"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/approve/", views.contract_approve, name="contract_approve"),
    path("contracts/<int:pk>/resolution/", views.contract_resolution, name="contract_resolution"),
    path("contracts/<int:pk>/sign/", views.contract_sign, name="contract_sign"),
    path("contracts/<int:pk>/file/", views.contract_file, name="contract_file"),
    path("contracts/<int:pk>/reply/", views.contract_reply, name="contract_reply"),
    path("contracts/<int:pk>/lapse/", views.contract_lapse, name="contract_lapse"),
    path("contracts/<int:pk>/publish/", views.contract_publish, name="contract_publish"),
    path("contracts/<int:pk>/revise/", views.contract_revise, name="contract_revise"),
    path("contracts/<int:pk>/renew/", views.contract_renew, name="contract_renew"),
    path("contracts/<int:pk>/pdf/", views.contract_pdf, name="contract_pdf"),
    path("contracts/<int:pk>/filing-form/", views.contract_filing_pdf, name="contract_filing_pdf"),
    # Joint commitments
    path("commitments/", views.commitment_list, name="commitments"),
    path("commitments/new/", views.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path("commitments/<int:pk>/check/", views.commitment_check, name="commitment_check"),
    path("commitments/<int:pk>/close/", views.commitment_close, name="commitment_close"),
    path("commitments/<int:pk>/targets/", views.commitment_target, name="commitment_target"),
    path("commitment-targets/<int:pk>/", views.target_progress, name="target_progress"),
]
