"""WSGI entry point for gunicorn (`jaring serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
application = get_wsgi_application()
