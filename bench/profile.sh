#!/usr/bin/env bash
# Where resellermgr's own CPU goes on one kind of request: perf samples the daemon while wrk
# drives it, then prints the top shared objects and symbols.
#   bench/profile.sh [list|whoami|user] [SECONDS]     (defaults: list 10)
#     list    func=reseller, the admin's first page of 20 resellers (with its session)
#     whoami  func=whoami with the admin's session (identification only)
#     user    func=user, a reseller's first page of 20 users (with its session)
# Uses the tests' throwaway stack (twenty resellers, one with twenty users); this machine has no
# hardware counters, so perf samples the cpu-clock. Also prints the app's CPU per request from
# /proc, as bench/run.sh does.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
TARGET=${1:-list}
SECONDS_TO_RUN=${2:-10}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-bench}
DIR=$BUILD_DIR/profile-stack

. "$SOURCE_DIR/bench/lib.sh"
rm_install_packages linux-perf
bench_build
bench_start_stack
SID=$(bench_login "$ADMIN_LOGIN" "$ADMIN_PASSWORD")
api() { curl -sf "$BASE_URL/ispmgr?authinfo=$ADMIN_LOGIN:$ADMIN_PASSWORD&out=xml&$1" >/dev/null; }
for i in $(seq -w 1 20); do api "func=reseller.edit&sok=ok&name=prof$i&passwd=prof-pass-$i&limit_users=50"; done
for i in $(seq -w 1 20); do
  curl -sf "$BASE_URL/ispmgr?authinfo=prof01:prof-pass-01&out=xml&func=user.edit&sok=ok&name=profu$i&passwd=prof-user-$i" >/dev/null
done
case "$TARGET" in
  list) URL="$BASE_URL/ispmgr?auth=$SID&func=reseller&p_cnt=20&out=xml"; EXPECT='<name>prof20</name>' ;;
  whoami) URL="$BASE_URL/ispmgr?auth=$SID&func=whoami&out=xml"; EXPECT='<user name="admin"' ;;
  user) URL="$BASE_URL/ispmgr?auth=$(bench_login prof01 prof-pass-01)&func=user&p_cnt=20&out=xml"
        EXPECT='<name>profu20</name>' ;;
  *) rm_die "unknown target $TARGET (list, whoami, user)" ;;
esac
curl -sf "$URL" | grep -q "$EXPECT" || rm_die "$TARGET did not answer"
wrk -t2 -c16 -d3s "$URL" >/dev/null  # warm up: statements prepared, pages in the pool

APP_PID=$(cat "$DIR/app.pid")
perf record -q -e cpu-clock -F 4999 -g -o "$DIR/perf.data" -p "$APP_PID" -- sleep "$SECONDS_TO_RUN" 2>/dev/null &
PERF=$!
sleep 0.5
: > "$DIR/results"
bench_wrk "$TARGET" "$URL" "$((SECONDS_TO_RUN - 1))"
wait "$PERF" || true
report() { perf report -q -i "$DIR/perf.data" --no-children -g none --percent-limit 0.4 "$@" 2>/dev/null |
           sed -n 's/ \+$//; /%/p' | cut -c1-150; }
echo "top shared objects (self, % of the daemon's samples):"
report --sort dso | head -12
echo "top symbols (self):"
report --sort dso,symbol | head -40
