#!/usr/bin/env bash
# license.checkin, the one endpoint every licensed server calls, against the FastCGI floors in the
# same time window (issue 24).
#   bench/licenses.sh [SECONDS_PER_ROUND] [ROUNDS] [LICENCES]   (defaults: 10 s, 3 rounds, 100000)
# Starts the throwaway stack with the per-address check-in allowance raised (every wrk request
# comes from 127.0.0.1), loads LICENCES IP licences spread over 100 resellers, gives 127.0.0.1
# two licences, then runs wrk against
#   floor:   the bare libfcgi responder returning a constant reply
#   floorq:  the same running one primary-key SELECT per request
#   checkin: func=license.checkin&hostname=... from 127.0.0.1 (its two valid types; the last
#            check-in written at most every five minutes)
# alternating each round, and prints req/s, p50, p99 and the ratio checkin/floorq (aim >= 0.5).
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-3}
LICENCES=${3:-100000}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-bench}
DIR=$BUILD_DIR/bench-stack

. "$SOURCE_DIR/bench/lib.sh"
bench_build
bench_start_stack
# One host's allowance far above what wrk sends, then resellermgr again with it.
echo "license_checkin_per_minute = 100000000" >> "$DIR/resellermgr.conf"
rm_stop_pidfile "$DIR/app.pid" 30
rm_app_start "$BUILD_DIR/plugin/resellermgr" "$DIR/resellermgr.conf" "$DIR/app.pid" "$DIR/app.log" "$(id -un)"
rm_wait_for 20 "resellermgr" test -S "$DIR/app.sock"

sql() { mariadb --no-defaults --socket="$DB_SOCKET" -u"$DB_TEST_USER" -p"$DB_TEST_PASSWORD" -N -B "$DB_NAME" -e "$1"; }
api() { curl -sf "$BASE_URL/ispmgr?authinfo=$ADMIN_LOGIN:$ADMIN_PASSWORD&out=xml&$1"; }
for i in $(seq -w 1 100); do api "func=reseller.edit&sok=ok&name=lic$i&passwd=bench-pass-$i" >/dev/null; done
start=$(date +%s.%N)
sql "INSERT INTO license (ip, type_code, account_id, hostname)
     SELECT CONCAT('10.', (s.seq >> 16) & 255, '.', (s.seq >> 8) & 255, '.', s.seq & 255),
            IF(s.seq % 3 = 0, 16, 1), a.id, CONCAT('srv', s.seq, '.bench.test')
     FROM seq_1_to_$LICENCES s
     JOIN account a ON a.name = CONCAT('lic', LPAD(s.seq % 100 + 1, 3, '0'))"
echo "loaded $(sql 'SELECT COUNT(*) FROM license') licences in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
api "func=license.edit&sok=ok&ip=127.0.0.1&type=1&owner=lic001" | grep -q '<ok/>' || rm_die "no licence for 127.0.0.1"
api "func=license.edit&sok=ok&ip=127.0.0.1&type=16&owner=lic001" | grep -q '<ok/>' || rm_die "no second licence"
CHECKIN_URL="$BASE_URL/ispmgr?func=license.checkin&hostname=bench.example.test&out=xml"
reply=$(curl -sf "$CHECKIN_URL")
grep -q '<type>1</type>' <<<"$reply" && grep -q '<type>16</type>' <<<"$reply" ||
  rm_die "the check-in did not answer with both types: $reply"

printf '%s' "$reply" > "$DIR/checkin.xml"
bench_start_floor "$DIR/checkin.xml" query

: > "$DIR/results"
echo "wrk -t2 -c16, ${SECONDS_PER_ROUND}s per target per round, $ROUNDS rounds, $THREADS FastCGI threads each, $(nproc) cores"
for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round"
  bench_wrk floor "$FLOOR_URL" "$SECONDS_PER_ROUND"
  bench_wrk floorq "$FLOOR_QUERY_URL" "$SECONDS_PER_ROUND"
  bench_wrk checkin "$CHECKIN_URL" "$SECONDS_PER_ROUND"
done
curl -sf "$CHECKIN_URL" | grep -q '<type>16</type>' || rm_die "the check-in stopped answering"
bench_ratios floorq/floor checkin/floor checkin/floorq">=0.5"
