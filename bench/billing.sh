#!/usr/bin/env bash
# The daily charge run at scale (issue 23).
#   bench/billing.sh [RESELLERS] [USERS_PER_RESELLER]   (defaults: 10000 100 = 1,000,000 users)
# Generates the scale data (bench/scale.sh's, BENCH_HOLD=1), gives every reseller a rate card
# (account 3.10, reseller 31.00 a month) and credit to pay it, then times, each through
# resellerctl as cron would run it:
#   run      billing run --date D      (every reseller charged for its subtree)
#   rerun    the same day again         (charges nothing: every day already claimed)
#   verify   ledger verify              (the books still balance)
#   invoices invoice run for the month  (beside it, the month-end job for comparison)
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
RESELLERS=${1:-10000}
PER=${2:-100}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-bench}
DIR=$BUILD_DIR/scale-stack

BENCH_HOLD=1 "$SOURCE_DIR/bench/scale.sh" "$RESELLERS" "$PER" 1
. "$DIR/env"
trap '"$SOURCE_DIR/tests/stack.sh" stop "$DIR" >/dev/null 2>&1 || true' EXIT
sql() { mariadb --no-defaults --socket="$DB_SOCKET" -u"$DB_TEST_USER" -p"$DB_TEST_PASSWORD" -N -B "$DB_NAME" -e "$1"; }
ctl() { "$BUILD_DIR/plugin/resellerctl" -c "$DIR/resellermgr.conf" -c "$DIR/admin.conf" "$@"; }

DAY=$(date -u +%Y-%m-%d)
sql "
SET @admin = (SELECT id FROM account WHERE name = 'admin');
INSERT INTO ratecard (owner_account_id, name) VALUES (@admin, 'bench');
SET @card = LAST_INSERT_ID();
INSERT INTO ratecard_price (card_id, item, effective_from, price, set_by)
  VALUES (@card, 'account', '$DAY', 310, 'bench'), (@card, 'reseller', '$DAY', 3100, 'bench');
INSERT INTO ratecard_holder (account_id, card_id) SELECT id, @card FROM account WHERE level = 24;
INSERT IGNORE INTO wallet (account_id) SELECT id FROM account WHERE level = 24;
UPDATE wallet w JOIN account a ON a.id = w.account_id SET w.credit_limit = 100000000
 WHERE a.level = 24;" >/dev/null

timed() {  # timed NAME COMMAND...: prints NAME seconds and the command's last line
  local start end out
  start=$(date +%s.%N)
  out=$("${@:2}" 2>&1 | tail -1)
  end=$(date +%s.%N)
  printf "  %-9s %7.2f s   %s\n" "$1" "$(awk "BEGIN { print $end - $start }")" "$out"
}
echo "billing over $(sql "SELECT COUNT(*) FROM account WHERE level = 24") resellers and $(sql "SELECT COUNT(*) FROM account WHERE level = 16") users, day $DAY:"
timed run ctl billing run --date "$DAY"
timed rerun ctl billing run --date "$DAY"
timed verify ctl ledger verify
timed invoices ctl invoice run "$(date -u +%Y-%m)"
