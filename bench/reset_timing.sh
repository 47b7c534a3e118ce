#!/usr/bin/env bash
# Whether a password-reset request's time tells that its login exists (issue 20).
#   bench/reset_timing.sh [ROUNDS]     (default 10: ROUNDS x 8 requests of each kind)
# Starts the tests' throwaway stack, makes ROUNDS x 8 resellers with addresses, then alternates
# requests for an existing login and for a name that is no login, each name once and each from a
# loopback address of its own (resets are throttled per name and per address), and prints each
# kind's median and the ratio.
# Both paths run the same statements (auth/password_reset_functions.cpp), so the ratio should be
# near 1; before issue 20 an existing login took about 1.2x as long.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
ROUNDS=${1:-10}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-bench}
DIR=$BUILD_DIR/bench-stack

. "$SOURCE_DIR/bench/lib.sh"
bench_build
bench_start_stack
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 1 8); do
    curl -sf -d "authinfo=$ADMIN_LOGIN:$ADMIN_PASSWORD" -d func=reseller.edit -d sok=ok \
      -d name=reset$round-$i -d passwd=reset-pass-12 -d email=reset$round-$i@example.test \
      "$BASE_URL/ispmgr" >/dev/null
  done
done
times=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 1 8); do
    curl -s -o /dev/null -w "known %{time_total}\n" --interface "127.1.$round.$i" \
      -d func=password.reset -d sok=ok -d username=reset$round-$i "$BASE_URL/ispmgr" >> "$times"
    curl -s -o /dev/null -w "unknown %{time_total}\n" --interface "127.2.$round.$i" \
      -d func=password.reset -d sok=ok -d username=nobody$round-$i "$BASE_URL/ispmgr" >> "$times"
  done
done
median() { grep "^$1 " "$times" | awk '{print $2 * 1000}' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
known=$(median known)
unknown=$(median unknown)
rm -f "$times"
echo "password.reset median, existing login: ${known} ms; no such login: ${unknown} ms"
awk -v k="$known" -v u="$unknown" 'BEGIN {printf "existing / no such login: %.2fx (aim: 1.00, within noise)\n", k / u}'
