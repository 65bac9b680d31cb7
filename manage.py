#!/usr/bin/env python
"""Django's manage.py; ``lantern`` (config/cli.py) is the same thing as a console script."""

from config.cli import main

if __name__ == "__main__":
    main()
