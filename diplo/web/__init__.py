"""The ledger on the web: `diplo serve` (a read-only ASGI application) and `diplo site`.

Both render the same pages from the same page data (`diplo.web.pages`) with the same Jinja2
templates; only the way links are written differs (`diplo.web.links`).
"""
