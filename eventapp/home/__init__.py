"""The root: language choice, health check, language URL handling and error pages."""

from eventapp.home.views import init_app

__all__ = ["init_app"]
