# shellcheck shell=bash
# What every benchmark shares; sourced by bench/run.sh and bench/*/run.sh.
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The machine's cores and load, printed before and after timing: judge the ratios of one run.
machine() { echo "machine: nproc $(nproc), load $(uptime | sed 's/.*load average: //')"; }

# Peak resident set size of a command line, in kB (dlcheck exits 1 for its findings: ignored).
# Needs $WORK, a scratch folder.
peak_rss() {
  eval "/usr/bin/time -f %M -o $WORK/time.txt $1" >/dev/null 2>&1 || true
  tail -n 1 "$WORK/time.txt"
}

# Times COMMANDS (median of $RUNS interleaved runs, bench/timing.py) into TIMES ("wall cpu"
# a command), then measures each one's peak memory into RSS.
# shellcheck disable=SC2034  # TIMES and RSS are read by the caller
time_commands() {
  mapfile -t TIMES < <(python3 "$bench_dir/timing.py" "$RUNS" "${COMMANDS[@]}")
  RSS=()
  for command in "${COMMANDS[@]}"; do RSS+=("$(peak_rss "$command")"); done
}
