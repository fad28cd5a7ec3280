#!/usr/bin/env bash
# Starts Parley on the embedded defaults (H2 database and ActiveMQ broker inside the JVM), building
# the bundle first if needed. Data (database, generated TLS certificate) is kept in $PARLEY_DATA.
#
#   ./parley.sh                 # c2s on 5222 (STARTTLS), direct TLS on 5223, HTTP on 8080
#   XMPP_DOMAIN=example.com XMPP_ADMINS=admin@example.com XMPP_ADMIN_INITIAL_PASSWORD=secret ./parley.sh
#
# Every configuration key (config/CONFIGURATION.md) can be given as an environment variable
# (xmpp.c2s.port -> XMPP_C2S_PORT), as -Dkey=value in JAVA_OPTS, or in a properties file passed as
# PARLEY_PROPERTIES=/path/to/file.properties.
set -euo pipefail
cd "$(dirname "$0")"
JAR=ear/target/parley-micro.jar
if [ ! -f "$JAR" ] || [ "${PARLEY_REBUILD:-0}" = 1 ]; then
  mvn -B -q -DskipTests package
fi
DATA=${PARLEY_DATA:-./data}
mkdir -p "$DATA"
ARGS=(--rootdir "$DATA" --port "${XMPP_HTTP_PORT:-8080}" --nocluster)
if [ -n "${PARLEY_PROPERTIES:-}" ]; then ARGS+=(--systemProperties "$PARLEY_PROPERTIES"); fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$JAR" "${ARGS[@]}" "$@"
