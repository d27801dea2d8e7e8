"""The app's routers, one module per page (each with its JSON API)."""

from xuehui.web.routes import audit, compare, documents, generate, reference, review, search

ROUTERS = [
    search.router,
    documents.router,
    compare.router,
    generate.router,
    audit.router,
    review.router,
    reference.router,
]
