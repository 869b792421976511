"""The read-only open data API (/api/v1/), its OpenAPI schema (/api/schema/)
and its documentation page (/api/docs/).

Everything here reads through the same selectors as the public pages, so the
API shows nothing a visitor could not already see: inquiries with a live public
page, their changes, organisations, and results only once an editor published
them (consult.publication.is_published)."""
