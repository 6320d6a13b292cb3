"""A read-only, hashable mapping sorted by key: data that stays put in frozen models."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["SortedMap"]

K = TypeVar("K")
V = TypeVar("V")


class SortedMap(Mapping[K, V], Generic[K, V]):
    """A read-only mapping, sorted by key, hashable and picklable.

    Subclasses say how keys sort (:meth:`order`): an audit's counts by code,
    a policy's working time by channel.

    Examples:
        >>> m = SortedMap({"b": 2, "a": 1})
        >>> list(m), m["b"], m == {"a": 1, "b": 2}, hash(m) == hash(SortedMap({"a": 1, "b": 2}))
        (['a', 'b'], 2, True, True)
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        order = self.order
        self._items: dict[K, V] = dict(
            sorted((items or {}).items(), key=lambda item: order(item[0])))

    @staticmethod
    def order(key: Any) -> Any:
        """How a key sorts (itself by default)."""
        return key

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __reduce__(self) -> tuple[type[SortedMap[K, V]], tuple[dict[K, V]]]:
        return type(self), (self._items,)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._items!r})"
