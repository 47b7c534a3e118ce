#!/usr/bin/env bash
# Benchmarks money transfers against the FastCGI floor, in the same time window.
#   bench/money.sh [SECONDS_PER_ROUND] [WALLETS]     (defaults: 10 s, 1000 wallets)
# Starts the tests' throwaway stack, creates WALLETS resellers, and runs wrk (2 threads, 16
# connections) against the floor, floorq (floor + one primary-key SELECT) and wallet.transfer
# (the admin moving 1.00 from the operator's books to a random reseller, each request with its
# own idempotency key: two wallets locked, one ledger row, the audit row, an outbox event and the
# idempotency record in one transaction). Ends with `resellerctl ledger verify`.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
SECONDS_PER_ROUND=${1:-10}
WALLETS=${2:-1000}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-bench}
DIR=$BUILD_DIR/bench-stack

. "$SOURCE_DIR/bench/lib.sh"
bench_build
bench_start_stack
AUTH="authinfo=$ADMIN_LOGIN:$ADMIN_PASSWORD"
echo "creating $WALLETS resellers"
seq 1 "$WALLETS" | xargs -P 4 -I{} curl -sf -o /dev/null \
  "$BASE_URL/ispmgr?$AUTH&out=xml&func=reseller.edit&sok=ok&name=mw{}&passwd=bench-pass-{}"
SID=$(bench_login "$ADMIN_LOGIN" "$ADMIN_PASSWORD")
[ -n "$SID" ] || rm_die "login failed"
curl -sf "$BASE_URL/ispmgr?auth=$SID&func=whoami&out=xml" > "$DIR/whoami.xml"
curl -sf "$BASE_URL/ispmgr?auth=$SID&out=xml&func=wallet.transfer&sok=ok&elid=mw1&amount=1.00&idempotency_key=probe" |
  grep -q '<ok/>' || rm_die "wallet.transfer did not answer"

bench_transfer_lua "$SID" mw "$WALLETS" b > "$DIR/transfer.lua"

bench_start_floor "$DIR/whoami.xml" query
: > "$DIR/results"
echo "wrk -t2 -c16, ${SECONDS_PER_ROUND}s per target, $WALLETS wallets, $THREADS FastCGI threads, $(nproc) cores"
bench_wrk floor "$FLOOR_URL" "$SECONDS_PER_ROUND"
bench_wrk floorq "$FLOOR_QUERY_URL" "$SECONDS_PER_ROUND"
bench_wrk transfer "$BASE_URL/ispmgr" "$SECONDS_PER_ROUND" "$DIR/transfer.lua"

"$BUILD_DIR/plugin/resellerctl" -c "$DIR/resellermgr.conf" -c "$DIR/admin.conf" ledger verify
awk '{ rps[$1] = $2 }
     END { printf "transfer / floorq throughput ratio: %.2f\n", rps["transfer"] / rps["floorq"] }' "$DIR/results"
