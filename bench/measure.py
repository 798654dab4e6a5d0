"""Driver for bench/run.sh: generates the inputs, times the floor and the engine, prints a table."""
import os
import resource
import shutil
import subprocess
import sys
import time

RUNS = int(os.environ.get("RUNS", "3"))
SIZES = [int(s) for s in os.environ.get("SIZES", "100000 1000000").split()]
PROFILES = os.environ.get("PROFILES", "goq-rakuten-legacy goq-rakuten-pay goq-yahoo").split()
DATA = "bench/data"
BIN = "target/release/orderbridge"
FLOOR = "target/release/examples/copy_floor"
GEN = os.path.join("..", "shared", "tools", "gen_goq_export.py")


def generate(n):
    path = f"{DATA}/goq_{n}.csv"
    if not os.path.exists(path):
        subprocess.run([sys.executable, GEN, str(n), path, "--seed", "42", "--as-of", "2024-10-18", "--defects", "0.05"],
                       check=True)
    return path


def measure(cmd, runs=RUNS, out=None):
    """Best wall time over `runs`, and the peak RSS (KiB) of the largest run."""
    best = None
    peak = 0
    for _ in range(runs):
        if out:
            shutil.rmtree(out, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.decode(errors='replace')}")
        best = dt if best is None else min(best, dt)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return best, peak


def rss_of(cmd, out=None):
    """Peak RSS (KiB) of one run, from GNU time (a Python parent's own pages would be counted
    by ru_maxrss before exec); 0 when /usr/bin/time is missing."""
    if out:
        shutil.rmtree(out, ignore_errors=True)
    if not os.path.exists("/usr/bin/time"):
        return 0
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, errors="replace")
    return int(proc.stderr.strip().splitlines()[-1])


def main():
    os.makedirs(DATA, exist_ok=True)
    out = f"{DATA}/out"
    print(f"{'job':<22} {'rows':>9} {'seconds':>8} {'rows/s':>11} {'MB/s':>7} {'ratio':>6} {'peak RSS':>9}")
    for n in SIZES:
        path = generate(n)
        mb = os.path.getsize(path) / 1e6
        floor, _ = measure([FLOOR, path, f"{DATA}/copy.csv"])
        floor_rss = rss_of([FLOOR, path, f"{DATA}/copy.csv"])
        print(f"{'copy-floor':<22} {n:>9} {floor:>8.3f} {n / floor:>11,.0f} {mb / floor:>7.1f} {1:>6.2f} {floor_rss / 1024:>7.1f}MB")
        for p in PROFILES:
            cmd = [BIN, "run", "--profile", p, "--as-of", "2024-10-18", "--out", out, path]
            t, _ = measure(cmd, out=out)
            rss = rss_of(cmd, out=out)
            print(f"{p:<22} {n:>9} {t:>8.3f} {n / t:>11,.0f} {mb / t:>7.1f} {t / floor:>6.2f} {rss / 1024:>7.1f}MB")
        if os.environ.get("COMPARE"):
            for name, script in [("python-csv", "bench/compare_python_csv.py"), ("polars", "bench/compare_polars.py")]:
                try:
                    t, _ = measure([sys.executable, script, path, out], runs=1, out=out)
                    print(f"{name:<22} {n:>9} {t:>8.3f} {n / t:>11,.0f} {mb / t:>7.1f} {t / floor:>6.2f}")
                except SystemExit as e:
                    print(f"{name:<22} skipped: {e}")
    small = generate(250)
    t, _ = measure([BIN, "run", "--profile", "goq-rakuten-legacy", "--as-of", "2024-10-18", "--out", out, small],
                   runs=20, out=out)
    print(f"{'small-file end to end':<22} {250:>9} {t * 1000:>7.1f}ms  (process start to exit, profile load included)")
    shutil.rmtree(out, ignore_errors=True)
    for f in (f"{DATA}/copy.csv",):
        if os.path.exists(f):
            os.remove(f)


if __name__ == "__main__":
    main()
