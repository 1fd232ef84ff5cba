"""The lint core of this checkout against another version of teinei (default: commit 7c009ab, the version
before the lint path was made faster), side by side in one run.

    git worktree add /tmp/base 7c009ab
    .venv/bin/python bench/versions.py --base /tmp/base
    .venv/bin/python bench/versions.py --base /tmp/base --rounds 5 --tree 2000

Each version runs in a worker process of its own (its ``src`` first on ``sys.path``), started once and warmed
up (rules, tagger, the words of every input seen once); the workers then take turns, round by round, on the
same work, so that load from other work on the machine hits both alike. Work:

- the 1-2 KB e-mails of ``bench/audit.py``'s archive (``lint_document`` on each parsed mail, as ``teinei
  audit`` lints them); the items of the blind corpus (linted as drafts with their subject), all of them
  (``blind``) and its 109 model e-mails of 10-25 lines alone (``models``, what ``teinei serve`` is asked);
- the files of the 10,000-template tree (``Linter.lint_path``, one process: the per-file cost);
- the 1 MB text.

Figures are per mail or file (ms) and per text (s): CPU time of the worker (``time.process_time``) and wall
time, the median of the rounds. Each worker also reports a digest of every finding it made, so the table
says whether both versions found the same things.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mailbox
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import audit  # bench/ is not a package: its modules are imported from its folder
import inputs

MAILS = 300
BLIND = inputs.ROOT / "tests" / "corpus" / "blind"


def _worker(src: str, tree_files: int, mails: int) -> None:
    """Serve rounds over stdin/stdout: one line ``<work>`` in, one JSON line of timings out."""
    sys.path.insert(0, src)
    import yaml

    from teinei.inputs import email as email_input
    from teinei.linter import Linter

    built = inputs.build()
    archive, _ = audit.build(mails)
    box = mailbox.mbox(str(archive))
    raw_mails = [box.get_bytes(key) for key in box.iterkeys()]
    drafts, models = [], []
    for path in sorted(BLIND.glob("*.yaml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("items", []):
            if isinstance(item.get("text"), str):
                drafts.append((item["text"], item.get("subject"), item.get("profile", "external")))
                if path.name.startswith("model-mails"):  # whole e-mails of 10-25 lines, as teinei serve gets
                    models.append(drafts[-1])
    tree = sorted(p for p in built.tree.rglob("*") if p.is_file())[:tree_files]
    big = built.text_1mb.read_text(encoding="utf-8")
    linter = Linter(today="2026-11-20")

    def parsed() -> list:
        return [email_input.parse(data, f"mail-{i}") for i, data in enumerate(raw_mails)]

    def findings(results: list) -> str:
        digest = hashlib.sha256()
        for result in results:
            for f in result.findings:
                digest.update(repr((f.rule, f.line, f.column, f.start, f.end, f.message, f.fix)).encode())
        return digest.hexdigest()[:12]

    work = {
        "mails": (lambda docs: [linter.lint_document(d) for d in docs], parsed, len(raw_mails), 1000),
        "blind": (lambda _: [linter.lint(t, subject=s, profile=p) for t, s, p in drafts], list, len(drafts), 1000),
        "models": (lambda _: [linter.lint(t, subject=s, profile=p) for t, s, p in models], list, len(models), 1000),
        "tree": (lambda _: [linter.lint_path(p) for p in tree], list, len(tree), 1000),
        "1mb": (lambda _: [linter.lint(big)], list, 1, 1),
    }
    for run, prepare, _, _ in work.values():  # warm-up: every word of every input seen once
        run(prepare())
    print("ready", flush=True)
    for line in sys.stdin:
        name = line.strip()
        run, prepare, count, scale = work[name]
        ready = prepare()
        wall, cpu = time.perf_counter(), time.process_time()
        results = run(ready)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(json.dumps({"cpu": cpu * scale / count, "wall": wall * scale / count, "digest": findings(results)}),
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="/tmp/base", help="a checkout of the other version (git worktree)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tree", type=int, default=inputs.TREE_FILES, help="tree files checked (default: all)")
    parser.add_argument("--mails", type=int, default=MAILS, help="mails of the audit archive")
    parser.add_argument("--work", nargs="*", default=["mails", "blind", "models", "tree", "1mb"])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        _worker(options.worker, options.tree, options.mails)
        return
    versions = {"base": str(Path(options.base) / "src"), "this": str(inputs.ROOT / "src")}
    workers = {}
    for label, src in versions.items():
        command = [sys.executable, __file__, "--worker", src, "--tree", str(options.tree)]
        command += ["--mails", str(options.mails)]
        workers[label] = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for worker in workers.values():  # (they warm up at the same time)
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    times: dict[tuple[str, str, str], list[float]] = {}
    digests: dict[tuple[str, str], set[str]] = {}
    for number in range(options.rounds):
        order = list(workers) if number % 2 == 0 else list(reversed(workers))
        for name in options.work:
            for label in order:
                worker = workers[label]
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write(name + "\n")
                worker.stdin.flush()
                answer = json.loads(worker.stdout.readline())
                for clock in ("cpu", "wall"):
                    times.setdefault((name, label, clock), []).append(answer[clock])
                digests.setdefault((name, label), set()).add(answer["digest"])
    for worker in workers.values():
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    units = {"mails": "ms/mail", "blind": "ms/mail", "models": "ms/mail", "tree": "ms/file", "1mb": "s/text"}
    print(f"{'work':<8}{'unit':>9}{'base cpu':>11}{'this cpu':>11}{'speed-up':>10}{'base wall':>11}{'this wall':>11}"
          f"{'same findings':>15}")
    for name in options.work:
        base, this = (statistics.median(times[(name, label, "cpu")]) for label in versions)
        base_wall, this_wall = (statistics.median(times[(name, label, "wall")]) for label in versions)
        same = digests[(name, "base")] == digests[(name, "this")] and len(digests[(name, "base")]) == 1
        print(f"{name:<8}{units[name]:>9}{base:>11.3f}{this:>11.3f}{base / this:>9.2f}x{base_wall:>11.3f}"
              f"{this_wall:>11.3f}{same!s:>15}")
    print(f"(median of {options.rounds} rounds; {options.mails} archive mails, {options.tree} tree files)")


if __name__ == "__main__":
    main()
