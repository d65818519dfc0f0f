"""What every request and response goes through: the client's address behind trusted proxies,
the request-size limit, and the security headers (on pages, API, feeds, static files, errors)."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Built from what the pages load: their own stylesheets and scripts (no inline script or style,
# no fonts, no frames), fetches back to the site (the check-in page), forms posted to the site.
# img-src lets the browser's own favicon request through without a reported violation.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# Only where the site is served over HTTPS, which production is; a year, as browsers' preload
# lists expect.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    """Trust the configured proxies, refuse oversized requests, and add the headers."""
    proxies = app.config.get("TRUSTED_PROXIES") or 0
    if proxies:
        # Each trusted proxy appends the address it saw; the client's is the n-th from the end.
        # A client's own X-Forwarded-For values sit further left and are ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.before_request(_refuse_oversized)
    app.after_request(_add_headers)


def _refuse_oversized() -> None:
    # Werkzeug refuses a body that is too large only when a view reads it; refusing on the
    # declared length stops it first, whatever the route.
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is None:
        return
    length = request.content_length
    if length is not None:
        if length > limit:
            abort(413)
        return
    # A body without a declared length (chunked): Werkzeug quietly stops reading at the limit,
    # and a view would see it cut short (bad JSON, a form missing its end). Read it here, and
    # ask for a byte past the limit, which Werkzeug answers with a 413. (A body of exactly the
    # limit is refused too: there is no telling it from a longer one.)
    if request.environ.get("wsgi.input_terminated") and len(request.get_data()) >= limit:
        request.stream.read(1)


def _add_headers(response: Response) -> Response:
    response.headers.update(HEADERS)
    if current_app.config.get("EVENTAPP_ENV") == "production":
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return response
