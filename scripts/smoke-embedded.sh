#!/usr/bin/env bash
# The README's two commands as a newcomer meets them (as root too, which is how CI runs): a fresh clone
# of this repository's HEAD in a private directory (`mktemp -d`, mode 0700, like /root), no DATABASE_URL
# or REDIS_URL, the default data directory (./.data inside the clone).
#   Command 1, `pnpm start`: serve, write, CLI beside the running server, stop, start again, read back.
#   Command 2, `pnpm test`: type-check plus a representative subset (the server lifecycle, CLI with
#   backup/restore, and migration suites) on the embedded Postgres. The whole suite already ran on the
#   machine's Postgres in .ci/run; a second full run on the embedded one would not fit CI's time budget.
# Ends with "N passed, N failed".
set -uo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
unset DATABASE_URL REDIS_URL DATA_DIR
home=$(mktemp -d)
clone="$home/folio"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
base="http://127.0.0.1:${port}"
passed=0; failed=0
check() { if eval "$2"; then echo "ok   - $1"; passed=$((passed+1)); else echo "FAIL - $1"; failed=$((failed+1)); fi; }

start() {
  # Its own process group, so a signal reaches pnpm and the node under it, like Ctrl-C in a terminal.
  (cd "$clone" && PORT=$port LOG_LEVEL=warn exec setsid pnpm start >"$home/server.log" 2>&1) &
  server=$!
  for _ in $(seq 1 600); do curl -sf "$base/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  cat "$home/server.log"; return 1
}
stop() { # SIGTERM to the group; the exit status of `pnpm start` is returned
  kill -TERM -- "-$server" 2>/dev/null
  wait "$server"
}
postgres_running() { pgrep -f "$clone/.data/postgres" >/dev/null; }
healthy() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health")" = 200 ]; }

check "the private directory is mode 0700" '[ "$(stat -c %a "$home")" = 700 ]'
check "a fresh clone installs from the lockfile" \
  'git clone -q "$src" "$clone" && (cd "$clone" && pnpm install --frozen-lockfile --prefer-offline >"$home/install.log" 2>&1) || { tail -20 "$home/install.log"; false; }'

check "pnpm start serves /health on the embedded default" start
check "health reports the database up" '[ "$(curl -s $base/health)" = "{\"status\":\"healthy\",\"database\":true,\"redis\":false,\"timescaledb\":false}" ]'
check "the data directory is ./.data in the clone" '[ -f "$clone/.data/postgres/PG_VERSION" ]'
check "only the search bit (o+x) was added on the way to it" '[ "$(stat -c %a "$home")" = 701 ]'
check "the dashboard is served at /" 'curl -s "$base/" | grep -qi "<div id=\"root\""'
id=$(curl -s -X POST "$base/api/portfolios" -H 'Content-Type: application/json' -d '{"name":"Smoke","description":"kept across restarts"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
check "a portfolio is created" '[ -n "$id" ] && [ "$id" != "undefined" ]'
check "a stock is added" '[ "$(curl -s -o /dev/null -w "%{http_code}" -X POST "$base/api/portfolios/$id/stocks" -H "Content-Type: application/json" -d "{\"ticker\":\"AAPL\"}")" = 201 ]'
check "pnpm db:seed beside the running server writes into its database" \
  '(cd "$clone" && pnpm db:seed >"$home/seed.log" 2>&1) && curl -s "$base/api/portfolios" | grep -q "\"name\":\"Tech Portfolio\""'
check "pnpm folio export > f.json beside it is pure JSON, and the server stays healthy" \
  '(cd "$clone" && pnpm folio export >"$home/f.json" 2>/dev/null) && head -c 25 "$home/f.json" | grep -q "^{\"format\":\"folio-export\"" && healthy'
check "a second server on the taken port says so in one sentence and leaves the first running" \
  '(cd "$clone" && PORT=$port node apps/api/dist/main.js >"$home/second.log" 2>&1); [ $? = 1 ] && [ "$(grep -vc "^{" "$home/second.log")" = 1 ] && grep -q "already in use" "$home/second.log" && healthy'
check "SIGTERM stops pnpm start with exit code 0" stop
check "... and prints nothing alarming" '! grep -Eq "ERR_PNPM|ELIFECYCLE|Error" "$home/server.log"'
check "no postgres is left running after SIGTERM" '! postgres_running'
check "pnpm start again on the same data directory" start
check "the portfolio and its stock survived the restart" 'curl -s "$base/api/portfolios/$id" | grep -q "\"ticker\":\"AAPL\""'
check "stopped again" stop

# Command 2 on the embedded default (global-setup starts one in a temporary directory).
(cd "$clone" && node scripts/run-tests.mjs apps/api/test/server.test.ts apps/api/test/cli.test.ts packages/db/src/migrations.test.ts) 2>&1 | tee "$home/test.log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$home/test.log" | tail -n 1)
if [ -n "$line" ]; then
  passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
  failed=$((failed + $(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')))
else
  failed=$((failed + 1))
fi

# Never leave a cluster behind, even after a failure: its postmaster's pid is the pid file's first line.
if postgres_running; then kill -INT "$(head -n 1 "$clone/.data/postgres/postmaster.pid")" 2>/dev/null; sleep 2; fi
rm -rf "$home"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
