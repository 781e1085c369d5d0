#!/usr/bin/env bash
# Property-based API testing: schemathesis (from PyPI) generates requests
# from /v1/openapi.json and runs them against a real `citydesk serve` on a
# fresh database with an admin token, checking that no answer is a 5xx and
# that every answer matches what the document says of it.
#
# Usage: scripts/schemathesis.sh [MAX_EXAMPLES] [SECONDS]
#   MAX_EXAMPLES  test cases per operation (default 50; CI runs 20)
#   SECONDS       wall-clock limit of the whole run (default 170)
# Needs python3 (3.9+) with venv and pip, and PyPI; installs schemathesis
# into target/schemathesis-venv the first time. The server's log is kept
# in target/schemathesis/serve.log, the reports in target/schemathesis/.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES="${1:-50}"
SECONDS_LIMIT="${2:-170}"
VERSION="4.32.5"
VENV=target/schemathesis-venv
OUT=target/schemathesis

if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $VERSION" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
fi

cargo build --quiet --bin citydesk
BIN=target/debug/citydesk
mkdir -p "$OUT"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DB="sqlite:$WORK/citydesk.db"
TOKEN="$("$BIN" operator add schemathesis --role admin --db "$DB")"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"

# Rate limits off: a fuzzer is one token asking fast, and 429s would test
# nothing but the limiter (tests/it/staying_up.rs tests that).
"$BIN" serve --listen "127.0.0.1:$PORT" --db "$DB" --token-rate 0 --presence-rate 0 \
  >"$OUT/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS "$URL/v1/health" >/dev/null 2>&1; then break; fi
  sleep 0.1
done

# /v1/stream never ends its body: it is left out here and read by
# tests/it/stream.rs.
timeout --kill-after=10 "$SECONDS_LIMIT" "$VENV/bin/schemathesis" run "$URL/v1/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,response_schema_conformance \
  --exclude-path /v1/stream \
  --max-examples "$MAX_EXAMPLES" \
  --max-time "$((SECONDS_LIMIT - 30))" \
  --request-timeout 30 \
  --seed 1 \
  --report junit,har --report-dir "$OUT" \
  --no-color
