#!/usr/bin/env bash
# Runs every target of cabildo_fuzz (tests/fuzz/) for SECONDS each, then replays the saved crash
# inputs of tests/fuzz/regressions/: `make fuzz` with its budget, `make test` 20 s each as a smoke
# check. Each target starts from a copy of its seeds (tests/fuzz/corpus/<target>/, never grown by a
# run) and writes what it finds into that copy; a crash, a leak, a timeout or a sanitizer report
# fails the run, its input kept under $FUZZ_ARTIFACTS (default build-fuzz/artifacts) to become a
# regression. Prints each target's executions against the goal of 10 million.
#
#   scripts/fuzz.sh CABILDO_FUZZ_BINARY [SECONDS] [JOBS]
set -uo pipefail
bin=${1:?usage: scripts/fuzz.sh CABILDO_FUZZ_BINARY [SECONDS] [JOBS]}
seconds=${2:-180}
jobs=${3:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${FUZZ_ARTIFACTS:-$root/build-fuzz/artifacts}
goal=10000000
mkdir -p "$artifacts"
work=$(mktemp -d /tmp/cabildo-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

targets=$(cd "$root/tests/fuzz/corpus" && ls -d -- */ | tr -d /)
run_one() {
  local t=$1
  mkdir -p "$work/$t"
  cp -r "$root/tests/fuzz/corpus/$t/." "$work/$t/"
  # -rss_limit_mb: a leak or a runaway allocation fails instead of swapping; -timeout: a hang.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" "$t" "$work/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$t-" >"$work/$t.log" 2>&1
  echo $? >"$work/$t.rc"
}
export -f run_one
export bin seconds work artifacts root
echo "$targets" | xargs -P "$jobs" -I{} bash -c 'run_one {}'

failed=0
printf '  %-12s %14s %10s %8s  %s\n' target executions "per s" corpus "goal 10 million"
for t in $targets; do
  rc=$(cat "$work/$t.rc" 2>/dev/null || echo 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t.log" | tail -1)
  units=$(find "$work/$t" -type f | wc -l)
  mark=$([ "${runs:-0}" -ge "$goal" ] && echo reached || echo "not in ${seconds} s")
  printf '  %-12s %14s %10s %8s  %s\n' "$t" "${runs:-?}" "${rate:-?}" "$units" "$mark"
  if [ "$rc" != 0 ]; then
    failed=1
    echo "  $t FAILED (exit $rc); the end of its log:"
    tail -40 "$work/$t.log" | sed 's/^/    /'
  fi
done

# Every input that once crashed a target, run again: a fixed bug stays fixed.
for f in "$root"/tests/fuzz/regressions/*-*.bin; do
  [ -e "$f" ] || continue
  t=$(basename "$f" | sed 's/-.*//')
  # A target name may hold an underscore but no dash: the part before the first dash.
  if ! "$bin" "$t" "$f" >"$work/regression.log" 2>&1; then
    failed=1
    echo "  regression $(basename "$f") FAILED:"
    tail -20 "$work/regression.log" | sed 's/^/    /'
  fi
done
[ "$failed" = 0 ] && echo "  no crash, leak, hang or sanitizer report; regressions replayed: $(ls "$root"/tests/fuzz/regressions/*-*.bin 2>/dev/null | wc -l)"
exit $failed
