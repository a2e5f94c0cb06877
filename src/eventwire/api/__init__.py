"""The web service: a JSON API over a store, and the analyst's dashboard (docs/api.md).

``create_app(db, token=...)`` builds the FastAPI app that ``eventwire serve`` runs
with uvicorn (``server_config``: uvicorn's limits); ``app.py`` holds the endpoints
(``CodeLimits``: those of ``POST /v1/code``), ``guard.py`` the token, the body
limits, HEAD, redirects and the JSON errors, ``server.py`` the connection
timeouts, ``static/`` the dashboard.
"""

from .app import CodeLimits, create_app
from .server import server_config

__all__ = ["CodeLimits", "create_app", "server_config"]
