import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup(set_prefix=False)

from lantern.core.handlers import LanternWSGIHandler  # noqa: E402

# Django's handler, except that bearer-token API calls skip browser-only middleware.
application = LanternWSGIHandler()
