from django.urls import path

from . import views, views_annual

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh, name="refresh"),
    path("annual/", views_annual.annual, name="annual"),
    path("annual/layout/<int:year>/", views_annual.layout_edit, name="annual_layout"),
    path(
        "annual/<str:code>/<int:year>/export.xlsx",
        views_annual.annual_export,
        name="annual_export",
    ),
    path(
        "annual/<str:code>/<int:year>/<str:table>/<str:row>/<str:col>/",
        views_annual.annual_cell,
        name="annual_cell",
    ),
    path("<str:code>/", views.dashboard_org, name="org"),
    path("<str:code>/export.xlsx", views.export, name="export"),
]
