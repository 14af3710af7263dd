#!/bin/sh
# Reproduces the "Runtime" figures in docs/performance.md: whole-process
# `wfc run` over generated workflows, wall time and peak RSS, record
# included. Run from the repository root: sh bench/runtime.sh [repeats]
# [OLD-WFC]: given another wfc binary, it times that one too, alternating
# with this one in every round, for before/after figures from one session.
set -eu
n=${1:-5}
old=${2:-}
if [ -n "$old" ]; then
	old=$(cd "$(dirname "$old")" && pwd)/$(basename "$old")
fi
out=bench/out
mkdir -p "$out"
go build -o "$out/wfc" ./cmd/wfc
go run ./bench/gen -width 10 -depth 10000 -kind echo > "$out/echo100k.wf"
go run ./bench/gen -width 200 -depth 1 -kind sleep > "$out/sleep200.wf"
cd "$out"
rm -rf .wfc

once() { # label, binary, then the wfc arguments (sh has no locals: names differ from measure's)
	once_label=$1
	once_bin=$2
	shift 2
	rm -rf .wfc
	/usr/bin/time -f '%e %M' -o time.txt "$once_bin" "$@" >/dev/null 2>stderr.txt
	summary=$(grep -E '^(succeeded|failed|cancelled): ' stderr.txt || true)
	printf '%s: %s s wall, %s KB peak RSS %s\n' "$once_label" $(cat time.txt) "$summary"
}

measure() { # label, then the wfc arguments
	label=$1
	shift
	i=0
	while [ "$i" -lt "$n" ]; do
		once "$label" ./wfc "$@"
		if [ -n "$old" ]; then
			once "$label (old)" "$old" "$@"
		fi
		i=$((i + 1))
	done
}

baseline() { # the same 200 sleeps with xargs -P 50: the machine's floor
	i=0
	while [ "$i" -lt "$n" ]; do
		/usr/bin/time -f '%e' -o time.txt sh -c 'seq 200 | xargs -P 50 -I{} sh -c "sleep 0.2; echo {}" >/dev/null'
		printf 'sleep200 via xargs -P 50: %s s wall\n' "$(cat time.txt)"
		i=$((i + 1))
	done
}

measure echo100k run echo100k.wf
measure check100k check echo100k.wf
measure sleep200 run --max-parallel 50 sleep200.wf
baseline
