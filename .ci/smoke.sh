#!/usr/bin/env bash
# Starts the server with ./parley.sh on free ports and a fresh data directory, creates a user through
# the admin REST API, logs in with slixmpp (STARTTLS + SCRAM-SHA-256), lets two slixmpp clients complete a
# subscription handshake, see each other's presence and chat, then stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
C2S=$(free_port); TLS=$(free_port); HTTP=$(free_port)
DATA=$(mktemp -d)
LOG=$DATA/server.log
export XMPP_C2S_PORT=$C2S XMPP_C2S_DIRECT_TLS_PORT=$TLS XMPP_HTTP_PORT=$HTTP PARLEY_DATA=$DATA \
       XMPP_ADMINS=admin@localhost XMPP_ADMIN_INITIAL_PASSWORD=smoke-admin
./parley.sh > "$LOG" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 180); do
  grep -q "ready in" "$LOG" && break
  kill -0 "$PID" 2>/dev/null || { cat "$LOG"; echo "server exited"; exit 1; }
  sleep 1
done
grep -q "ready in" "$LOG" || { tail -50 "$LOG"; echo "server did not start"; exit 1; }
curl -sf -u admin:smoke-admin -H 'Content-Type: application/json' -d '{"username":"smoke","password":"smoke-pw"}' \
  "http://127.0.0.1:$HTTP/api/users" >/dev/null
/usr/bin/python3 .ci/smoke_slixmpp.py 127.0.0.1 "$C2S" smoke@localhost smoke-pw
for u in romeo juliet; do
  curl -sf -u admin:smoke-admin -H 'Content-Type: application/json' -d "{\"username\":\"$u\",\"password\":\"smoke-pw\"}" \
    "http://127.0.0.1:$HTTP/api/users" >/dev/null
done
/usr/bin/python3 .ci/smoke_slixmpp_im.py 127.0.0.1 "$C2S" romeo@localhost juliet@localhost smoke-pw
echo "smoke test passed: slixmpp logged in over STARTTLS with SCRAM-SHA-256; two slixmpp clients subscribed, saw presence and chatted"
