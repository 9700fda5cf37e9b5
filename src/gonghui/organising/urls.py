from django.urls import path

from .views import foundings, home, prospects, terms

app_name = "organising"

urlpatterns = [
    path("", prospects.employer_list, name="employers"),
    path("export/", prospects.employer_export, name="employers_export"),
    path("pipeline/", prospects.pipeline, name="pipeline"),
    path("my/", home.my_work, name="my_work"),
    path("employers/<int:pk>/", prospects.employer_detail, name="employer"),
    path("employers/<int:pk>/visit/", prospects.employer_visit, name="employer_visit"),
    path("employers/<int:pk>/assign/", prospects.employer_assign, name="employer_assign"),
    path("employers/<int:pk>/join/", prospects.employer_join, name="employer_join"),
    path("employers/<int:pk>/found/", prospects.founding_start, name="founding_start"),
    path("foundings/", foundings.founding_list, name="foundings"),
    path("foundings/<int:pk>/", foundings.founding_detail, name="founding"),
    path("foundings/<int:pk>/do/<str:action>/", foundings.founding_action, name="founding_action"),
    path("foundings/<int:pk>/documents/<str:kind>/", foundings.founding_document,
         name="founding_document"),
    path("terms/", terms.term_change_list, name="term_changes"),
    path("terms/start/<str:code>/", terms.term_change_start, name="term_change_start"),
    path("terms/<int:pk>/", terms.term_change_detail, name="term_change"),
    path("terms/<int:pk>/do/<str:action>/", terms.term_change_action, name="term_change_action"),
    path("terms/<int:pk>/documents/<str:kind>/", terms.term_change_document,
         name="term_change_document"),
]  # fmt: skip
