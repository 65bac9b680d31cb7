from django.urls import path

from lantern.accounts import views
from lantern.accounts.views import own_account, partnerships

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/check/", views.two_factor_verify, name="two-factor-verify"),
    path("register/", views.register, name="register"),
    path("register/check-your-email/", views.register_sent, name="register-sent"),
    path("confirm/<str:uidb64>/<str:token>/", views.confirm_email, name="confirm-email"),
    # A resident's own data and account (issue 23 part 4): never anyone else's.
    path("your-data/", own_account.own_data_page, name="own-data"),
    path("your-data/download/", own_account.own_data_download, name="own-data-download"),
    path("your-details/", own_account.own_details, name="own-details"),
    path(
        "your-details/confirm-email/<str:uidb64>/<str:token>/",
        own_account.own_email_confirm,
        name="own-email-confirm",
    ),
    path("close/", own_account.account_close, name="own-close"),
    path("closed/", own_account.account_closed, name="own-closed"),
    path("organisations/", views.organisation_list, name="organisations"),
    path(
        "organisations/<uuid:organisation_id>/",
        views.organisation_detail,
        name="organisation",
    ),
    path(
        "organisations/<uuid:organisation_id>/details/",
        views.organisation_details_edit,
        name="organisation-details",
    ),
    path("partnerships/", partnerships.partnership_list, name="partnerships"),
    path("partnerships/new/", partnerships.partnership_new, name="partnership-new"),
    path(
        "partnerships/<uuid:partnership_id>/",
        partnerships.partnership_detail,
        name="partnership",
    ),
    path(
        "partnerships/<uuid:partnership_id>/area/",
        partnerships.partnership_area,
        name="partnership-area",
    ),
    path(
        "partnerships/<uuid:partnership_id>/members/",
        partnerships.partnership_member_add,
        name="partnership-member-add",
    ),
    path(
        "partnerships/<uuid:partnership_id>/members/<uuid:organisation_id>/remove/",
        partnerships.partnership_member_remove,
        name="partnership-member-remove",
    ),
]
