#!/usr/bin/env bash
# The resellers module at scale, against the FastCGI floor, in one run.
#   bench/scale.sh [RESELLERS] [USERS_PER_RESELLER] [SECONDS]   (defaults: 10000 100 10)
# Generates RESELLERS resellers with USERS_PER_RESELLER users each (10,000 x 100 = 1,000,000) plus
# one reseller "big" with 10,000 users, straight in SQL (MariaDB's sequence engine), then with
# wrk -t2 -c16 measures:
#   floor       a bare libfcgi responder returning a constant reseller page (same bytes)
#   first       func=reseller, 20 rows sorted by users, page 1 (admin session)
#   middle      the same, the middle page
#   user        func=user, 20 rows of one reseller (that reseller's session)
# and times reseller.suspend + reseller.resume of "big" (10,000 users), 3 times.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
RESELLERS=${1:-10000}
PER=${2:-100}
SECONDS_PER_TARGET=${3:-10}
BUILD_DIR=$SOURCE_DIR/build-bench
DIR=$BUILD_DIR/scale-stack

rm_install_packages $RM_RUNTIME_PACKAGES $RM_BUILD_PACKAGES $RM_TEST_PACKAGES
cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j2 --target resellermgr resellerctl floor_responder >/dev/null
cleanup() {
  rm_nginx_stop "$DIR/floor-nginx" 2>/dev/null || true
  rm_stop_pidfile "$DIR/floor.pid" 5 2>/dev/null || true
  "$SOURCE_DIR/tests/stack.sh" stop "$DIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$SOURCE_DIR/tests/stack.sh" start "$DIR" "$BUILD_DIR" >/dev/null
. "$DIR/env"
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
INSERT INTO login (account_id, name, password_hash) SELECT id, name, '$HASH' FROM account WHERE level = 24;
INSERT INTO account_limit (account_id, name, value)
  SELECT id, 'limit_users', 200 FROM account WHERE level = 24
  UNION ALL SELECT id, 'limit_quota', 102400 FROM account WHERE level = 24;
INSERT INTO account (parent_id, level, name)
  SELECT r.id, 16, CONCAT('u', r.id, '_', s.seq) FROM account r JOIN seq_1_to_${PER} s WHERE r.level = 24 AND r.name <> 'big';
INSERT INTO account (parent_id, level, name)
  SELECT r.id, 16, CONCAT('big_', s.seq) FROM account r JOIN seq_1_to_10000 s WHERE r.name = 'big';
UPDATE account SET users_count = FLOOR(RAND(7) * $PER) WHERE level = 24 AND name <> 'big';
UPDATE account_level_count c
  SET c.live = (SELECT COUNT(*) FROM account a WHERE a.level = c.level AND a.deleted_at IS NULL);
ANALYZE TABLE account, account_limit, login;" >/dev/null
echo "  $(sql 'SELECT COUNT(*) FROM account') accounts in $(( $(date +%s) - START ))s"

login() { curl -sf "$BASE_URL/ispmgr?out=xml&func=auth&username=$1&password=$2" | sed -n 's/.*<auth id="\([0-9a-f]*\)".*/\1/p'; }
ADMIN_SID=$(login admin "$ADMIN_PASSWORD")
R_SID=$(login r42 bench-password)
[ -n "$ADMIN_SID" ] && [ -n "$R_SID" ] || rm_die "login failed"
MIDDLE=$(( (RESELLERS / 20) / 2 ))
FIRST_URL="$BASE_URL/ispmgr?auth=$ADMIN_SID&func=reseller&p_cnt=20&p_sort=users&p_order=desc&p_num=1"
MIDDLE_URL="$BASE_URL/ispmgr?auth=$ADMIN_SID&func=reseller&p_cnt=20&p_sort=users&p_order=desc&p_num=$MIDDLE"
USER_URL="$BASE_URL/ispmgr?auth=$R_SID&func=user&p_cnt=20"
curl -sf "$FIRST_URL" > "$DIR/page.xml"
[ "$(grep -o '<elem>' "$DIR/page.xml" | wc -l)" = 20 ] || rm_die "the reseller page does not have 20 rows"
[ "$(curl -sf "$USER_URL" | grep -o '<elem>' | wc -l)" = 20 ] || rm_die "the user page does not have 20 rows"

THREADS=$(sed -n 's/^threads = //p' "$DIR/resellermgr.conf")
start-stop-daemon --start --background --make-pidfile --pidfile "$DIR/floor.pid" \
  --exec "$BUILD_DIR/bench/floor_responder" -- "$DIR/floor.sock" "$THREADS" "$DIR/page.xml"
rm_wait_for 10 "floor responder" test -S "$DIR/floor.sock"
FLOOR_PORT=$(rm_free_port 30000)
mkdir -p "$DIR/floor-nginx"
rm_nginx_config "$DIR/floor-nginx" "$(id -un)" "$FLOOR_PORT" "$DIR/floor.sock" > "$DIR/floor-nginx/nginx.conf"
rm_nginx_start "$DIR/floor-nginx" "$DIR/floor-nginx/nginx.conf"
FLOOR_URL="http://127.0.0.1:$FLOOR_PORT/ispmgr?func=reseller"
rm_wait_for 10 "floor nginx" curl -sf "$FLOOR_URL"

to_ms() { awk -v v="$1" 'BEGIN { u = v; gsub(/[0-9.]/, "", u); n = v + 0;
  if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.3f", n }'; }
declare -A RPS
run() {
  local out; out=$(wrk -t2 -c16 -d"${SECONDS_PER_TARGET}s" --latency "$2")
  grep -q "Non-2xx" <<<"$out" && rm_die "$1: non-2xx replies"
  RPS[$1]=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  printf '  %-7s %9.0f req/s   p50 %7.3f ms   p99 %7.3f ms\n' "$1" "${RPS[$1]}" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")" "$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
}
echo "wrk -t2 -c16, ${SECONDS_PER_TARGET}s each, $THREADS FastCGI threads, $(nproc) cores, page $(wc -c < "$DIR/page.xml") bytes"
run floor "$FLOOR_URL"
run first "$FIRST_URL"
run middle "$MIDDLE_URL"
run user "$USER_URL"
for t in first middle user; do printf '  %-7s / floor = %.2f\n' "$t" "$(awk -v a="${RPS[$t]}" -v b="${RPS[floor]}" 'BEGIN { print a / b }')"; done
curl -sf "$FIRST_URL" | grep -q '<elem>' || rm_die "the session was lost during the run"

echo "reseller.suspend + reseller.resume of big (10,000 users):"
for i in 1 2 3; do
  s=$(curl -sf -o "$DIR/s.xml" -w '%{time_total}' "$BASE_URL/ispmgr?auth=$ADMIN_SID&func=reseller.suspend&elid=big")
  grep -q '<ok/>' "$DIR/s.xml" || rm_die "suspend failed: $(cat "$DIR/s.xml")"
  [ "$(sql "SELECT COUNT(*) FROM suspension s JOIN account a ON a.id = s.account_id WHERE a.parent_id = (SELECT id FROM account WHERE name = 'big')")" = 10000 ] \
    || rm_die "suspend did not reach every user"
  r=$(curl -sf -o "$DIR/r.xml" -w '%{time_total}' "$BASE_URL/ispmgr?auth=$ADMIN_SID&func=reseller.resume&elid=big")
  grep -q '<ok/>' "$DIR/r.xml" || rm_die "resume failed: $(cat "$DIR/r.xml")"
  printf '  run %d: suspend %.3f s, resume %.3f s, total %.3f s\n' "$i" "$s" "$r" "$(awk -v a="$s" -v b="$r" 'BEGIN { print a + b }')"
done
