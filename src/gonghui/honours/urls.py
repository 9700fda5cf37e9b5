from django.urls import path

from . import views

app_name = "honours"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("mine/", views.my_honours, name="mine"),
    path("review/", views.review_queue, name="review_queue"),
    path("award-types/", views.award_type_list, name="award_types"),
    path("award-types/new/", views.award_type_create, name="award_type_create"),
    path("award-types/<int:pk>/", views.award_type_edit, name="award_type_edit"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/quota/", views.quota_preview, name="quota_preview"),
    path("rounds/<int:pk>/criteria/", views.criteria, name="criteria"),
    path("rounds/<int:pk>/judges/", views.judges, name="judges"),
    path("rounds/<int:pk>/start-review/", views.start_review, name="start_review"),
    path("rounds/<int:pk>/close/", views.close_round, name="close_round"),
    path("rounds/<int:pk>/ranking/", views.ranking, name="ranking"),
    path("rounds/<int:pk>/export.xlsx", views.export, name="export"),
    path("rounds/<int:pk>/nominate/", views.nominate, name="nominate"),
    path(
        "rounds/<int:pk>/nominate/from-results/",
        views.nominate_from_results,
        name="nominate_from_results",
    ),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/review/", views.review, name="review"),
    path("nominations/<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("nominations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("nominations/<int:pk>/swap/", views.swap, name="swap"),
    path("nominations/<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("nominations/<int:pk>/score/", views.score, name="score"),
    path("nominations/<int:pk>/recuse/", views.recuse, name="recuse"),
    path("nominations/<int:pk>/notice/", views.publish_notice, name="publish_notice"),
    path("nominations/<int:pk>/award/", views.award, name="award"),
    path("nominations/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("nominations/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("objections/<int:pk>/answer/", views.answer_objection, name="answer_objection"),
    path("history/member/<int:pk>/", views.history_member, name="history_member"),
    path("history/employer/<int:pk>/", views.history_employer, name="history_employer"),
    path("history/org/<str:code>/", views.history_org, name="history_org"),
    path("notice/", views.public_index, name="public_index"),
    path("notice/<uuid:key>/", views.public_notice, name="public_notice"),
]
