"""The bench's history: every run is kept in bench/results/bench-<time>.json, and each run
prints how its rows moved since the previous run of the same kind (scale, duration, workers,
connections), so a change of code shows as a change of figures, and noise as noise."""

import json
from pathlib import Path

KIND = ("scale", "duration_s", "connections", "workers", "repeat", "cache")


def previous_run(results_dir: Path, current: dict, current_name: str):
    """Return (name, result) of the latest earlier run of the same kind, or (None, None)."""
    for path in sorted(results_dir.glob("bench-*.json"), reverse=True):
        if path.name >= current_name:
            continue
        try:
            result = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if all(result.get(key) == current.get(key) for key in KIND):
            return path.name, result
    return None, None


def print_changes(results_dir: Path, current: dict, current_name: str):
    """Print each row's req/s against the previous run of the same kind."""
    name, previous = previous_run(results_dir, current, current_name)
    if not previous:
        print("No earlier run of the same kind in bench/results/ to compare with.")
        return
    before = {(row["page"], row["visitor"]): row for row in previous.get("rows", [])}
    print()
    print(f"Change against the previous run ({name}):")
    print(f"{'page':<28} {'visitor':<10} {'before':>8} {'now':>8} {'change':>8}  × floor")
    for row in current.get("rows", []):
        old = before.get((row["page"], row["visitor"]))
        if not old or not old.get("rps"):
            continue
        change = row["rps"] / old["rps"] - 1
        print(
            f"{row['page'][:28]:<28} {row['visitor']:<10} {old['rps']:>8.0f} {row['rps']:>8.0f} "
            f"{change:>+8.1%}  {old.get('ratio') or 0:.3f} → {row.get('ratio') or 0:.3f}"
        )
