"""The HTTP API: typed dependencies, filters, paging, presentation, and the routes."""
