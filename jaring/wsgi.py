"""WSGI entry point of `jaring serve` (granian loads `jaring.wsgi:application`; gunicorn builds
the same app) and of any other WSGI server an operator puts in front."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
application = get_wsgi_application()
