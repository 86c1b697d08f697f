#!/usr/bin/env bash
# Prints Cabildo's figures on this machine. Never fails on a number.
set -euo pipefail
build=${1:-build}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo
echo "counting (one process per case):"
"$build/bench/cabildo_bench_count" approval
"$build/bench/cabildo_bench_count" schulze
"$build/bench/cabildo_bench_count" mes tests/data/pabulib/Poland_Warszawa_2026.pb
echo
echo "raw Ed25519 verify rate (openssl speed ed25519, 1 core):"
openssl speed -seconds 3 ed25519 2>/dev/null | awk '/Ed25519/ {print "  sign " $(NF-1) "/s, verify " $NF "/s"}'
echo
"$build/bench/cabildo_bench_ballots" "$build/app/cabildo" --ballots "${BALLOTS:-20000}" --connections "${CONNECTIONS:-32}" 2>/dev/null
