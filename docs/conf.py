"""Sphinx configuration of the leverage documentation.

Build the site (warnings are errors) with::

    python -m sphinx -W --keep-going -b html docs build/docs

The pages are Markdown (MyST); the reference is generated from the numpy-style
docstrings by autodoc and napoleon. The build reads nothing from the network:
intersphinx is not used, and MathJax is loaded by the reader's browser.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import leverage

project = "leverage"
author = "The leverage developers"
copyright = "The leverage developers"  # noqa: A001 - the name Sphinx reads
release = leverage.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]

root_doc = "index"
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "_generated"]

#: Where the gallery's figures are drawn when the build starts (not committed: docs/.gitignore).
GALLERY_DIR = "_generated/gallery"

# -- MyST ----------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_dmath_double_inline = True
myst_dmath_allow_digits = False  # "US$110/kg ... US$45" is not math

# -- autodoc, autosummary, napoleon ----------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"  # the numpy docstrings state the types
autodoc_preserve_defaults = True
autosummary_generate = False  # the reference pages are written by hand, one per module
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_ivar = True  # dataclass fields: no duplicate attribute entries
napoleon_use_rtype = False

# -- HTML ------------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"leverage {release}"
html_theme_options = {
    "description": "Negotiations over critical minerals as parameterised games",
    "fixed_sidebar": False,
    "page_width": "1180px",
    "sidebar_width": "260px",
}
html_static_path: list[str] = []

# Section headings napoleon turns into its own sections; any other numpy-style
# heading in a docstring ("Limitations", "The rule") becomes a rubric, so that a
# module's members are not filed under the last heading of its docstring.
_NAPOLEON_SECTIONS = {
    "args", "arguments", "attention", "attributes", "caution", "danger", "error", "example",
    "examples", "hint", "important", "keyword args", "keyword arguments", "methods", "note",
    "notes", "other parameters", "parameters", "receive", "receives", "return", "returns",
    "raise", "raises", "references", "see also", "tip", "todo", "warning", "warnings", "warn",
    "warns", "yield", "yields",
}
_UNDERLINE = re.compile(r"^\s*([-=~^])\1{2,}\s*$")
# "name : type" entries of numpy-style sections; "a, b : type" lists several names.
_ENTRY = re.compile(r"^(?P<indent>\s*)(?P<names>\*{0,2}\w+(?:\s*,\s*\*{0,2}\w+)*)\s+:\s+(?P<type>\S.*)$")
_SHAPE = re.compile(r"\bshape\s*(\([^()]*\))")


def _tidy_docstring(app, what, name, obj, options, lines):  # noqa: ARG001 - Sphinx's signature
    """Adapt numpy-style docstrings to napoleon before it runs.

    - Underlined headings that napoleon does not know become ``.. rubric::`` lines.
    - ``a, b : type`` in an Attributes section becomes one entry per name
      (napoleon splits such entries in Parameters only).
    - ``shape (m, n)`` in a type is set as code, so that ``shape`` is not taken
      for a cross-reference to one of the many ``shape`` attributes.
    """
    out: list[str] = []
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        title = line.strip()
        if title and _UNDERLINE.match(following) and len(following.strip()) >= len(title) - 1:
            section = title.lower()
            if section in _NAPOLEON_SECTIONS:
                out.extend([line, following])
            else:
                indent = line[: len(line) - len(line.lstrip())]
                out.extend([f"{indent}.. rubric:: {title}", ""])
            i += 2
            continue
        entry = _ENTRY.match(line)
        if entry and section in {"parameters", "other parameters", "attributes", "returns", "yields", "receives"}:
            kind = _SHAPE.sub(r"shape ``\1``", entry["type"])
            names = [n.strip() for n in entry["names"].split(",")]
            if section == "attributes" and len(names) > 1:
                body = []
                j = i + 1
                while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > len(entry["indent"])):
                    body.append(lines[j])
                    j += 1
                while body and not body[-1].strip():
                    body.pop()
                for n in names:
                    out.append(f"{entry['indent']}{n} : {kind}")
                    out.extend(body)
                out.append("")
                i = j
                continue
            out.append(f"{entry['indent']}{entry['names']} : {kind}")
            i += 1
            continue
        out.append(line)
        i += 1
    lines[:] = out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _defining_module(package: str, name: str, obj: object) -> str:
    """The module whose reference page documents ``obj``, exported by ``package`` as ``name``."""
    if inspect.ismodule(obj):
        return obj.__name__
    if inspect.isclass(obj) or inspect.isfunction(obj):
        return f"{obj.__module__}.{obj.__qualname__}"
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(getattr(root, "__path__", []), package + "."):
        if info.name.endswith("__main__") or info.ispkg:
            continue
        module = importlib.import_module(info.name)
        if name in getattr(module, "__all__", ()) and getattr(module, name, None) is obj:
            return f"{info.name}.{name}"
    return f"{package}.{name}"


def _draw_gallery(app):
    """Draw the figures of ``leverage.figures`` for the gallery page, quickly, before the pages are read.

    They need matplotlib (the ``plot`` extra); without it the build stops with an error that says so,
    rather than warn about missing images.
    """
    from pathlib import Path

    from sphinx.errors import ExtensionError

    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ExtensionError(
            "the gallery's figures need matplotlib: pip install -e '.[docs,plot]'", orig_exc=exc
        ) from exc
    from leverage.figures import write_figures
    from leverage.scenarios.trajectories import default_parameters

    write_figures(default_parameters(), Path(app.srcdir) / GALLERY_DIR, quick=True, dpi=100)


def setup(app):
    """Register the docstring hook, the ``leverage-exports`` directive and the gallery's figures."""
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class ExportsDirective(SphinxDirective):
        """A summary table of a package's ``__all__``, each entry linked to where it is documented."""

        required_arguments = 1

        def run(self):
            package = self.arguments[0]
            module = importlib.import_module(package)
            lines = [".. autosummary::", ""]
            for name in module.__all__:
                lines.append(f"   ~{_defining_module(package, name, getattr(module, name))}")
            container = nodes.container()
            # names are given in full: no current module while the table is parsed
            current = self.env.ref_context.pop("py:module", None)
            try:
                self.state.nested_parse(StringList(lines, source=f"<exports of {package}>"), self.content_offset, container)
            finally:
                if current is not None:
                    self.env.ref_context["py:module"] = current
            return container.children

    app.connect("autodoc-process-docstring", _tidy_docstring, priority=400)
    app.connect("builder-inited", _draw_gallery)
    app.add_directive("leverage-exports", ExportsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
