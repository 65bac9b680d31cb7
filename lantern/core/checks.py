"""Deploy checks: `lantern check --deploy` fails (errors, not warnings) on unsafe settings."""
