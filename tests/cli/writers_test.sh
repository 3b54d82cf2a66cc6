#!/usr/bin/env bash
# Several writers on one database file: W processes each run N `crm call payment.record`
# on the same client at once (as a script beside the desktop app would). Every call must
# succeed (a write waits its turn), every payment be there, the client's balance exact;
# a call that does fail must say so as the JSON envelope (code storage, reason busy).
#   tests/cli/writers_test.sh BUILD_DIR [WRITERS] [CALLS]
set -uo pipefail
crm="$1/crm"
writers=${2:-8}
calls=${3:-150}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/crm.db"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok    $1"; }
ko() { failed=$((failed + 1)); echo "  FAIL  $1"; }

export CRM_PASSWORD="Writers-test-2026"
"$crm" setup --email chef@pme-test.fr --db "$db" >/dev/null
"$crm" call client.create '{"code":"LOAD","name":"Charge SARL"}' --db "$db" --user chef@pme-test.fr >/dev/null
"$crm" call invoice.create '{"client_id":1,"number":"F-LOAD","issue_date":"2026-11-01","due_date":"2026-11-30","amount_cents":100000000}' \
  --db "$db" --user chef@pme-test.fr >/dev/null
# One session per writer (signing in hashes the password: not what is measured here).
for w in $(seq 1 "$writers"); do
  "$crm" call auth.login "{\"email\":\"chef@pme-test.fr\",\"password\":\"$CRM_PASSWORD\"}" --db "$db" \
    | grep -oE '"token": "[^"]+"' | cut -d'"' -f4 >"$tmp/session-$w"
done
start=$(date +%s%N)
for w in $(seq 1 "$writers"); do
  (
    session=$(cat "$tmp/session-$w")
    for i in $(seq 1 "$calls"); do
      if "$crm" call payment.record "{\"client_id\":1,\"date\":\"2026-11-20\",\"amount_cents\":$((w * 1000 + 1)),\"method\":\"transfer\",\"reference\":\"W$w-$i\"}" \
          --db "$db" --session "$session" >"$tmp/out-$w-$i" 2>"$tmp/err-$w-$i"; then
        echo ok >>"$tmp/status-$w"
      else
        echo fail >>"$tmp/status-$w"
      fi
    done
  ) &
done
wait
ms=$((($(date +%s%N) - start) / 1000000))
total=$((writers * calls))
succeeded=$(cat "$tmp"/status-* | grep -c '^ok$')
echo "  $writers writers × $calls calls: $succeeded of $total succeeded in $ms ms ($((total * 1000 / (ms > 0 ? ms : 1))) calls/s)"
[ "$succeeded" -eq "$total" ] && ok "every write of $writers concurrent writers succeeded" \
  || { ko "$((total - succeeded)) of $total writes failed"; cat "$tmp"/err-* "$tmp"/out-* 2>/dev/null | grep -v '^$' | sort | uniq -c | head -5; }
# A failure, if any, is the JSON envelope, never plain text on stderr.
plain=$(cat "$tmp"/err-* 2>/dev/null | grep -v '^$' | head -3)
[ -z "$plain" ] && ok "nothing but JSON came out (no plain-text error on stderr)" || { ko "plain text on stderr"; echo "$plain"; }
stored=$(sqlite3 "$db" "SELECT count(*) FROM payments WHERE reference LIKE 'W%'")
[ "$stored" -eq "$succeeded" ] && ok "every acknowledged payment is stored ($stored)" || ko "$stored payments stored, $succeeded acknowledged"
expected=0
for w in $(seq 1 "$writers"); do expected=$((expected + $(grep -c '^ok$' "$tmp/status-$w") * (w * 1000 + 1))); done
paid=$(sqlite3 "$db" "SELECT coalesce(sum(amount_cents), 0) FROM payments WHERE reference LIKE 'W%'")
allocated=$(sqlite3 "$db" "SELECT paid_cents FROM invoices WHERE number = 'F-LOAD'")
[ "$paid" -eq "$expected" ] && [ "$allocated" -eq "$expected" ] \
  && ok "the balance is exact: $expected cents paid and allocated" \
  || ko "paid $paid, allocated $allocated, expected $expected cents"
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] && ok "integrity_check is ok" || ko "integrity_check"
echo "[writers] test cases: $((passed + failed)) | $passed passed | $failed failed"
[ "$failed" -eq 0 ]
