#!/usr/bin/env bash
# Several hosts over a Galera cluster, the way the tests start their stack (issue 22): a
# three-node MariaDB Galera cluster on loopback ports, two resellermgr hosts (each with its own
# config and its own order of database nodes) and nginx with both as one FastCGI upstream, plus
# the loopback SMTP server. Everything lives in DIR and is removed by "stop".
#   tests/cluster.sh start DIR BUILD_DIR    writes DIR/env (KEY=VALUE lines the tests read)
#   tests/cluster.sh stop DIR
#   tests/cluster.sh node-kill DIR N         (kill -9 database node N = 1..3)
#   tests/cluster.sh node-start DIR N        (it rejoins: IST from a live node)
#   tests/cluster.sh host-kill DIR N         (kill -9 resellermgr host N = 1..2)
#   tests/cluster.sh host-start DIR N
#   tests/cluster.sh node-sql DIR N SQL      (as root on node N; prints tab-separated rows)
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"

command=${1:?command}; DIR=${2:?directory}
mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)  # start-stop-daemon needs absolute paths
USER_NAME=$(id -un)
NODES=3 HOSTS=2
# The nodes run as MariaDB's own system user when we are root: a joining node's state transfer
# (rsync) runs its receiving daemon as the server's user, and a root rsync daemon would switch
# to "nobody" and be refused its own data directory.
DB_USER=$USER_NAME
[ "$USER_NAME" = root ] && id mysql >/dev/null 2>&1 && DB_USER=mysql

port_of() { cat "$DIR/node$1/$2-port"; }  # port_of N db|galera|ist|sst

# The cluster's addresses (gcomm://), from every node's Galera port.
cluster_address() {
  local n list=""
  for n in $(seq 1 $NODES); do list+="${list:+,}127.0.0.1:$(port_of "$n" galera)"; done
  echo "gcomm://$list"
}

# node_start N [--wsrep-new-cluster]: a Galera node on its own ports and data directory.
node_start() {
  local n=$1 node=$DIR/node$1; shift
  mkdir -p "$node/data"
  mkdir -p "$node/tmp"  # temporary tables of its own (scripts/lib.sh, rm_mariadb_start)
  chown "$DB_USER" "$node" "$node/data" "$node/tmp"
  if [ ! -d "$node/data/mysql" ] && [ $# -gt 0 ]; then  # the first node's system tables
    mariadb-install-db --no-defaults --datadir="$node/data" --user="$DB_USER" \
      --auth-root-authentication-method=socket --skip-test-db >"$node/install.log" 2>&1 \
      || { cat "$node/install.log" >&2; rm_die "mariadb-install-db failed"; }
  fi
  rm_pid_alive "$node/mariadb.pid" && return 0
  mariadbd --no-defaults --datadir="$node/data" --socket="$node/mariadb.sock" \
    --port="$(port_of "$n" db)" --bind-address=127.0.0.1 --pid-file="$node/mariadb.pid" \
    --log-error="$node/mariadb.err" --tmpdir="$node/tmp" --user="$DB_USER" \
    --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_bin --sql-mode=STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION \
    --innodb-buffer-pool-size=32M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 \
    --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
    --log-bin-trust-function-creators=1 \
    --wsrep-on=ON --wsrep-provider=/usr/lib/galera/libgalera_smm.so \
    --wsrep-cluster-name=resellermgr-test --wsrep-cluster-address="$(cluster_address)" \
    --wsrep-node-name="node$n" --wsrep-node-address="127.0.0.1:$(port_of "$n" galera)" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$(port_of "$n" galera);ist.recv_addr=127.0.0.1:$(port_of "$n" ist);gcache.size=64M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$(port_of "$n" sst)" \
    --wsrep-slave-threads=2 "$@" >/dev/null 2>&1 &
  # Up when it answers and has joined the cluster as a synced member.
  rm_wait_for 120 "Galera node $n" bash -c \
    "mariadb --no-defaults --socket='$node/mariadb.sock' -uroot -N -B -e \"SHOW STATUS LIKE 'wsrep_local_state_comment'\" | grep -q Synced"
}

node_sql() { mariadb --no-defaults --socket="$DIR/node$1/mariadb.sock" -uroot -N -B -e "$2"; }

# host_config N: host N prefers node N, its own machine's node, through that node's socket, then
# the others in turn over TCP. Two workers a host: the cluster runs the single stack's four in all,
# so the two compare like for like on this machine's shared cores (bench/cluster.sh).
host_config() {
  local n=$1 order="unix:$DIR/node$1/mariadb.sock" i
  for i in $(seq 1 $((NODES - 1))); do
    order+=", 127.0.0.1:$(port_of $(((n - 1 + i) % NODES + 1)) db)"
  done
  cat <<CONF
listen = $DIR/host$n.sock
socket_mode = 0660
threads = 2
db_nodes = $order
db_failback_seconds = 5
db_user_hosts = localhost, 127.0.0.1
db_name = resellermgr
db_user = rm_app
db_password = $(cat "$DIR/app-password")
xml_dir = $SOURCE_DIR/xml
templates_dir = $SOURCE_DIR/templates
sql_dir = $SOURCE_DIR/sql
# Load from one address, and hosts killed mid-login (an attempt in flight stays counted for 30 s):
# the limits are the defaults' order, not the single stack's, whose tests throttle on purpose.
throttle_login_max = 50
throttle_ip_max = 200
io_timeout_seconds = 2
log_level = info
webhook_url = http://127.0.0.1:$(cat "$DIR/webhook-port")/hook
webhook_secret = $(cat "$DIR/webhook-secret")
outbox_poll_seconds = 1
outbox_retry_seconds = 1
smtp_url = smtp://127.0.0.1:$(cat "$DIR/smtp-port")
smtp_from = panel@example.test
panel_url = http://127.0.0.1:$(cat "$DIR/http-port")/ispmgr
reserved_domains = billing.hoster.test, .panel.hoster.test
backup_datacenters = eu-1, us-1
backup_url = https://backup.hoster.test/login
CONF
}

host_start() {
  local n=$1
  rm_app_start "$(cat "$DIR/build-dir")/plugin/resellermgr" "$DIR/host$n.conf" "$DIR/host$n.pid" \
    "$DIR/host$n.log" "$USER_NAME"
  rm_wait_for 20 "resellermgr host $n" python3 -c \
    "import socket; socket.socket(socket.AF_UNIX).connect('$DIR/host$n.sock')"
}

kill_pidfile() {  # kill -9, and wait until it is gone
  local pid
  pid=$(cat "$1")
  kill -9 "$pid" 2>/dev/null || true
  rm_wait_for 30 "pid $pid to die" sh -c "! kill -0 $pid 2>/dev/null"
  rm -f "$1"
}

case "$command" in
  start)
    rm_install_packages galera-4 rsync
    BUILD_DIR=$(cd "${3:?build directory}" && pwd)
    "$0" stop "$DIR" 2>/dev/null || true
    rm -rf "$DIR"; mkdir -p "$DIR"; chown "$USER_NAME" "$DIR"
    echo "$BUILD_DIR" > "$DIR/build-dir"
    for n in $(seq 1 $NODES); do
      mkdir -p "$DIR/node$n"
      echo "$(rm_free_port 20000)" > "$DIR/node$n/db-port"
      echo "$(rm_free_port 14000)" > "$DIR/node$n/galera-port"
      echo "$(rm_free_port 17000)" > "$DIR/node$n/ist-port"
      echo "$(rm_free_port 11000)" > "$DIR/node$n/sst-port"
    done
    node_start 1 --wsrep-new-cluster
    APP_PASSWORD=$(rm_random_secret); OWNER_PASSWORD=$(rm_random_secret); TEST_DB_PASSWORD=$(rm_random_secret)
    echo "$APP_PASSWORD" > "$DIR/app-password"
    # Accounts replicate (DDL is applied on every node in the same order); the hosts reach the
    # nodes over TCP, the tests and resellerctl also over node 1's socket.
    users=""
    for from in localhost 127.0.0.1; do
      users+="CREATE USER 'rm_app'@'$from' IDENTIFIED BY '$APP_PASSWORD';
              CREATE USER 'rm_owner'@'$from' IDENTIFIED BY '$OWNER_PASSWORD';
              GRANT ALL PRIVILEGES ON \`resellermgr\`.* TO 'rm_owner'@'$from' WITH GRANT OPTION;
              CREATE USER 'rm_test'@'$from' IDENTIFIED BY '$TEST_DB_PASSWORD';
              GRANT ALL PRIVILEGES ON *.* TO 'rm_test'@'$from' WITH GRANT OPTION;"
    done
    node_sql 1 "CREATE DATABASE resellermgr CHARACTER SET utf8mb4 COLLATE utf8mb4_bin; $users"
    for n in $(seq 2 $NODES); do node_start "$n"; done

    echo "$(rm_free_port 29000)" > "$DIR/webhook-port"; rm_random_secret > "$DIR/webhook-secret"
    echo "$(rm_free_port 27000)" > "$DIR/smtp-port"
    echo "$(rm_free_port 23000)" > "$DIR/http-port"
    /usr/bin/python3 "$SOURCE_DIR/tests/support/smtp_sink.py" "$DIR/mail" "$(cat "$DIR/smtp-port")" \
      >>"$DIR/smtp.log" 2>&1 &
    echo $! > "$DIR/smtp.pid"
    for n in $(seq 1 $HOSTS); do host_config "$n" > "$DIR/host$n.conf"; done
    printf 'db_admin_user = rm_owner\ndb_admin_password = %s\n' "$OWNER_PASSWORD" > "$DIR/admin.conf"
    CTL="$BUILD_DIR/plugin/resellerctl -c $DIR/host1.conf -c $DIR/admin.conf"
    $CTL migrate >/dev/null
    ADMIN_PASSWORD=$($CTL admin create admin | sed -n 's/^password: //p')
    [ -n "$ADMIN_PASSWORD" ] || rm_die "admin create printed no password"
    for n in $(seq 1 $HOSTS); do host_start "$n"; done

    # One port for the upstream of both hosts, and one per host for the tests that pick one.
    HOST_PORTS=() upstream=""
    for n in $(seq 1 $HOSTS); do
      HOST_PORTS+=("$(rm_free_port 24000)")
      upstream+="    server unix:$DIR/host$n.sock max_fails=1 fail_timeout=5s;"$'\n'
    done
    pairs=("$(cat "$DIR/http-port")" "resellermgr_hosts")
    for n in $(seq 1 $HOSTS); do pairs+=("${HOST_PORTS[$((n - 1))]}" "$DIR/host$n.sock"); done
    # A request goes on to the other host, when the first refused it, broke off or timed out,
    # only if it cannot have changed anything: a POST (nginx passes one on only if the first
    # host never received it) or a read (a GET without sok= of a function that changes nothing
    # unless submitted). Any other GET may have run: it gets the typed 502, and the client's
    # retry with its idempotency key settles it.
    reads=$("$BUILD_DIR/plugin/resellerctl" read-functions | sed 's/\./\\./g' | paste -sd'|')
    RM_NGINX_HTTP_EXTRA="  upstream resellermgr_hosts {
$upstream    keepalive 16;
  }
  map \"\$request_method:\$arg_sok:\$arg_func\" \$rm_once {
    default 1;
    \"~^POST:\" 0;
    \"~^(GET|HEAD)::($reads)\$\" 0;
  }" RM_NGINX_FASTCGI_EXTRA="      fastcgi_next_upstream error timeout;
      fastcgi_next_upstream_tries 2;
      if (\$rm_once) { rewrite ^ /_rm_once last; }" RM_NGINX_SERVER_EXTRA="    location = /_rm_once {
      internal;
      include /etc/nginx/fastcgi_params;
      fastcgi_pass @PASS@;
      fastcgi_keep_conn on;
      fastcgi_next_upstream off;
    }" rm_nginx_config "$DIR" "$USER_NAME" "$SOURCE_DIR/templates/assets" "${pairs[@]}" \
      > "$DIR/nginx.conf"
    rm_nginx_start "$DIR" "$DIR/nginx.conf"
    rm_wait_for 20 "nginx" bash -c "exec 3<>/dev/tcp/127.0.0.1/$(cat "$DIR/http-port")"
    {
      echo "BASE_URL=http://127.0.0.1:$(cat "$DIR/http-port")"
      for n in $(seq 1 $HOSTS); do echo "HOST${n}_URL=http://127.0.0.1:${HOST_PORTS[$((n - 1))]}"; done
      for n in $(seq 1 $NODES); do
        echo "NODE${n}_PORT=$(port_of "$n" db)"
        echo "NODE${n}_SOCKET=$DIR/node$n/mariadb.sock"
      done
      cat <<ENV
ADMIN_LOGIN=admin
ADMIN_PASSWORD=$ADMIN_PASSWORD
WEBHOOK_PORT=$(cat "$DIR/webhook-port")
WEBHOOK_SECRET=$(cat "$DIR/webhook-secret")
SMTP_PORT=$(cat "$DIR/smtp-port")
SMTP_DIR=$DIR/mail
DB_SOCKET=$DIR/node1/mariadb.sock
DB_TEST_USER=rm_test
DB_TEST_PASSWORD=$TEST_DB_PASSWORD
DB_NAME=resellermgr
SQL_DIR=$SOURCE_DIR/sql
XML_DIR=$SOURCE_DIR/xml
CLUSTER_SCRIPT=$SOURCE_DIR/tests/cluster.sh
STACK_DIR=$DIR
CONFIG=$DIR/host1.conf
ADMIN_CONFIG=$DIR/admin.conf
RESELLERCTL=$BUILD_DIR/plugin/resellerctl
ENV
    } > "$DIR/env"
    echo "cluster up: http://127.0.0.1:$(cat "$DIR/http-port") ($HOSTS hosts, $NODES Galera nodes)"
    ;;
  stop)
    [ -d "$DIR" ] || exit 0
    rm_nginx_stop "$DIR"
    for n in $(seq 1 $HOSTS); do rm_stop_pidfile "$DIR/host$n.pid" 30; done
    rm_stop_pidfile "$DIR/smtp.pid" 10
    for n in $(seq $NODES -1 1); do rm_stop_pidfile "$DIR/node$n/mariadb.pid" 60; done
    # Keep the logs of a failed run for inspection.
    rm -rf "$DIR"/node*/data "$DIR/nginx-tmp"
    ;;
  node-kill) kill_pidfile "$DIR/node${3:?node}/mariadb.pid" ;;
  node-start) node_start "${3:?node}" ;;
  host-kill)
    kill_pidfile "$DIR/host${3:?host}.pid"
    rm -f "$DIR/host$3.sock"  # what a dead host leaves behind; it is made anew on start
    ;;
  host-start) host_start "${3:?host}" ;;
  node-sql) node_sql "${3:?node}" "${4:?sql}" ;;
  *) rm_die "unknown command $command" ;;
esac
