#!/usr/bin/env bash
# Benchmarks Parley against ejabberd with the shared load harness, side by side on this machine.
#
#   bench/benchmark.sh [ROUNDS=2] [WORKLOADS="login chat presence idle"] [HARNESS=../shared/bench]
#   (environment: WARMUP=0 skips the warm-up run; PARLEY_JFR=1 records a profile; PARLEY_PASSWORD_FORMAT=scram)
#
# For each workload it starts Parley in its benchmark configuration (below) on a fresh data
# directory, provisions the harness's population through the admin REST API (bench/provision.py),
# starts ejabberd through the harness's anchor scripts (installing the Debian package if needed), and
# runs the harness's compare.sh with A=ejabberd B=parley, alternating the order per round. Figures are
# ratios parley/ejabberd measured in the same run. The report goes to bench/results/<timestamp>/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUNDS=2
WORKLOADS="login chat presence idle"
HARNESS=${BENCH_HARNESS:-../shared/bench}
for kv in "$@"; do
  case "$kv" in
    ROUNDS=*) ROUNDS=${kv#ROUNDS=};; WORKLOADS=*) WORKLOADS=${kv#WORKLOADS=};; HARNESS=*) HARNESS=${kv#HARNESS=};;
    *) echo "unknown argument $kv" >&2; exit 2;;
  esac
done
HARNESS=$(cd "$HARNESS" && pwd)
TS=$(date +%Y%m%d-%H%M%S)
OUT=$ROOT/bench/results/$TS
mkdir -p "$OUT"

# ---- Parley's benchmark configuration: plaintext PLAIN on loopback and passwords stored as they are (both as the
#      anchors are configured: ejabberd `auth_password_format: plain`, Prosody `internal_plain`), no direct TLS
#      listener, a fixed heap. Everything else is the default configuration. PARLEY_PASSWORD_FORMAT=scram measures the
#      default storage instead (each account's first PLAIN login then pays one PBKDF2 derivation).
PORT=${PARLEY_BENCH_PORT:-45222}
HTTP=${PARLEY_BENCH_HTTP:-48080}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xms2g -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=50"}
# PARLEY_JFR=1 records a JDK Flight Recorder profile per workload (bench/results/<time>/<workload>.jfr)
PARLEY_JFR=${PARLEY_JFR:-0}
PARLEY_KEYS="-Dxmpp.domain=localhost -Dxmpp.c2s.address=127.0.0.1 -Dxmpp.c2s.port=$PORT -Dxmpp.c2s.direct-tls-port=-1 \
  -Dxmpp.tls.required=false -Dxmpp.auth.allow-plaintext=true -Dxmpp.limits.max-resources=10 \
  -Dxmpp.admins=admin@localhost -Dxmpp.admin.initial-password=bench-admin \
  -Dxmpp.auth.password-format=${PARLEY_PASSWORD_FORMAT:-plain}"

command -v ejabberdctl >/dev/null || { apt-get update -qq && apt-get install -y -qq ejabberd >/dev/null; }
[ -f ear/target/parley-micro.jar ] || mvn -B -q -DskipTests package

PARLEY_PID=
start_parley() {
  stop_parley
  local data=$OUT/parley-data
  rm -rf "$data"
  local jfr=""
  [ "$PARLEY_JFR" = 1 ] && jfr="-XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=filename=$OUT/${1:-run}.jfr,settings=profile,dumponexit=true"
  JAVA_OPTS="$BENCH_JAVA_OPTS $jfr $PARLEY_KEYS" XMPP_HTTP_PORT=$HTTP PARLEY_DATA=$data ./parley.sh > "$OUT/parley-server.log" 2>&1 &
  PARLEY_PID=$!
  for _ in $(seq 1 180); do
    grep -q "ready in" "$OUT/parley-server.log" && break
    kill -0 "$PARLEY_PID" 2>/dev/null || { tail -40 "$OUT/parley-server.log"; exit 1; }
    sleep 1
  done
  # parley.sh execs java, so its PID is the server JVM's
  /usr/bin/python3 bench/provision.py "http://127.0.0.1:$HTTP" admin bench-admin | tee -a "$OUT/provisioning.json"
}
stop_parley() {
  if [ -n "$PARLEY_PID" ] && kill -0 "$PARLEY_PID" 2>/dev/null; then kill "$PARLEY_PID"; wait "$PARLEY_PID" 2>/dev/null || true; fi
  PARLEY_PID=
}
start_ejabberd() { "$HARNESS/anchors/ejabberd-stop.sh" >/dev/null 2>&1 || true; "$HARNESS/anchors/ejabberd-start.sh" > "$OUT/ejabberd-start.log" 2>&1; }
trap 'stop_parley; "$HARNESS/anchors/ejabberd-stop.sh" >/dev/null 2>&1 || true' EXIT

args_for() {
  case "$1" in
    login)    echo "N=10000";;
    chat)     echo "N=1000 RATES=1000,2000,4000,6000,8000,10000,12000,16000,20000,24000,28000,32000,36000,40000 STEP=10 STOP=1";;
    presence) echo "N=2000 K=20 RATES=100,200,400,600,800,1000,1500,2000,2500,3000 STEP=10 STOP=1";;
    idle)     echo "N=10000 HOLD=30";;
  esac
}

{
  echo "# Parley vs ejabberd — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Harness: the shared bench (xmppload.py), ROUNDS=$ROUNDS, ratio = parley / ejabberd (B/A)."
  echo "Parley JVM: \`$BENCH_JAVA_OPTS\`, $(java -version 2>&1 | head -1)."
  echo "Parley keys: \`$(echo $PARLEY_KEYS | tr -s ' ')\`."
  echo
} > "$OUT/report.md"

# Short runs of the same workload against BOTH servers before measuring, one line per run: the JVM compiles its hot
# paths in the first seconds under load, and recompiles some after the switch from a login phase to traffic
# (ejabberd's BEAM code is compiled when loaded). Chat gets two passes over the whole range of rates, ending low:
# after one pass, or passes that stopped at 6 000 msg/s, Parley's compiler threads were still busy in the first
# seconds of the first measured 1 000 msg/s step, which the second round then no longer showed. Not for idle, whose RSS-per-connection figure needs
# an untouched server.
warmups_for() {
  case "$1" in
    login)    echo "N=2000 FIRST=1";;         # users outside the measured range (2001..12000)
    chat)     echo "N=1000 FIRST=5001 RATES=2000,6000,20000,1000 STEP=8"
              echo "N=1000 FIRST=7001 RATES=2000,6000,20000,1000 STEP=8";;
    presence) echo "N=2000 K=20 RATES=100 STEP=5";;
    *)        ;;
  esac
}

for wl in $WORKLOADS; do
  # fresh servers for every workload (the idle workload's RSS slope needs them)
  start_ejabberd
  start_parley "$wl"
  if [ "${WARMUP:-1}" = 1 ]; then
    while read -r wargs; do
      [ -n "$wargs" ] || continue
      for target in ejabberd "127.0.0.1:$PORT:localhost:$PARLEY_PID"; do
        # shellcheck disable=SC2086
        "$HARNESS/run.sh" "$target" "$wl" $wargs LABEL=warmup < /dev/null >> "$OUT/warmup.log" 2>&1 || true
      done
    done <<< "$(warmups_for "$wl")"
  fi
  echo "## $wl" >> "$OUT/report.md"
  # shellcheck disable=SC2046
  "$HARNESS/compare.sh" "$wl" $(args_for "$wl") ROUNDS="$ROUNDS" A=ejabberd B="127.0.0.1:$PORT:localhost:$PARLEY_PID" \
      2> "$OUT/$wl.log" | tee -a "$OUT/report.md"
  echo >> "$OUT/report.md"
done
echo "report: $OUT/report.md"
