"""CLI command groups, one module per concern, each with ``register(app)``."""
