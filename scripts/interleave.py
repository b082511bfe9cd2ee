#!/usr/bin/env python3
"""Times whole processes in interleaved rounds: each round runs every command once, in a random
order, so that a slow spell of a shared machine falls on all of them alike (hyperfine runs each
command's runs in one block). The first command is the reference: each line ends with its
median wall time divided by the command's.

    scripts/interleave.py 60 \
      'floor=./target/release/examples/floor ../shared/corpus/pages' \
      'capcheck=./target/release/capcheck check ../shared/corpus/pages --format json -o /dev/null --fail-on never --no-semantic'

Prints, per command, the median and mean wall time and the median user, system and CPU time
(user and system from the children's resource usage) in milliseconds.
"""

import random
import resource
import shlex
import statistics
import subprocess
import sys
import time

WARM_UP = 3


def run(argv):
    """Runs one command; returns its wall, user and system time in milliseconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        wall * 1000,
        (after.ru_utime - before.ru_utime) * 1000,
        (after.ru_stime - before.ru_stime) * 1000,
    )


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = []
    for arg in sys.argv[2:]:
        name, _, cmd = arg.partition("=")
        if not cmd:
            sys.exit(f"not NAME=COMMAND: {arg}")
        commands.append((name, shlex.split(cmd)))
    for _, argv in commands:
        for _ in range(WARM_UP):
            run(argv)
    times = {name: [] for name, _ in commands}
    for _ in range(rounds):
        order = list(commands)
        random.shuffle(order)
        for name, argv in order:
            times[name].append(run(argv))
    reference = None
    for name, _ in commands:
        wall = [t[0] for t in times[name]]
        user = statistics.median(t[1] for t in times[name])
        system = statistics.median(t[2] for t in times[name])
        median = statistics.median(wall)
        reference = reference or median
        print(
            f"{name:12s} wall median {median:7.1f} mean {statistics.mean(wall):7.1f}"
            f"  user {user:6.1f} system {system:5.1f} cpu {user + system:6.1f}"
            f"  first/this {reference / median:.3f}"
        )


if __name__ == "__main__":
    main()
