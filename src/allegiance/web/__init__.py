"""allegiance.web: the local web app (FastAPI) over a store.

Examples
--------
>>> from allegiance.web import create_app
>>> create_app(":memory:").title
'allegiance'
"""

from allegiance.web.app import API_CSP, WebConfig, create_app

__all__ = ["API_CSP", "WebConfig", "create_app"]
