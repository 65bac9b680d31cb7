"""Background work for accounts: thin wrappers over services and mail."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from lantern.accounts.models import User
from lantern.accounts.tokens import email_change_tokens


@task()
def send_confirmation_email(*, user_id: str) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:confirm-email", kwargs={"uidb64": uid, "token": token})
    context = {
        "user": user,
        "link": settings.LANTERN_BASE_URL.rstrip("/") + path,
        "already_confirmed": user.email_confirmed_at is not None,
    }
    send_mail(
        subject="Confirm your email address for Lantern",
        message=render_to_string("accounts/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


@task()
def send_email_change_confirmation(*, user_id: str) -> None:
    """Send the link that confirms a new email address to that address (the old one keeps
    working until it is followed)."""
    user = User.objects.filter(pk=user_id, closed_at__isnull=True).first()
    if user is None or not user.pending_email:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_change_tokens.make_token(user)
    path = reverse("accounts:own-email-confirm", kwargs={"uidb64": uid, "token": token})
    context = {"user": user, "link": settings.LANTERN_BASE_URL.rstrip("/") + path}
    send_mail(
        subject="Confirm your new email address for Lantern",
        message=render_to_string("accounts/email/confirm_email_change.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.pending_email],
    )
