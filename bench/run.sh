#!/usr/bin/env bash
# Benchmarks resellermgr against the FastCGI floor, in the same time window.
#   bench/run.sh [SECONDS_PER_ROUND] [ROUNDS]     (defaults: 10 s, 3 rounds)
# Starts the throwaway stack of the tests (MariaDB + resellermgr + nginx) plus a bare libfcgi
# responder behind its own nginx, then runs wrk (2 threads, 16 connections) against
#   floor:   the bare responder returning the bytes of a real whoami reply
#   whoami:  func=whoami with a session (auth=SID): session lookup + reply + render
# alternating floor/whoami each round so both see the same machine load, and prints req/s,
# p50 and p99 per target and the whoami/floor throughput ratio.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-3}
BUILD_DIR=$SOURCE_DIR/build-bench
DIR=$BUILD_DIR/bench-stack

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

SID=$(curl -sf "$BASE_URL/ispmgr?out=xml&func=auth&username=$ADMIN_LOGIN&password=$ADMIN_PASSWORD" |
      sed -n 's/.*<auth id="\([0-9a-f]*\)".*/\1/p')
[ -n "$SID" ] || rm_die "login failed"
WHOAMI_URL="$BASE_URL/ispmgr?auth=$SID&func=whoami&out=xml"
curl -sf "$WHOAMI_URL" > "$DIR/whoami.xml"
grep -q '<user name="admin"' "$DIR/whoami.xml" || rm_die "whoami did not answer"

THREADS=$(sed -n 's/^threads = //p' "$DIR/resellermgr.conf")
start-stop-daemon --start --background --make-pidfile --pidfile "$DIR/floor.pid" \
  --exec "$BUILD_DIR/bench/floor_responder" -- "$DIR/floor.sock" "$THREADS" "$DIR/whoami.xml"
rm_wait_for 10 "floor responder" test -S "$DIR/floor.sock"
FLOOR_PORT=$(rm_free_port 30000)
mkdir -p "$DIR/floor-nginx"
rm_nginx_config "$DIR/floor-nginx" "$(id -un)" "$FLOOR_PORT" "$DIR/floor.sock" > "$DIR/floor-nginx/nginx.conf"
rm_nginx_start "$DIR/floor-nginx" "$DIR/floor-nginx/nginx.conf"
FLOOR_URL="http://127.0.0.1:$FLOOR_PORT/ispmgr?func=whoami"
rm_wait_for 10 "floor nginx" curl -sf "$FLOOR_URL"
cmp -s <(curl -sf "$FLOOR_URL") "$DIR/whoami.xml" || rm_die "the floor does not serve the whoami bytes"

# wrk --latency prints "50% 1.23ms"; normalise to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { u = v; gsub(/[0-9.]/, "", u); n = v + 0;
  if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; printf "%.3f", n }'; }

run() {  # run NAME URL -> appends "NAME rps p50 p99" to $DIR/results
  local out rps p50 p99
  out=$(wrk -t2 -c16 -d"${SECONDS_PER_ROUND}s" --latency "$2")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  if grep -q "Non-2xx" <<<"$out"; then rm_die "$1: non-2xx replies"; fi
  echo "$1 $rps $p50 $p99" >> "$DIR/results"
  printf '  %-8s %10.0f req/s   p50 %7.3f ms   p99 %7.3f ms\n' "$1" "$rps" "$p50" "$p99"
}

: > "$DIR/results"
echo "wrk -t2 -c16, ${SECONDS_PER_ROUND}s per target per round, $ROUNDS rounds, $THREADS FastCGI threads each, $(nproc) cores"
for ((round = 1; round <= ROUNDS; round++)); do
  echo "round $round"
  run floor "$FLOOR_URL"
  run whoami "$WHOAMI_URL"
done
# A whoami that errored (e.g. an expired session) would still be 200: check the session held.
curl -sf "$WHOAMI_URL" | grep -q '<user name="admin"' || rm_die "session was lost during the run"

awk '{ rps[$1] += $2; p50[$1] += $3; p99[$1] += $4; n[$1]++ }
     END {
       print "mean of rounds:";
       for (t in n) printf "  %-8s %10.0f req/s   p50 %7.3f ms   p99 %7.3f ms\n", t, rps[t]/n[t], p50[t]/n[t], p99[t]/n[t];
       printf "whoami / floor throughput ratio: %.2f\n", rps["whoami"] / rps["floor"];
     }' "$DIR/results"
