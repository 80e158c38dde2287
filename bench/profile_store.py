"""Profile the embedded store's bulk path: a bulk load, then upserts, with every slow statement.

    .venv/bin/python bench/profile_store.py [--companies 100000] [--chunk 50000] [--upserts 3] [--trace]

Prints rows/s of the bulk load (store.write of the generator's batches) and of each upsert batch;
``--trace`` also prints each LadybugDB statement that took more than 10 ms. Run it with another
checkout first on PYTHONPATH (``PYTHONPATH=/other/checkout``) to compare a change before and after.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

if "graph" not in sys.modules:
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench.generate import Generator, Scale  # noqa: E402
from graph.store import ladybug_store, open_store  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=50_000)
    parser.add_argument("--upserts", type=int, default=3)
    parser.add_argument("--upsert-rows", type=int, default=50_000)
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--copy-threshold", type=int, help="override ladybug_store.COPY_THRESHOLD")
    parser.add_argument("--buffer-pool-mb", type=int, help="LadybugDB buffer pool size (default: its own)")
    args = parser.parse_args(argv)
    if args.buffer_pool_mb:
        import functools

        import ladybug

        ladybug.Database = functools.partial(ladybug.Database, buffer_pool_size=args.buffer_pool_mb << 20)
    if args.copy_threshold is not None:
        ladybug_store.COPY_THRESHOLD = args.copy_threshold
    print(f"store module: {ladybug_store.__file__}")
    if args.trace:
        run = ladybug_store.LadybugStore._execute

        def traced(self, cypher, params=None):
            t = time.perf_counter()
            result = run(self, cypher, params)
            seconds = time.perf_counter() - t
            if seconds > 0.01:
                rows = params["t"].num_rows if params and "t" in params else ""
                print(f"    {seconds:7.3f}s {rows:>7} {cypher[:110]}")
            return result

        ladybug_store.LadybugStore._execute = traced
    gen = Generator(Scale().scaled(args.companies))
    with tempfile.TemporaryDirectory(prefix="chainkg-profile-") as tmp:
        store = open_store(str(Path(tmp) / "graph"))
        rows, started = 0, time.perf_counter()
        for batch in gen.batches(args.chunk):
            store.write(batch)
            rows += len(batch)
        seconds = time.perf_counter() - started
        print(f"bulk load: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s; "
              f"peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
        nxt = gen.scale.companies
        for i in range(args.upserts):
            batch, nxt = gen.upsert_batch(args.upsert_rows, first_new=nxt, round_no=i)
            t = time.perf_counter()
            store.write(batch)
            seconds = time.perf_counter() - t
            print(f"upsert {i + 1}: {len(batch):,} rows in {seconds:.2f} s = {len(batch) / seconds:,.0f} rows/s")
        store.close()
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
