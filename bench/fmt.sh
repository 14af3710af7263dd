#!/bin/sh
# Reproduces the "Formatter" figures in docs/performance.md: whole-process
# `wfc fmt` of a generated workflow of 100,000 lines (10 chains of shell
# calls), plain and with a comment after every call, against `wfc check`
# of the same file in the same round (parsing and checking; fmt parses and
# prints), so that both see the same machine load.
# Run from the repository root: sh bench/fmt.sh [rounds]
set -eu
n=${1:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/wfc" ./cmd/wfc
go run ./bench/gen -width 10 -depth 10000 -kind shell > "$out/plain.wf"
sed 's/)$/) # a comment/' "$out/plain.wf" > "$out/commented.wf"
cd "$out"

measure() { # prints "wall cpu rss" of the wfc command given
	/usr/bin/time -f '%e %U %S %M' -o time.txt ./wfc "$@" >/dev/null 2>stderr.txt || true
	awk '{ printf "%.2f %.2f %d", $1, $2 + $3, $4 / 1024 }' time.txt
}

i=0
while [ "$i" -lt "$n" ]; do
	for f in plain commented; do
		set -- $(measure fmt $f.wf) $(measure check $f.wf)
		echo "$f: fmt $1 s wall, $2 s CPU, $3 MB; check $4 s wall, $5 s CPU, $6 MB;" \
			"fmt/check wall $(echo "$1 $4" | awk '{ printf "%.2f", $1 / $2 }'), CPU $(echo "$2 $5" | awk '{ printf "%.2f", $1 / $2 }')"
	done
	i=$((i + 1))
done
