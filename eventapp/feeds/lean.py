"""What a feed request is spared: the per-reader work of the app's hooks, which a feed never uses.

Calendars poll their feeds every few minutes, and most polls are answered 304: a read of the
data version and a few headers. Around it, the app's hooks did about as much again for nothing:

- the signed cookie session was opened (a serializer made, the cookie checked): a feed is read
  by a calendar, public or by its token, never as a signed-in browser, and writes nothing to a
  session. Under `/feeds/` Flask gets no session (its null session: read as empty, never
  written), so Flask-Login finds no user and no `Vary: Cookie` is added;
- Flask-Limiter looked up the limits of the route on every request, before and after it: no
  feed has one. Under `/feeds/` its two hooks are not run, so a limit put on a feed route
  would not apply: `refuse_feed_limits` makes the app refuse to start with one (take the feeds
  out of here first).

Everything else is kept: the security headers, the request-size limit, the router's on-site
redirects, CSRF (feeds take only GET), the ETags and `Vary` of `feeds/http.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Flask, Request, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_qualified_name

PREFIX = "/feeds/"


def is_feed(req: Request) -> bool:
    return req.path.startswith(PREFIX)


class FeedlessSessions(SecureCookieSessionInterface):
    """Flask's signed cookie session, except for feed requests (which get Flask's null one)."""

    def open_session(self, app: Flask, request: Request):
        if is_feed(request):
            return None
        return super().open_session(app, request)


def init_app(app: Flask, limiter: Limiter) -> None:
    """After `limiter.init_app(app)`: feed requests skip its hooks and open no session."""
    app.session_interface = FeedlessSessions()
    before = app.before_request_funcs.setdefault(None, [])
    before[:] = [_unless_feed(f, None) if f == limiter._check_request_limit else f for f in before]
    after = app.after_request_funcs.setdefault(None, [])
    after[:] = [_unless_feed(f, "response") if _injects_headers(f, limiter) else f for f in after]


def _injects_headers(hook: Callable, limiter: Limiter) -> bool:
    # Flask-Limiter registers its after-request hook as partial(Limiter.__inject_headers, self).
    return (
        isinstance(hook, functools.partial)
        and hook.args == (limiter,)
        and hook.func.__name__.endswith("__inject_headers")
    )


def _unless_feed(hook: Callable, skipped: str | None) -> Callable:
    """`hook`, not run for a feed request: a before-request hook then returns None, an
    after-request hook the response as it is."""
    if skipped == "response":

        @functools.wraps(hook)
        def after(response):
            return response if is_feed(request) else hook(response)

        return after

    @functools.wraps(hook)
    def before():
        return None if is_feed(request) else hook()

    return before


def refuse_feed_limits(app: Flask, limiter: Limiter) -> None:
    """After the routes are registered: no limit may reach a feed route, since feed requests skip
    the limiter's hooks (a limit there would be silently ignored). Raises at start-up otherwise."""
    limited = limited_feed_routes(app, limiter)
    if limited:
        raise RuntimeError(
            f"rate limits on feed routes would not apply (eventapp/feeds/lean.py): {limited}"
        )


def limited_feed_routes(app: Flask, limiter: Limiter) -> list[str]:
    """The feed routes that some limit (the app's, the default, a blueprint's, the route's own)
    would reach."""
    manager = limiter.limit_manager
    everywhere = bool(manager.application_limits or manager.default_limits)
    limited = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX):
            continue
        view = app.view_functions[rule.endpoint]
        blueprint = rule.endpoint.rpartition(".")[0]
        if (
            everywhere
            or manager.decorated_limits(get_qualified_name(view))
            or (blueprint and manager.blueprint_limits(app, blueprint))
        ):
            limited.append(rule.rule)
    return limited
