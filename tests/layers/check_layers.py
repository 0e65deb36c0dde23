#!/usr/bin/env python3
"""Fails on any #include in src/ that runs upward or sideways past the layer table.

Each folder of src/ is a layer; a file may include its own layer and those listed for it here.
CONTRIBUTING.md draws the same table as a picture.
"""
import pathlib
import re
import sys

ALLOWED = {
    "text": set(),
    "io": {"text"},
    "json": {"text"},
    "metrics": {"text"},
    "record": {"text", "json", "metrics"},
    "artifacts": {"text", "io", "json", "metrics"},
    "report": {"text", "metrics", "artifacts"},
    "rules": {"text", "io", "json", "metrics", "record", "artifacts", "report"},
    "engine": {"text", "io", "json", "metrics", "record", "artifacts", "report", "rules"},
    "format": {"text", "report"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main(root: pathlib.Path) -> int:
    src = root / "src"
    problems = []
    layers_seen = set()
    for path in sorted(src.rglob("*.[ch]pp")):
        parts = path.relative_to(src).parts
        if len(parts) == 1:
            if path.name != "main.cpp":
                problems.append(f"{path}: every source file but main.cpp belongs in a layer folder")
            continue
        layer = parts[0]
        layers_seen.add(layer)
        if layer not in ALLOWED:
            problems.append(f"{path}: folder {layer!r} is not a layer in tests/layers/check_layers.py")
            continue
        text = path.read_text(encoding="utf-8")
        for match in INCLUDE.finditer(text):
            target = match.group(1)
            line = text.count("\n", 0, match.start()) + 1
            target_layer = target.split("/")[0] if "/" in target else None
            if target_layer is None:
                problems.append(f"{path}:{line}: include {target!r} without its layer folder")
            elif target_layer != layer and target_layer not in ALLOWED.get(layer, set()):
                problems.append(f"{path}:{line}: layer {layer!r} may not include {target!r}")
    missing = set(ALLOWED) - layers_seen
    for layer in sorted(missing):
        problems.append(f"src/{layer}/: a layer in the table has no files")
    for problem in problems:
        print(problem)
    print(f"layers: {len(problems)} problem(s) in {len(layers_seen)} layers")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
