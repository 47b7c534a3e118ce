#!/usr/bin/env bash
# The month-end invoice run at size.
#   bench/invoices.sh [WALLETS] [CHARGES]     (defaults: 10,000 wallets, 1,000,000 charges)
# Starts the tests' throwaway stack, writes WALLETS resellers with wallets and CHARGES charges
# spread over last month straight into MariaDB (each wallet's cached balance set to its charges,
# so the books balance), then times `resellerctl invoice run` for last month: an invoice per
# wallet with lines by service, every charge taken once. A second run shows what re-running
# costs (nothing left to take). Ends with `resellerctl ledger verify`.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
WALLETS=${1:-10000}
CHARGES=${2:-1000000}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-bench}
DIR=$BUILD_DIR/bench-stack

. "$SOURCE_DIR/bench/lib.sh"
# A ledger of a million rows with its indexes is some 300 MiB: give MariaDB room for it, as an
# installation would (the test stack's default is 64 MiB).
export RM_DB_BUFFER_POOL=${RM_DB_BUFFER_POOL:-1G}
bench_build
bench_start_stack
sql() { mariadb --no-defaults --socket="$DB_SOCKET" -u"$DB_TEST_USER" -p"$DB_TEST_PASSWORD" -N -B "$DB_NAME" -e "$1"; }
MONTH=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)
CTL=("$BUILD_DIR/plugin/resellerctl" -c "$DIR/resellermgr.conf" -c "$DIR/admin.conf")

echo "writing $WALLETS wallets and $CHARGES charges over $MONTH"
started=$(date +%s.%N)
sql "
SET @admin = (SELECT id FROM account WHERE name = 'admin');
SET @path = (SELECT tree_path FROM account WHERE id = @admin);
INSERT INTO account (parent_id, level, name, company, address)
  SELECT @admin, 24, CONCAT('iw', seq), CONCAT('Company ', seq), CONCAT(seq, ' Main St')
  FROM seq_1_to_${WALLETS};
UPDATE account SET tree_path = CONCAT(@path, id, '/') WHERE name LIKE 'iw%';
INSERT INTO wallet (account_id, credit_limit) SELECT id, 100000000000 FROM account WHERE name LIKE 'iw%';
SET @first = (SELECT MIN(id) FROM wallet WHERE account_id IS NOT NULL);
SET @revenue = (SELECT id FROM wallet WHERE system_name = 'revenue');
SET @start = TIMESTAMP('${MONTH}-01');
INSERT INTO ledger_transfer (kind, from_wallet, to_wallet, amount, from_balance, to_balance,
                             reference, period, actor, as_account, at)
  SELECT 'charge', @first + (seq * 7919) % ${WALLETS}, @revenue, 100 + seq % 900, 0, 0,
         ELT(1 + (seq DIV ${WALLETS}) % 5, 'cdn', 'storage', 'dns', 'web', 'mail'), '${MONTH}', 'bench', 'admin',
         @start + INTERVAL (seq * 2) % (28 * 86400) SECOND
  FROM seq_1_to_${CHARGES};
UPDATE wallet w JOIN (SELECT from_wallet, SUM(amount) AS spent FROM ledger_transfer
                      WHERE kind = 'charge' GROUP BY from_wallet) c ON c.from_wallet = w.id
  SET w.balance = -c.spent;
UPDATE wallet SET balance = (SELECT SUM(amount) FROM ledger_transfer WHERE to_wallet = @revenue)
  WHERE id = @revenue;
"
echo "written in $(echo "$(date +%s.%N) - $started" | bc) s"

mariadb --no-defaults --socket="$DB_SOCKET" -uroot -e "SELECT @@innodb_buffer_pool_size DIV 1048576 AS buffer_pool_mib" | tail -1 | sed 's/^/buffer pool MiB: /'
echo "month-end run for $MONTH:"
"${CTL[@]}" invoice run "$MONTH" | tee "$DIR/run1"
echo "again (nothing left to invoice):"
"${CTL[@]}" invoice run "$MONTH" | tee "$DIR/run2"
sql "SELECT CONCAT('invoices: ', COUNT(*), ', lines: ', (SELECT COUNT(*) FROM invoice_line),
            ', charges taken: ', (SELECT COUNT(*) FROM invoice_charge),
            ', total invoiced = total charged: ',
            (SELECT SUM(total) FROM invoice WHERE kind = 'invoice') =
            (SELECT SUM(amount) FROM ledger_transfer WHERE kind = 'charge'))
     FROM invoice WHERE kind = 'invoice'"
"${CTL[@]}" ledger verify
