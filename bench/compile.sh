#!/bin/sh
# Reproduces the "Compiler" figures in docs/performance.md: whole-process
# `wfc compile` of generated workflows (10 chains of shell calls), wall
# time and peak RSS at 10,000 and 100,000 calls, and the ratio of the two
# measured in the same round (ten 10k compiles, timed together, against
# one 100k compile), so that both see the same machine load.
# Run from the repository root: sh bench/compile.sh [rounds]
set -eu
n=${1:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/wfc" ./cmd/wfc
go run ./bench/gen -width 10 -depth 1000 -kind shell > "$out/shell10k.wf"
go run ./bench/gen -width 10 -depth 10000 -kind shell > "$out/shell100k.wf"
cd "$out"

measure() { # label, then the wfc arguments
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o time.txt ./wfc "$@" >/dev/null 2>stderr.txt
	printf '%s: %s s wall, %s KB peak RSS\n' "$label" $(cat time.txt)
}

now() { date +%s.%N; }

i=0
while [ "$i" -lt "$n" ]; do
	t0=$(now)
	j=0
	while [ "$j" -lt 10 ]; do
		./wfc compile shell10k.wf -o c10k 2>/dev/null
		j=$((j + 1))
	done
	t1=$(now)
	./wfc compile shell100k.wf -o c100k 2>/dev/null
	t2=$(now)
	echo "$t0 $t1 $t2" | awk '{ a = ($2 - $1) / 10; b = $3 - $2; printf "10k %.3f s, 100k %.3f s, ratio %.1f\n", a, b, b / a }'
	measure "compile 100k -o     " compile shell100k.wf -o c100k
	measure "compile 100k pb     " compile --format pb shell100k.wf -o c100kpb
	measure "compile 100k stdout " compile shell100k.wf
	measure "package 100k        " package shell100k.wf -o p.tgz
	measure "check 100k (for scale)" check shell100k.wf
	i=$((i + 1))
done
