#!/usr/bin/env python3
"""Swaps folders of a class for symlinks to outside while dlcheck checks it, and fails if any
output ever shows a marker that only the outside files hold.

usage: race_test.py DLCHECK [SWAPS]

Two folders are swapped: each pack's `logs/` (a file the record names, opened beneath the
project root) and, in a second class, whole pack folders holding the evidence file. Outside,
the same names hold files whose every line is the marker, so any read of them would show it in
a parse error's excerpt. The check runs with -j 4 in every format until the swapper has made
at least SWAPS swaps of each kind.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

FORMATS = ["text", "json", "github", "markdown", "sarif", "junit", "csv", "html"]
MARKER = "MARKER-7f3c9a-outside-the-root"
PACKS = 8


def write_class(root: pathlib.Path, outside: pathlib.Path) -> None:
    (root / ".git").mkdir(parents=True)
    for i in range(PACKS):
        pack = root / f"student{i}"
        (pack / "logs").mkdir(parents=True)
        (pack / "logs" / "train.csv").write_text("epoch,loss,val_loss\n1,0.9,0.95\n2,0.7,0.8\n3,0.5,0.7\n")
        (pack / "evidence.json").write_text(
            '{"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "training_log": "logs/train.csv"}\n')
    (outside / "logs").mkdir(parents=True)
    (outside / "logs" / "train.csv").write_text(f"{MARKER}\n{MARKER},{MARKER}\n")
    (outside / "evidence.json").write_text(f'{{"task": "{MARKER}", {MARKER}\n')


class Swapper(threading.Thread):
    """Swaps `real` for a symlink to `target` and back until stopped, counting the swaps."""

    def __init__(self, pairs):
        super().__init__(daemon=True)
        self.pairs = pairs
        self.swaps = 0
        self.stop = threading.Event()
        self.linked = threading.Event()

    def run(self):
        while not self.stop.is_set():
            for real, target in self.pairs:
                aside = real.with_name(real.name + ".aside")
                os.rename(real, aside)
                os.symlink(target, real)
                self.linked.set()
                time.sleep(0.0005)  # long enough for a check to meet the link, not only the rename
                self.linked.clear()
                os.unlink(real)
                os.rename(aside, real)
            self.swaps += 1


def main() -> int:
    dlcheck = os.path.abspath(sys.argv[1])
    wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        root, outside = work / "class", work / "outside"
        write_class(root, outside)
        pairs = [(root / f"student{i}" / "logs", outside / "logs") for i in range(PACKS)]
        pairs += [(root / f"student{i}", outside) for i in range(0, PACKS, 2)]
        swapper = Swapper(pairs)
        swapper.start()
        runs = 0
        met = 0  # checks during which a link was in place at least once
        try:
            while swapper.swaps < wanted or runs < len(FORMATS):
                fmt = FORMATS[runs % len(FORMATS)]
                # Output to files, not pipes: a full pipe would stop the check while this loop waits.
                with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
                    process = subprocess.Popen([dlcheck, "-j", "4", "--color", "never", "--format", fmt, str(root)],
                                               stdout=out, stderr=err)
                    linked = False
                    while process.poll() is None:
                        linked = linked or swapper.linked.is_set()
                        time.sleep(0.0001)
                    out.seek(0)
                    err.seek(0)
                    done = subprocess.CompletedProcess(process.args, process.returncode, out.read(), err.read())
                runs += 1
                met += linked
                for stream in (done.stdout, done.stderr):
                    if MARKER.encode() in stream:
                        print(f"read outside the root: --format {fmt}, run {runs}, after {swapper.swaps} swaps")
                        print(stream.decode(errors="replace")[:2000])
                        return 1
        finally:
            swapper.stop.set()
            swapper.join()
            # a swap interrupted by the stop leaves a link or an aside folder; put things back
            for real, _ in pairs:
                aside = real.with_name(real.name + ".aside")
                if aside.exists():
                    if real.is_symlink():
                        real.unlink()
                    os.rename(aside, real)
        if met == 0:
            print(f"race: none of {runs} checks ran while a link was in place; the test proved nothing")
            return 1
        print(f"race: {runs} checks during {swapper.swaps} rounds of {len(pairs)} swaps ({met} met a link), "
              "nothing read outside the root")
    return 0


if __name__ == "__main__":
    sys.exit(main())
