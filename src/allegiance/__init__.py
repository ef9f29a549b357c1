"""allegiance: who stands with whom in political news, and is the map balanced?

Examples
--------
>>> import allegiance
>>> allegiance.__version__
'0.1.0'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("allegiance")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
