"""The organiser's home: their employers, next visits, terms due, plans waiting for approval."""

import datetime

from django.shortcuts import render

from gonghui.core.decorators import scoped_view

from .. import selectors


@scoped_view("organising.view_prospect")
def my_work(request):
    context = selectors.organiser_home(request.user)
    context["today"] = datetime.date.today()
    return render(request, "organising/my_work.html", context)
