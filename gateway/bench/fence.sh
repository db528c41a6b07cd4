#!/usr/bin/env bash
# Fenced-switch hold time: 20 switches 5 -> 6 -> 5 ... under ~500 writes/s (20 writers x 25/s), after
# a warm-up of 20 switches, against echoing test backends and a replicator stub (drain: 5 ms).
# Not part of `verify`. Usage: gateway/bench/fence.sh [switches] [writers] [writes/s per writer] [drain ms]
set -euo pipefail
cd "$(dirname "$0")/../.."
CP=$(mktemp)
trap 'rm -f "$CP"' EXIT
./mvnw -q -pl gateway-it -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$CP" -Dspotless.check.skip=true
# The JDK HttpServer behind the test backends and the replicator stub writes headers and body in two
# segments without TCP_NODELAY: Nagle plus delayed ACK then add ~40 ms to every command and drain.
java -XX:+UseParallelGC -Xmx512m -Dsun.net.httpserver.nodelay=true -cp "gateway-it/target/test-classes:$(cat "$CP")" \
  dev.molt.gateway.bench.FenceHoldBench "$@" 2>&1 | grep -v -E '^\s*$|^(SLF4J|WARNING)'
