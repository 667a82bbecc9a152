"""Demo and benchmark content of this app, loaded by `manage.py load_demo`."""


def load(*, scale, progress):
    """Load the real facts and sample records (idempotent); at scale > 0 generate bulk data.

    `progress(iterable, desc)` wraps long loops in a progress bar.
    """
