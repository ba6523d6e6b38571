"""The JSON API (django-ninja). Each app contributes a router in its own `api.py`."""
