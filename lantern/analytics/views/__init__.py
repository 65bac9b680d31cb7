"""Analytics pages: the hotspot map, patrol plans, impact evaluations, the partnership
dashboard."""
