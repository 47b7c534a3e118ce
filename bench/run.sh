#!/usr/bin/env bash
# Benchmarks resellermgr against the FastCGI floor, in the same time window.
#   bench/run.sh [SECONDS_PER_ROUND] [ROUNDS]     (defaults: 10 s, 3 rounds)
# Starts the throwaway stack of the tests (MariaDB + resellermgr + nginx) plus a bare libfcgi
# responder behind its own nginx, then runs wrk (2 threads, 16 connections) against
#   floor:   the bare responder returning the bytes of a real whoami reply
#   floorq:  the same responder running one primary-key SELECT per request first
#   floorq2: the same running it twice, two round trips (what a session's list page makes)
#   whoami:  func=whoami with a session (auth=SID): session lookup + reply + render
#   authinfo: func=whoami with authinfo=user:pass on every request, as billing modules call
#            (the login row read, the password taken from the worker's verified-credential cache)
#   list:    func=reseller (the first page of 20 resellers) with the admin's session
#   middle:  func=reseller, p_cnt=5&p_num=3 (rows 11-15 of the same list)
#   user:    func=user, the first page of a reseller's users with that reseller's session
#   staff:   func=user with the session of a SUPPORT staff login of a reseller (identification
#            with a permission group, then the reseller's user list); skipped on builds without
#            organisations (before issue 10), so the same script measures both
# alternating the targets each round so all see the same machine load, and prints req/s,
# p50 and p99 per target and the throughput ratios to the floor.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-3}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-bench}
DIR=$BUILD_DIR/bench-stack

. "$SOURCE_DIR/bench/lib.sh"
bench_build
bench_start_stack
SID=$(bench_login "$ADMIN_LOGIN" "$ADMIN_PASSWORD")
[ -n "$SID" ] || rm_die "login failed"
WHOAMI_URL="$BASE_URL/ispmgr?auth=$SID&func=whoami&out=xml"
curl -sf "$WHOAMI_URL" > "$DIR/whoami.xml"
grep -q '<user name="admin"' "$DIR/whoami.xml" || rm_die "whoami did not answer"
AUTHINFO_URL="$BASE_URL/ispmgr?authinfo=$ADMIN_LOGIN:$ADMIN_PASSWORD&func=whoami&out=xml"
curl -sf "$AUTHINFO_URL" | grep -q '<user name="admin"' || rm_die "authinfo whoami did not answer"

# Twenty resellers for the list, one with five users and a SUPPORT staff login.
api() { curl -sf "$BASE_URL/ispmgr?authinfo=$ADMIN_LOGIN:$ADMIN_PASSWORD&out=xml&$1" >/dev/null; }
for i in $(seq -w 1 20); do api "func=reseller.edit&sok=ok&name=bench$i&passwd=bench-pass-$i&limit_users=50"; done
for i in 1 2 3 4 5; do
  curl -sf "$BASE_URL/ispmgr?authinfo=bench01:bench-pass-01&out=xml&func=user.edit&sok=ok&name=benchu$i&passwd=bench-user-$i" >/dev/null
done
LIST_URL="$BASE_URL/ispmgr?auth=$SID&func=reseller&out=xml"
curl -sf "$LIST_URL" | grep -q '<name>bench20</name>' || rm_die "the reseller list did not answer"
MIDDLE_URL="$BASE_URL/ispmgr?auth=$SID&func=reseller&out=xml&p_cnt=5&p_num=3"
curl -sf "$MIDDLE_URL" | grep -q '<name>bench11</name>' || rm_die "the middle page did not answer"
USER_URL="$BASE_URL/ispmgr?auth=$(bench_login bench01 bench-pass-01)&func=user&out=xml"
curl -sf "$USER_URL" | grep -q '<name>benchu5</name>' || rm_die "the user list did not answer"
STAFF_URL=
if curl -sf "$BASE_URL/ispmgr?authinfo=bench01:bench-pass-01&out=xml&func=login.edit&sok=ok&name=benchstaff&passwd=bench-staff-1&group=SUPPORT" | grep -q '<ok/>'; then
  STAFF_SID=$(bench_login benchstaff bench-staff-1)
  STAFF_URL="$BASE_URL/ispmgr?auth=$STAFF_SID&func=user&out=xml"
  curl -sf "$STAFF_URL" | grep -q '<name>benchu5</name>' || rm_die "the staff list did not answer"
fi

bench_start_floor "$DIR/whoami.xml" query

: > "$DIR/results"
echo "wrk -t2 -c16, ${SECONDS_PER_ROUND}s per target per round, $ROUNDS rounds, $THREADS FastCGI threads each, $(nproc) cores"
for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round"
  bench_wrk floor "$FLOOR_URL" "$SECONDS_PER_ROUND"
  bench_wrk floorq "$FLOOR_QUERY_URL" "$SECONDS_PER_ROUND"
  bench_wrk floorq2 "$FLOOR_QUERY2_URL" "$SECONDS_PER_ROUND"
  bench_wrk whoami "$WHOAMI_URL" "$SECONDS_PER_ROUND"
  bench_wrk authinfo "$AUTHINFO_URL" "$SECONDS_PER_ROUND"
  bench_wrk list "$LIST_URL" "$SECONDS_PER_ROUND"
  bench_wrk middle "$MIDDLE_URL" "$SECONDS_PER_ROUND"
  bench_wrk user "$USER_URL" "$SECONDS_PER_ROUND"
  [ -z "$STAFF_URL" ] || bench_wrk staff "$STAFF_URL" "$SECONDS_PER_ROUND"
done
# A whoami that errored (e.g. an expired session) would still be 200: check the session held.
curl -sf "$WHOAMI_URL" | grep -q '<user name="admin"' || rm_die "session was lost during the run"

bench_ratios floorq/floor whoami/floor whoami/floorq">=0.8" authinfo/whoami">=0.7" floorq2/floorq \
  list/floorq">=0.5" list/floorq2 middle/list">=0.8" user/floorq staff/floorq
