"""Fingerprints of callables: a SHA-256 of the code and the data that decide what a function computes.

:func:`fingerprint` lets a checkpointed sweep
(:mod:`leverage.sensitivity.checkpoint`) tell whether the payoff or outcome
function of a rerun is the one that wrote the checkpoint. Two lambdas have
the same name, ``<lambda>``, but not the same fingerprint unless they
compute the same thing with the same data.

Examples
--------
>>> fingerprint(lambda a: a) == fingerprint(lambda a: a)
True
>>> fingerprint(lambda a: a) == fingerprint(lambda a: -a)
False
"""

from __future__ import annotations

import functools
import hashlib
import os
import site
import sys
import sysconfig
import types
from typing import Any

import numpy as np

from leverage.checks import check_flag

__all__ = ["MAX_DEPTH", "MAX_NODES", "fingerprint"]

#: Bounds on one :func:`fingerprint`: objects visited and nesting depth.
MAX_NODES = 200_000
MAX_DEPTH = 60


@functools.lru_cache(maxsize=1)
def _library_paths() -> tuple[str, ...]:
    """Directories of the standard library and of installed packages."""
    paths = {sysconfig.get_paths().get(key) for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    try:
        paths.update(site.getsitepackages())
        paths.add(site.getusersitepackages())
    except AttributeError:  # pragma: no cover - virtualenvs without the site helpers
        pass
    return tuple(sorted(os.path.realpath(p) + os.sep for p in paths if p))


@functools.lru_cache(maxsize=4096)
def _is_library(module: str | None) -> bool:
    """Whether ``module`` is installed code (identified by name) rather than user code (fingerprinted)."""
    if not module or module == "__main__":
        return False
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or top in sys.builtin_module_names:
        return True
    file = getattr(sys.modules.get(module), "__file__", None)
    return bool(file) and os.path.realpath(file).startswith(_library_paths())


def _code_names(code: types.CodeType) -> set[str]:
    """Global names a code object and the code nested in it may read."""
    names: set[str] = set()
    stack = [code]
    for _ in range(MAX_NODES):
        if not stack:
            break
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    return names


class _Encoder:
    """Feeds a canonical, type-tagged encoding of an object graph into a SHA-256.

    With ``code_only`` only code objects (bytecode, constants, names) are
    encoded, the traversal being the same, so that a difference of code can
    be told apart from a difference of data.
    """

    def __init__(self, root: Any, code_only: bool) -> None:
        self.hash = hashlib.sha256()
        self.code_only = code_only
        self.root = root
        self.seen: dict[int, int] = {}
        self.alive: list[Any] = []  # keeps every visited object alive, so that no id is reused
        self.nodes = 0

    def emit(self, tag: str, payload: bytes = b"", code: bool = False) -> None:
        if code or not self.code_only:
            self.hash.update(tag.encode() + b"\0" + len(payload).to_bytes(8, "little") + payload)

    def feed(self, obj: Any, depth: int = 0) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            self.emit("cut", code=True)
            return
        if obj is None or isinstance(obj, (bool, int, float, complex)):
            self.emit(type(obj).__qualname__, repr(obj).encode())
            return
        if isinstance(obj, str):
            self.emit("str", obj.encode("utf-8", "surrogatepass"))
            return
        if isinstance(obj, (bytes, bytearray)):
            self.emit("bytes", bytes(obj))
            return
        if id(obj) in self.seen:
            self.emit("ref", str(self.seen[id(obj)]).encode(), code=True)
            return
        self.seen[id(obj)] = len(self.seen)
        self.alive.append(obj)
        self._dispatch(obj, depth + 1)

    def _name(self, tag: str, obj: Any) -> None:
        module = getattr(obj, "__module__", None) or ""
        name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or type(obj).__qualname__
        self.emit(tag, f"{module}.{name}".encode(), code=True)

    def _dispatch(self, obj: Any, depth: int) -> None:
        feed = self.feed
        if isinstance(obj, np.ndarray):
            self.emit("ndarray", f"{obj.dtype.str}{obj.shape}".encode())
            if obj.dtype.hasobject:
                for item in obj.ravel().tolist():
                    feed(item, depth)
            elif not self.code_only:
                self.emit("data", np.ascontiguousarray(obj).tobytes())
        elif isinstance(obj, np.generic):
            self.emit("npscalar", obj.dtype.str.encode() + np.asarray(obj).tobytes())
        elif isinstance(obj, (tuple, list)):
            self.emit(type(obj).__qualname__, str(len(obj)).encode())
            for item in obj:
                feed(item, depth)
        elif isinstance(obj, (dict, types.MappingProxyType)):
            self.emit(type(obj).__qualname__, str(len(obj)).encode())
            for key, value in sorted(obj.items(), key=lambda kv: _order(kv[0])):
                feed(key, depth)
                feed(value, depth)
        elif isinstance(obj, (set, frozenset)):
            self.emit(type(obj).__qualname__, str(len(obj)).encode())
            for item in sorted(obj, key=_order):
                feed(item, depth)
        elif isinstance(obj, types.CodeType):
            self._code(obj, depth, doc=None)
        elif isinstance(obj, types.FunctionType):
            self._function(obj, depth)
        elif isinstance(obj, types.MethodType):
            self.emit("method", code=True)
            feed(obj.__func__, depth)
            feed(obj.__self__, depth)
        elif isinstance(obj, functools.partial):
            self.emit("partial", code=True)
            feed(obj.func, depth)
            feed(obj.args, depth)
            feed(obj.keywords, depth)
        elif isinstance(obj, (staticmethod, classmethod)):
            self.emit(type(obj).__qualname__, code=True)
            feed(obj.__func__, depth)
        elif isinstance(obj, property):
            self.emit("property", code=True)
            for accessor in (obj.fget, obj.fset, obj.fdel):
                feed(accessor, depth)
        elif isinstance(obj, types.CellType):
            try:
                feed(obj.cell_contents, depth)
            except ValueError:
                self.emit("empty cell")
        elif isinstance(obj, types.ModuleType):
            self.emit("module", obj.__name__.encode(), code=True)
        elif isinstance(obj, type):
            self._class(obj, depth)
        elif isinstance(obj, _NAMED) or (
            callable(obj) and isinstance(getattr(obj, "__name__", None), str) and _is_library(type(obj).__module__)
        ):  # functions of installed packages, such as numpy's ufuncs and dispatchers
            self._name("builtin", obj)
            bound = getattr(obj, "__self__", None)
            if bound is not None and not isinstance(bound, types.ModuleType):
                feed(bound, depth)
        else:
            self._instance(obj, depth)

    def _code(self, code: types.CodeType, depth: int, doc: str | None) -> None:
        consts = code.co_consts
        if doc is not None and consts and consts[0] == doc:
            consts = consts[1:]  # the docstring decides no row
        header = (code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount, code.co_flags)
        self.emit("code", repr(header).encode() + b"\0" + code.co_code, code=True)
        self.emit("exceptions", getattr(code, "co_exceptiontable", b""), code=True)
        for group in (code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars):
            self.emit("names", "\0".join(group).encode(), code=True)
        self.emit("consts", str(len(consts)).encode(), code=True)
        for const in consts:
            text = _constant(const)
            if text is None:
                self.feed(const, depth)  # a nested code object
            else:
                self.emit("const", text.encode("utf-8", "surrogatepass"), code=True)

    def _function(self, fn: types.FunctionType, depth: int) -> None:
        if fn is not self.root and _is_library(fn.__module__):
            self._name("library function", fn)
            return
        self.emit("function", code=True)
        self._code(fn.__code__, depth, doc=fn.__doc__)
        self.feed(fn.__defaults__, depth)
        self.feed(fn.__kwdefaults__, depth)
        self.feed(fn.__closure__, depth)
        namespace = fn.__globals__
        read = sorted(name for name in _code_names(fn.__code__) if name in namespace)
        self.emit("globals", "\0".join(read).encode(), code=True)
        for name in read:
            self.feed(namespace[name], depth)

    def _class(self, cls: type, depth: int) -> None:
        self._name("class", cls)
        if _is_library(cls.__module__):
            return
        for klass in cls.__mro__:
            if klass is object or _is_library(klass.__module__):
                continue
            members = {k: v for k, v in vars(klass).items() if k not in _CLASS_SKIP}
            self.feed(members, depth)

    def _instance(self, obj: Any, depth: int) -> None:
        self.feed(type(obj), depth)
        try:
            state = obj.__getstate__()
        except Exception:
            self.emit("state unavailable")
            return
        self.feed(state, depth)


#: Callables implemented in C, identified by name (and the object they are bound to).
_NAMED = (
    types.BuiltinFunctionType,
    types.WrapperDescriptorType,
    types.MethodWrapperType,
    types.MethodDescriptorType,
    types.ClassMethodDescriptorType,
    np.ufunc,
)

#: Class attributes that decide nothing (or that every class has).
_CLASS_SKIP = frozenset(
    {"__dict__", "__weakref__", "__doc__", "__module__", "__qualname__", "__annotations__", "__slotnames__"}
)


def _constant(const: Any, depth: int = 0) -> str | None:
    """Canonical text of a code constant (tuples and frozensets too), or None for code objects."""
    if const is None or isinstance(const, (str, bytes, int, float, complex, bool)) or const is Ellipsis:
        return f"{type(const).__qualname__}:{const!r}"
    if isinstance(const, (tuple, frozenset)) and depth < MAX_DEPTH:
        items = [_constant(item, depth + 1) for item in const]
        if all(item is not None for item in items):
            inner = ",".join(items if isinstance(const, tuple) else sorted(items))  # type: ignore[arg-type]
            return f"{type(const).__qualname__}({inner})"
    return None


def _order(key: Any) -> tuple[str, str]:
    """A deterministic sort key for dictionary keys and set items (strings sort by text, others by digest)."""
    if isinstance(key, str):
        return ("str", key)
    if key is None or isinstance(key, (bool, int, float)):
        return (type(key).__qualname__, repr(key))
    return ("object", fingerprint(key))


def fingerprint(obj: Any, code_only: bool = False) -> str:
    """A SHA-256 of everything about ``obj`` that could change what it computes.

    Functions are fingerprinted by their code (bytecode, constants, names,
    exception table, but not the docstring, the name or the line numbers),
    their defaults, their closure values and the globals they read,
    recursively through nested functions, ``functools.partial`` objects,
    bound methods and the functions of classes that are not installed
    packages. Installed code (the standard library, ``site-packages``) is
    identified by its qualified name. Any other object is fingerprinted by
    its class and by its ``__getstate__()`` (the state pickle would store):
    override ``__getstate__`` to leave out attributes that decide nothing,
    such as call counters. numpy arrays count by dtype, shape and bytes.

    The walk is bounded (:data:`MAX_NODES` objects, :data:`MAX_DEPTH`
    levels); parts beyond the bound are not fingerprinted.

    Parameters
    ----------
    obj : object
        Typically a payoff or outcome function.
    code_only : bool
        Fingerprint only the code reached (walking the same objects), so that
        a change of code can be told apart from a change of data.

    Returns
    -------
    str
        A hexadecimal SHA-256, the same in every process for the same code and data.

    Examples
    --------
    >>> def scaled(factor):
    ...     return lambda a: factor * a
    >>> fingerprint(scaled(2.0)) == fingerprint(scaled(2.0))
    True
    >>> fingerprint(scaled(2.0)) == fingerprint(scaled(3.0))
    False
    >>> fingerprint(scaled(2.0), code_only=True) == fingerprint(scaled(3.0), code_only=True)
    True
    """
    encoder = _Encoder(obj, check_flag(code_only, "code_only", "fingerprint()"))
    encoder.feed(obj)
    return encoder.hash.hexdigest()
