from django.urls import path

from lantern.safeguarding import views

app_name = "safeguarding"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<uuid:person_id>/", views.person, name="person"),
    path("people/<uuid:person_id>/screen/", views.screening_new, name="screening-new"),
    path("people/<uuid:person_id>/review/", views.review_new, name="review-new"),
    path("people/<uuid:person_id>/consent/", views.consent_new, name="consent-new"),
    path("people/<uuid:person_id>/refer/", views.referral_new, name="referral-new"),
    path("people/<uuid:person_id>/share/", views.person_share, name="person-share"),
    path(
        "people/<uuid:person_id>/shares/<uuid:share_id>/withdraw/",
        views.share_withdraw,
        name="share-withdraw",
    ),
    path("screenings/<uuid:screening_id>/", views.screening_detail, name="screening"),
    path("screenings/<uuid:screening_id>/duty-to-notify/", views.duty_new, name="duty-new"),
    path("reviews/<uuid:review_id>/", views.review_detail, name="review"),
    path("consents/<uuid:consent_id>/", views.consent_detail, name="consent"),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral"),
    path("duty-to-notify/<uuid:record_id>/", views.duty_record, name="duty-record"),
    path("duties/", views.duties, name="duties"),
    path("numbers/", views.numbers, name="numbers"),
    path("agency/", views.agency, name="agency"),
    path("agency/referrals/<uuid:referral_id>/", views.agency_referral, name="agency-referral"),
    path("agency/contacts/new/", views.contact_new, name="contact-new"),
]
