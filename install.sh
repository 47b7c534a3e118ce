#!/usr/bin/env bash
# resellermgr: one command to install and run it, one to test it (run as root, Debian 12).
#   ./install.sh            install or upgrade, start everything, print the URL and credentials
#   ./install.sh test       build and run the whole test suite (throwaway MariaDB, nginx, Chromium)
#   ./install.sh test sanitize   the same without the browser, built with ASan and UBSan
#   ./install.sh status     what is running
#   ./install.sh stop       stop nginx, resellermgr and MariaDB (data is kept)
#   ./install.sh start      start them again
#   ./install.sh bench      run the benchmarks in bench/ (see bench/README.md)
# Re-running ./install.sh keeps the data, the database passwords and the admin password.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")" && pwd)
cd "$SOURCE_DIR"
. scripts/lib.sh

PREFIX=/opt/resellermgr
ETC=/etc/resellermgr
DATA=/var/lib/resellermgr
RUN=/run/resellermgr
LOGS=/var/log/resellermgr
SERVICE_USER=resellermgr
WEB_USER=www-data
HTTP_PORT=${RESELLERMGR_PORT:-1500}
DB_PORT=${RESELLERMGR_DB_PORT:-13306}
DB_NAME=resellermgr
DB_APP_USER=resellermgr
DB_OWNER=resellermgr_owner
CONFIG=$ETC/resellermgr.conf
ADMIN_CONFIG=$ETC/admin.conf
CTL="$PREFIX/bin/resellerctl -c $CONFIG -c $ADMIN_CONFIG"

require_root() { [ "$(id -u)" = 0 ] || rm_die "run this as root"; }

build() {  # build DIR TYPE
  cmake -S "$SOURCE_DIR" -B "$1" -DCMAKE_BUILD_TYPE="$2" >/dev/null
  cmake --build "$1" -j2 ${3:+--target $3}
}

config_value() { sed -n "s/^$1 *= *//p" "$2"; }

write_configs() {
  [ -f "$CONFIG" ] && [ -f "$ADMIN_CONFIG" ] && return 0
  install -d -m 0750 -o root -g "$SERVICE_USER" "$ETC"
  cat > "$CONFIG" <<CONF
# resellermgr configuration (see etc/resellermgr.conf.example for every key).
listen = $RUN/resellermgr.sock
socket_mode = 0660
threads = 4
db_socket = $RUN/mariadb.sock
db_name = $DB_NAME
db_user = $DB_APP_USER
db_password = $(rm_random_secret)
xml_dir = $PREFIX/share/resellermgr/xml
templates_dir = $PREFIX/share/resellermgr/templates
sql_dir = $PREFIX/share/resellermgr/sql
log_level = info
CONF
  chown root:"$SERVICE_USER" "$CONFIG"; chmod 0640 "$CONFIG"
  printf '# Schema owner, used only by resellerctl migrate.\ndb_admin_user = %s\ndb_admin_password = %s\n' \
    "$DB_OWNER" "$(rm_random_secret)" > "$ADMIN_CONFIG"
  chmod 0600 "$ADMIN_CONFIG"
}

# Mail (activation requests, notices) goes to an SMTP relay on this machine. A hosting server
# usually has one; when nothing answers on 127.0.0.1:25, Debian's postfix is installed listening
# on loopback only (RESELLERMGR_NO_MTA=1 skips it; set smtp_url in the config for another relay).
ensure_mail_relay() {
  grep -q '^panel_url' "$CONFIG" ||
    printf 'panel_url = http://127.0.0.1:%s/ispmgr\n' "$HTTP_PORT" >> "$CONFIG"
  grep -q '^smtp_url' "$CONFIG" ||
    printf 'smtp_url = smtp://127.0.0.1:25\nsmtp_from = resellermgr@%s\n' "$(hostname -f 2>/dev/null || hostname)" >> "$CONFIG"
  [ "${RESELLERMGR_NO_MTA:-}" = 1 ] && return 0
  bash -c 'exec 3<>/dev/tcp/127.0.0.1/25' 2>/dev/null && return 0
  rm_log "no mail relay on 127.0.0.1:25: installing postfix (loopback only)"
  echo "postfix postfix/main_mailer_type select Internet Site" | debconf-set-selections
  echo "postfix postfix/mailname string $(hostname -f 2>/dev/null || hostname)" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null ||
    { rm_log "postfix could not be installed; mail waits in the queue until a relay answers"; return 0; }
  postconf -e inet_interfaces=loopback-only
  postfix status >/dev/null 2>&1 && postfix reload >/dev/null 2>&1 || postfix start >/dev/null 2>&1 || true
}

# TLS for brand domains (brand/tls.h). The daemon writes certificates to $DATA/tls and the
# servers that serve them; it runs as the service user, so it asks (tls_dir/reload-requested)
# and a root job reloads nginx within a minute (a graceful reload: no connection dropped).
# Serving brand domains on this machine's ports 443 and 80 (and ACME from Let's Encrypt) is
# the operator's choice, since a hosting panel on the same machine usually owns them:
# RESELLERMGR_BRAND_TLS=on ./install.sh turns it on; without it certificates are still checked
# and kept, and nothing listens beyond the panel's own port.
ensure_tls() {
  install -d -m 0750 -o "$SERVICE_USER" -g "$WEB_USER" "$DATA/tls"
  install -d -m 0755 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA/tls/nginx" "$DATA/tls/acme" \
    "$DATA/tls/certs" "$DATA/tls/keys"
  # Everything below is the daemon's to rewrite (an upgrade may find files of another owner).
  chown -R "$SERVICE_USER:$SERVICE_USER" "$DATA/tls/nginx" "$DATA/tls/acme" "$DATA/tls/certs" \
    "$DATA/tls/keys"
  grep -q '^tls_dir' "$CONFIG" || cat >> "$CONFIG" <<CONF
tls_dir = $DATA/tls
tls_panel_include = $RUN/nginx/panel-$HTTP_PORT.conf
CONF
  if [ "${RESELLERMGR_BRAND_TLS:-}" = on ] && ! grep -q '^tls_listen' "$CONFIG"; then
    cat >> "$CONFIG" <<CONF
tls_listen = 443
acme_http_listen = 80
acme_directory = https://acme-v02.api.letsencrypt.org/directory
CONF
  fi
}

# The daily and monthly jobs (README "for cron"), in /etc/cron.d. Each is safe to repeat: the
# billing run charges a (UTC) day once however often it runs, so it runs hourly and a machine
# clock in any zone, or an hour the machine was down, costs nothing. Invoices run at noon on the
# 1st (the 1st in UTC in every zone); the month's report is rewritten each evening, so its last
# writing stands for the month. Unfinished reseller sign-ups expire hourly.
install_jobs() {
  rm_install_packages cron
  cat > /etc/cron.d/resellermgr <<CRON
# resellermgr's jobs, written by install.sh (re-running it rewrites this file).
SHELL=/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin
5 * * * *   root $CTL billing run >> $LOGS/jobs.log 2>&1
15 12 1 * * root $CTL invoice run >> $LOGS/jobs.log 2>&1
50 23 * * * root $CTL report monthly >> $LOGS/jobs.log 2>&1
30 3 * * *  root $CTL usage rollup >> $LOGS/jobs.log 2>&1
20 * * * *  root $CTL signup expire >> $LOGS/jobs.log 2>&1
* * * * *   root [ -e $DATA/tls/reload-requested ] && rm -f $DATA/tls/reload-requested && nginx -c $ETC/nginx.conf -p $RUN/nginx -s reload >> $LOGS/jobs.log 2>&1
CRON
  chmod 0644 /etc/cron.d/resellermgr
  pgrep -x cron >/dev/null || service cron start >/dev/null 2>&1 || /usr/sbin/cron ||
    rm_log "cron could not be started: run the jobs in /etc/cron.d/resellermgr another way"
}

start_services() {
  install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$RUN"
  install -d -m 0755 "$RUN/nginx"
  rm_mariadb_start "$DATA/mysql" "$RUN" "$DB_PORT" "$SERVICE_USER"
  rm_app_start "$PREFIX/bin/resellermgr" "$CONFIG" "$RUN/resellermgr.pid" "$LOGS/resellermgr.log" "$SERVICE_USER"
  rm_wait_for 20 "resellermgr" test -S "$RUN/resellermgr.sock"
  RM_TLS_DIR="$DATA/tls" RM_ACME_HTTP_LISTEN="$(config_value acme_http_listen "$CONFIG")" \
    rm_nginx_config "$RUN/nginx" "$WEB_USER" "$PREFIX/share/resellermgr/templates/assets" "$HTTP_PORT" "$RUN/resellermgr.sock" > "$ETC/nginx.conf"
  rm_nginx_start "$RUN/nginx" "$ETC/nginx.conf"
  rm_wait_for 20 "the panel on port $HTTP_PORT" \
    bash -c "curl -sf 'http://127.0.0.1:$HTTP_PORT/ispmgr?func=whoami' | grep -q '<error type=\"auth\"'"
}

stop_services() {
  rm_nginx_stop "$RUN/nginx"
  rm_stop_pidfile "$RUN/resellermgr.pid" 30
  rm_mariadb_stop "$RUN"
}

cmd_install() {
  require_root
  rm_install_packages $RM_RUNTIME_PACKAGES $RM_BUILD_PACKAGES curl
  build "$SOURCE_DIR/build-release" Release "resellermgr resellerctl"
  cmake --install "$SOURCE_DIR/build-release" --prefix "$PREFIX" >/dev/null
  install -d "$PREFIX/share/resellermgr"
  rm -rf "$PREFIX/share/resellermgr/xml" "$PREFIX/share/resellermgr/sql" \
    "$PREFIX/share/resellermgr/templates" "$PREFIX/share/resellermgr/docs"
  cp -r "$SOURCE_DIR/xml" "$SOURCE_DIR/sql" "$SOURCE_DIR/templates" "$SOURCE_DIR/docs" \
    "$PREFIX/share/resellermgr/"
  # nginx (www-data) serves the assets and the API reference.
  chmod -R a+rX "$PREFIX/share/resellermgr/templates" "$PREFIX/share/resellermgr/docs"

  id "$SERVICE_USER" >/dev/null 2>&1 ||
    useradd --system --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
  # nginx's workers reach the FastCGI socket through the service group (socket mode 0660).
  id -nG "$WEB_USER" | grep -qw "$SERVICE_USER" || usermod -aG "$SERVICE_USER" "$WEB_USER"
  install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA" "$LOGS"
  write_configs
  ensure_mail_relay
  ensure_tls

  install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$RUN"
  rm_mariadb_start "$DATA/mysql" "$RUN" "$DB_PORT" "$SERVICE_USER"
  rm_db_setup "$RUN" "$DB_NAME" "$DB_APP_USER" "$(config_value db_password "$CONFIG")" \
    "$DB_OWNER" "$(config_value db_admin_password "$ADMIN_CONFIG")"
  $CTL migrate

  local password=""
  if ! $CTL call whoami --as admin >/dev/null 2>&1; then
    password=$($CTL admin create admin | sed -n 's/^password: //p')
  fi
  # Restart resellermgr so an upgrade runs the new binary (SIGTERM lets requests finish).
  rm_stop_pidfile "$RUN/resellermgr.pid" 30
  start_services
  install_jobs

  echo
  echo "resellermgr is running: http://127.0.0.1:$HTTP_PORT/ispmgr"
  if [ -n "$password" ]; then
    echo "  login:    admin"
    echo "  password: $password   (shown once; change it with: $PREFIX/bin/resellerctl admin passwd admin)"
  else
    echo "  the admin login already exists; its password is unchanged"
    echo "  (set a new one with: $PREFIX/bin/resellerctl admin passwd admin)"
  fi
  echo "  try: curl -d 'authinfo=admin:PASSWORD' -d func=whoami http://127.0.0.1:$HTTP_PORT/ispmgr"
  echo "  daily charges, invoices and reports run from /etc/cron.d/resellermgr (log: $LOGS/jobs.log)"
}

cmd_test() {
  rm_install_packages $RM_RUNTIME_PACKAGES $RM_BUILD_PACKAGES $RM_TEST_PACKAGES
  # NodeSource's nodejs carries npm; Debian's nodejs needs Debian's npm beside it.
  command -v npm >/dev/null || rm_install_packages npm
  if [ "${1:-}" = sanitize ]; then
    cmd_test_sanitized
    return
  fi
  build "$SOURCE_DIR/build" Release
  cd "$SOURCE_DIR/build"
  # Serial on purpose: the db-restart test stops the shared throwaway MariaDB.
  ctest --output-on-failure
}

# `./install.sh test sanitize` (issue 28): the unit, db and http tiers with everything built with
# AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer (the daemon the stack runs
# included); a report aborts the process that made it, and any report in the stack's logs fails
# the run.
cmd_test_sanitized() {
  local dir="$SOURCE_DIR/build-sanitize" status=0
  cmake -S "$SOURCE_DIR" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRM_SANITIZE=address,undefined >/dev/null
  cmake --build "$dir" -j2
  export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
  export LSAN_OPTIONS="suppressions=$SOURCE_DIR/tests/support/lsan.supp"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  cd "$dir"
  ctest --output-on-failure -E '^(browser|cluster)' || status=$?
  if grep -l -E "ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer" \
       "$dir"/test-stack/*.log 2>/dev/null; then
    rm_log "sanitizer reports in the stack's logs (above)"
    status=1
  fi
  return $status
}

cmd_status() {
  local name pidfile state=0
  for entry in "MariaDB:$RUN/mariadb.pid" "resellermgr:$RUN/resellermgr.pid" "nginx:$RUN/nginx/nginx.pid"; do
    name=${entry%%:*}; pidfile=${entry#*:}
    if rm_pid_alive "$pidfile"; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: stopped"; state=3; fi
  done
  [ $state = 0 ] && echo "panel: http://127.0.0.1:$HTTP_PORT/ispmgr"
  return $state
}

case "${1:-install}" in
  install) cmd_install ;;
  test) shift; cmd_test "$@" ;;
  start) require_root; start_services; cmd_status ;;
  stop) require_root; stop_services; echo "stopped" ;;
  status) cmd_status ;;
  bench) shift; exec "$SOURCE_DIR/bench/run.sh" "$@" ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
