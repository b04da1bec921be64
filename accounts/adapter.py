from allauth.account.adapter import DefaultAccountAdapter

from accounts.mail import QueuedEmailBackend


class AccountAdapter(DefaultAccountAdapter):
    """Saves the name asked for at sign-up and queues allauth's e-mails (verification,
    password reset) like every other e-mail; everything else is allauth's default."""

    def save_user(self, request, user, form, commit=True):
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        return super().save_user(request, user, form, commit=commit)

    def render_mail(self, *args, **kwargs):
        """allauth's message, sent through the queue when allauth sends it: a mail server
        outage never fails a sign-up or a password reset."""
        message = super().render_mail(*args, **kwargs)
        message.connection = QueuedEmailBackend()
        return message
