from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from hiring import selectors


@login_required
def organization_dashboard(request, slug: str):
    organization = selectors.organization_get(user=request.user, slug=slug)
    membership = selectors.membership_in(user=request.user, organization=organization)
    overview = selectors.organization_overview(organization=organization, membership=membership)
    return TemplateResponse(
        request,
        "hiring/organization_dashboard.html",
        {"organization": organization, "membership": membership, **overview},
    )


@login_required
def role_detail(request, slug: str, pk: int):
    role = selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk)
    return TemplateResponse(
        request,
        "hiring/role_detail.html",
        {
            "organization": role.organization,
            "role": role,
            "stage_counts": selectors.stage_counts(role=role),
            "applications": selectors.applications_for_role(role=role),
        },
    )
