"""Throughput check for bulk scoring: ``python -m openiop.measures.instruments.bench [n]``.

Responses are generated up front from the instrument data, so only scoring is timed.
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any

from . import INSTRUMENTS, score
from .base import Instrument


def sample_response(instrument: Instrument, rng: random.Random) -> tuple[Any, dict[str, Any]]:
    """A random valid (answers, context) pair built only from the instrument's data."""
    context = {o.key: rng.choice(o.allowed) for o in instrument.context_options if o.required}
    if instrument.answer_shape == "list":
        required = [item for item in instrument.items if not item.optional]
        return [rng.choice(item.allowed) for item in required], context
    answers: dict[str, Any] = {}
    for item in instrument.items:
        if item.sub_items:
            chosen = rng.sample(item.sub_items, rng.randint(0, len(item.sub_items)))
            answers[item.key] = {sub.key: rng.choice(sub.allowed) for sub in chosen} or None
        else:
            answers[item.key] = rng.choice(item.allowed)
    for rule in instrument.skip_rules:
        if answers[rule.when_key] == rule.when_value:
            for key in rule.skipped:
                answers[key] = None
    return answers, context


def benchmark(n: int = 100_000, seed: int = 0) -> float:
    """Score ``n`` responses spread evenly over every instrument; return elapsed seconds."""
    # Reproducible benchmark data, not a secret.
    rng = random.Random(seed)  # nosec B311
    instruments = list(INSTRUMENTS.values())
    work = []
    for index in range(n):
        instrument = instruments[index % len(instruments)]
        answers, context = sample_response(instrument, rng)
        work.append((instrument.name, answers, context))
    started = time.perf_counter()
    for name, answers, context in work:
        score(name, answers, context)
    return time.perf_counter() - started


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    elapsed = benchmark(count)
    print(f"scored {count} responses in {elapsed:.3f} s ({count / elapsed:,.0f}/s)")
