#!/usr/bin/env bash
# Gateway overhead benchmark: wrk against a backend directly, through nginx as a plain reverse
# proxy, and through the Molt gateway (stage 1: old-API query route), all on loopback, in one run.
# Not part of `verify`. Usage: gateway/bench/run.sh [runs] [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
SECONDS_PER_RUN=${2:-10}
THREADS=2
CONNECTIONS=50
BACKEND_PORT=18102
NGINX_PORT=18180
GATEWAY_PORT=18080
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# Backend: nginx answering a fixed ~200-byte JSON body (the fastest backend we can get here).
# Proxy: a second nginx, plain reverse proxy with keep-alive to the backend.
BODY='{"id":1,"name":"Humboldt squid","price":12000,"stock":42,"origin":"Pacific","updatedAt":"2025-01-01T00:00:00Z","version":7,"padding":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}'
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK; proxy_temp_path $WORK; fastcgi_temp_path $WORK; uwsgi_temp_path $WORK; scgi_temp_path $WORK;
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 64; }
  server { listen 127.0.0.1:$BACKEND_PORT; location / { default_type application/json; return 200 '$BODY'; } }
  server { listen 127.0.0.1:$NGINX_PORT; location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" & PIDS+=($!)

./mvnw -q -pl gateway -am package -DskipTests
JAR=$(ls gateway/target/gateway-*-exec.jar)
MOLT_ADMIN_TOKEN=bench java -XX:+UseParallelGC -Xms512m -Xmx512m -jar "$JAR" \
  --server.port=$GATEWAY_PORT --molt.gateway.admin.port=0 --management.server.port=-1 \
  --molt.gateway.cutover.state-file="$WORK/cutover.json" \
  --molt.gateway.routing.backends.old-query=http://127.0.0.1:$BACKEND_PORT \
  --logging.level.root=WARN > "$WORK/gateway.log" 2>&1 & PIDS+=($!)

for i in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/query/api/squids/1" 2>/dev/null && break
  if [ "$i" = 60 ]; then echo "gateway did not start"; cat "$WORK/gateway.log"; exit 1; fi
  sleep 1
done

run_wrk() { # url -> "rps p50_ms p99_ms errors"
  wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s --timeout 10s --latency "$1" > "$WORK/wrk.out"
  awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx|Socket errors/ {err=err $0 ";"}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { printf "%.0f %.3f %.3f %s\n", rps, ms(p50), ms(p99), (err==""?"none":err) }' "$WORK/wrk.out"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

PATH_UNDER_TEST=/query/api/squids/1
echo "warm-up (gateway JIT, 30 s)"; wrk -t$THREADS -c$CONNECTIONS -d30s --timeout 10s "http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST" >/dev/null
declare -A RPS P50 P99
for target in direct nginx gateway; do RPS[$target]=""; P50[$target]=""; P99[$target]=""; done
for run in $(seq 1 "$RUNS"); do
  for target in direct nginx gateway; do
    case $target in
      direct) port=$BACKEND_PORT;; nginx) port=$NGINX_PORT;; gateway) port=$GATEWAY_PORT;;
    esac
    read -r rps p50 p99 err <<<"$(run_wrk "http://127.0.0.1:$port$PATH_UNDER_TEST")"
    echo "run $run $target: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors: $err"
    RPS[$target]+="$rps "; P50[$target]+="$p50 "; P99[$target]+="$p99 "
  done
done
echo
echo "median of $RUNS runs, wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s --timeout 10s --latency, $(nproc) cores, $(java -version 2>&1 | head -1)"
printf "%-8s %10s %10s %10s\n" target req/s p50_ms p99_ms
for target in direct nginx gateway; do
  r=$(echo "${RPS[$target]}" | median); a=$(echo "${P50[$target]}" | median); b=$(echo "${P99[$target]}" | median)
  printf "%-8s %10s %10s %10s\n" $target $r $a $b
  printf -v "M_RPS_$target" '%s' "$r"; printf -v "M_P99_$target" '%s' "$b"
done
awk -v g=$M_RPS_gateway -v n=$M_RPS_nginx -v d=$M_RPS_direct -v gp=$M_P99_gateway -v np=$M_P99_nginx \
  'BEGIN { printf "ratios: gateway/nginx %.2fx, gateway/direct %.2fx, nginx/direct %.2fx, gateway p99 / nginx p99 %.2fx\n", g/n, g/d, n/d, gp/np }'
