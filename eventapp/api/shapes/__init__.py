"""The API's resources, each declared once: it validates input, serialises answers and is
documented in /api/v1/openapi.json."""
