# Shared by the benchmarks: build, the throwaway stack, the FastCGI floor behind its own nginx,
# and one wrk measurement. Source after scripts/lib.sh; set BUILD_DIR and DIR first.

# The floor responders bench_start_floor may start (bench_start_responder NAME).
BENCH_FLOORS="floor floorq floorq2"

bench_build() {
  rm_install_packages $RM_RUNTIME_PACKAGES $RM_BUILD_PACKAGES $RM_TEST_PACKAGES
  cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" -j2 --target resellermgr resellerctl floor_responder >/dev/null
}

bench_cleanup() {
  local name
  for name in $BENCH_FLOORS; do
    rm_nginx_stop "$DIR/$name-nginx" 2>/dev/null || true
    rm_stop_pidfile "$DIR/$name.pid" 5 2>/dev/null || true
  done
  "$SOURCE_DIR/tests/stack.sh" stop "$DIR" >/dev/null 2>&1 || true
}

# Starts the tests' throwaway stack in $DIR and reads its env (BASE_URL, ADMIN_PASSWORD, ...).
bench_start_stack() {
  trap bench_cleanup EXIT
  # No outbox webhook: nothing would receive it (tests/stack.sh).
  RM_NO_OUTBOX_WEBHOOK=1 "$SOURCE_DIR/tests/stack.sh" start "$DIR" "$BUILD_DIR" >/dev/null
  . "$DIR/env"
  THREADS=$(sed -n 's/^threads = //p' "$DIR/resellermgr.conf")
}

# bench_transfer_lua SID PREFIX COUNT KEY_PREFIX: a wrk script (stdout) in which the session SID
# (the admin's) moves 1.00 to a random reseller PREFIX1..PREFIXCOUNT, each request with its own
# idempotency key (KEY_PREFIX, the wrk thread, a counter).
bench_transfer_lua() {
  cat <<LUA
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local path = "/ispmgr?auth=$1&out=xml&func=wallet.transfer&sok=ok&amount=1.00&elid=$2" ..
               math.random(1, $3) .. "&idempotency_key=$4" .. tid .. "-" .. counter
  return wrk.format("GET", path)
end
LUA
}

bench_login() {  # bench_login USER PASSWORD -> session id
  curl -sf "$BASE_URL/ispmgr?out=xml&func=auth&username=$1&password=$2" |
    sed -n 's/.*<auth id="\([0-9a-f]*\)".*/\1/p'
}

# The floor: a bare libfcgi responder with resellermgr's thread count serving BODY_FILE behind
# its own nginx. Sets FLOOR_URL. With "query", a second one (FLOOR_QUERY_URL) also runs one
# primary-key SELECT per request against the stack's MariaDB: the floor of any request that reads
# the database once; and a third (FLOOR_QUERY2_URL) runs it twice, one round trip each: the floor
# of a request that makes two, as a session's list page does.
bench_start_floor() {  # bench_start_floor BODY_FILE [query]
  FLOOR_URL=$(bench_start_responder floor "$1")
  if [ "${2:-}" = query ]; then
    FLOOR_QUERY_URL=$(bench_start_responder floorq "$1" "$DB_SOCKET" "$DB_TEST_USER" "$DB_TEST_PASSWORD" "$DB_NAME")
    FLOOR_QUERY2_URL=$(bench_start_responder floorq2 "$1" "$DB_SOCKET" "$DB_TEST_USER" "$DB_TEST_PASSWORD" "$DB_NAME" 2)
  fi
}

# bench_start_responder NAME BODY_FILE [DB_SOCKET DB_USER DB_PASSWORD DB_NAME] -> prints its URL
bench_start_responder() {
  local name=$1 body=$2 port url; shift 2
  start-stop-daemon --start --background --make-pidfile --pidfile "$DIR/$name.pid" \
    --exec "$BUILD_DIR/bench/floor_responder" -- "$DIR/$name.sock" "$THREADS" "$body" "$@"
  rm_wait_for 10 "$name responder" test -S "$DIR/$name.sock"
  port=$(rm_free_port 29000)
  mkdir -p "$DIR/$name-nginx"
  # libfcgi keeps a thread on each connection it keeps: the floors take a new one a request.
  RM_NGINX_KEEPALIVE=0 rm_nginx_config "$DIR/$name-nginx" "$(id -un)" "$SOURCE_DIR/templates/assets" "$port" "$DIR/$name.sock" > "$DIR/$name-nginx/nginx.conf"
  rm_nginx_start "$DIR/$name-nginx" "$DIR/$name-nginx/nginx.conf"
  url="http://127.0.0.1:$port/ispmgr?func=bench"
  rm_wait_for 10 "$name nginx" curl -sf "$url"
  cmp -s <(curl -sf "$url") "$body" || rm_die "$name does not serve the same bytes"
  echo "$url"
}

# wrk --latency prints "50% 1.23ms"; normalise to milliseconds.
bench_ms() { awk -v v="$1" 'BEGIN { u = v; gsub(/[0-9.]/, "", u); n = v + 0;
  if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; printf "%.3f", n }'; }

# CPU time (clock ticks, all threads) used so far by the process in PIDFILE; 0 when not running.
bench_ticks() {
  local pid
  pid=$(cat "$1" 2>/dev/null) && [ -r "/proc/$pid/stat" ] || { echo 0; return; }
  sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'
}

# CPU time used so far by all the floor responders together.
bench_floor_ticks() {
  local name total=0
  for name in $BENCH_FLOORS; do total=$(( total + $(bench_ticks "$DIR/$name.pid") )); done
  echo "$total"
}

# bench_wrk NAME URL SECONDS [LUA]: prints a line and appends "NAME rps p50 p99" to
# $DIR/results; LUA is a wrk script that makes each request (money requests need unique keys).
# The line also splits CPU per request between MariaDB ("db"), resellermgr ("app") and the
# floor responders ("floor"), so a run shows where a request's cost goes.
bench_wrk() {
  local out rps p50 p99 db0 app0 floor0 db1 app1 floor1
  db0=$(bench_ticks "$DIR/mariadb.pid"); app0=$(bench_ticks "$DIR/app.pid")
  floor0=$(bench_floor_ticks)
  out=$(wrk -t2 -c16 -d"${3}s" --latency ${4:+-s "$4"} "$2")
  db1=$(bench_ticks "$DIR/mariadb.pid"); app1=$(bench_ticks "$DIR/app.pid")
  floor1=$(bench_floor_ticks)
  grep -q "Non-2xx" <<<"$out" && rm_die "$1: non-2xx replies"
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(bench_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(bench_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  echo "$1 $rps $p50 $p99" >> "$DIR/results"
  printf '  %-8s %10.0f req/s   p50 %7.3f ms   p99 %7.3f ms' "$1" "$rps" "$p50" "$p99"
  awk -v n="$(awk -v r="$rps" -v s="$3" 'BEGIN { print r * s }')" -v hz="$(getconf CLK_TCK)" \
      -v db=$((db1 - db0)) -v app=$((app1 - app0)) -v fl=$((floor1 - floor0)) \
      'BEGIN { k = 1000 / hz / n; printf "   CPU ms/req: db %.3f app %.3f floor %.3f\n", db * k, app * k, fl * k }'
}

# bench_ratios A/B[>=AIM] ...: each target's mean over the rounds in $DIR/results, then each
# ratio A / B named (skipped when either was not measured), with its aim when one is given.
bench_ratios() {
  awk -v pairs="$*" '{ rps[$1] += $2; p50[$1] += $3; p99[$1] += $4; n[$1]++ }
    END {
      print "mean of rounds:";
      for (t in n) printf "  %-8s %10.0f req/s   p50 %7.3f ms   p99 %7.3f ms\n", t, rps[t] / n[t], p50[t] / n[t], p99[t] / n[t];
      print "throughput ratios:";
      count = split(pairs, list, " ");
      for (i = 1; i <= count; i++) {
        pair = list[i]; aim = "";
        if (at = index(pair, ">=")) { aim = "   (aim >= " substr(pair, at + 2) ")"; pair = substr(pair, 1, at - 1) }
        split(pair, ab, "/");
        if (!(ab[1] in n) || !(ab[2] in n)) continue;
        printf "  %-8s / %-8s %5.2f%s\n", ab[1], ab[2], (rps[ab[1]] / n[ab[1]]) / (rps[ab[2]] / n[ab[2]]), aim;
      }
    }' "$DIR/results"
}
