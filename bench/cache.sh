#!/bin/sh
# Reproduces the "Task cache" figures in docs/performance.md: a fully
# cached re-run of a 10,000-node shell workflow, against the same
# workflow's shape with echo tasks (which spawn no process either) in the
# same round. Run from the repository root: sh bench/cache.sh [repeats]
set -eu
n=${1:-5}
out=bench/out
mkdir -p "$out"
go build -o "$out/wfc" ./cmd/wfc
go run ./bench/gen -width 10 -depth 1000 -kind cached > "$out/cached10k.wf"
go run ./bench/gen -width 10 -depth 1000 -kind echo > "$out/echo10k.wf"
cd "$out"
WFC_CACHE=$(pwd)/cache
export WFC_CACHE
rm -rf .wfc "$WFC_CACHE"

once() { # label, then the wfc arguments
	label=$1
	shift
	rm -rf .wfc
	/usr/bin/time -f '%e %M' -o time.txt ./wfc "$@" >/dev/null 2>stderr.txt
	summary=$(grep -E '^(succeeded|failed|cancelled): ' stderr.txt || true)
	printf '%s: %s s wall, %s KB peak RSS %s\n' "$label" $(cat time.txt) "$summary"
}

once "cached10k, cold (fills the cache)" run cached10k.wf
i=0
while [ "$i" -lt "$n" ]; do
	once "cached10k, warm" run cached10k.wf
	once "echo10k (baseline)" run echo10k.wf
	i=$((i + 1))
done
