"""Benchmark, run by hand: how much flevonorm's checked loading costs over a bare YAML parse.

    python bench/bench_load.py [ROOT] [--repeat N]

Both sides read the same files in one run: a bare `yaml.load(CSafeLoader)` of every
file, against flevonorm's full validation (text-preserving parse, positions, models and
cross-file checks). Also times the refusal of a billion-laughs file.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from flevonorm.checks import load_checked
from flevonorm.problems import Problems
from flevonorm.yamlio import parse_yaml


def best_of(repeat: int, action: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", default=Path(__file__).parent.parent, type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    files = sorted(args.root.glob("*.yaml")) + sorted(args.root.glob("rounds/*/*.yaml"))
    texts = [f.read_text(encoding="utf-8") for f in files]

    def bare() -> None:
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)

    def checked() -> None:
        load_checked(args.root)

    bare_best, bare_median = best_of(args.repeat, bare)
    full_best, full_median = best_of(args.repeat, checked)
    print(f"{len(files)} files, {sum(map(len, texts)):,} characters, best of {args.repeat}")
    print(
        f"bare yaml.load (C loader): {bare_best * 1000:8.1f} ms (median {bare_median * 1000:.1f})"
    )
    print(
        f"flevonorm validate core:   {full_best * 1000:8.1f} ms (median {full_median * 1000:.1f})"
    )
    print(f"ratio: {full_best / bare_best:.1f}x a bare parse")

    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    bomb_best, _ = best_of(args.repeat, lambda: parse_yaml(bomb, "bomb.yaml", Problems()))
    print(f"billion laughs refused in {bomb_best * 1000:.2f} ms")


if __name__ == "__main__":
    main()
