"""Safeguarding: models."""
