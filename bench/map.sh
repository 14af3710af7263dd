#!/bin/sh
# Reproduces the "Maps" figures in docs/performance.md: `wfc run` of one map
# of an echo task over 10,000 and 100,000 items (wall time and peak RSS,
# record included), and `wfc compile` of that workflow beside a one-call
# workflow. Run from the repository root: sh bench/map.sh [repeats]
set -eu
n=${1:-5}
out=bench/out
mkdir -p "$out"
go build -o "$out/wfc" ./cmd/wfc
cd "$out"
rm -rf .wfc
cat > map.wf <<'WF'
echo pass(x: int)
workflow wf(xs: list[int]) -> list[int] {
    return [pass(x = v) for v in xs]
}
WF
cat > one.wf <<'WF'
echo pass(x: int)
workflow wf(x: int) -> int {
    return pass(x = x)
}
WF
for size in 10000 100000; do
	python3 -c "import json; print(json.dumps({'xs': list(range($size))}))" > "in$size.json"
done

once() { # label, then the wfc arguments
	label=$1
	shift
	/usr/bin/time -f '%e %M' -o time.txt ./wfc "$@" >/dev/null 2>stderr.txt
	summary=$(grep -E '^(succeeded|failed|cancelled): ' stderr.txt || true)
	printf '%s: %s s wall, %s KB peak RSS %s\n' "$label" $(cat time.txt) "$summary"
}

# Rounds alternate the cases, so that load on the machine hits all alike.
i=0
while [ "$i" -lt "$n" ]; do
	once map10k run map.wf --inputs in10000.json
	once map100k run map.wf --inputs in100000.json
	once compile-map compile map.wf
	once compile-one compile one.wf
	i=$((i + 1))
done
