#!/usr/bin/env bash
# Prints Cabildo's figures on this machine. Never fails on a number.
set -euo pipefail
build=${1:-build}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo
echo "counting (one process per case):"
"$build/bench/cabildo_bench_count" approval
"$build/bench/cabildo_bench_count" schulze
"$build/bench/cabildo_bench_count" mes tests/data/pabulib/Poland_Warszawa_2026.pb equalshares
"$build/bench/cabildo_bench_count" mes tests/data/pabulib/Poland_Warszawa_2026.pb equalshares/add1
echo
echo "token crypto (1 core, 2 s a figure):"
crypto=$("$build/bench/cabildo_bench_crypto" 2)
echo "$crypto" | sed 's/^/  /'
# The same operations by `openssl speed` (its RSA sign is the raw private-key operation, its verify
# PKCS#1 v1.5), ours / openssl: what our checks, encodings and JSON cost on top of the primitive.
echo "against openssl speed -seconds 2 rsa2048 rsa3072 ed25519:"
awk 'FILENAME == ARGV[1] {
       split($0, f, ":")
       if (f[1] == "+F2") { ref["blind_sign_rsa" f[3]] = f[4]; ref["pss_verify_rsa" f[3]] = f[5] }
       if (f[1] == "+F6" && f[4] == "Ed25519") { ref["token_sign_ed25519"] = f[5]; ref["token_verify_ed25519"] = f[6] }
       next }
     { ours = $2; sub("/s", "", ours)
       if (ref[$1] > 0) printf "  %-22s ours %8.0f/s  openssl %8.0f/s  ratio %.2f\n", $1, ours, ref[$1], ours / ref[$1]
       else printf "  %-22s ours %8.0f/s  openssl n/a\n", $1, ours }' \
  <(openssl speed -mr -seconds 2 rsa2048 rsa3072 ed25519 2>/dev/null || true) <(echo "$crypto")
echo
# cabildo verify on a generated board: its time against that many Ed25519 verifications by
# openssl speed (one core each), the bound the checks of every token's signature set.
n_board=${BOARD_BALLOTS:-1000000}
board_file=$(mktemp /tmp/cabildo-board.XXXXXX)
echo "bulletin board: cabildo verify on a board of $n_board ballots (1 core):"
made=$(taskset -c 1 "$build/bench/cabildo_bench_board" "$n_board" "$board_file")
echo "  $made; file $(du -m "$board_file" | cut -f1) MiB"
verifies=$(echo "$made" | sed -E 's/.* ([0-9]+) Ed25519 verifications/\1/')
t0=$EPOCHREALTIME
taskset -c 1 "$build/app/cabildo" verify "$board_file" > /dev/null || echo "  (verify did not hold: a bug)"
t1=$EPOCHREALTIME
rm -f "$board_file"
ed_rate=$(openssl speed -mr -seconds 2 ed25519 2>/dev/null | awk -F: '$1 == "+F6" && $4 == "Ed25519" {print $6}')
awk -v t0="$t0" -v t1="$t1" -v n="$verifies" -v rate="${ed_rate:-0}" 'BEGIN {
  s = t1 - t0
  if (rate > 0) printf "  verify: %.1f s; %d verifications at openssl speed (%.0f/s): %.1f s; ratio %.2f\n", s, n, rate, n / rate, s / (n / rate)
  else printf "  verify: %.1f s (openssl speed unavailable)\n", s }'
echo
echo "on SQLite:"
"$build/bench/cabildo_bench_ballots" "$build/app/cabildo" --ballots "${BALLOTS:-20000}" --connections "${CONNECTIONS:-32}" 2>/dev/null
echo
echo "in-person tables on SQLite:"
"$build/bench/cabildo_bench_tables" "$build/app/cabildo" --ballots "${TABLE_BALLOTS:-2000}" 2>/dev/null || echo "  (tables bench failed)"
echo

# The same on PostgreSQL: a throwaway server in a temporary folder (as nobody when run as root, as
# PostgreSQL requires), fsync on, like a real one; stopped on exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  pg_dir=$(mktemp -d /tmp/cabildo-bench-pg.XXXXXX)
  as=""
  if [ "$(id -u)" = 0 ]; then chown nobody:nogroup "$pg_dir"; as="runuser -u nobody --"; fi
  pg_port=$((20000 + RANDOM % 20000))
  trap '$as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
  $as "$pg_bin/initdb" -D "$pg_dir/data" -U cabildo -A trust -E UTF8 --locale=C >/dev/null
  $as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
  echo "on PostgreSQL ($("$pg_bin/postgres" --version | awk '{print $3}'), same machine, synchronous_commit on, fsync on):"
  "$build/bench/cabildo_bench_ballots" "$build/app/cabildo" --ballots "${BALLOTS:-20000}" --connections "${CONNECTIONS:-32}" \
    --db "postgresql://cabildo@127.0.0.1:$pg_port/postgres" 2>/dev/null
  echo
  # Two nodes on one (new) database, the connections dealt between them: on two cores the nodes,
  # PostgreSQL and the load generator share the same two, so this shows that nodes add no
  # contention of their own, not that they add capacity.
  $as "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U cabildo two_nodes
  echo "on PostgreSQL, two nodes:"
  "$build/bench/cabildo_bench_ballots" "$build/app/cabildo" --ballots "${BALLOTS:-20000}" --connections "${CONNECTIONS:-32}" \
    --db "postgresql://cabildo@127.0.0.1:$pg_port/two_nodes" --nodes 2 2>/dev/null
  echo
else
  echo "on PostgreSQL: skipped (no /usr/lib/postgresql/*/bin/initdb: make deps installs it)"
  echo
fi
if [ -d node_modules/@playwright/test ] && [ -f frontend/dist/index.html ]; then
  # chromium and the script on core 1; web_first_visit.mjs puts the server on core 0.
  taskset -c 1 node bench/web_first_visit.mjs "$build/app/cabildo"
else
  echo "web app: skipped (needs npm ci and make web)"
fi

# The kill -9 drills (tests/api/drill_test.cpp): 20 SIGKILLs at random moments under load, on SQLite
# and on a throwaway PostgreSQL (there also to one of two nodes, and to the database itself); every
# acknowledged ballot must be counted once.
echo "kill -9 drill, 20 kills:"
for backend in sqlite postgresql; do
  if [ "$backend" = postgresql ]; then set -- env CABILDO_TEST_BACKEND=postgresql; else set -- env -u CABILDO_TEST_BACKEND; fi
  "$@" CABILDO_DRILL_KILLS=20 "$build/tests/api/cabildo_api_tests" --run_test=drills --log_level=message 2>&1 |
    grep "kill -9 drill" | sed "s/\x1b\[[0-9;]*m//g; s/^/  $backend: /" || echo "  $backend: (the drill did not run)"
done
echo
# Overload (bench/overload.cpp): the server on core 0 with one io thread, the load on core 1; its
# capacity beside one core's Ed25519 verify rate measured now (the one cost a ballot cannot avoid),
# then three times that capacity, open loop.
echo "the hot path and overload (SQLite, server pinned to core 0, one io thread):"
overload=$("$build/bench/cabildo_bench_overload" "$build/app/cabildo" --tokens "${OVERLOAD_TOKENS:-20000}" --seconds "${OVERLOAD_SECONDS:-15}" 2>/dev/null) || echo "  (overload bench failed)"
echo "$overload" | grep -v '^CAPACITY'
verify_rate=$(taskset -c 0 openssl speed -mr -seconds 2 ed25519 2>/dev/null | awk -F: '$1 == "+F6" && $4 == "Ed25519" {print $6}')
capacity=$(echo "$overload" | sed -n 's/^CAPACITY //p')
awk -v c="${capacity:-0}" -v v="${verify_rate:-0}" 'BEGIN {
  if (c > 0 && v > 0) printf "  capacity %.0f ballots/s against openssl speed ed25519 on core 0, %.0f verifies/s: %.0f%% (goal 70%%)\n", c, v, 100 * c / v }'
# The same load with each token's signature broken: verified in full, refused 401, nothing stored.
# What reading, verifying and answering reach without the database: the bound of the figure above.
ceiling=$("$build/bench/cabildo_bench_overload" "$build/app/cabildo" --tokens "${OVERLOAD_TOKENS:-20000}" --signatures broken 2>/dev/null) || echo "  (ceiling bench failed)"
echo "$ceiling" | grep -v '^CEILING' | grep -v 'server on core'
awk -v c="$(echo "$ceiling" | sed -n 's/^CEILING //p')" -v v="${verify_rate:-0}" 'BEGIN {
  if (c > 0 && v > 0) printf "  without the database: %.0f ballots/s, %.0f%% of the verify rate\n", c, 100 * c / v }'
# And half that capacity, open loop, the load the latency goal is set at (p99 under 25 ms).
echo "at half the capacity:"
"$build/bench/cabildo_bench_overload" "$build/app/cabildo" --tokens "${OVERLOAD_TOKENS:-20000}" --seconds 10 --factor 0.5 --connections 256 2>/dev/null \
  | grep -v '^CAPACITY' | grep -v 'capacity, closed loop' || echo "  (half-load bench failed)"
echo
echo "a compressed night (SQLite):"
"$build/bench/cabildo_bench_night" "$build/app/cabildo" --tokens "${NIGHT_TOKENS:-6000}" --minutes "${NIGHT_MINUTES:-3}" 2>/dev/null || echo "  (night bench failed)"
echo
