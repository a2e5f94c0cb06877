"""The web service: a JSON API over a store, and the analyst's dashboard (docs/api.md).

``create_app(db, token=...)`` builds the FastAPI app that ``eventwire serve`` runs
with uvicorn; ``app.py`` holds the endpoints, ``queries.py`` their SQL,
``guard.py`` the token, the body limit and the JSON errors, ``static/`` the
dashboard.
"""

from .app import create_app

__all__ = ["create_app"]
