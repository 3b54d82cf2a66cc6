#!/usr/bin/env bash
# The libFuzzer targets (tools/build fuzz (build/asan)), each for a bounded time from seeds written
# here: a French CSV, a FEC, a snapshot of a small generated portfolio, a CFONB 120, a CAMT.053 and an OFX statement. A crash, a leak,
# undefined behaviour or a hang fails the suite (libFuzzer leaves the input in build/).
#   tests/fuzz/fuzz_test.sh FUZZ_BUILD_DIR NATIVE_BUILD_DIR [SECONDS]
set -uo pipefail
fuzz=$(cd "$1" && pwd)
native=$(cd "$2" && pwd)
seconds=${3:-45}
tmp=$(mktemp -d /tmp/crm-fuzz.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/csv" "$tmp/fec" "$tmp/snapshot" "$tmp/cfonb" "$tmp/camt" "$tmp/ofx"
printf 'N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC\r\nF-1;C1;"Société; Une";01/10/2026;31/10/2026;1 234,56\r\nF-2;C2;Deux;2026-10-15;;-3,00\r\n' >"$tmp/csv/invoices.csv"
printf 'Code client;Date;Montant;Mode de règlement;Référence;Type\nC1;02/11/2026;400,00;Virement;VIR-1;\nC1;03/11/2026;(50,00);;;Avoir\n' >"$tmp/csv/payments.csv"
{
  printf 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\r\n'
  printf 'VT\tVentes\t1\t20260901\t411000\tClients\tDURAND\tDurand\tFA-1\t20260901\tFacture\t1200,00\t0,00\tA\t\t20260901\t\t\r\n'
  printf 'VT\tVentes\t1\t20260901\t706000\tVentes\t\t\tFA-1\t20260901\tFacture\t0,00\t1200,00\t\t\t20260901\t\t\r\n'
  printf 'BQ\tBanque\t7\t20261005\t512000\tBanque\t\t\tR-7\t20261005\tVirement\t1200,00\t0,00\t\t\t20261005\t\t\r\n'
  printf 'BQ\tBanque\t7\t20261005\t411000\tClients\tDURAND\tDurand\tR-7\t20261005\tVirement\t0,00\t1200,00\tA\t\t20261005\t\t\r\n'
} >"$tmp/fec/fec.txt"
# A CFONB 120 statement: old balance, a credit with its payer and remittance, a fee, new balance.
printf '%b' '0130004    00123EUR2 00012345678  011226                                                  0000000010000{                \r\n0430004    00123EUR2 0001234567805021226  021226VIR SEPA SARL DUPONT                      0000000012345FREF42           \r\n0530004    00123EUR2 00012345678             NPYSARL DUPONT                                                             \r\n0530004    00123EUR2 00012345678             LCCFACTURE F-2026-0042                                                     \r\n0430004    00123EUR2 0001234567811021226  021226FRAIS                                     0000000000125}                \r\n0730004    00123EUR2 00012345678  021226                                                  0000000022220F                \r\n' >"$tmp/cfonb/statement.txt"
# A CAMT.053 statement: balances, a credit with its debtor and remittance, a batch of two.
cat >"$tmp/camt/statement.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1400.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-02</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">400.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>B1</AcctSvcrRef>
<NtryDtls><TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">100.00</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>SARL Dupont</Nm></Dbtr></RltdPties><RmtInf><Ustrd>F-2026-0042</Ustrd></RmtInf></TxDtls>
<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">300.00</Amt></TxAmt></AmtDtls><RmtInf><Strd><CdtrRefInf><Ref>RF18F20260043</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>
XML
# An OFX 1.x statement: leaves without end tags, a decimal comma.
printf '%b' 'OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nCHARSET:1252\r\n\r\n<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>EUR\r\n<BANKACCTFROM><BANKID>30004<BRANCHID>00123<ACCTID>00012345678</BANKACCTFROM>\r\n<BANKTRANLIST><DTSTART>20261201<DTEND>20261202\r\n<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261202<TRNAMT>1234,56<FITID>BQ1<NAME>SARL DUPONT<MEMO>F-2026-0042</STMTTRN>\r\n</BANKTRANLIST><LEDGERBAL><BALAMT>1234.56<DTASOF>20261202</LEDGERBAL></STMTRS></STMTTRNRS>\r\n' >"$tmp/ofx/statement.ofx"
"$native/crm" seed --clients 3 --invoices 12 --seed 3 --db "$tmp/seed.db" >/dev/null \
  && "$native/crm" export --db "$tmp/seed.db" --out "$tmp/snapshot/small.json"
passed=0
failed=0
for target in csv fec snapshot cfonb camt ofx; do
  mkdir -p "$tmp/work-$target"
  log="$tmp/$target.log"
  if (cd "$tmp/work-$target" && ASAN_OPTIONS=detect_leaks=1 "$fuzz/fuzz_$target" -max_total_time="$seconds" \
        -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 "$tmp/$target" >"$log" 2>&1); then
    passed=$((passed + 1))
    echo "  ok    fuzz_$target: $(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$') inputs in ${seconds} s, $(grep -oE 'cov: [0-9]+' "$log" | tail -n1)"
  else
    failed=$((failed + 1))
    echo "  FAIL  fuzz_$target"
    tail -n 30 "$log" | sed 's/^/        /'
    mkdir -p build/fuzz-failures && cp "$tmp/work-$target"/crash-* "$tmp/work-$target"/leak-* "$tmp/work-$target"/timeout-* build/fuzz-failures/ 2>/dev/null
  fi
done
echo "[fuzz] test cases: $((passed + failed)) | $passed passed | $failed failed"
[ $failed = 0 ]
