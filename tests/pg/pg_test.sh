#!/usr/bin/env bash
# PostgreSQL round trips against a real server: a throw-away cluster of Debian's
# PostgreSQL (its own directory, port and socket directory), started here and stopped
# on exit. Database → PostgreSQL → snapshot gives the bytes `crm export` gives; a
# snapshot file pushes the same; a refused push leaves the server as it was.
#   tests/pg/pg_test.sh BUILD_DIR
set -uo pipefail
crm="$1/crm"
root=$(cd "$(dirname "$0")/../.." && pwd)
passed=0
failed=0
check() { # name, wanted status, status, output, pattern
  if [ "$2" = "$3" ] && grep -qE -- "$5" <<<"$4"; then passed=$((passed + 1)); echo "  ok    $1"
  else failed=$((failed + 1)); echo "  FAIL  $1 (status $3, wanted $2)"; echo "$4" | head -20 | sed 's/^/        /'; fi
}
tmp=$(mktemp -d /tmp/crm-pg-test.XXXXXX)
# shellcheck source=tests/pg/cluster.sh
source "$root/tests/pg/cluster.sh" || { echo "[pg] test cases: 1 | 0 passed | 1 failed"; exit 1; }
trap 'pg_stop; rm -rf "$tmp"' EXIT
url=$pg_url
pgbin=$pg_bin
echo "[pg] throw-away PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on $pg_tmp/run:$pg_port"

out=$("$crm" pg schema); st=$?
check "pg schema is schema/postgres/schema.sql" 0 $st "$(diff <(echo "$out") "$root/schema/postgres/schema.sql" && echo same)" '^same$'

out=$("$crm" pg pull --url "$url" 2>&1); st=$?
check "pull from a server nothing was pushed to" 1 $st "$out" 'nothing was pushed'

# A portfolio with every kind of row: generated, then the demo's promises, communications, documents.
"$crm" seed --clients 40 --invoices 600 --seed 5 --db "$tmp/gen.db" >/dev/null
"$crm" seed --demo --db "$tmp/demo.db" >/dev/null
for db in gen demo; do
  "$crm" export --db "$tmp/$db.db" --out "$tmp/$db.json"
  if [ $db = demo ]; then # the server holds gen's rows now: refused, then replaced when asked
    out=$("$crm" pg push --url "$url" --db "$tmp/$db.db" 2>&1); st=$?
    check "a push over a server holding data is refused, naming what it holds" 1 $st "$out" '"reason": "not_empty"'
    check "... (40 clients, 600 invoices)" 1 $st "$out" 'holds data \(40 clients, 600 invoices'
    check "... and the server still holds them" 0 0 "$(psql "$url" -tAc "select count(*) from invoices")" '^600$'
  fi
  out=$("$crm" pg push --url "$url" --db "$tmp/$db.db" --replace 2>&1); st=$?
  check "push the $db database" 0 $st "$out" '"pushed": true'
  out=$("$crm" pg pull --url "$url" --out "$tmp/$db-pulled.json" 2>&1); st=$?
  check "pull it back" 0 $st "$out" 'pulled [0-9]+ rows'
  out=$(cmp "$tmp/$db.json" "$tmp/$db-pulled.json" && echo identical); st=$?
  check "database → PostgreSQL → snapshot is byte-identical to crm export ($db)" 0 $st "$out" '^identical$'
done
out=$(psql "$url" -tAc "select count(*) from invoices; select count(*) from documents where length(content) > 0" 2>&1); st=$?
check "the server holds the rows (invoices, documents' bytes)" 0 $st "$out" '^3000'

# A snapshot file pushes the same.
out=$("$crm" pg push --url "$url" "$tmp/gen.json" --replace 2>&1); st=$?
check "push a snapshot file" 0 $st "$out" '"pushed": true'
"$crm" pg pull --url "$url" --out "$tmp/gen-again.json" 2>/dev/null
out=$(cmp "$tmp/gen.json" "$tmp/gen-again.json" && echo identical); st=$?
check "snapshot → PostgreSQL → snapshot is byte-identical" 0 $st "$out" '^identical$'

# Refused pushes change nothing on the server.
sed 's/"amount_cents":\([0-9]*\),"currency":"EUR","paid_cents"/"amount_cents":-\1,"currency":"EUR","paid_cents"/' "$tmp/demo.json" >"$tmp/bad.json"
out=$("$crm" pg push --url "$url" "$tmp/bad.json" 2>&1); st=$?
check "a snapshot with a negative amount is refused before the server" 1 $st "$out" 'refused'
out=$("$crm" pg push --url "postgresql://crm@/postgres?host=$pg_tmp/run&port=1" --db "$tmp/demo.db" 2>&1); st=$?
check "an unreachable server is a clear error" 1 $st "$out" 'cannot connect to the PostgreSQL server'
psql "$url" -qc "alter table invoices add constraint crm_test_positive check (amount_cents < 100000) not valid" >/dev/null
out=$("$crm" pg push --url "$url" --db "$tmp/demo.db" --replace 2>&1); st=$?
check "a row the server refuses rolls the whole push back" 1 $st "$out" 'refused a row of invoices'
psql "$url" -qc "alter table invoices drop constraint crm_test_positive" >/dev/null
"$crm" pg pull --url "$url" --out "$tmp/after.json" 2>/dev/null
out=$(cmp "$tmp/gen.json" "$tmp/after.json" && echo unchanged); st=$?
check "after the refused push the server holds what it held" 0 $st "$out" '^unchanged$'

echo "[pg] test cases: $((passed + failed)) | $passed passed | $failed failed"
[ $failed = 0 ]
