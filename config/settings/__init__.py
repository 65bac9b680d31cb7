"""Settings modules: ``base`` (every setting, read from the environment),
``test`` (the suite) and ``production`` (refuses unsafe values at start-up)."""
