#!/usr/bin/env bash
# Desktop build under Xvfb: opens the Clients, Relances, Today, Invoices, Rapprochement, Dashboard, Team, Journal, Settings screens and a client's page, signed in as a manager, on a file
# database filled by the generator; takes a screenshot and checks it is not blank.
#   tests/desktop/screenshot_test.sh BUILD_DIR OUT_PNG
set -euo pipefail
build=$1
out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CRM_PASSWORD="Desktop-test-2026"
"$build/crm" seed --clients 200 --invoices 3000 --seed 3 --db "$tmp/crm.db" >/dev/null
# A bank statement for it, imported and matched (the Rapprochement screen).
"$build/crm" seed --statement 60 --as-of 2026-11-24 --out "$tmp/releve.xml" --db "$tmp/crm.db" >/dev/null
"$build/crm" bank import "$tmp/releve.xml" --db "$tmp/crm.db" --user manager@exemple.fr | grep -q '"automatic"' \
  || { echo "desktop: crm bank import failed"; exit 1; }

# shoot ROUTE PNG [USER]: runs the app on ROUTE until it says it has drawn, captures the root
# window, lets it exit, and checks the picture is not blank.
shoot() {
  rm -f "$tmp/app.log"
  xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
    "$1" --db "$2" --user "$6" --route "$5" --frames 100000 > "$3/app.log" 2>&1 &
    app=$!
    for i in $(seq 1 100); do grep -q "crm-desktop: ready" "$3/app.log" && break; sleep 0.1; done
    sleep 1
    import -window root "$4"
    kill $app; wait $app 2>/dev/null || true
  ' _ "$build/crm-desktop" "$tmp/crm.db" "$tmp" "$2" "$1" "${3:-manager@exemple.fr}"
  grep -q "crm-desktop: ready" "$tmp/app.log" || { echo "desktop: the app never drew a frame:"; cat "$tmp/app.log"; exit 1; }
  # A blank or uniform screen has (almost) no variation and few colours.
  stddev=$(convert "$2" -format '%[fx:standard_deviation]' info:)
  colours=$(convert "$2" -format '%k' info:)
  echo "desktop: screenshot $2: standard deviation $stddev, $colours colours"
  awk -v s="$stddev" -v c="$colours" 'BEGIN { exit !(s > 0.05 && c > 50) }' || { echo "desktop: the screenshot looks blank"; exit 1; }
}
shoot '#/clients' "$out"
shoot '#/relances' "${out%.png}-relances.png"
shoot '#/today' "${out%.png}-today.png"
shoot '#/invoices' "${out%.png}-invoices.png"
shoot '#/client?id=1' "${out%.png}-client.png"
shoot '#/data' "${out%.png}-import.png"
shoot '#/bank' "${out%.png}-bank.png"
# The manager's half: the dashboard, the team, the journal, the reports, the relance set-up;
# the settings (administrators).
shoot '#/dashboard' "${out%.png}-dashboard.png"
shoot '#/team' "${out%.png}-team.png"
shoot '#/log' "${out%.png}-log.png"
shoot '#/settings' "${out%.png}-settings.png" admin@exemple.fr
shoot '#/reports' "${out%.png}-reports.png"
shoot '#/reports?tab=monthly' "${out%.png}-reports-monthly.png"
shoot '#/relance_setup' "${out%.png}-setup.png"
shoot '#/relance_setup?tab=simulation' "${out%.png}-setup-simulation.png"
shoot '#/relance_setup?tab=templates' "${out%.png}-setup-templates.png"
# The Storage screen (administrators): its automatic backup is made at start, beside the file.
shoot '#/storage' "${out%.png}-storage.png" admin@exemple.fr
ls "$tmp/crm.db.backups" | grep -q '^auto-.*\.sqlite$' || { echo "desktop: no automatic backup beside the database"; exit 1; }
