#!/bin/sh
# Peak memory of `wfc serve` under N concurrent requests whose bodies are
# SIZE bytes of control characters (the costliest to echo: each becomes
# \u00XX). Prints the server's peak resident set (VmHWM) and the statuses.
#
#   go build -o /tmp/wfc ./cmd/wfc
#   bench/serve.sh /tmp/wfc 16 10485760
set -eu
wfc=$1 n=${2:-16} size=${3:-10485760}
port=$((20000 + $$ % 20000))
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
head -c "$size" /dev/zero | tr '\0' '\001' > "$tmp/body"
"$wfc" serve -q --addr "127.0.0.1:$port" 2>/dev/null &
pid=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.1; done
i=0 clients=
while [ $i -lt "$n" ]; do
	curl -s -o /dev/null -w '%{http_code}\n' --data-binary @"$tmp/body" "http://127.0.0.1:$port/x" > "$tmp/status.$i" &
	clients="$clients $!"
	i=$((i + 1))
done
for c in $clients; do wait "$c" || true; done
echo "peak $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status), statuses: $(cat "$tmp"/status.* | sort | uniq -c | tr -s ' \n' ' ')"
