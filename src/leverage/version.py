"""The version of leverage, at the bottom layer so that any module can record it.

Examples
--------
>>> isinstance(__version__, str)
True
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
