"""What every request and response goes through: the security headers (on pages, API, feeds,
static files, errors and 304s)."""

from __future__ import annotations

from flask import Flask, Response, current_app

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
    """Add the headers to every response."""
    app.after_request(_add_headers)


def _add_headers(response: Response) -> Response:
    response.headers.update(HEADERS)
    if current_app.config.get("EVENTAPP_ENV") == "production":
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return response
