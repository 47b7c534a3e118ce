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
    # The benchmarks start their stacks without it (RM_NO_OUTBOX_WEBHOOK=1): nothing listens
    # there, and retrying every event each second would be load no real installation carries.
    [ -n "${RM_NO_OUTBOX_WEBHOOK:-}" ] || echo "webhook_url = http://127.0.0.1:$WEBHOOK_PORT/hook"
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

# A throwaway certificate authority in DIR (ca.pem, ca.key), and a certificate it signs for
# localhost (localhost.pem, localhost.key: the local ACME server's API).
make_test_ca() {
  local dir=$1
  mkdir -p "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -subj "/CN=resellermgr test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$dir/localhost.key" -out "$dir/localhost.csr" 2>/dev/null
  openssl x509 -req -in "$dir/localhost.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 30 -extfile <(printf 'subjectAltName=DNS:localhost,IP:127.0.0.1') \
    -out "$dir/localhost.pem" 2>/dev/null
}

# pebble on ACME_PORT (its API over TLS with the test CA's localhost certificate), validating
# HTTP-01 on HTTP01_PORT of 127.0.0.1 (pebble-challtestsrv's DNS answers it for every name);
# its root certificate goes to DIR/acme-root.pem and into the panel's trusted roots.
start_acme() {
  local dir=$1 port=$2 admin=$3 dns=$4 dns_admin=$5 http01=$6
  cat > "$dir/pebble.json" <<JSON
{"pebble": {"listenAddress": "127.0.0.1:$port", "managementListenAddress": "127.0.0.1:$admin",
  "certificate": "$dir/test-ca/localhost.pem", "privateKey": "$dir/test-ca/localhost.key",
  "httpPort": $http01, "tlsPort": $(rm_free_port_after "$(cat "$dir/acme-last-port")"), "ocspResponderURL": "",
  "externalAccountBindingRequired": false}}
JSON
  /usr/bin/pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" -dns01 "127.0.0.1:$dns" \
    -http01 "" -https01 "" -tlsalpn01 "" -management "127.0.0.1:$dns_admin" \
    >>"$dir/challtestsrv.log" 2>&1 &
  echo $! > "$dir/challtestsrv.pid"
  PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
    /usr/bin/pebble -config "$dir/pebble.json" -dnsserver "127.0.0.1:$dns" >>"$dir/pebble.log" 2>&1 &
  echo $! > "$dir/pebble.pid"
  rm_wait_for 20 "pebble" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"
  rm_wait_for 20 "pebble's root" curl -sf --cacert "$dir/test-ca/ca.pem" \
    -o "$dir/acme-root.pem" "https://localhost:$admin/roots/0"
  cat "$dir/acme-root.pem" >> "$dir/tls-trusted.pem"
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
    # TLS for brand domains (brand/tls.h): a throwaway CA the tests sign certificates with (and
    # that signs the local ACME server's own address), pebble (Debian's ACME test server) with
    # its mock DNS answering 127.0.0.1 for every name, and nginx's TLS and HTTP-01 listeners.
    # Below Linux's ephemeral range (32768-60999): a port nginx binds only at a later reload
    # must not be taken by a client connection's local end in the meantime.
    TLS_PORT=$(rm_free_port 10000); ACME_HTTP_PORT=$(rm_free_port_after "$TLS_PORT")
    ACME_PORT=$(rm_free_port_after "$ACME_HTTP_PORT"); ACME_ADMIN_PORT=$(rm_free_port_after "$ACME_PORT")
    ACME_DNS_PORT=$(rm_free_port_after "$ACME_ADMIN_PORT")
    ACME_DNS_ADMIN_PORT=$(rm_free_port_after "$ACME_DNS_PORT")
    echo "$ACME_DNS_ADMIN_PORT" > "$DIR/acme-last-port"
    make_test_ca "$DIR/test-ca"
    cp "$DIR/test-ca/ca.pem" "$DIR/tls-trusted.pem"
    write_config "$DIR/resellermgr.conf" "$DIR/app.sock" \
      "tls_dir = $DIR/tls" "tls_listen = 127.0.0.1:$TLS_PORT" \
      "acme_http_listen = 127.0.0.1:$ACME_HTTP_PORT" "tls_panel_include = $DIR/panel-$HTTP_PORT.conf" \
      "tls_reload_command = /usr/sbin/nginx -c $DIR/nginx.conf -p $DIR -s reload" \
      "tls_trusted_ca = $DIR/tls-trusted.pem" "acme_directory = https://localhost:$ACME_PORT/dir" \
      "acme_email = hostmaster@example.test" "acme_ca_bundle = $DIR/test-ca/ca.pem"
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
    mkdir -p "$DIR/tls/nginx" "$DIR/tls/acme"
    RM_TLS_DIR="$DIR/tls" RM_ACME_HTTP_LISTEN="127.0.0.1:$ACME_HTTP_PORT" \
      rm_nginx_config "$DIR" "$USER_NAME" "$SOURCE_DIR/templates/assets" "$HTTP_PORT" "$DIR/app.sock" "$SHORT_PORT" "$DIR/short.sock" > "$DIR/nginx.conf"
    rm_nginx_start "$DIR" "$DIR/nginx.conf"
    rm_wait_for 20 "nginx" bash -c "exec 3<>/dev/tcp/127.0.0.1/$HTTP_PORT"
    start_acme "$DIR" "$ACME_PORT" "$ACME_ADMIN_PORT" "$ACME_DNS_PORT" "$ACME_DNS_ADMIN_PORT" "$ACME_HTTP_PORT"
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
TLS_PORT=$TLS_PORT
TEST_CA_CERT=$DIR/test-ca/ca.pem
TEST_CA_KEY=$DIR/test-ca/ca.key
ACME_ROOT=$DIR/acme-root.pem
ENV
    echo "test stack up: http://127.0.0.1:$HTTP_PORT (MariaDB on $DB_PORT)"
    ;;
  stop)
    [ -d "$DIR" ] || exit 0
    rm_nginx_stop "$DIR"
    rm_stop_pidfile "$DIR/app.pid" 30
    rm_stop_pidfile "$DIR/short.pid" 30
    rm_stop_pidfile "$DIR/smtp.pid" 10
    rm_stop_pidfile "$DIR/pebble.pid" 10
    rm_stop_pidfile "$DIR/challtestsrv.pid" 10
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
