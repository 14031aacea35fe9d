"""Security headers on every response: a strict Content-Security-Policy, no sniffing, no framing."""

from flask import Flask, Response

# Scripts only from the app's own origin (no inline code, no eval); styles may be set inline by the
# front-end libraries (YASGUI, vis-network, Chart.js write style attributes); images may be data:/blob:
# (chart and network downloads); no request leaves the origin.
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    """Add the security headers to every response (a view may set its own CORS headers)."""

    @app.after_request
    def secure(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
