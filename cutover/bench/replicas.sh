#!/usr/bin/env bash
# Several gateway replicas on the whole stack (./molt up --gateways N, loopback only): wrk throughput
# against one replica and against all at once, the consistency token's cost per read, and the fenced
# switch's hold over 20 switches 5 -> 6 -> 5 under ~500 writes/s spread over the replicas.
# Needs wrk (apt-get install -y wrk) and the executable jars (./mvnw -DskipTests package).
# Not part of `verify`. Usage: [MOLT_BENCH_TRANSPORT=kafka] cutover/bench/replicas.sh [replicas] [runs] [wrk seconds] [switches] [writes/s] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
CP=$(mktemp)
trap 'rm -f "$CP"' EXIT
./mvnw -q -o -pl cutover -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$CP" -Dspotless.check.skip=true
java -Xmx512m -Dmolt.bench.transport="${MOLT_BENCH_TRANSPORT:-direct}" -cp "cutover/target/test-classes:cutover/target/classes:$(cat "$CP")" \
  dev.molt.cutover.bench.GatewayReplicaBench "$@" 2>&1 | grep --line-buffered -v -E '^\s*$|^(SLF4J|WARNING)|ManagedProcess'
