"""No input to POST requests or servicerequestupdates gives a 500: every answer is a created
request or the specification's error list."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantern.reports.open311.tests import fms

pytestmark = pytest.mark.django_db

FIELDS = [
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "phone",
    "first_name",
    "last_name",
    "description",
    "media_url",
    "attribute[needles]",
    "attribute[kind]",
    "attribute[]",
    "account_id",
    "device_id",
    "deviceid",
    "jurisdiction_id",
]
values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["", "nan", "inf", "-0", "1e400", "51.5", "0.7", "yes", "noise", "drug-litter"]
    ),
    st.floats(allow_nan=True).map(str),
)
changes = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
dropped = st.sets(st.sampled_from(FIELDS), max_size=4)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=changes, dropped=dropped, fmt=st.sampled_from(["json", "xml"]))
def test_post_requests_never_500(open311, api_key, changes, dropped, fmt):
    data = fms.service_request(api_key, **changes)
    for name in dropped:
        data.pop(name, None)
    response = open311.http.post(
        f"/open311/v2/requests.{fmt}",
        urlencode(data, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 400), response.content[:300]
    schema = "request-response" if response.status_code == 200 else "errors"
    document = (
        response.json()
        if fmt == "json"
        else open311.schemas.xml_to_json(
            schema, response.content, "service_requests" if schema != "errors" else "errors"
        )
    )
    open311.schemas.validate(schema, document)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.dictionaries(
        st.sampled_from(["service_request_id", "service_code", "start_date", "end_date", "status"]),
        st.text(max_size=40),
        max_size=4,
    ),
    fmt=st.sampled_from(["json", "xml"]),
)
def test_get_requests_never_500(open311, query, fmt):
    response = open311.http.get(f"/open311/v2/requests.{fmt}", query)
    assert response.status_code in (200, 400), response.content[:300]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.dictionaries(
        st.sampled_from(
            [
                "service_request_id",
                "status",
                "description",
                "update_id",
                "updated_datetime",
                "media_url",
            ]
        ),
        values,
        max_size=5,
    )
)
def test_post_updates_never_500(open311, api_key, changes):
    data = fms.update(api_key, "R-AAAA-AAAA")
    data.update(changes)
    response = open311.http.post(
        "/open311/v2/servicerequestupdates.json",
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 400, 404), response.content[:300]
    open311.schemas.validate(
        "errors" if response.status_code != 200 else "update-created", response.json()
    )


def test_raw_bodies_never_500(open311, api_key):
    for body, content_type in [
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (
            b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
            "multipart/form-data; boundary=x",
        ),
        (b"anything", "multipart/form-data"),
        (b'{"service_code": "noise"}', "application/json"),
    ]:
        response = open311.http.post("/open311/v2/requests.xml", body, content_type=content_type)
        assert response.status_code in (400, 403), (body, response.status_code)


def test_nul_anywhere_is_a_400(open311, api_key):
    for path in ["services/a\x00b.json", "requests/R-\x00.json", "tokens/\x00.xml"]:
        assert open311.http.get("/open311/v2/" + path).status_code == 400
    assert (
        open311.http.get("/open311/v2/requests.json", {"service_code": "a\x00"}).status_code == 400
    )
    data = fms.service_request(api_key, service_code="noise\x00")
    response = open311.http.post(
        "/open311/v2/requests.json",
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
