"""The web app factory: JSON API under ``/api/v1``, dashboard pages, ``/health``, offline docs.

Everything a page needs is served by this app (Plotly's JS from the ``plotly`` package, Swagger
UI from ``swagger-ui-bundle-v2``), so it works without a network. ``create_app(settings)`` is
what tests use; ``create_app_from_env`` is what each uvicorn worker of ``nato3 serve`` calls.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from nato3.version import __version__
from nato3.web import errors, pages, projection_data, queries
from nato3.web.api import v1
from nato3.web.fast_lane import SpendingLane
from nato3.web.pages.common import configure as configure_templates
from nato3.web.projection_lane import ProjectionLane
from nato3.web.schemas import Health
from nato3.web.security import Guard
from nato3.web.settings import Settings
from nato3.web.store import ScenarioStore, default_directory

HERE = Path(__file__).resolve().parent
VENDOR_CACHE = {"Cache-Control": "public, max-age=86400"}
DESCRIPTION = (
    "Who carries NATO's defence burden, from the published figures. Every data response carries its "
    "`source` (producer, title, edition, licence) and the `edition` of its figures (the burden endpoints keep "
    "the JSON of `nato3 burden`: there `source` is nato or sipri and `sources` lists the tables); add "
    "`?format=csv` to any table for a CSV file. Projections (POST /api/v1/projections) are projections, not "
    "data, and say so (`is_projection`, `method`); running one writes nothing. Writes (saved scenarios) need "
    "`Authorization: Bearer <token>`: the token `nato3 serve` prints, or `NATO3_TOKEN`."
)


def plotly_js() -> Path:
    """plotly.min.js as shipped inside the ``plotly`` Python package (no CDN)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


def swagger_dir() -> Path:
    from swagger_ui_bundle import swagger_ui_path

    return Path(str(swagger_ui_path))


@asynccontextmanager
async def _lifespan(app: FastAPI):
    # Build the database if needed and fill the small caches before the first request; then move
    # everything alive now out of the garbage collector's reach, so full collections under load
    # walk only what requests allocate (tail latency: issue 15).
    import gc

    from nato3.documents.spending_index import index

    queries.allies()
    queries.nato_editions()
    index()  # what country-year spending queries are answered from
    gc.collect()
    gc.freeze()
    yield


def create_app(settings: Settings | None = None, scenarios_dir: Path | None = None) -> FastAPI:
    """A configured app. ``settings`` default to loopback with a generated token; saved scenarios
    go to ``scenarios_dir`` (default ``$NATO3_HOME/scenarios``)."""
    settings = settings or Settings()
    app = FastAPI(
        title="nato3",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.scenarios = ScenarioStore(scenarios_dir or default_directory(), settings.limits)
    app.state.projection_slots = projection_data.slots(settings.limits)
    from nato3.render import html as document_html

    app.state.templates = Jinja2Templates(directory=[str(HERE / "templates"), str(document_html.TEMPLATES)])
    document_html.install(app.state.templates.env)
    configure_templates(app.state.templates)
    errors.install(app)
    app.add_middleware(ProjectionLane, limits=settings.limits)  # inside the Guard, like the spending lane
    app.add_middleware(SpendingLane, max_countries=settings.limits.max_countries)  # inside the Guard
    app.add_middleware(Guard, settings=settings)

    app.mount("/static/swagger-ui", StaticFiles(directory=swagger_dir()), name="swagger-ui")
    app.mount("/static/app", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def _plotly() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript", headers=VENDOR_CACHE)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def _docs(request: Request):
        return app.state.templates.TemplateResponse(request, "docs.html", {"openapi_url": app.openapi_url})

    @app.get("/health", response_model=Health, tags=["service"])
    def health() -> Health:
        """Liveness: the server answers and its database opens."""
        return Health(status="ok", version=__version__, editions=[e["label"] for e in queries.nato_editions()])

    app.include_router(v1.router())
    app.include_router(pages.router())
    return app


def create_app_from_env() -> FastAPI:
    """The app of one ``nato3 serve`` worker, with the settings the command put in the environment."""
    return create_app(Settings.from_env())
