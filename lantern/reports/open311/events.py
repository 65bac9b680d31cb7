"""The audit actions Open311 records. Declared here, in a module that lantern.reports.models
imports (through open311.models), so the catalogue is complete at start-up."""

from __future__ import annotations

from lantern.audit import catalogue

E = catalogue.declare
CLIENT_CREATED = E("open311_client.created", "An Open311 client application was given an api_key.")
CLIENT_REVOKED = E("open311_client.revoked", "An Open311 client application's api_key was revoked.")
REQUEST_RECEIVED = E(
    "open311.request_received",
    "An Open311 client sent a service request; details give the client, the report and media counts.",
)
UPDATE_RECEIVED = E(
    "open311.update_received",
    "An Open311 client sent an update on a report it had sent (servicerequestupdates).",
)
