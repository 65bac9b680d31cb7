"""Cases and enforcement: models."""
