"""The OpenAPI document of /api/v1."""

from __future__ import annotations


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of the API."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Entente CordIAle Events API", "version": "1"},
        "paths": {},
    }
