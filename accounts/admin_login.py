"""The admin's sign-in, locked out exactly like the sign-in page.

Every attempt goes through allauth's adapter, so ``/admin/login/`` and
``/accounts/login/`` share one budget of failures per e-mail address and per IP
(allauth's ``login_failed`` rate limit, ``ACCOUNT_RATE_LIMITS``) and refuse with the
same message once it is spent.
"""

from allauth.account.adapter import get_adapter
from django.contrib.admin.forms import AdminAuthenticationForm


class LockoutAdminAuthenticationForm(AdminAuthenticationForm):
    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            # Raises allauth's "Too many failed login attempts" once the budget is spent,
            # and counts this attempt against it if the password is wrong.
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, email=email, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
