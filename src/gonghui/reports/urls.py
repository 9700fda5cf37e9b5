from django.urls import path

from . import views, views_annual, views_filings

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
    path("district/", views_annual.district_report, name="district"),
    path("district/<str:code>/", views_annual.district_report_org, name="district_org"),
    path("district/<str:code>/report.pdf", views_annual.district_report_pdf, name="district_pdf"),
    path("filings/", views_filings.filing_list, name="filings"),
    path("filings/new/", views_filings.filing_new, name="filing_new"),
    path("filings/<int:pk>/", views_filings.filing_task, name="filing_task"),
    path("filings/<int:pk>/export.xlsx", views_filings.filing_export, name="filing_export"),
    path("filings/return/<int:pk>/", views_filings.filing_answer, name="filing_answer"),
    path("filings/return/<int:pk>/review/", views_filings.filing_review, name="filing_review"),
    path(
        "filings/return/<int:pk>/pass-down/",
        views_filings.filing_pass_down,
        name="filing_pass_down",
    ),
    path("<str:code>/", views.dashboard_org, name="org"),
    path("<str:code>/export.xlsx", views.export, name="export"),
]
