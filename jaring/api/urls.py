"""Mounts every app's router under /api/v1/. The OpenAPI schema is the partners' contract."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="Jaring API",
    version="1",
    description="API Jaring: wilayah, registri, cek bansos. Semua pesan dalam Bahasa Indonesia.",
    urls_namespace="api",
    docs_url="/docs",
)

# Routers register here; keep the list in one place so the schema shows everything.
from jaring.regions.api import router as wilayah_router  # noqa: E402

api.add_router("/wilayah/", wilayah_router)
from jaring.portal.api import router as portal_router  # noqa: E402

api.add_router("/", portal_router)

from jaring.matching.api import router as matching_router  # noqa: E402
from jaring.monitoring.api import router as monitoring_router  # noqa: E402
from jaring.pengaduan.api import router as pengaduan_router  # noqa: E402
from jaring.penyaluran.api import router as penyaluran_router  # noqa: E402
from jaring.usulan.api import router as usulan_router  # noqa: E402

api.add_router("/usulan/", usulan_router)
api.add_router("/penyaluran/", penyaluran_router)
api.add_router("/pengaduan/", pengaduan_router)
api.add_router("/kualitas-data/", matching_router)
api.add_router("/monitoring/", monitoring_router)
