from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from config.pagination import KnownCountPaginator
from hiring import selectors
from hiring.forms import RoleFilterForm


@login_required
def organization_dashboard(request, slug: str):
    """The member's home in an organisation. The role list filters by status in
    place (HTMX swaps only the table); a bad filter gets a message and a 400."""
    organization = selectors.organization_get(user=request.user, slug=slug)
    membership = selectors.membership_in(user=request.user, organization=organization)
    role_filter = RoleFilterForm(request.GET)
    status = role_filter.cleaned_data["status"] if role_filter.is_valid() else ""
    overview = selectors.organization_overview(
        organization=organization, membership=membership, status=status
    )
    template = (
        "hiring/partials/_roles.html" if request.htmx else "hiring/organization_dashboard.html"
    )
    return TemplateResponse(
        request,
        template,
        {
            "organization": organization,
            "membership": membership,
            "role_filter": role_filter,
            **overview,
        },
        status=200 if role_filter.is_valid() else 400,
    )


APPLICATIONS_PER_PAGE = 50


@login_required
def role_detail(request, slug: str, pk: int):
    role = selectors.pipeline_role_get(user=request.user, slug=slug, pk=pk)
    stage_counts = selectors.stage_counts(role=role)
    applications = KnownCountPaginator(
        selectors.applications_for_role(role=role),
        APPLICATIONS_PER_PAGE,
        count=sum(count for _, _, count in stage_counts),
    )
    return TemplateResponse(
        request,
        "hiring/role_detail.html",
        {
            "organization": role.organization,
            "role": role,
            "stage_counts": stage_counts,
            "page_obj": applications.get_page(request.GET.get("page")),
        },
    )
