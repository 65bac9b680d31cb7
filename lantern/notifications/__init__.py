"""Notifications: telling residents and staff what happened and what waits for them, by
email or text, through one service (``services.notify``) and a backend chosen by settings
(GOV.UK Notify, SMTP, or the console for the demo). See docs/notifications.md."""
