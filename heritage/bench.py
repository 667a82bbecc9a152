"""Pages of this app that `make bench` measures."""


def bench_pages():
    """Return (name, path) pairs of the main pages, resolved against the loaded data."""
    return []
