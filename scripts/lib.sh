# Shared by install.sh and tests/stack.sh: packages, a private MariaDB, resellermgr, nginx.
# Source it; every function takes its paths as arguments, so the same code serves the installed
# service (/var/lib/resellermgr, /run/resellermgr) and the throwaway test stack (build/test-stack).

RM_RUNTIME_PACKAGES="cmark-gfm mariadb-server mariadb-client nginx libfcgi0ldbl libmysqlcppconn7v5 libpugixml1v5 libssl3 libcrypt1 libxslt1.1 liboath0 libqrencode4 libcurl4 libcairo2 libpango-1.0-0 libpangocairo-1.0-0 fonts-dejavu-core libpwquality1 cracklib-runtime libmagic1 libmagic-mgc certbot"
RM_BUILD_PACKAGES="build-essential cmake pkg-config libfcgi-dev libmysqlcppconn-dev libpugixml-dev libssl-dev libcrypt-dev libxslt1-dev nlohmann-json3-dev libboost-test-dev libcurl4-openssl-dev liboath-dev libqrencode-dev libcairo2-dev libpango1.0-dev libpwquality-dev libmagic-dev"
RM_TEST_PACKAGES="curl wrk chromium nodejs oathtool poppler-utils python3-aiosmtpd galera-4 rsync pebble certbot openssl"

rm_log() { printf '%s\n' "$*" >&2; }
rm_die() { rm_log "error: $*"; exit 1; }

# Installs the Debian packages that are not installed yet (no network when all are present).
rm_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  rm_log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || rm_die "apt-get update failed"
  # The distribution's own MariaDB and nginx services are not used; keep them from starting.
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; created_policy=1; fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rm_die "apt-get install failed"
  [ "$created_policy" = 1 ] && rm -f "$policy"
  return 0
}

# A TCP port on 127.0.0.1 that nothing listens on, in [BASE, BASE + 3000). Callers keep below
# the kernel's ephemeral range (32768+ here), where an outgoing connection could take the port
# between this probe and the server's bind.
rm_free_port() {
  local port=${1:-20000} tries=0
  port=$((port + RANDOM % 3000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1)); tries=$((tries + 1))
    [ $tries -gt 200 ] && rm_die "no free port found"
  done
  echo "$port"
}

# The first free loopback port after PORT (ports picked one after another never meet, though
# none is bound yet).
rm_free_port_after() {
  local port=$(($1 + 1))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

rm_pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null; }

# Sends SIGTERM and waits up to $2 seconds (default 30) for the process to exit.
rm_stop_pidfile() {
  local pidfile=$1 wait=${2:-30} pid i
  rm_pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < wait * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    sleep 0.1
  done
  rm_log "pid $pid did not stop in ${wait}s; killing it"
  kill -KILL "$pid" 2>/dev/null
  rm -f "$pidfile"
}

rm_wait_for() {  # rm_wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2 i; shift 2
  for ((i = 0; i < seconds * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  rm_die "$what did not come up in ${seconds}s"
}

# ---- MariaDB -------------------------------------------------------------------------------------
# rm_mariadb_start DATADIR RUNDIR PORT OS_USER [extra mariadbd options...]
rm_mariadb_start() {
  local datadir=$1 rundir=$2 port=$3 user=$4; shift 4
  # Temporary tables in a directory of its own: never in a /tmp other servers and cleaners share
  # (a bench run lost one there once while another stack's server was busy).
  mkdir -p "$datadir" "$rundir" "$rundir/tmp"
  chown "$user" "$datadir" "$rundir" "$rundir/tmp"
  if [ ! -d "$datadir/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$datadir" --user="$user" \
      --auth-root-authentication-method=socket --skip-test-db >"$rundir/mariadb-install.log" 2>&1 \
      || { cat "$rundir/mariadb-install.log" >&2; rm_die "mariadb-install-db failed"; }
  fi
  if rm_pid_alive "$rundir/mariadb.pid"; then return 0; fi
  mariadbd --no-defaults --datadir="$datadir" --socket="$rundir/mariadb.sock" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$rundir/mariadb.pid" --log-error="$rundir/mariadb.err" \
    --tmpdir="$rundir/tmp" \
    --user="$user" --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
    --sql-mode=STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION "$@" >/dev/null 2>&1 &
  rm_wait_for 60 "MariaDB" mariadb-admin --no-defaults --socket="$rundir/mariadb.sock" -uroot ping
}

rm_mariadb_stop() { rm_stop_pidfile "$1/mariadb.pid" 60; }

# Runs SQL as the MariaDB root user (unix-socket authentication as the OS root).
rm_sql() { mariadb --no-defaults --socket="$1/mariadb.sock" -uroot -N -B -e "$2"; }

# rm_db_setup RUNDIR DB APP_USER APP_PASSWORD ADMIN_USER ADMIN_PASSWORD
# The application user gets table-level DML only (granted by resellerctl migrate); the admin user
# owns the schema. Both connect over the unix socket only ('localhost').
rm_db_setup() {
  local rundir=$1 db=$2 app_user=$3 app_password=$4 admin_user=$5 admin_password=$6
  rm_sql "$rundir" "
    CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    CREATE USER IF NOT EXISTS '$app_user'@'localhost' IDENTIFIED BY '$app_password';
    ALTER USER '$app_user'@'localhost' IDENTIFIED BY '$app_password';
    CREATE USER IF NOT EXISTS '$admin_user'@'localhost' IDENTIFIED BY '$admin_password';
    ALTER USER '$admin_user'@'localhost' IDENTIFIED BY '$admin_password';
    GRANT ALL PRIVILEGES ON \`$db\`.* TO '$admin_user'@'localhost' WITH GRANT OPTION;" \
    || rm_die "database setup failed"
}

# ---- resellermgr ---------------------------------------------------------------------------------
# rm_app_start BINARY CONFIG PIDFILE LOGFILE OS_USER
rm_app_start() {
  local bin=$1 config=$2 pidfile=$3 logfile=$4 user=$5
  rm_pid_alive "$pidfile" && return 0
  start-stop-daemon --start --background --make-pidfile --pidfile "$pidfile" --chuid "$user" \
    --output "$logfile" --exec "$bin" -- -c "$config" || rm_die "cannot start $bin"
}

# ---- nginx ---------------------------------------------------------------------------------------
# The replies nginx gives itself when a request never reaches resellermgr (a body over
# client_max_body_size, a request line or headers too long, a malformed request, resellermgr
# down): typed <error> documents in xml, json and text, so an API client reads them as it reads
# ours. rm_nginx_error_pages DIR writes DIR/CODE.{xml,json,txt,html}.
RM_ERROR_PAGES='400|value|request|4|The request is malformed|Запрос искажён
413|value|request|4|The request is too large|Запрос слишком велик
414|value|request|4|The request line is too long|Строка запроса слишком длинна
494|value|request|4|The request headers are too large|Заголовки запроса слишком велики
500|internal|server|1|Internal error|Внутренняя ошибка
502|internal|unavailable|1|The service is not running; try again later|Служба не запущена; попробуйте позже
503|internal|unavailable|1|The service is not running; try again later|Служба не запущена; попробуйте позже
504|internal|unavailable|1|The service did not answer in time; try again later|Служба не ответила вовремя; попробуйте позже'
# A browser on a panel page gets a panel page instead (issue 20): the panel's style, the
# refusal in the browser's language, and a way back to the page it came from with what the user
# typed still there (the browser's history; the Referer for a browser without script). nginx's
# SSI fills in the Referer, escaped, and picks the language from Accept-Language.
rm_nginx_html_error_page() {  # CODE EN_TEXT RU_TEXT
  cat <<HTML
<!DOCTYPE html>
<html><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>resellermgr</title><link rel="stylesheet" href="/assets/panel.css"/></head>
<body><main id="content" class="front-door-error" data-status="$1">
<!--# if expr="\$http_accept_language = /^ru/" -->
<h1>$3</h1>
<p class="error" role="alert" id="front-door-error">$3. Ничего не сохранено; введённое осталось на предыдущей странице.</p>
<p><a id="back" href="<!--# echo var="http_referer" encoding="entity" default="/ispmgr" -->" onclick="history.back(); return false;">Вернуться к форме</a></p>
<!--# else -->
<h1>$2</h1>
<p class="error" role="alert" id="front-door-error">$2. Nothing was saved; what you typed is still on the previous page.</p>
<p><a id="back" href="<!--# echo var="http_referer" encoding="entity" default="/ispmgr" -->" onclick="history.back(); return false;">Back to the form</a></p>
<!--# endif -->
</main></body></html>
HTML
}

rm_nginx_error_pages() {
  local dir=$1 code type object isp4 text ru attr
  mkdir -p "$dir"
  while IFS='|' read -r code type object isp4 text ru; do
    attr=obj; [ "$type" = value ] && attr=val
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<doc><error type="%s" object="%s" lang="en" code="%s" %s="%s"><param name="object" type="msg">%s</param><param name="value"></param><msg>%s</msg><detail>%s</detail></error></doc>\n' \
      "$type" "$object" "$isp4" "$attr" "$object" "$object" "$text" "$text" > "$dir/$code.xml"
    printf '{"doc":{"error":{"$type":"%s","$object":"%s","$lang":"en","$code":"%s","$%s":"%s","param":[{"$name":"object","$type":"msg","$":"%s"},{"$name":"value"}],"msg":[{"$":"%s"}],"detail":{"$":"%s"}}}}\n' \
      "$type" "$object" "$isp4" "$attr" "$object" "$object" "$text" "$text" > "$dir/$code.json"
    printf 'ERROR %s(%s): %s\n' "$type" "$object" "$text" > "$dir/$code.txt"
    rm_nginx_html_error_page "$code" "$text" "$ru" > "$dir/$code.html"
  done <<< "$RM_ERROR_PAGES"
  chmod -R a+rX "$dir"
}

# The API reference as a page (issue 20: it opened as raw Markdown): Debian's cmark-gfm renders
# docs/api-reference.md, GitHub tables included, with raw HTML left out, inside the panel's style.
rm_api_reference_html() {  # MARKDOWN: the page on stdout
  printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>\n'
  printf '<title>resellermgr API reference</title><link rel="stylesheet" href="/assets/panel.css"/></head>\n'
  printf '<body class="kind-reference"><main id="content" class="api-reference">\n'
  cmark-gfm -e table -e autolink --to html "$1"
  printf '</main></body></html>\n'
}

# rm_nginx_config RUNDIR OS_USER ASSETS_DIR then pairs of "PORT FASTCGI" (one server block each;
# FASTCGI is a socket path or an upstream's name). Several hosts (tests/cluster.sh) add text to
# the http block (RM_NGINX_HTTP_EXTRA: upstreams, maps), to each server block
# (RM_NGINX_SERVER_EXTRA) and to each FastCGI location (RM_NGINX_FASTCGI_EXTRA); @PASS@ in the
# last two is that server's FASTCGI. ASSETS_DIR (templates/assets: the panel's CSS and JavaScript) is served at /assets/;
# nginx's own error replies come from RUNDIR/errors in the format the request's out= asks for;
# the API reference (docs/ beside templates/) is served at /docs/api-reference.md.
rm_nginx_config() {
  local rundir=$1 user=$2 assets=$3 code docs; shift 3
  docs=$(dirname "$(dirname "$assets")")/docs
  mkdir -p "$rundir/nginx-tmp"
  chown "$user" "$rundir/nginx-tmp"
  rm_nginx_error_pages "$rundir/errors"
  rm_api_reference_html "$docs/api-reference.md" > "$rundir/api-reference.html"
  chmod a+r "$rundir/api-reference.html"
  cat <<CONF
user $user;
worker_processes auto;
pid $rundir/nginx.pid;
error_log $rundir/nginx-error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  server_tokens off;
  client_max_body_size 1m;
  client_body_temp_path $rundir/nginx-tmp/body;
  fastcgi_temp_path $rundir/nginx-tmp/fastcgi;
  proxy_temp_path $rundir/nginx-tmp/proxy;
  uwsgi_temp_path $rundir/nginx-tmp/uwsgi;
  scgi_temp_path $rundir/nginx-tmp/scgi;
  # The format of nginx's own error replies: what out= asks for; a browser (an HTML Accept, no
  # out=, or out=html) gets a panel page.
  map "\$arg_out:\$http_accept" \$rm_error_format {
    "~^(json|sjson|xjson):" json; "~^text:" txt; "~^html:" html; "~^:.*text/html" html; default xml;
  }
${RM_NGINX_HTTP_EXTRA:-}
CONF
  local pass fastcgi_extra=${RM_NGINX_FASTCGI_EXTRA:-} server_extra=${RM_NGINX_SERVER_EXTRA:-}
  # Connections to the responder stay open between requests (RM_NGINX_KEEPALIVE idle ones per
  # nginx worker; 0 for a responder that cannot take it, as libfcgi's, which blocks a thread on
  # each connection it keeps).
  local upstreams=0 keepalive=${RM_NGINX_KEEPALIVE:-16} keep_conn=on
  [ "$keepalive" -gt 0 ] || keep_conn=off
  while [ $# -ge 2 ]; do
    pass=$2
    if [[ $pass == /* ]]; then  # a socket: an upstream of its own, to keep connections open
      upstreams=$((upstreams + 1))
      cat <<CONF
  upstream resellermgr_$upstreams {
    server unix:$pass;
$([ "$keepalive" -gt 0 ] && echo "    keepalive $keepalive;")
  }
CONF
      pass=resellermgr_$upstreams
    fi
    # The panel's locations, in a file of their own: brand domains served over TLS include the
    # same file (brand/tls.h), so the panel is one definition whichever way it is reached.
    {
      cat <<CONF
    # API.md: /ispmgr, and also / and /manager/ispmgr.
    location ~ ^/(ispmgr|manager/ispmgr)?\$ {
      include /etc/nginx/fastcgi_params;
      fastcgi_pass $pass;
      fastcgi_keep_conn $keep_conn;  # with the upstream's keepalive: no new connection a request
${fastcgi_extra//@PASS@/$pass}
    }
${server_extra//@PASS@/$pass}
    location /assets/ {
      alias $assets/;
      add_header X-Content-Type-Options nosniff;
      add_header Cache-Control "public, max-age=3600";
    }
    location = /docs/api-reference.md {
      alias $docs/api-reference.md;
      types { }
      default_type "text/plain; charset=utf-8";
      add_header X-Content-Type-Options nosniff;
    }
    location = /docs/api-reference.html {
      alias $rundir/api-reference.html;
      types { }
      default_type "text/html; charset=utf-8";
      add_header X-Content-Type-Options nosniff;
      add_header Content-Security-Policy "default-src 'none'; style-src 'self'";
    }
    location / { return 404; }
CONF
      for code in $(cut -d'|' -f1 <<< "$RM_ERROR_PAGES"); do
        echo "    error_page $code /_rm_error/$code.\$rm_error_format;"
      done
      cat <<CONF
    location /_rm_error/ {
      internal;
      alias $rundir/errors/;
      ssi on;
      add_header Cache-Control no-store always;
      add_header X-Content-Type-Options nosniff always;
    }
CONF
    } > "$rundir/panel-$1.conf"
    chmod a+r "$rundir/panel-$1.conf"
    cat <<CONF
  server {
    listen 127.0.0.1:$1;
    include $rundir/panel-$1.conf;
  }
CONF
    shift 2
  done
  # Brand domains over TLS (brand/tls.h): the servers resellermgr writes, and the HTTP-01
  # challenges of ACME (RM_TLS_DIR, RM_ACME_HTTP_LISTEN).
  if [ -n "${RM_TLS_DIR:-}" ]; then
    echo "  include $RM_TLS_DIR/nginx/*.conf;"
  fi
  if [ -n "${RM_TLS_DIR:-}" ] && [ -n "${RM_ACME_HTTP_LISTEN:-}" ]; then
    cat <<CONF
  server {
    listen $RM_ACME_HTTP_LISTEN;
    location /.well-known/acme-challenge/ {
      root $RM_TLS_DIR/acme;
      default_type text/plain;
    }
    location / { return 301 https://\$host\$request_uri; }
  }
CONF
  fi
  echo "}"
}

rm_nginx_start() {  # rm_nginx_start RUNDIR CONFIG
  local rundir=$1 config=$2
  nginx -t -q -c "$config" -p "$rundir" || rm_die "nginx configuration is invalid"
  if rm_pid_alive "$rundir/nginx.pid"; then
    nginx -c "$config" -p "$rundir" -s reload
  else
    nginx -c "$config" -p "$rundir"
  fi
}

rm_nginx_stop() { rm_stop_pidfile "$1/nginx.pid" 10; }

rm_random_secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32; }
