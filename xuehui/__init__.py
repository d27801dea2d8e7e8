"""xuehui (学会): command line and web app over the ``kb`` and ``generator`` libraries."""

__version__ = "0.1.0"
