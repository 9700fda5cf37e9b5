from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("terms/", views.term_overview, name="terms"),
    path("employers/", views.employer_list, name="employers"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("terms/<int:pk>/officials/add/", views.official_add, name="official_add"),
    path("<str:code>/", views.org_detail, name="detail"),
    path("<str:code>/children/", views.tree_children, name="children"),
    path("<str:code>/add/", views.org_create, name="create"),
    path("<str:code>/edit/", views.org_edit, name="edit"),
    path("<str:code>/move/", views.org_move, name="move"),
    path("<str:code>/merge/", views.org_merge, name="merge"),
    path("<str:code>/dissolve/", views.org_dissolve, name="dissolve"),
    path("<str:code>/employers/add/", views.employer_create, name="employer_create"),
    path("<str:code>/terms/start/", views.term_start, name="term_start"),
]
