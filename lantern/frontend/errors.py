"""Error pages: GOV.UK patterns, plain words, the right status code."""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from lantern.frontend import branding


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: whatever failed must not fail again here. The
    # branding reads settings only; if even that fails, the page says "Lantern".
    try:
        context = {"branding": branding.current()}
    except Exception:
        context = {}
    return HttpResponseServerError(loader.get_template("500.html").render(context))
