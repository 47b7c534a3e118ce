#!/usr/bin/env bash
# The resellers module at scale, against the FastCGI floor, in one run.
#   bench/scale.sh [RESELLERS] [USERS_PER_RESELLER] [SECONDS]   (defaults: 10000 100 10)
# Generates RESELLERS resellers with USERS_PER_RESELLER users each (10,000 x 100 = 1,000,000) plus
# one reseller "big" with 10,000 users, straight in SQL (MariaDB's sequence engine), then with
# wrk -t2 -c16 measures:
#   floor       a bare libfcgi responder returning a constant reseller page (same bytes)
#   floorq      the same responder running one primary-key SELECT per request first: the
#               floor of any request that reads the database once
#   floorq2     the same running it twice (two round trips, as a session's list page makes)
#   whoami      func=whoami with the admin's session (identification only)
#   authinfo    func=whoami with authinfo=admin:password on every request
#   first       func=reseller, 20 rows sorted by users, page 1 (admin session)
#   middle      the same, the middle page
#   user        func=user, 20 rows of one reseller (that reseller's session)
# and times reseller.suspend + reseller.resume of "big" (10,000 users), 3 times.
# BENCH_HOLD=1 generates the data and leaves the stack running instead of measuring.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
RESELLERS=${1:-10000}
PER=${2:-100}
SECONDS_PER_TARGET=${3:-10}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-bench}
DIR=$BUILD_DIR/scale-stack

. "$SOURCE_DIR/bench/lib.sh"
bench_build
bench_start_stack
sql() { mariadb --no-defaults --socket="$DB_SOCKET" -u"$DB_TEST_USER" -p"$DB_TEST_PASSWORD" -N -B "$DB_NAME" -e "$1"; }

echo "generating $RESELLERS resellers x $PER users + big (10,000 users)..."
START=$(date +%s)
HASH=$(openssl passwd -6 -salt benchsalt bench-password)
sql "
SET @admin = (SELECT id FROM account WHERE name = 'admin');
INSERT INTO account (parent_id, level, name, fullname, email, users_count)
  SELECT @admin, 24, CONCAT('r', seq), CONCAT('Reseller ', seq), CONCAT('r', seq, '@example.com'), $PER
  FROM seq_1_to_${RESELLERS};
INSERT INTO account (parent_id, level, name, users_count) VALUES (@admin, 24, 'big', 10000);
INSERT INTO login (account_id, name, password_hash, is_owner) SELECT id, name, '$HASH', 1 FROM account WHERE level = 24;
INSERT INTO account_limit (account_id, name, value)
  SELECT id, 'limit_users', 200 FROM account WHERE level = 24
  UNION ALL SELECT id, 'limit_quota', 102400 FROM account WHERE level = 24;
UPDATE account SET limits = 'limit_quota=102400,limit_users=200' WHERE level = 24;
INSERT INTO account (parent_id, level, name)
  SELECT r.id, 16, CONCAT('u', r.id, '_', s.seq) FROM account r JOIN seq_1_to_${PER} s WHERE r.level = 24 AND r.name <> 'big';
INSERT INTO account (parent_id, level, name)
  SELECT r.id, 16, CONCAT('big_', s.seq) FROM account r JOIN seq_1_to_10000 s WHERE r.name = 'big';
UPDATE account SET users_count = FLOOR(RAND(7) * $PER) WHERE level = 24 AND name <> 'big';
-- Tenancy (sql/017): every account's ancestry, which scopes what a reseller reaches.
UPDATE account r JOIN account p ON p.id = r.parent_id
   SET r.tree_path = CONCAT(p.tree_path, r.id, '/') WHERE r.level = 24;
UPDATE account u JOIN account r ON r.id = u.parent_id
   SET u.tree_path = CONCAT(r.tree_path, u.id, '/') WHERE u.level = 16;
UPDATE account_level_count c
  SET c.live = (SELECT COUNT(*) FROM account a
                WHERE a.level = c.level AND a.deleted_at IS NULL AND a.own_client = 0);
ANALYZE TABLE account, account_limit, login;" >/dev/null
echo "  $(sql 'SELECT COUNT(*) FROM account') accounts in $(( $(date +%s) - START ))s"
if [ -n "${BENCH_HOLD:-}" ]; then  # keep the stack and its data for a closer look, measure nothing
  trap - EXIT
  echo "stack left running: . $DIR/env; stop it with tests/stack.sh stop $DIR"
  exit 0
fi

ADMIN_SID=$(bench_login admin "$ADMIN_PASSWORD")
R_SID=$(bench_login r42 bench-password)
[ -n "$ADMIN_SID" ] && [ -n "$R_SID" ] || rm_die "login failed"
MIDDLE=$(( (RESELLERS / 20) / 2 ))
FIRST_URL="$BASE_URL/ispmgr?auth=$ADMIN_SID&func=reseller&p_cnt=20&p_sort=users&p_order=desc&p_num=1"
MIDDLE_URL="$BASE_URL/ispmgr?auth=$ADMIN_SID&func=reseller&p_cnt=20&p_sort=users&p_order=desc&p_num=$MIDDLE"
USER_URL="$BASE_URL/ispmgr?auth=$R_SID&func=user&p_cnt=20"
WHOAMI_URL="$BASE_URL/ispmgr?auth=$ADMIN_SID&func=whoami&out=xml"
AUTHINFO_URL="$BASE_URL/ispmgr?authinfo=$ADMIN_LOGIN:$ADMIN_PASSWORD&func=whoami&out=xml"
curl -sf "$AUTHINFO_URL" | grep -q '<user name="admin"' || rm_die "authinfo whoami did not answer"
curl -sf "$FIRST_URL" > "$DIR/page.xml"
[ "$(grep -o '<elem>' "$DIR/page.xml" | wc -l)" = 20 ] || rm_die "the reseller page does not have 20 rows"
[ "$(curl -sf "$USER_URL" | grep -o "<elem>" | wc -l)" = $(( PER < 20 ? PER : 20 )) ] || rm_die "the user page is short: $(curl -sf "$USER_URL" | head -c 600)"

bench_start_floor "$DIR/page.xml" query
: > "$DIR/results"
echo "wrk -t2 -c16, ${SECONDS_PER_TARGET}s each, $THREADS FastCGI threads, $(nproc) cores, page $(wc -c < "$DIR/page.xml") bytes"
for target in "floor $FLOOR_URL" "floorq $FLOOR_QUERY_URL" "floorq2 $FLOOR_QUERY2_URL" "whoami $WHOAMI_URL" "authinfo $AUTHINFO_URL" \
              "first $FIRST_URL" "middle $MIDDLE_URL" "user $USER_URL"; do
  bench_wrk ${target%% *} "${target#* }" "$SECONDS_PER_TARGET"
done
bench_ratios floorq/floor floorq2/floorq whoami/floorq">=0.8" authinfo/whoami">=0.7" \
  first/floorq">=0.5" first/floorq2 middle/first">=0.8" user/floorq
curl -sf "$FIRST_URL" | grep -q '<elem>' || rm_die "the session was lost during the run"

echo "reseller.suspend + reseller.resume of big (10,000 users):"
for i in 1 2 3; do
  s=$(curl -sf -o "$DIR/s.xml" -w '%{time_total}' "$BASE_URL/ispmgr?auth=$ADMIN_SID&func=reseller.suspend&elid=big")
  grep -q '<ok/>' "$DIR/s.xml" || rm_die "suspend failed: $(cat "$DIR/s.xml")"
  [ "$(sql "SELECT COUNT(*) FROM account WHERE suspended = 1 AND parent_id = (SELECT id FROM account WHERE name = 'big')")" = 10000 ] \
    || rm_die "suspend did not reach every user"
  r=$(curl -sf -o "$DIR/r.xml" -w '%{time_total}' "$BASE_URL/ispmgr?auth=$ADMIN_SID&func=reseller.resume&elid=big")
  grep -q '<ok/>' "$DIR/r.xml" || rm_die "resume failed: $(cat "$DIR/r.xml")"
  [ "$(sql "SELECT COUNT(*) FROM account WHERE suspended = 1 AND parent_id = (SELECT id FROM account WHERE name = 'big')")" = 0 ] \
    || rm_die "resume did not reach every user"
  printf '  run %d: suspend %.3f s, resume %.3f s, total %.3f s\n' "$i" "$s" "$r" "$(awk -v a="$s" -v b="$r" 'BEGIN { print a + b }')"
done
