#!/usr/bin/env bash
# Renders dlcheck's HTML report in headless Chromium: render_html.sh DLCHECK REPO [KEEP_DIR]
#
# Checks that the page renders (the screenshot is not blank), that the browser logs no console
# error and no Content-Security-Policy violation, and that hostile evidence text stays text in
# the DOM. Exits 77 (ctest SKIP) when chromium or python3 is missing. With KEEP_DIR, the HTML,
# the screenshot and chromium's log are copied there for a person to look at.
set -u
dlcheck=$1
repo=$2
keep=${3:-}

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (Debian: apt-get install chromium)"
  exit 77
fi
if ! command -v python3 >/dev/null; then
  echo "SKIP: python3 is not installed"
  exit 77
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# A record whose strings try to break out of the page, and a file that is not JSON.
cat >"$scratch/hostile.json" <<'JSON'
{"task": "<script>alert(1)</script> classification",
 "metric": {"name": "accuracy\"><img src=x onerror=alert(2)>", "higher_is_better": true},
 "baseline": {"value": 0.5}, "current": {"value": 0.6},
 "failure_cases": [{"input": "<iframe src=\"http://127.0.0.1:9/\"></iframe>", "label": "a'b", "prediction": "b&c",
                    "note": "</td></tr></table><script>alert(3)</script><style>body{display:none}</style>"}],
 "next_step": "<a href=\"javascript:alert(4)\">click</a>"}
JSON
printf '{\n  "task": "image classification",\n  "baseline": {"value": 0.71,}\n}\n' >"$scratch/broken.json"

cd "$repo" || exit 1
"$dlcheck" --format html examples/image-classification/evidence.json examples/mistake-leakage/evidence.json \
  examples/generative-model/evidence.json examples/mistake-string-number/evidence.json \
  "$scratch/hostile.json" "$scratch/broken.json" >"$scratch/report.html"
code=$?
[ "$code" -eq 2 ] || fail "dlcheck exited $code, expected 2 (a file is not valid JSON)"
[ -s "$scratch/report.html" ] || fail "the HTML report is empty"

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --enable-logging=stderr --v=0)

# run_chromium LOG ARGS...: one browser run with its own profile; stderr goes to LOG.
run_chromium() {
  local log=$1
  shift
  local profile
  profile=$(mktemp -d -p "$scratch")
  timeout 60 "$browser" "${flags[@]}" --user-data-dir="$profile" "$@" 2>"$log"
}

# Only lines about the page count: Chromium reports console messages, uncaught exceptions and
# Content-Security-Policy violations as "INFO:CONSOLE(...)" lines ("... violates the following
# Content Security Policy directive ...", "Refused to load ...", "Uncaught ..."). Everything else
# on stderr is Chromium's own start-up noise and is ignored, for example:
#   /usr/bin/chromium: 9: [: ...: unexpected operator       (Debian's wrapper script)
#   ERROR:dbus/bus.cc ... Failed to connect to the bus       (no D-Bus in containers and CI)
#   ERROR:dbus/object_proxy.cc ... Failed to call method     (same)
#   WARNING:ui/base/idle/idle_linux.cc ... D-Bus ScreenSaver (same)
#   WARNING:media/gpu/vaapi ... drmGetDevices2()             (no GPU)
#   WARNING:sandbox/policy/linux ... InitializeSandbox()     (--no-sandbox)
#   "... bytes written to file ..."                          (--screenshot's own report)
page_problems() {
  grep -E 'CONSOLE|Uncaught|Refused to|violates the following|Content[- ]Security[- ]Policy|Not allowed to load' "$1"
}

# The detector must see a violation on a page that has one, or passing below would mean nothing.
cat >"$scratch/violation.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
</head><body><p>control</p><script>console.log("ran")</script></body></html>
HTML
run_chromium "$scratch/violation.log" --dump-dom "file://$scratch/violation.html" >/dev/null
page_problems "$scratch/violation.log" >/dev/null ||
  fail "chromium logged no CSP violation for a page with an inline script: the log check cannot see problems"

run_chromium "$scratch/screenshot.log" --screenshot="$scratch/report.png" --window-size=1280,2000 \
  --hide-scrollbars "file://$scratch/report.html" >/dev/null
run_chromium "$scratch/dom.log" --dump-dom "file://$scratch/report.html" >"$scratch/dom.html"

for log in screenshot dom; do
  if page_problems "$scratch/$log.log" >"$scratch/problems"; then
    fail "chromium reported page problems ($log run):"
    cat "$scratch/problems"
  fi
done

# The DOM as the browser built it: hostile text stayed text, and the charts are there.
grep -q '<main>' "$scratch/dom.html" || fail "the DOM dump has no <main>: chromium did not load the page"
if grep -qiE '<(script|iframe|img|a href=.javascript|style>body)' "$scratch/dom.html"; then
  fail "hostile evidence text became markup:"
  grep -oiE '<(script|iframe|img|a href=.javascript|style>body)[^>]*>' "$scratch/dom.html" | head
fi
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$scratch/dom.html" || fail "the escaped <script> text is not visible"
[ "$(grep -o '<polyline' "$scratch/dom.html" | wc -l)" -ge 4 ] || fail "fewer than 4 loss curves in the DOM"
grep -qF 'cat → dog' "$scratch/dom.html" || fail "the confusion chart lacks cat → dog"
# The class table says, for each file, its task, improvement, failed rules and why it failed.
grep -qF '<th>task</th><th class="num">improvement</th><th>failed rules</th><th>why</th>' "$scratch/dom.html" ||
  fail "the class table lacks the task, improvement, failed rules and why columns"
grep -qF '<td class="rules"><code>improvement</code></td><td class="why">current.value must be a number, not the string "0.82"</td>' "$scratch/dom.html" ||
  fail "the class table does not say why mistake-string-number failed"
grep -qF "<td class=\"why\">trailing comma before '}'</td>" "$scratch/dom.html" ||
  fail "the class table does not say why the broken file could not be read"
# Training and validation loss share one chart, so one y axis.
python3 - "$scratch/dom.html" <<'PY' || fail "training and validation loss are not drawn on one pair of axes"
import re, sys
dom = open(sys.argv[1]).read()
charts = re.findall(r'<svg viewBox="0 0 480 230" role="img" aria-label="loss, val_loss over epoch">(.*?)</svg>', dom, re.S)
assert charts, "no chart of loss and val_loss"
assert all(chart.count("<polyline") == 2 for chart in charts), [chart.count("<polyline") for chart in charts]
PY

# The screenshot: right size, and far from blank (text and charts give many colours).
python3 - "$scratch/report.png" <<'PY' || fail "the screenshot looks blank or is not a PNG"
import struct, sys, zlib
from collections import Counter

data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour_type, _, _, interlace = header
assert depth == 8 and colour_type in (2, 6) and interlace == 0, f"unexpected PNG format {header}"
channels = 4 if colour_type == 6 else 3
raw = zlib.decompress(idat)
stride = width * channels
previous = bytearray(stride)
colours = Counter()
for row in range(height):
    start = row * (stride + 1)
    kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 2:
            line[i] = (line[i] + up) & 255
        elif kind == 3:
            line[i] = (line[i] + ((left + up) >> 1)) & 255
        elif kind == 4:
            corner = previous[i - channels] if i >= channels else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
    colours.update(bytes(line[i:i + 3]) for i in range(0, stride, channels * 2))
    previous = line
total = sum(colours.values())
dominant = colours.most_common(1)[0][1] / total
print(f"screenshot {width}x{height}: {len(colours)} distinct colours, dominant colour {dominant:.0%}")
assert (width, height) == (1280, 2000), "unexpected screenshot size"
assert len(colours) >= 64, "too few colours: the page looks blank"
assert dominant <= 0.9, "one colour covers almost everything: the page looks blank"
PY

if [ -n "$keep" ]; then
  mkdir -p "$keep"
  cp "$scratch/report.html" "$scratch/report.png" "$scratch/screenshot.log" "$scratch/dom.html" "$keep/" 2>/dev/null
fi
[ "$failures" -eq 0 ] || exit 1
echo "PASS: the HTML report renders in $("$browser" --version 2>/dev/null | head -n 1)"
