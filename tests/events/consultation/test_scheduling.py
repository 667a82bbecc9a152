"""The scheduler checked from outside: an independent validator over random grids (no database).

The validator below is written from the rules of the issue, not from events/scheduling.py: it reads
only the problem and the meetings, and lists every broken rule.
"""

from collections import Counter
from dataclasses import replace

import pytest

from bench.consultation import random_problem
from events.scheduling import Assignment, ScheduleError, solve

SIZE = {"buyers": 20, "companies": 50, "slots": 20, "tables": 10}


def violations(problem, meetings):
    """Return a description of every rule the schedule (fixed meetings included) breaks."""
    found = []
    buyers = {b.id: b for b in problem.buyers}
    companies = {c.id: c for c in problem.companies}
    interpreters = {i.id: i for i in problem.interpreters}
    slots = set(problem.slots)
    for key, label in [
        (lambda m: (m.slot, m.table), "table"),
        (lambda m: (m.slot, m.buyer), "buyer"),
        (lambda m: (m.slot, m.company), "company"),
        (lambda m: (m.buyer, m.company), "pair"),
    ]:
        for value, count in Counter(key(m) for m in meetings).items():
            if count > 1:
                found.append(f"{label} twice: {value}")
    used = Counter((m.slot, m.interpreter) for m in meetings if m.interpreter is not None)
    found += [f"interpreter twice: {value}" for value, count in used.items() if count > 1]
    for m in meetings:
        if m.slot not in slots:
            found.append(f"unknown slot {m.slot}")
        if not 1 <= m.table <= problem.tables:
            found.append(f"table {m.table} outside 1..{problem.tables}")
        buyer, company = buyers.get(m.buyer), companies.get(m.company)
        if buyer is None or company is None:
            found.append(f"unknown party in {m}")
            continue
        if m.slot in buyer.absent:
            found.append(f"buyer {m.buyer} absent in slot {m.slot}")
        if m.slot in company.absent:
            found.append(f"company {m.company} absent in slot {m.slot}")
        if buyer.interpreter_language:
            interpreter = interpreters.get(m.interpreter)
            if interpreter is None:
                found.append(f"buyer {m.buyer} without interpreter in slot {m.slot}")
            elif buyer.interpreter_language not in interpreter.languages:
                found.append(f"interpreter {m.interpreter} lacks {buyer.interpreter_language}")
    per_buyer = Counter(m.buyer for m in meetings)
    for buyer in problem.buyers:
        if per_buyer[buyer.id] > (buyer.max_meetings or problem.max_meetings):
            found.append(f"buyer {buyer.id} over maximum: {per_buyer[buyer.id]}")
    per_company = Counter(m.company for m in meetings)
    for company in problem.companies:
        if per_company[company.id] < problem.min_meetings:
            found.append(f"company {company.id} under minimum: {per_company[company.id]}")
    return found


def mutual_satisfaction(problem, meetings):
    """Return (met, wished) of the pairs both sides asked for."""
    mutual = {(b, c) for (c, b) in problem.company_wishes} & set(problem.buyer_wishes)
    met = {(m.buyer, m.company) for m in meetings}
    return len(mutual & met), len(mutual)


@pytest.fixture(scope="module")
def solved():
    """Three random 20 × 50 × 20 × 10 grids with absences (about 8 % of slots), solved once."""
    results = {}
    for seed in (11, 12, 13):
        problem = random_problem(seed, **SIZE, time_limit=6.0)
        results[seed] = (problem, solve(problem))
    return results


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_random_grid_breaks_no_rule(solved, seed):
    problem, result = solved[seed]
    assert any(b.absent for b in problem.buyers) and any(c.absent for c in problem.companies)
    assert any(b.interpreter_language for b in problem.buyers)
    assert violations(problem, result.assignments) == []
    met, wished = mutual_satisfaction(problem, result.assignments)
    print(f"seed {seed}: {len(result.assignments)} meetings, mutual wishes met {met}/{wished}")  # noqa: T201
    assert (met, wished) == (result.mutual_met, result.mutual_wishes)
    assert wished > 0 and met / wished >= 0.9
    assert len(result.assignments) > len(problem.companies) * problem.min_meetings


def test_validator_catches_broken_schedules(solved):
    problem, result = solved[11]
    meetings = list(result.assignments)
    first, second = meetings[0], next(m for m in meetings if m.slot != meetings[0].slot)
    absent_slot = next(iter(next(b for b in problem.buyers if b.absent).absent))
    absent_buyer = next(b for b in problem.buyers if absent_slot in b.absent)
    needs = next(m for m in meetings if m.interpreter is not None)
    language = next(b for b in problem.buyers if b.id == needs.buyer).interpreter_language
    wrong = next(i for i in problem.interpreters if language not in i.languages)
    broken = {
        "buyer twice": [*meetings, replace(second, slot=first.slot, buyer=first.buyer, table=99)],
        "table twice": [*meetings[1:], replace(first, table=second.table, slot=second.slot)],
        "absent": [*meetings, Assignment(absent_buyer.id, 5049, absent_slot, 1)],
        "interpreter": [
            m if m is not needs else replace(m, interpreter=wrong.id) for m in meetings
        ],
        "minimum": [m for m in meetings if m.company != first.company],
    }
    for name, schedule in broken.items():
        assert violations(problem, schedule), name


def test_locked_meetings_survive_a_rerun(solved):
    problem, result = solved[12]
    kept = result.assignments[:5]
    # A meeting staff fixed by hand, which the solver did not choose: slot and table as given.
    chosen = {(m.buyer, m.company) for m in result.assignments}
    buyer = next(b for b in problem.buyers if not b.interpreter_language and 1 not in b.absent)
    company = next(
        c for c in problem.companies if (buyer.id, c.id) not in chosen and 1 not in c.absent
    )
    by_hand = Assignment(buyer.id, company.id, 1, problem.tables)
    fixed = [m for m in kept if (m.slot, m.table) != (1, problem.tables)]
    fixed = [m for m in fixed if (m.slot, m.buyer) != (1, buyer.id)]
    fixed = [m for m in fixed if (m.slot, m.company) != (1, company.id)] + [by_hand]
    rerun = solve(replace(problem, fixed=fixed, time_limit=6.0))
    assert not {(m.buyer, m.company) for m in rerun.assignments} & {
        (m.buyer, m.company) for m in fixed
    }
    assert violations(problem, [*fixed, *rerun.assignments]) == []


def test_over_full_grid_is_refused():
    problem = random_problem(3, **{**SIZE, "tables": 2}, time_limit=2.0)  # 40 places, 150 needed
    with pytest.raises(ScheduleError) as caught:
        solve(problem)
    assert caught.value.kind == "over_full_tables"
    assert caught.value.figures == {"need": 150, "places": 40}


def test_missing_interpreter_language_is_refused():
    problem = random_problem(4, **SIZE, time_limit=2.0)
    problem.interpreters = [i for i in problem.interpreters if "th" not in i.languages]
    problem.buyers = [replace(problem.buyers[0], interpreter_language="th"), *problem.buyers[1:]]
    with pytest.raises(ScheduleError) as caught:
        solve(problem)
    assert caught.value.kind == "no_interpreter"
