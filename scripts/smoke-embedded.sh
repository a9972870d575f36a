#!/usr/bin/env bash
# The README's path on the embedded default: `pnpm start` twice on one DATA_DIR; data must survive.
set -uo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
base="http://127.0.0.1:${port}"
passed=0; failed=0
check() { if eval "$2"; then echo "ok   - $1"; passed=$((passed+1)); else echo "FAIL - $1"; failed=$((failed+1)); fi; }

start() {
  # Its own process group, so a signal reaches pnpm and the node under it, like Ctrl-C in a terminal.
  PORT=$port DATA_DIR=$data_dir LOG_LEVEL=warn setsid pnpm -s start >"$data_dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf "$base/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  cat "$data_dir/server.log"; return 1
}
stop() {
  kill -TERM -- "-$server" 2>/dev/null
  for _ in $(seq 1 40); do pgrep -f "$data_dir/postgres" >/dev/null || break; sleep 0.25; done
  wait "$server" 2>/dev/null
}

check "pnpm start serves /health on the embedded default" start
check "health reports the database up" '[ "$(curl -s $base/health)" = "{\"status\":\"healthy\",\"database\":true,\"redis\":false,\"timescaledb\":false}" ]'
check "the dashboard is served at /" 'curl -s "$base/" | grep -qi "<div id=\"root\""'
id=$(curl -s -X POST "$base/api/portfolios" -H 'Content-Type: application/json' -d '{"name":"Smoke","description":"kept across restarts"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
check "a portfolio is created" '[ -n "$id" ] && [ "$id" != "undefined" ]'
check "a stock is added" '[ "$(curl -s -o /dev/null -w "%{http_code}" -X POST "$base/api/portfolios/$id/stocks" -H "Content-Type: application/json" -d "{\"ticker\":\"AAPL\"}")" = 201 ]'
stop
check "no postgres is left running after SIGTERM" '! pgrep -f "$data_dir/postgres" >/dev/null'
check "pnpm start again on the same DATA_DIR" start
check "the portfolio and its stock survived the restart" 'curl -s "$base/api/portfolios/$id" | grep -q "\"ticker\":\"AAPL\""'
stop
rm -rf "$data_dir"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
