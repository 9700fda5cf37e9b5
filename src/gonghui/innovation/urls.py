from django.urls import path

from . import views

app_name = "innovation"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("export/", views.proposal_export, name="export"),
    path("mine/", views.my_proposals, name="mine"),
    path("submit/", views.submit, name="submit"),
    path("submit/similar/", views.similar_hint, name="similar"),
    path("statistics/", views.statistics, name="statistics"),
    path("bands/", views.bands, name="bands"),
    path("rubrics/", views.rubrics, name="rubrics"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/review/", views.review, name="review"),
    *[
        path(f"<int:pk>/{name}/", view, name=f"proposal_{name}")
        for name, view in views.ACTION_VIEWS.items()
    ],
]
