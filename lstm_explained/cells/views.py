"""A cell's parameters by name: :class:`ParameterViews`, live views into its fused buffers.

>>> import numpy as np
>>> views = ParameterViews({"b": np.zeros(2)}, "Cell", np.dtype(np.float64))
>>> views["b"] = [1.0, 2.0]                     # copied into the live array
>>> views["b"], len(views)
(array([1., 2.]), 1)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import numpy as np

from .validation import as_real_array

__all__ = ["ParameterViews"]


class ParameterViews(MutableMapping):
    """A cell's parameters by name: live arrays whose names are fixed.

    Reading a name gives the live array (a view into the cell's buffers). Assigning to a name
    copies the new values into that array, so ``params["W_f"] -= lr * grad`` and
    ``params["W_f"] = new`` both update the model; the new value must have the parameter's shape
    and hold real numbers. Names can be neither added nor deleted.
    """

    __slots__ = ("_views", "_owner", "_dtype")

    def __init__(self, views: Mapping[str, np.ndarray], owner: str, dtype: np.dtype) -> None:
        self._views = views
        self._owner = owner
        self._dtype = dtype

    def __getitem__(self, name: str) -> np.ndarray:
        return self._views[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._views)

    def __len__(self) -> int:
        return len(self._views)

    def __setitem__(self, name: str, value: Any) -> None:
        if name not in self._views:
            raise KeyError(
                f"{self._owner} has no parameter {name!r} (its parameters are "
                f"{', '.join(self._views)}); names cannot be added"
            )
        view = self._views[name]
        if value is view:  # ``params[name] -= ...`` already wrote in place
            return
        what = f"params[{name!r}]"
        arr = as_real_array(value, what, self._dtype)
        if arr.shape != view.shape:
            raise ValueError(f"{what} must have shape {view.shape}; got shape {arr.shape}")
        view[...] = arr

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"the parameters of {self._owner} cannot be deleted (tried {name!r})")

    def __repr__(self) -> str:
        return f"ParameterViews({', '.join(f'{k}: {v.shape}' for k, v in self._views.items())})"
