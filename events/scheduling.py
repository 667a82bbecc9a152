"""The 수출상담회's meeting scheduler: plain data in, meetings out, solved with OR-Tools CP-SAT.

Nothing here touches the database (events/consultations.py reads it, calls `solve`, writes the result),
so the tests and the bench drive it with generated grids.

The model keeps one boolean per (candidate pair, slot where both are present):
- a pair meets at most once; a buyer, and a company, at most once per slot;
- per slot, no more meetings than free tables, and the meetings needing an interpreter fit the free
  interpreters (Hall's condition over the interpretation languages, so an assignment exists);
- a buyer has at most its maximum; a company's shortfall below the minimum is paid with a heavy weight
  (the minimum is met wherever the grid allows it, and never makes the model infeasible).
Objective: mutual wishes first, then one-sided wishes (better ranks a little more), then industry and
keyword fit. Tables and interpreters are then given per slot, after the solve (a matching), which keeps
the model small. Locked meetings are fixed: they take their buyer, company, table and interpreter out of
their slot before the model is built.
"""

import itertools
import time
from collections import defaultdict
from dataclasses import dataclass, field

MUTUAL_WEIGHT = 10_000
ONE_SIDED_WEIGHT = 1_000
RANK_BONUS_MAX = 50
INDUSTRY_WEIGHT = 40
KEYWORD_WEIGHT = 10
FIT_MAX = 500
SHORTFALL_WEIGHT = 100_000
# Exact interpreter capacity (every subset of languages) up to this many languages in a slot; above
# it, per-language and total capacity, and a meeting left without an interpreter is dropped.
HALL_MAX_LANGUAGES = 8


class ScheduleError(Exception):
    """The grid cannot be scheduled as given: `kind` says why, `figures` give the numbers."""

    def __init__(self, kind, **figures):
        self.kind = kind
        self.figures = figures
        super().__init__(f"{kind}: {figures}")


@dataclass(frozen=True)
class BuyerIn:
    id: int
    industries: frozenset = frozenset()
    keywords: tuple = ()
    interpreter_language: str = ""
    absent: frozenset = frozenset()
    max_meetings: int | None = None


@dataclass(frozen=True)
class CompanyIn:
    id: int
    industries: frozenset = frozenset()
    text: str = ""
    absent: frozenset = frozenset()


@dataclass(frozen=True)
class InterpreterIn:
    id: int
    languages: frozenset


@dataclass(frozen=True)
class Assignment:
    buyer: int
    company: int
    slot: int
    table: int
    interpreter: int | None = None


@dataclass
class Problem:
    slots: list
    tables: int
    buyers: list
    companies: list
    interpreters: list = field(default_factory=list)
    company_wishes: dict = field(default_factory=dict)  # (company, buyer) -> rank
    buyer_wishes: dict = field(default_factory=dict)  # (buyer, company) -> rank
    min_meetings: int = 0
    max_meetings: int = 12
    fixed: list = field(default_factory=list)
    time_limit: float = 8.0
    workers: int = 2


@dataclass
class Result:
    assignments: list  # new meetings (the fixed ones are not repeated)
    status: str
    mutual_wishes: int
    mutual_met: int
    one_sided_wishes: int
    one_sided_met: int
    below_minimum: list  # ids of companies with fewer than the minimum
    dropped: int = 0
    seconds: float = 0.0

    @property
    def mutual_rate(self):
        return self.mutual_met / self.mutual_wishes if self.mutual_wishes else 1.0


def pair_weight(buyer, company, problem):
    """Return how much the pair is worth meeting: wishes first, then fit."""
    company_rank = problem.company_wishes.get((company.id, buyer.id))
    buyer_rank = problem.buyer_wishes.get((buyer.id, company.id))
    weight = 0
    if company_rank and buyer_rank:
        weight += MUTUAL_WEIGHT
    elif company_rank or buyer_rank:
        weight += ONE_SIDED_WEIGHT
    for rank in (company_rank, buyer_rank):
        if rank:
            weight += max(0, RANK_BONUS_MAX - rank)
    fit = INDUSTRY_WEIGHT * len(buyer.industries & company.industries)
    fit += KEYWORD_WEIGHT * sum(1 for word in buyer.keywords if word and word in company.text)
    return weight + min(fit, FIT_MAX)


def _check_capacity(problem, free_slots):
    need = len(problem.companies) * problem.min_meetings
    places = sum(free_slots.values())
    buyer_room = sum(
        min(b.max_meetings or problem.max_meetings, len(problem.slots)) for b in problem.buyers
    )
    if need > places:
        raise ScheduleError("over_full_tables", need=need, places=places)
    if need > buyer_room:
        raise ScheduleError("over_full_buyers", need=need, places=buyer_room)


def _candidates(problem, busy_buyer, busy_company, met_pairs):
    """Return {(buyer, company): weight}: wished or fitting pairs, and enough for each minimum."""
    slot_set = set(problem.slots)
    limit = 3 * problem.max_meetings
    weights = {}
    per_company = defaultdict(list)
    for buyer in problem.buyers:
        ranked = []
        b_free = slot_set - buyer.absent - busy_buyer[buyer.id]
        for company in problem.companies:
            if (buyer.id, company.id) in met_pairs:
                continue
            if not (b_free - company.absent - busy_company[company.id]):
                continue
            weight = pair_weight(buyer, company, problem)
            per_company[company.id].append((weight, buyer.id))
            if weight > 0:
                ranked.append((weight, company.id))
        ranked.sort(key=lambda item: (-item[0], item[1]))
        for weight, company_id in ranked[:limit]:
            weights[(buyer.id, company_id)] = weight
    # Every company keeps its best few buyers, fitting or not, so its minimum can be reached.
    # Ties (often: no fit at all) go to the buyers given fewest so far, so that companies nobody
    # asked for are spread over the buyers rather than all handed the same few.
    spare = problem.min_meetings + 2
    given = defaultdict(int)
    for buyer_id, _company_id in weights:
        given[buyer_id] += 1
    for company_id, options in per_company.items():
        options.sort(key=lambda item: (-item[0], given[item[1]], item[1]))
        for weight, buyer_id in options[:spare]:
            if (buyer_id, company_id) not in weights:
                weights[(buyer_id, company_id)] = weight
                given[buyer_id] += 1
    return weights


def solve(problem):
    """Return the meetings for the grid, around the fixed ones, or raise ScheduleError."""
    # Imported here, where a schedule is made (a background job): OR-Tools brings NumPy and
    # pandas, some 70 MB that no web worker serving pages should carry.
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    slots = list(problem.slots)
    if not slots:
        raise ScheduleError("no_slots")
    buyers = {b.id: b for b in problem.buyers}
    companies = {c.id: c for c in problem.companies}
    interpreters = {i.id: i for i in problem.interpreters}

    busy_buyer = defaultdict(set)
    busy_company = defaultdict(set)
    used_tables = defaultdict(set)
    used_interpreters = defaultdict(set)
    met_pairs = set()
    fixed_count = defaultdict(int)
    buyer_fixed = defaultdict(int)
    for meeting in problem.fixed:
        busy_buyer[meeting.buyer].add(meeting.slot)
        busy_company[meeting.company].add(meeting.slot)
        used_tables[meeting.slot].add(meeting.table)
        if meeting.interpreter is not None:
            used_interpreters[meeting.slot].add(meeting.interpreter)
        met_pairs.add((meeting.buyer, meeting.company))
        fixed_count[meeting.company] += 1
        buyer_fixed[meeting.buyer] += 1

    free_tables = {s: problem.tables - len(used_tables[s]) for s in slots}
    _check_capacity(problem, free_tables)
    for buyer in problem.buyers:
        if buyer.interpreter_language and not any(
            buyer.interpreter_language in i.languages for i in problem.interpreters
        ):
            raise ScheduleError("no_interpreter", language=buyer.interpreter_language)

    weights = _candidates(problem, busy_buyer, busy_company, met_pairs)
    model = cp_model.CpModel()
    x = {}
    by_pair = defaultdict(list)
    by_buyer_slot = defaultdict(list)
    by_company_slot = defaultdict(list)
    by_slot = defaultdict(list)
    by_slot_language = defaultdict(lambda: defaultdict(list))
    for (buyer_id, company_id), _weight in weights.items():
        buyer, company = buyers[buyer_id], companies[company_id]
        for slot in slots:
            if free_tables[slot] <= 0:
                continue
            if slot in buyer.absent or slot in busy_buyer[buyer_id]:
                continue
            if slot in company.absent or slot in busy_company[company_id]:
                continue
            var = model.new_bool_var("")
            x[(buyer_id, company_id, slot)] = var
            by_pair[(buyer_id, company_id)].append(var)
            by_buyer_slot[(buyer_id, slot)].append(var)
            by_company_slot[(company_id, slot)].append(var)
            by_slot[slot].append(var)
            if buyer.interpreter_language:
                by_slot_language[slot][buyer.interpreter_language].append(
                    (var, (buyer_id, company_id, slot))
                )

    met = {}
    for pair, variables in by_pair.items():
        if len(variables) == 1:
            met[pair] = variables[0]
        else:
            model.add_at_most_one(variables)
            met[pair] = sum(variables)
    for variables in itertools.chain(by_buyer_slot.values(), by_company_slot.values()):
        if len(variables) > 1:
            model.add_at_most_one(variables)
    for slot, variables in by_slot.items():
        if len(variables) > free_tables[slot]:
            model.add(sum(variables) <= free_tables[slot])
    language_counts = []
    for slot, per_language in by_slot_language.items():
        language_counts += _add_interpreter_capacity(
            model, per_language, interpreters, used_interpreters[slot]
        )

    pairs_of_buyer = defaultdict(list)
    pairs_of_company = defaultdict(list)
    for (buyer_id, company_id), expr in met.items():
        pairs_of_buyer[buyer_id].append(expr)
        pairs_of_company[company_id].append(expr)
    for buyer_id, exprs in pairs_of_buyer.items():
        cap = (buyers[buyer_id].max_meetings or problem.max_meetings) - buyer_fixed[buyer_id]
        if len(exprs) > max(cap, 0):
            model.add(sum(exprs) <= max(cap, 0))
    shortfalls = {}
    for company_id in companies:
        need = problem.min_meetings - fixed_count[company_id]
        if need <= 0:
            continue
        short = model.new_int_var(0, need, "")
        model.add(sum(pairs_of_company[company_id]) + short >= need)
        shortfalls[company_id] = (short, need)

    model.maximize(
        sum(weights[pair] * expr for pair, expr in met.items())
        - SHORTFALL_WEIGHT * sum(short for short, _need in shortfalls.values())
    )
    # A greedy schedule first: the solver starts from it (a hint), and it is the answer when a loaded
    # machine gives the solver no time to find a better one.
    start = _greedy(problem, weights, x, buyers, interpreters, free_tables, used_interpreters)
    for key, var in x.items():
        model.add_hint(var, key in start)
    started_count = defaultdict(int)
    for _buyer, company_id, _slot in start:
        started_count[company_id] += 1
    for company_id, (short, need) in shortfalls.items():
        model.add_hint(short, max(0, need - started_count[company_id]))
    # A complete hint is taken as the first solution at once, without search.
    for count, keys in language_counts:
        model.add_hint(count, sum(1 for key in keys if key in start))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(
        0.5, problem.time_limit - (time.perf_counter() - started)
    )
    solver.parameters.num_workers = problem.workers
    # Probing spent most of a loaded machine's seconds in presolve (20 × 50 grid: 2.2 s of 4.7 s,
    # no solution reported); without it the hint is taken at once and search improves on it.
    solver.parameters.cp_model_probing_level = 0
    status = solver.solve(model)
    chosen = defaultdict(list)
    start_value = sum(weights[(b, c)] for b, c, _slot in start) - SHORTFALL_WEIGHT * sum(
        max(0, need - started_count[company_id]) for company_id, (_s, need) in shortfalls.items()
    )
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value >= start_value:
        status_name = solver.status_name(status)
        picked = (key for key, var in x.items() if solver.boolean_value(var))
    else:
        status_name = "GREEDY"
        picked = iter(start)
    for buyer_id, company_id, slot in picked:
        chosen[slot].append((buyer_id, company_id))
    assignments, dropped = _place(
        chosen, buyers, interpreters, problem, used_tables, used_interpreters
    )
    return _summarise(problem, assignments, status_name, dropped, time.perf_counter() - started)


def _greedy(problem, weights, x, buyers, interpreters, free_tables, used_interpreters):
    """Return a valid set of (buyer, company, slot) keys of x: companies' minimum first, then weight.

    Interpreters are given one by one here, so the interpreter capacity of the model holds too.
    """
    taken = set()
    tables_left = dict(free_tables)
    busy = set()  # (party, slot)
    interpreters_busy = {slot: set(ids) for slot, ids in used_interpreters.items()}
    count_buyer = defaultdict(int)
    count_company = defaultdict(int)
    for meeting in problem.fixed:
        count_buyer[meeting.buyer] += 1
        count_company[meeting.company] += 1
    slots_of = defaultdict(list)
    for buyer_id, company_id, slot in x:
        slots_of[(buyer_id, company_id)].append(slot)
    ranked = sorted(slots_of, key=lambda pair: (-weights[pair], pair))

    def place(buyer_id, company_id):
        buyer = buyers[buyer_id]
        if count_buyer[buyer_id] >= (buyer.max_meetings or problem.max_meetings):
            return False
        for slot in slots_of[(buyer_id, company_id)]:
            if tables_left[slot] <= 0 or ("b", buyer_id, slot) in busy:
                continue
            if ("c", company_id, slot) in busy:
                continue
            if buyer.interpreter_language:
                free = interpreters_busy.setdefault(slot, set())
                interpreter = next(
                    (
                        i.id
                        for i in interpreters.values()
                        if i.id not in free and buyer.interpreter_language in i.languages
                    ),
                    None,
                )
                if interpreter is None:
                    continue
                free.add(interpreter)
            taken.add((buyer_id, company_id, slot))
            tables_left[slot] -= 1
            busy.update({("b", buyer_id, slot), ("c", company_id, slot)})
            count_buyer[buyer_id] += 1
            count_company[company_id] += 1
            return True
        return False

    placed = set()
    options = defaultdict(list)
    for pair in ranked:
        options[pair[1]].append(pair)
    # Round by round, one more meeting for each company below the minimum, scarcest first.
    order = sorted(options, key=lambda company_id: (len(options[company_id]), company_id))
    for _round in range(problem.min_meetings):
        for company_id in order:
            if count_company[company_id] >= problem.min_meetings:
                continue
            for pair in options[company_id]:
                if pair not in placed and place(*pair):
                    placed.add(pair)
                    break
    for pair in ranked:
        if pair not in placed and weights[pair] > 0 and place(*pair):
            placed.add(pair)
    return taken


def _add_interpreter_capacity(model, per_language, interpreters, busy):
    """Demand for every set of languages ≤ free interpreters speaking any of them (Hall).

    Return the per-language counts with the keys they add up, for the hint.
    """
    free = [i for i in interpreters.values() if i.id not in busy]
    languages = sorted(per_language)
    if len(languages) <= HALL_MAX_LANGUAGES:
        subsets = itertools.chain.from_iterable(
            itertools.combinations(languages, size) for size in range(1, len(languages) + 1)
        )
    else:
        subsets = [(language,) for language in languages] + [tuple(languages)]
    # One count per language, so each subset's constraint is short (presolve stays quick).
    counts = {}
    hints = []
    for language in languages:
        pairs = per_language[language]
        counts[language] = model.new_int_var(0, len(pairs), "")
        model.add(counts[language] == sum(var for var, _key in pairs))
        hints.append((counts[language], [key for _var, key in pairs]))
    for subset in subsets:
        supply = sum(1 for i in free if i.languages & set(subset))
        if sum(len(per_language[language]) for language in subset) > supply:
            model.add(sum(counts[language] for language in subset) <= supply)
    return hints


def _match_interpreters(meetings, free, language_of):
    """Return {meeting index: interpreter id} by augmenting paths (Kuhn's matching)."""
    owner = {}

    def try_assign(index, seen):
        language = language_of[index]
        for interpreter in free:
            if language not in interpreter.languages or interpreter.id in seen:
                continue
            seen.add(interpreter.id)
            if interpreter.id not in owner or try_assign(owner[interpreter.id], seen):
                owner[interpreter.id] = index
                return True
        return False

    for index in meetings:
        try_assign(index, set())
    return {index: interpreter_id for interpreter_id, index in owner.items()}


def _place(chosen, buyers, interpreters, problem, used_tables, used_interpreters):
    """Give each chosen meeting a free table and, when needed, an interpreter."""
    assignments = []
    dropped = 0
    for slot in problem.slots:
        pairs = sorted(chosen.get(slot, []))
        language_of = {
            index: buyers[buyer_id].interpreter_language
            for index, (buyer_id, _company) in enumerate(pairs)
            if buyers[buyer_id].interpreter_language
        }
        free = [i for i in interpreters.values() if i.id not in used_interpreters[slot]]
        given = _match_interpreters(sorted(language_of), free, language_of)
        tables = (t for t in range(1, problem.tables + 1) if t not in used_tables[slot])
        for index, (buyer_id, company_id) in enumerate(pairs):
            if index in language_of and index not in given:
                dropped += 1
                continue
            assignments.append(
                Assignment(buyer_id, company_id, slot, next(tables), given.get(index))
            )
    return assignments, dropped


def _summarise(problem, assignments, status, dropped, seconds):
    met = {(a.buyer, a.company) for a in assignments}
    met |= {(a.buyer, a.company) for a in problem.fixed}
    company_wished = {(b, c) for (c, b) in problem.company_wishes}
    buyer_wished = set(problem.buyer_wishes)
    mutual = company_wished & buyer_wished
    one_sided = (company_wished | buyer_wished) - mutual
    counts = defaultdict(int)
    for _buyer, company in met:
        counts[company] += 1
    below = sorted(c.id for c in problem.companies if counts[c.id] < problem.min_meetings)
    return Result(
        assignments=assignments,
        status=status,
        mutual_wishes=len(mutual),
        mutual_met=len(mutual & met),
        one_sided_wishes=len(one_sided),
        one_sided_met=len(one_sided & met),
        below_minimum=below,
        dropped=dropped,
        seconds=seconds,
    )
