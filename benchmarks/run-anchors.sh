#!/usr/bin/env bash
# The anchor benchmarks of issue #20 in one command: builds benchmarks/target/benchmarks.jar (tests skipped, nothing
# installed) and runs dev.cascadeguard.benchmarks.anchors.AnchorRun, which measures the graph load of the largest
# shared schema, runs the JMH benchmarks with -prof gc, and writes benchmarks/target/anchors.{json,md}.
# About 12 minutes on a 2-core machine. Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) for the
# db=postgres rows and the graph load; without it those are skipped with a message and H2 still runs.
# Pass -D options before the class through JAVA_OPTS, e.g. JAVA_OPTS="-Danchors.quick=true -Danchors.db=h2".
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests
start=$(date +%s)
java ${JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar dev.cascadeguard.benchmarks.anchors.AnchorRun
echo "run-anchors: $(( $(date +%s) - start )) s of benchmarking (build excluded)"
