"""Places and cameras: models."""
