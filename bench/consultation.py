"""The 수출상담회 scheduler timed on generated grids, run by `make bench` (`--only consultation`).

A plain function call (events.scheduling.solve, no server, no database): 20 buyers × 50 companies ×
20 slots × 10 tables (target ≤ 10 s) and 100 buyers × 300 companies × 20 slots × 60 tables (target
≤ 60 s), with absences, interpreters, wishes and industries drawn from a fixed seed. The tests use the
same generator for their random grids.
"""

import random
import time

SMALL_TARGET_S = 10.0
LARGE_TARGET_S = 60.0
LANGUAGES = ("vi", "ja", "th", "en", "zh", "id")
INDUSTRIES = ("58", "62", "63", "26", "27", "28", "72", "73", "85", "71")
WORDS = ("e-learning", "cctv", "lms", "firewall", "robot", "sensor", "vr", "camera", "tutor", "iot")


def random_problem(
    seed,
    buyers=20,
    companies=50,
    slots=20,
    tables=10,
    interpreters=None,
    min_meetings=3,
    max_meetings=12,
    absence_rate=0.08,
    time_limit=8.0,
):
    """Return a scheduling Problem of the given size, the same for the same seed."""
    from events.scheduling import BuyerIn, CompanyIn, InterpreterIn, Problem

    rng = random.Random(seed)
    slot_ids = list(range(1, slots + 1))

    def absent():
        return frozenset(s for s in slot_ids if rng.random() < absence_rate)

    buyer_rows = [
        BuyerIn(
            id=1000 + n,
            industries=frozenset(rng.sample(INDUSTRIES, rng.randint(1, 3))),
            keywords=tuple(rng.sample(WORDS, 2)),
            interpreter_language=rng.choice(LANGUAGES) if rng.random() < 0.5 else "",
            absent=absent(),
        )
        for n in range(buyers)
    ]
    company_rows = [
        CompanyIn(
            id=5000 + n,
            industries=frozenset([rng.choice(INDUSTRIES)]),
            text=" ".join(rng.sample(WORDS, 3)),
            absent=absent(),
        )
        for n in range(companies)
    ]
    if interpreters is None:
        interpreters = max(len(LANGUAGES), tables // 2)
    interpreter_rows = [
        InterpreterIn(
            id=9000 + n,
            languages=frozenset(
                {LANGUAGES[n % len(LANGUAGES)]}
                | ({rng.choice(LANGUAGES)} if rng.random() < 0.3 else set())
            ),
        )
        for n in range(interpreters)
    ]
    company_wishes = {}
    for company in company_rows:
        for rank, buyer in enumerate(rng.sample(buyer_rows, min(5, buyers)), start=1):
            company_wishes[(company.id, buyer.id)] = rank
    buyer_wishes = {}
    for buyer in buyer_rows:
        wished = rng.sample(company_rows, min(max_meetings, companies))
        for rank, company in enumerate(wished, start=1):
            buyer_wishes[(buyer.id, company.id)] = rank
    return Problem(
        slots=slot_ids,
        tables=tables,
        buyers=buyer_rows,
        companies=company_rows,
        interpreters=interpreter_rows,
        company_wishes=company_wishes,
        buyer_wishes=buyer_wishes,
        min_meetings=min_meetings,
        max_meetings=max_meetings,
        time_limit=time_limit,
    )


def measure(name, problem, target):
    """Solve once and return the figures, printed against the target."""
    from events.scheduling import solve

    started = time.perf_counter()
    result = solve(problem)
    seconds = time.perf_counter() - started
    ok = seconds <= target
    print(
        f"{name}: {seconds:.1f} s (target ≤ {target:.0f} s) {'ok' if ok else 'MISS'} · "
        f"{len(result.assignments)} meetings, mutual wishes met {result.mutual_met}/"
        f"{result.mutual_wishes}, one-sided {result.one_sided_met}/{result.one_sided_wishes}, "
        f"{len(result.below_minimum)} companies below the minimum, solver {result.status}"
    )
    return {
        "name": name,
        "seconds": round(seconds, 2),
        "target_s": target,
        "passed": ok,
        "meetings": len(result.assignments),
        "mutual_met": result.mutual_met,
        "mutual_wishes": result.mutual_wishes,
        "one_sided_met": result.one_sided_met,
        "one_sided_wishes": result.one_sided_wishes,
        "below_minimum": len(result.below_minimum),
        "status": result.status,
    }


def run_consultation():
    """Time the scheduler on the small and the large grid."""
    print()
    print("수출상담회 scheduler (OR-Tools CP-SAT, 2 workers)")
    small = random_problem(1, buyers=20, companies=50, slots=20, tables=10, time_limit=8.0)
    large = random_problem(
        1, buyers=100, companies=300, slots=20, tables=60, interpreters=30, time_limit=45.0
    )
    return [
        measure("20 buyers × 50 companies × 20 slots × 10 tables", small, SMALL_TARGET_S),
        measure("100 buyers × 300 companies × 20 slots × 60 tables", large, LARGE_TARGET_S),
    ]


if __name__ == "__main__":
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    run_consultation()
