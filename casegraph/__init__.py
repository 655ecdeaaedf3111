"""casegraph: knowledge graphs from police-cooperation press releases."""

from importlib.resources import files

__version__ = "0.1.0"


def bundled_corpus():
    """The directory (a Traversable) holding the bundled demo articles."""
    return files(__name__) / "corpus"
