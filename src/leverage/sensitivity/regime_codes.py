"""Regime labels of a batch of equilibria, as integer codes into a table of labels.

A sweep solves millions of games; labelling each by its set of equilibrium
supports (:func:`leverage.sensitivity.regimes.equilibrium_regime`) one at a time would
dominate its cost. :func:`regime_codes` packs each game's supports into
integers, finds the distinct sets with one integer sort, and formats one label
per distinct set; :func:`compact_codes` drops the labels no game uses.

These are helpers of :mod:`leverage.sensitivity.sweeps`, not public API: the
module exports nothing in ``__all__``.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def _unique_rows(keys: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a 2-D array of integers in ``[0, base)``: first occurrences and the inverse.

    Each row is packed into one ``int64`` (re-numbering the partial codes with
    :func:`numpy.unique` whenever the next column would not fit), so that a
    single integer sort replaces the much slower sort of ``numpy.unique(...,
    axis=0)``, which compares rows field by field.

    Returns
    -------
    first : numpy.ndarray
        Index of the first row of each distinct row, in the order of the codes.
    inverse : numpy.ndarray
        For each row, the position of its distinct row in ``first``.
    """
    N, E = keys.shape
    width = max(1, int(base - 1).bit_length())
    code = np.zeros(N, dtype=np.int64)
    bits = 0
    for e in range(E):
        if bits + width > 62:
            code = np.unique(code, return_inverse=True)[1].reshape(-1).astype(np.int64)
            bits = max(1, int(N).bit_length())
        code <<= width
        code |= keys[:, e]
        bits += width
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    return first, np.asarray(inverse).reshape(-1)


def regime_codes(
    x: np.ndarray, y: np.ndarray, count: np.ndarray, strategies: tuple[tuple[str, ...], ...]
) -> tuple[np.ndarray, list[str]]:
    """The :func:`leverage.sensitivity.regimes.equilibrium_regime` label of each game, as codes into a table of labels.

    Parameters
    ----------
    x, y : numpy.ndarray
        The padded equilibria of a batch, shapes ``(N, E, m)`` and ``(N, E, n)``.
    count : numpy.ndarray
        Equilibria per game, shape ``(N,)``.
    strategies : tuple of tuples of str
        Strategy names of the two players.

    Returns
    -------
    codes : numpy.ndarray
        ``int32``, shape ``(N,)``: the label of game ``k`` is ``labels[codes[k]]``.
    labels : list of str
        The distinct labels (one per distinct equilibrium set of supports).
    """
    N, E, m = x.shape
    n = y.shape[2]
    if E == 0:
        return np.zeros(N, dtype=np.int32), [""]
    bits_x = (np.nan_to_num(x) > 0).astype(np.int64) @ (1 << np.arange(m, dtype=np.int64))
    bits_y = (np.nan_to_num(y) > 0).astype(np.int64) @ (1 << np.arange(n, dtype=np.int64))
    keys = ((bits_x << n) | bits_y) + 1  # 0 marks a padding slot
    keys[np.arange(E)[None, :] >= count[:, None]] = 0
    first, inverse = _unique_rows(keys, (1 << (m + n)) + 1)

    def part(bits: int, names: tuple[str, ...]) -> str:
        chosen = [names[k] for k in range(len(names)) if bits >> k & 1]
        return chosen[0] if len(chosen) == 1 else "{" + ",".join(chosen) + "}"

    labels = [
        " | ".join(
            part((int(key) - 1) >> n, strategies[0]) + "/" + part((int(key) - 1) & ((1 << n) - 1), strategies[1])
            for key in keys[row]
            if key > 0
        )
        for row in first
    ]
    return inverse.astype(np.int32), labels


def compact_codes(codes: np.ndarray, labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Drop the labels no code refers to; returns the renumbered codes and the labels as a unicode array.

    Parameters
    ----------
    codes : numpy.ndarray
        Codes into ``labels``.
    labels : list of str
        The table of labels.

    Returns
    -------
    codes : numpy.ndarray
        ``int32``, renumbered into the kept labels.
    labels : numpy.ndarray
        The labels some code refers to, as a unicode array (``[""]`` if none).
    """
    used = np.zeros(len(labels), dtype=bool)
    used[codes] = True
    kept = [label for label, u in zip(labels, used) if u]
    renumber = (np.cumsum(used) - 1).astype(np.int32)
    return renumber[codes], np.array(kept or [""], dtype=str)
