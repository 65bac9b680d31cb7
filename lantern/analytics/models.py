"""Analytics: models."""
