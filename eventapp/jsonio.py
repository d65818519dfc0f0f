"""The app's JSON: written as the contract shows it, and read with one refusal for any bad body.

Python's decoder answers a body nested some thousands deep (`[[[[...]]]]`) with RecursionError,
which Flask's `get_json` does not catch (it catches ValueError): a 500 from a one-line request.
Here that is one more malformed body, refused as the others are, wherever the app reads JSON.
"""

from __future__ import annotations

from typing import Any

from flask.json.provider import DefaultJSONProvider


class JSONProvider(DefaultJSONProvider):
    ensure_ascii = False  # the contract's texts as written: "Séminaire", not "S\u00e9minaire"
    sort_keys = False  # the fields in the order the contract lists them

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error
