#!/usr/bin/env bash
# The throwaway stack the db and http tests run against: a private MariaDB on a free loopback port,
# two resellermgr instances (normal, and one with short session/key lifetimes for expiry tests
# and without the verified-password cache),
# and nginx in front of each. Everything lives in DIR and is removed by "stop".
#   tests/stack.sh start DIR BUILD_DIR      writes DIR/env (KEY=VALUE lines the tests read)
#   tests/stack.sh stop DIR
#   tests/stack.sh db-stop DIR | db-start DIR   (used by the database-restart test)
#   tests/stack.sh db-crash DIR                 (kill -9: the server dies mid-work)
#   tests/stack.sh smtp-stop DIR | smtp-start DIR (the mail relay goes away and comes back)
#   tests/stack.sh app-start DIR NAME           (restarts instance NAME = app | short)
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"

command=${1:?command}; DIR=${2:?directory}
USER_NAME=$(id -un)

write_config() {  # write_config FILE SOCKET [extra lines]
  local file=$1 socket=$2; shift 2
  {
    echo "listen = $socket"
    echo "socket_mode = 0660"
    echo "threads = 4"
    echo "db_socket = $DIR/mariadb.sock"
    echo "db_name = resellermgr"
    echo "db_user = rm_app"
    echo "db_password = $APP_PASSWORD"
    echo "xml_dir = $SOURCE_DIR/xml"
    echo "templates_dir = $SOURCE_DIR/templates"
    echo "sql_dir = $SOURCE_DIR/sql"
    echo "throttle_login_max = 5"
    echo "throttle_ip_max = 10"
    echo "io_timeout_seconds = 2"
    echo "log_level = info"
    # The outbox's webhook: the http tests listen on this port when they check deliveries
    # (every instance delivers from the same table, so all must send to the same place).
    echo "webhook_url = http://127.0.0.1:$WEBHOOK_PORT/hook"
    echo "webhook_secret = $WEBHOOK_SECRET"
    echo "outbox_poll_seconds = 1"
    echo "outbox_retry_seconds = 1"
    # Mail goes to the tests' SMTP server on loopback (tests/support/smtp_sink.py).
    echo "smtp_url = smtp://127.0.0.1:$SMTP_PORT"
    echo "smtp_from = panel@example.test"
    echo "panel_url = http://127.0.0.1:$HTTP_PORT/ispmgr"
    echo "reserved_domains = billing.hoster.test, .panel.hoster.test"
    # Licence backups: two datacenters and a backup system the manage links point at.
    echo "backup_datacenters = eu-1, us-1"
    echo "backup_url = https://backup.hoster.test/login"
    printf '%s\n' "$@"
  } > "$file"
}

case "$command" in
  start)
    BUILD_DIR=$(cd "${3:?build directory}" && pwd)  # start-stop-daemon needs absolute paths
    "$0" stop "$DIR" 2>/dev/null || true
    rm -rf "$DIR"; mkdir -p "$DIR"
    echo "$BUILD_DIR" > "$DIR/build-dir"
    DB_PORT=$(rm_free_port 20000)
    rm_mariadb_start "$DIR/data" "$DIR" "$DB_PORT" "$USER_NAME" \
      --innodb-buffer-pool-size=${RM_DB_BUFFER_POOL:-64M} --innodb-log-file-size=16M --skip-log-bin --innodb-flush-log-at-trx-commit=2
    echo "$DB_PORT" > "$DIR/db-port"
    WEBHOOK_PORT=$(rm_free_port 29000); WEBHOOK_SECRET=$(rm_random_secret)
    SMTP_PORT=$(rm_free_port 27000)
    HTTP_PORT=$(rm_free_port 23000)
    SHORT_PORT=$(rm_free_port 26000)
    echo "$SMTP_PORT" > "$DIR/smtp-port"
    "$0" smtp-start "$DIR"
    APP_PASSWORD=$(rm_random_secret); OWNER_PASSWORD=$(rm_random_secret); TEST_DB_PASSWORD=$(rm_random_secret)
    rm_db_setup "$DIR" resellermgr rm_app "$APP_PASSWORD" rm_owner "$OWNER_PASSWORD"
    # The db tests create and drop their own scratch databases.
    rm_sql "$DIR" "CREATE USER 'rm_test'@'localhost' IDENTIFIED BY '$TEST_DB_PASSWORD';
                   GRANT ALL PRIVILEGES ON *.* TO 'rm_test'@'localhost' WITH GRANT OPTION;"
    write_config "$DIR/resellermgr.conf" "$DIR/app.sock"
    # The second instance: short lifetimes, and no remembered passwords, so every authinfo
    # request there costs a real hash (the shutdown test needs requests that take a while).
    write_config "$DIR/short.conf" "$DIR/short.sock" \
      "session_idle_seconds = 2" "session_lifetime_seconds = 6" "key_ttl_seconds = 2" \
      "credential_cache_entries = 0"
    printf 'db_admin_user = rm_owner\ndb_admin_password = %s\n' "$OWNER_PASSWORD" > "$DIR/admin.conf"
    CTL="$BUILD_DIR/plugin/resellerctl -c $DIR/resellermgr.conf -c $DIR/admin.conf"
    $CTL migrate >/dev/null
    ADMIN_PASSWORD=$($CTL admin create admin | sed -n 's/^password: //p')
    [ -n "$ADMIN_PASSWORD" ] || rm_die "admin create printed no password"
    rm_app_start "$BUILD_DIR/plugin/resellermgr" "$DIR/resellermgr.conf" "$DIR/app.pid" "$DIR/app.log" "$USER_NAME"
    rm_app_start "$BUILD_DIR/plugin/resellermgr" "$DIR/short.conf" "$DIR/short.pid" "$DIR/short.log" "$USER_NAME"
    rm_wait_for 20 "resellermgr" test -S "$DIR/app.sock"
    rm_wait_for 20 "resellermgr (short)" test -S "$DIR/short.sock"
    rm_nginx_config "$DIR" "$USER_NAME" "$SOURCE_DIR/templates/assets" "$HTTP_PORT" "$DIR/app.sock" "$SHORT_PORT" "$DIR/short.sock" > "$DIR/nginx.conf"
    rm_nginx_start "$DIR" "$DIR/nginx.conf"
    rm_wait_for 20 "nginx" bash -c "exec 3<>/dev/tcp/127.0.0.1/$HTTP_PORT"
    cat > "$DIR/env" <<ENV
BASE_URL=http://127.0.0.1:$HTTP_PORT
SHORT_URL=http://127.0.0.1:$SHORT_PORT
ADMIN_LOGIN=admin
ADMIN_PASSWORD=$ADMIN_PASSWORD
WEBHOOK_PORT=$WEBHOOK_PORT
WEBHOOK_SECRET=$WEBHOOK_SECRET
SMTP_PORT=$SMTP_PORT
SMTP_DIR=$DIR/mail
DB_SOCKET=$DIR/mariadb.sock
DB_TEST_USER=rm_test
DB_TEST_PASSWORD=$TEST_DB_PASSWORD
DB_NAME=resellermgr
SQL_DIR=$SOURCE_DIR/sql
XML_DIR=$SOURCE_DIR/xml
STACK_SCRIPT=$SOURCE_DIR/tests/stack.sh
STACK_DIR=$DIR
CONFIG=$DIR/resellermgr.conf
ADMIN_CONFIG=$DIR/admin.conf
RESELLERCTL=$BUILD_DIR/plugin/resellerctl
ENV
    echo "test stack up: http://127.0.0.1:$HTTP_PORT (MariaDB on $DB_PORT)"
    ;;
  stop)
    [ -d "$DIR" ] || exit 0
    rm_nginx_stop "$DIR"
    rm_stop_pidfile "$DIR/app.pid" 30
    rm_stop_pidfile "$DIR/short.pid" 30
    rm_stop_pidfile "$DIR/smtp.pid" 10
    rm_mariadb_stop "$DIR"
    # Keep the logs of a failed run for inspection; CI prints them on failure.
    rm -rf "$DIR/data" "$DIR/nginx-tmp"
    ;;
  db-stop)
    rm_mariadb_stop "$DIR"
    ;;
  smtp-start)  # the loopback SMTP server: each message it takes becomes a file in DIR/mail
    /usr/bin/python3 "$SOURCE_DIR/tests/support/smtp_sink.py" "$DIR/mail" "$(cat "$DIR/smtp-port")" \
      >>"$DIR/smtp.log" 2>&1 &
    echo $! > "$DIR/smtp.pid"
    rm_wait_for 20 "the SMTP server" bash -c "exec 3<>/dev/tcp/127.0.0.1/$(cat "$DIR/smtp-port")"
    ;;
  smtp-stop)
    rm_stop_pidfile "$DIR/smtp.pid" 10
    ;;
  db-crash)
    pid=$(cat "$DIR/mariadb.pid")
    kill -9 "$pid"
    rm_wait_for 30 "MariaDB to die" sh -c "! kill -0 $pid 2>/dev/null"
    rm -f "$DIR/mariadb.pid"
    ;;
  db-start)
    rm_mariadb_start "$DIR/data" "$DIR" "$(cat "$DIR/db-port")" "$USER_NAME" \
      --innodb-buffer-pool-size=${RM_DB_BUFFER_POOL:-64M} --innodb-log-file-size=16M --skip-log-bin --innodb-flush-log-at-trx-commit=2
    ;;
  app-start)
    name=${3:?instance name}
    config=$DIR/$name.conf; [ "$name" = app ] && config=$DIR/resellermgr.conf
    rm_app_start "$(cat "$DIR/build-dir")/plugin/resellermgr" "$config" "$DIR/$name.pid" "$DIR/$name.log.restarted" "$USER_NAME"
    rm_wait_for 20 "resellermgr ($name)" test -S "$DIR/$name.sock"
    ;;
  *) rm_die "unknown command $command" ;;
esac
