"""A process's bounded memo: values by key, least recently used out past a size in characters
or bytes. What is kept must be named exactly by its key (a strong ETag, a data version), so
that any process would have made the same value: the memo only saves making it again."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sized
from threading import Lock
from typing import Generic, TypeVar

V = TypeVar("V", bound=Sized)


class SizedMemo(Generic[V]):
    """Values by key, least recently used out once their total `len()` passes `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._size = 0
        self._lock = Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: V) -> None:
        if len(value) > self.limit:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._size += len(value)
            while self._size > self.limit:
                _, old = self._items.popitem(last=False)
                self._size -= len(old)

    def keep_only(self, wanted: Callable[[Hashable], bool]) -> None:
        """Forget every value whose key is not `wanted`."""
        with self._lock:
            for key in [k for k in self._items if not wanted(k)]:
                self._size -= len(self._items.pop(key))
