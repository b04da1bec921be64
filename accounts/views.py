from django.shortcuts import redirect
from django.template.response import TemplateResponse

from core.access import memberships_of


def home(request):
    """Sends each kind of user to their work.

    Team members with one organisation go straight to it; people in several pick
    one; everyone else signed in is a candidate and lands on their dashboard.
    """
    if not request.user.is_authenticated:
        return TemplateResponse(request, "home/landing.html")
    memberships = memberships_of(user=request.user)
    if len(memberships) == 1:
        return redirect("hiring:organization", slug=memberships[0].organization.slug)
    if memberships:
        return TemplateResponse(request, "home/choose_organization.html")
    return redirect("candidates:dashboard")
