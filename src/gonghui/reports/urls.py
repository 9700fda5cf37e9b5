from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    path("<str:code>/", views.dashboard_org, name="org"),
    path("<str:code>/export.xlsx", views.export, name="export"),
]
