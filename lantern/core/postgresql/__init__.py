"""Lantern's PostgreSQL backend for Django (``ENGINE = "lantern.core.postgresql"``)."""
