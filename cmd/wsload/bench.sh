#!/usr/bin/env bash
# Benchmarks one Ladder instance's WebSocket fan-out: for each subscriber
# count, starts a fresh app process on a fresh redis-server, opens the
# subscribers with wsload, reads the app's memory per idle socket, then
# publishes timestamped events at a steady rate and reports delivery
# latency. Usage: cmd/wsload/bench.sh [runs] [counts...]
set -euo pipefail
runs=${1:-3}; shift || true
counts=${*:-1000 5000}
bin=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f $bin/redis.pid ] && kill $(cat $bin/redis.pid) 2>/dev/null; rm -rf $bin' EXIT
go build -o $bin/app ./cmd/app
go build -o $bin/wsload ./cmd/wsload
freeport() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
rport=$(freeport)
redis-server --port $rport --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile $bin/redis.pid --logfile $bin/redis.log
sleep 0.5
for n in $counts; do
  for r in $(seq 1 $runs); do
    aport=$(freeport)
    REDIS_URL=redis://127.0.0.1:$rport REDIS_PREFIX=bench$r LOG_FORMAT=json \
      $bin/app -addr 127.0.0.1:$aport > $bin/app.log 2>&1 &
    app=$!
    for _ in $(seq 50); do curl -sf 127.0.0.1:$aport/healthz >/dev/null && break; sleep 0.1; done
    sleep 1
    echo "== $n subscribers, run $r"
    $bin/wsload -url ws://127.0.0.1:$aport/ws -connections $n -topic match:bench -duration ${DURATION:-15s} \
      -redis redis://127.0.0.1:$rport -prefix bench$r -rate ${RATE:-20} -pid $app
    kill $app; wait $app 2>/dev/null || true
  done
done
