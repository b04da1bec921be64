"""The API tokens page: create (the key shown once, in the answer to the POST), list with
names and last use, revoke. Every signed-in user manages their own tokens only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.tokens import selectors
from accounts.tokens.forms import TokenCreateForm
from accounts.tokens.services import token_create, token_revoke
from config.errors import ApplicationError


@never_cache  # the answer to a POST shows the new key, once: no cache may keep it
@login_required
def tokens(request):
    form = TokenCreateForm(request.POST or None)
    new_token, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new_token = token_create(user=request.user, name=form.cleaned_data["name"])
            except ApplicationError as error:
                form.add_error("name", error.message)
            else:
                form = TokenCreateForm()
        if form.errors:
            status = 400
    return TemplateResponse(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": selectors.tokens_of(user=request.user),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    token = token_revoke(token=selectors.token_get(user=request.user, pk=pk))
    messages.success(request, f"“{token.name}” is revoked: requests with its key are refused.")
    return redirect("tokens:list")
