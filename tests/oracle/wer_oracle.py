#!/usr/bin/env python3
"""Checks dlcheck's word and character error rates against the Levenshtein module.

wer_oracle.py DLCHECK: writes random transcripts (ASCII, accented and CJK words, empty and extra
hypotheses, quoted commas and line breaks, JSON Lines), computes corpus WER and CER as jiwer
defines them with Levenshtein.distance (words mapped to code points first), and compares them
with the values in dlcheck's JSON report (artifacts.predictions) to 1e-9; an exact claim must
pass and a claim 3e-9 off must fail. Exits 77 (skipped) without the module (Debian:
python3-levenshtein).
"""
import csv
import io
import json
import os
import random
import sys
import tempfile

import oracle_support

try:
    import Levenshtein
except ImportError:
    oracle_support.system_python_or_skip("wer_oracle", "python3-levenshtein")

TOLERANCE = 1e-9
OFFSET = 3e-9
VOCABULARIES = {
    "ascii": ["the", "cat", "sat", "on", "a", "mat", "dog", "ran", "fast", "slow", "is", "was"],
    "accented": ["héllo", "wörld", "café", "naïve", "señor", "über", "ça", "va"],
    "cjk": ["日本語", "テキスト", "中文", "한국어", "音声", "認識"],
    "mixed": ["yes,", "no", "\"quoted\"", "it's", "a,b", "😀", "x"],
}


def word_distance(reference, hypothesis):
    """Levenshtein over words: each distinct word becomes one code point."""
    vocabulary = {}
    encode = lambda text: "".join(chr(0x100 + vocabulary.setdefault(w, len(vocabulary))) for w in text.split())
    return Levenshtein.distance(encode(reference), encode(hypothesis))


def corpus_rates(references, hypotheses):
    words = sum(len(r.split()) for r in references)
    chars = sum(len(r.strip()) for r in references)
    wer = sum(word_distance(r, h) for r, h in zip(references, hypotheses)) / words
    cer = sum(Levenshtein.distance(r.strip(), h.strip()) for r, h in zip(references, hypotheses)) / chars
    return wer, cer


def noisy(rng, words, vocabulary):
    """A hypothesis: the reference with words substituted, deleted and inserted."""
    out = []
    for word in words:
        roll = rng.random()
        if roll < 0.1:
            continue
        out.append(rng.choice(vocabulary) if roll < 0.25 else word)
        if rng.random() < 0.08:
            out.append(rng.choice(vocabulary))
    return out


def transcripts(rng, vocabulary, rows, separator=" ", max_words=12):
    references, hypotheses = [], []
    for _ in range(rows):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(1, max_words))]
        hypothesis = [] if rng.random() < 0.05 else noisy(rng, words, vocabulary)
        references.append(separator.join(words))
        hypotheses.append(" ".join(hypothesis))
    return references, hypotheses


def cases(rng):
    for name, vocabulary in VOCABULARIES.items():
        yield name, "csv", *transcripts(rng, vocabulary, 200)
    yield "line breaks and double spaces", "csv", *transcripts(rng, VOCABULARIES["ascii"], 100, " \n ")
    yield "JSON Lines", "jsonl", *transcripts(rng, VOCABULARIES["accented"] + VOCABULARIES["cjk"], 150)
    yield "long rows", "csv", *transcripts(rng, VOCABULARIES["ascii"] + VOCABULARIES["accented"], 5, max_words=2000)


def write(folder, kind, references, hypotheses):
    if kind == "jsonl":
        name = "predictions.jsonl"
        text = "".join(json.dumps({"id": i, "reference": r, "hypothesis": h}, ensure_ascii=False) + "\n"
                       for i, (r, h) in enumerate(zip(references, hypotheses)))
    else:
        name = "predictions.csv"
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "reference", "hypothesis"])
        writer.writerows((i, r, h) for i, (r, h) in enumerate(zip(references, hypotheses)))
        text = out.getvalue()
    with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
        out.write(text)
    return name


def report(dlcheck, folder, predictions, metric, claim):
    record = {"metric": {"name": metric}, "baseline": {"value": 1.0}, "current": {"value": claim},
              "predictions": predictions}
    file_report, messages = oracle_support.check_claim(dlcheck, folder, record, TOLERANCE)
    return file_report["artifacts"]["predictions"], messages


def main():
    dlcheck = os.path.abspath(sys.argv[1])
    rng = random.Random(20261126)
    failures = checked = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, kind, references, hypotheses in cases(rng):
            predictions = write(folder, kind, references, hypotheses)
            wer, cer = corpus_rates(references, hypotheses)
            for metric, expected in (("wer", wer), ("cer", cer)):
                checked += 1
                summary, exact = report(dlcheck, folder, predictions, metric, expected)
                off = [report(dlcheck, folder, predictions, metric, expected + sign * OFFSET * max(1, expected))[1]
                       for sign in (1, -1)]
                recomputed = summary.get(metric)
                if recomputed is None or abs(recomputed - expected) > TOLERANCE or exact or not all(off):
                    failures += 1
                    print(f"FAIL {name}: {metric} = {expected!r} (Levenshtein); dlcheck recomputes {recomputed!r}, "
                          f"says {exact or 'nothing'} for the exact claim and {off} for claims {OFFSET} off")
    print(f"wer_oracle: {checked - failures}/{checked} error rates agree with Levenshtein to {TOLERANCE}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
