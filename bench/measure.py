"""Driver for bench/run.sh: every figure of the speed targets, each measured back to back
against what it is compared with (A B A B ..., the median of the pairs' ratios: a shared
machine's speed drifts, a pair's ratio holds), printed with its target.

Figures (1M-row export unless said):
  legacy / pay / yahoo ÷ floor   `run --profile P --no-ledger` against the copy floor
  polars ÷ legacy                the legacy job's core in polars against ours (skipped
                                 without `pip install polars`)
  peak memory, legacy            peak RSS of the legacy run without a ledger
  history ÷ without              the legacy run with a new default ledger (a new
                                 XDG_DATA_HOME each run) against `--no-ledger`; its peak RSS
  250 rows ÷ floor               a 250-row file, process start to exit, with the default
                                 ledger (one ledger for all pairs, as a shop's daily runs),
                                 against the floor's process on the same file
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PAIRS = int(os.environ.get("PAIRS", "5"))
SMALL_PAIRS = int(os.environ.get("SMALL_PAIRS", "11"))
ONLY = os.environ.get("ONLY", "").split()
DATA = "bench/data"
BIN = "target/release/orderbridge"
FLOOR = "target/floor/release/csvcopy"
GEN = os.path.join("..", "shared", "tools", "gen_goq_export.py")
AS_OF = "2024-10-18"


def generate(n):
    path = f"{DATA}/goq_{n}.csv"
    if not os.path.exists(path):
        subprocess.run([sys.executable, GEN, str(n), path, "--seed", "42", "--as-of", AS_OF, "--defects", "0.05"],
                       check=True)
    return path


def timed(cmd, env=None, before=None):
    """Wall seconds and peak RSS (KiB) of one run of `cmd`, from the kernel's own accounting of
    the child (wait4: no wrapper process, which would add its own start to a 250-row run);
    `before` runs first, untimed (clearing an output folder, making a new data folder)."""
    if before:
        before()
    err = os.path.join(DATA, "stderr.txt")
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    t = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, env if env is not None else os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    dt = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        with open(err, errors="replace") as f:
            sys.exit(f"{' '.join(cmd)} failed ({code}): {f.read()[-2000:]}")
    return dt, usage.ru_maxrss


def pairs(a, b, n):
    """Runs A and B in turn `n` times after one warm-up of each; each is (cmd, env, before).
    Returns the median of the ratios A/B, their range, the medians of A and B, A's peak RSS."""
    timed(*a)
    timed(*b)
    ta, tb, peak = [], [], 0
    for _ in range(n):
        t, rss = timed(*a)
        ta.append(t)
        peak = max(peak, rss)
        tb.append(timed(*b)[0])
    ratios = [x / y for x, y in zip(ta, tb)]
    return statistics.median(ratios), min(ratios), max(ratios), statistics.median(ta), statistics.median(tb), peak


def line(name, value, target, detail):
    print(f"{name:<34} {value:>9} {target:>10}   {detail}")


def main():
    os.makedirs(DATA, exist_ok=True)
    out = f"{DATA}/out"
    scratch = tempfile.mkdtemp(prefix="orderbridge-bench-")
    env = dict(os.environ)
    env.pop("ORDERBRIDGE_LEDGER", None)
    env["XDG_DATA_HOME"] = os.path.join(scratch, "data")

    def clear_out():
        shutil.rmtree(out, ignore_errors=True)

    def fresh_ledger():
        clear_out()
        shutil.rmtree(env["XDG_DATA_HOME"], ignore_errors=True)

    want = lambda key: not ONLY or key in ONLY  # noqa: E731
    big = generate(1_000_000)
    floor = ([FLOOR, big, f"{DATA}/copy.csv"], env, None)
    print(f"{PAIRS} back-to-back pairs each (250 rows: {SMALL_PAIRS}); median of the pairs' ratios (range)")
    line("figure", "now", "target", "")
    for profile, target, key in [("goq-rakuten-legacy", 1.25, "legacy"), ("goq-rakuten-pay", 1.15, "pay"),
                                 ("goq-yahoo", 0.9, "yahoo")]:
        if not want(key):
            continue
        cmd = [BIN, "run", "--profile", profile, "--as-of", AS_OF, "--no-ledger", "--out", out, big]
        r, lo, hi, ta, tb, peak = pairs((cmd, env, clear_out), floor, PAIRS)
        line(f"{profile} ÷ floor", f"{r:.2f}×", f"≤ {target}×",
             f"({lo:.2f}–{hi:.2f}) {ta:.2f} s vs {tb:.2f} s, {peak / 1024:.1f} MiB")
        if key == "legacy":
            line("peak memory, legacy 1M", f"{peak / 1024:.1f}M", "≤ 16M", "(the largest of the pairs' runs)")
    legacy = [BIN, "run", "--profile", "goq-rakuten-legacy", "--as-of", AS_OF, "--out", out, big]
    if want("polars"):
        try:
            subprocess.run([sys.executable, "-c", "import polars"], check=True, capture_output=True)
            pol = ([sys.executable, "bench/compare_polars.py", big, out], env, clear_out)
            r, lo, hi, ta, tb, _ = pairs(pol, (legacy[:-1] + ["--no-ledger", big], env, clear_out), PAIRS)
            line("polars ÷ legacy", f"{r:.2f}", "≥ 3", f"({lo:.2f}–{hi:.2f}) {ta:.2f} s vs {tb:.2f} s")
        except subprocess.CalledProcessError:
            line("polars ÷ legacy", "skipped", "≥ 3", "(pip install polars)")
    if want("history"):
        with_ledger = (legacy, env, fresh_ledger)
        without = (legacy[:-1] + ["--no-ledger", big], env, clear_out)
        r, lo, hi, ta, tb, peak = pairs(with_ledger, without, PAIRS)
        line("history ÷ without, legacy 1M", f"{r:.2f}×", "≤ 1.3×", f"({lo:.2f}–{hi:.2f}) {ta:.2f} s vs {tb:.2f} s")
        line("peak memory with the history", f"{peak / 1024:.1f}M", "≤ 32M", "(a new default ledger)")
    if want("small"):
        small = generate(250)
        shutil.rmtree(env["XDG_DATA_HOME"], ignore_errors=True)
        cmd = [BIN, "run", "--profile", "goq-rakuten-legacy", "--as-of", AS_OF, "--out", out, small]
        r, lo, hi, ta, tb, _ = pairs((cmd, env, clear_out), ([FLOOR, small, f"{DATA}/copy.csv"], env, None),
                                     SMALL_PAIRS)
        line("250 rows, start to exit ÷ floor", f"{r:.1f}×", "≤ 5×",
             f"({lo:.1f}–{hi:.1f}) {ta * 1000:.1f} ms vs {tb * 1000:.1f} ms, default ledger")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(scratch, ignore_errors=True)
    if os.path.exists(f"{DATA}/copy.csv"):
        os.remove(f"{DATA}/copy.csv")


if __name__ == "__main__":
    main()
