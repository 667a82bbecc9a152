"""Public objects of this app for /sitemap.xml (built from the public querysets)."""

SITEMAPS = {}
