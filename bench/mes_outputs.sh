#!/usr/bin/env bash
# Writes `cabildo count` outputs for every pabulib file given (default: tests/data/pabulib and
# /work/shared/data/pabulib if present), every Equal Shares variant and a range of budgets, one
# file per case in OUT_DIR, so that two builds can be compared byte for byte (diff -r).
#   bench/mes_outputs.sh CABILDO OUT_DIR [FILE.pb ...]
set -euo pipefail
bin=$1
out=$2
shift 2
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(tests/data/pabulib/*.pb)
  [ -d /work/shared/data/pabulib ] && files+=(/work/shared/data/pabulib/*.pb)
fi
methods=(equalshares equalshares-comparison equalshares/add1 equalshares/add1-comparison
         equalshares/add1e equalshares/add1e-comparison)
# The file's budget times these (in percent); "file" keeps META budget.
scales=(file 10 25 50 75 90 99 101 110 125 150 200 300 500)
mkdir -p "$out"
n=0
for f in "${files[@]}"; do
  budget=$(awk -F';' 'tolower($1) == "budget" { sub(/\r$/, "", $2); print $2; exit }' "$f")
  tag=$(echo "$f" | tr '/' '_')
  for m in "${methods[@]}"; do
    for s in "${scales[@]}"; do
      name="$tag.$(echo "$m" | tr '/' '_').$s"
      if [ "$s" = file ]; then
        args=()
      else
        args=(--budget $((budget * s / 100)))
      fi
      rc=0
      "$bin" count --method "$m" "${args[@]}" "$f" >"$out/$name.json" 2>"$out/$name.err" || rc=$?
      echo "$rc" >"$out/$name.rc"
      n=$((n + 1))
    done
  done
done
echo "$n cases written to $out"
