#!/usr/bin/env bash
# Gateway overhead benchmark: wrk against a backend directly, through nginx as a plain reverse
# proxy, and through the Molt gateway (stage 1: old-API query route), all on loopback, in one run.
# Prints each run, then the medians, the ratios and the CPU each proxy spent per request (read from
# /proc, so it stays meaningful on a shared, noisy machine where req/s does not).
# Not part of `verify`. Usage: [GATEWAY_JAR=...] [JAVA_OPTS=...] gateway/bench/run.sh [runs] [seconds per run] [warm-up seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
SECONDS_PER_RUN=${2:-10}
WARMUP_SECONDS=${3:-90}
THREADS=2
CONNECTIONS=50
BACKEND_PORT=18102
NGINX_PORT=18180
GATEWAY_PORT=18080
JAVA_OPTS=${JAVA_OPTS:--XX:+UseParallelGC -Xms512m -Xmx512m}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# Backend: nginx answering a fixed ~200-byte JSON body (the fastest backend we can get here), one
# worker. Proxy: a second, separate nginx, plain reverse proxy with keep-alive to the backend and
# Debian's default worker count (auto: one per core), so that it competes for the same cores as
# the gateway does.
BODY='{"id":1,"name":"Humboldt squid","price":12000,"stock":42,"origin":"Pacific","updatedAt":"2025-01-01T00:00:00Z","version":7,"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}'
nginx_conf() { # name workers server-block
  cat > "$WORK/$1.conf" <<CONF
worker_processes $2;
daemon off;
pid $WORK/$1.pid;
error_log $WORK/$1-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK; proxy_temp_path $WORK; fastcgi_temp_path $WORK; uwsgi_temp_path $WORK; scgi_temp_path $WORK;
  $3
}
CONF
}
nginx_conf backend 1 "server { listen 127.0.0.1:$BACKEND_PORT; location / { default_type application/json; return 200 '$BODY'; } }"
nginx_conf proxy auto "upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
  server { listen 127.0.0.1:$NGINX_PORT; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
"$NGINX" -c "$WORK/backend.conf" -p "$WORK" & PIDS+=($!); BACKEND_PID=$!
"$NGINX" -c "$WORK/proxy.conf" -p "$WORK" & PIDS+=($!); PROXY_PID=$!

# GATEWAY_JAR=path runs a given build (e.g. an older one, for a before/after in the same conditions).
if [ -z "${GATEWAY_JAR:-}" ]; then
  ./mvnw -q -pl gateway -am package -DskipTests
  GATEWAY_JAR=$(ls gateway/target/gateway-*-exec.jar)
fi
JAR=$GATEWAY_JAR
# shellcheck disable=SC2086
MOLT_ADMIN_TOKEN=bench java $JAVA_OPTS -jar "$JAR" \
  --server.port=$GATEWAY_PORT --molt.gateway.admin.port=0 --management.server.port=-1 \
  --molt.gateway.cutover.state-file="$WORK/cutover.json" \
  --molt.gateway.routing.backends.old-query=http://127.0.0.1:$BACKEND_PORT \
  --logging.level.root=WARN > "$WORK/gateway.log" 2>&1 & PIDS+=($!); GATEWAY_PID=$!

PATH_UNDER_TEST=/query/api/squids/1
for i in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" 2>/dev/null && break
  if [ "$i" = 120 ]; then echo "gateway did not start"; cat "$WORK/gateway.log"; exit 1; fi
  sleep 1
done
curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST"

# CPU ticks (utime+stime, children included) of a process and its workers.
# A worker that exits between pgrep and the read is skipped.
ticks() { local total=0 p t; for p in "$1" $(pgrep -P "$1" || true); do
  t=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null) || continue
  total=$((total + ${t:-0})); done; echo $total; }
TICK=$(getconf CLK_TCK)

run_wrk() { # url pid-of-the-server-under-test -> "rps p50_ms p99_ms cpu_us_per_request errors"
  local before after
  before=$(ticks "$2")
  wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s --timeout 10s --latency "$1" > "$WORK/wrk.out"
  after=$(ticks "$2")
  awk -v cpu=$((after - before)) -v tick="$TICK" '
    /requests in/ {n=$1}
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx|Socket errors/ {err=err $0 ";"}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { gsub(/ /, "_", err); printf "%.0f %.3f %.3f %.0f %s\n", rps, ms(p50), ms(p99), cpu*1e6/tick/n, (err==""?"none":err) }' "$WORK/wrk.out"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The JIT needs about a minute of load on 2 busy cores before the gateway's CPU per request settles.
echo "warm-up: gateway ${WARMUP_SECONDS} s, nginx 5 s"
wrk -t$THREADS -c$CONNECTIONS -d${WARMUP_SECONDS}s --timeout 10s "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" >/dev/null
wrk -t$THREADS -c$CONNECTIONS -d5s --timeout 10s "http://127.0.0.1:$NGINX_PORT$PATH_UNDER_TEST" >/dev/null
declare -A RPS P50 P99 CPU
for target in direct nginx gateway; do RPS[$target]=""; P50[$target]=""; P99[$target]=""; CPU[$target]=""; done
for run in $(seq 1 "$RUNS"); do
  for target in direct nginx gateway; do
    case $target in
      direct) port=$BACKEND_PORT; pid=$BACKEND_PID;; nginx) port=$NGINX_PORT; pid=$PROXY_PID;;
      gateway) port=$GATEWAY_PORT; pid=$GATEWAY_PID;;
    esac
    read -r rps p50 p99 cpu err <<<"$(run_wrk "http://127.0.0.1:$port$PATH_UNDER_TEST" $pid)"
    echo "run $run $target: $rps req/s, p50 $p50 ms, p99 $p99 ms, $cpu us CPU/request, errors: $err"
    RPS[$target]+="$rps "; P50[$target]+="$p50 "; P99[$target]+="$p99 "; CPU[$target]+="$cpu "
  done
done
echo
echo "median of $RUNS runs, wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s --timeout 10s --latency, $(nproc) cores," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $JAVA_OPTS"
echo "(CPU/request: the backend nginx for direct, the proxy nginx for nginx, the gateway JVM for gateway)"
printf "%-8s %10s %10s %10s %12s\n" target req/s p50_ms p99_ms cpu_us/req
for target in direct nginx gateway; do
  r=$(echo "${RPS[$target]}" | median); a=$(echo "${P50[$target]}" | median)
  b=$(echo "${P99[$target]}" | median); c=$(echo "${CPU[$target]}" | median)
  printf "%-8s %10s %10s %10s %12s\n" $target $r $a $b $c
  printf -v "M_RPS_$target" '%s' "$r"; printf -v "M_P99_$target" '%s' "$b"; printf -v "M_CPU_$target" '%s' "$c"
done
awk -v g=$M_RPS_gateway -v n=$M_RPS_nginx -v d=$M_RPS_direct -v gp=$M_P99_gateway -v np=$M_P99_nginx \
  -v gc=$M_CPU_gateway -v nc=$M_CPU_nginx \
  'BEGIN { printf "ratios: gateway/nginx %.2fx, gateway/direct %.2fx, nginx/direct %.2fx, gateway p99 / nginx p99 %.2fx, gateway CPU/request / nginx CPU/request %.1fx\n", g/n, g/d, n/d, gp/np, gc/nc }'
