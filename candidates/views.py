from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from assessments.selectors import attempts_of_candidate
from candidates.selectors import profile_missing_sections, profile_of
from hiring.selectors import applications_of_candidate


@login_required
def dashboard(request):
    profile = profile_of(user=request.user)
    return TemplateResponse(
        request,
        "candidates/dashboard.html",
        {
            "profile": profile,
            "missing_sections": profile_missing_sections(profile=profile),
            "applications": applications_of_candidate(user=request.user),
            "attempts": attempts_of_candidate(user=request.user),
        },
    )
