"""Run a function many times at once from threads, each thread on its own database connection.

Use in tests marked `@pytest.mark.django_db(transaction=True)`:

    results = race(lambda i: register(event, users[i]), 100)

At most `parallel` connections are open at once (50 by default: PostgreSQL's stock
max_connections is 100, and the test process holds some); all threads start together.
"""

import queue
import threading

from django.db import connections


def race(function, count, parallel=50, timeout=120):
    """Call function(i) for i in range(count) concurrently; return results or exceptions."""
    parallel = min(parallel, count)
    barrier = threading.Barrier(parallel)
    todo = queue.Queue()
    for index in range(count):
        todo.put(index)
    results = [None] * count

    def worker():
        try:
            barrier.wait(timeout=timeout)
            while True:
                try:
                    index = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[index] = function(index)
                except Exception as error:  # returned, so the test can assert on it
                    results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results
