#!/usr/bin/env bash
# One database node against the three-node Galera cluster with two hosts (issue 22), in one run.
#   bench/cluster.sh [SECONDS_PER_ROUND] [ROUNDS] [RESELLERS]     (defaults 10 s, 2 rounds, 200)
# Starts the tests' single stack (tests/stack.sh: one MariaDB, one resellermgr) and the cluster
# (tests/cluster.sh: three Galera nodes, two resellermgr hosts, one nginx upstream) from the same
# build, creates RESELLERS resellers in each, then runs wrk (2 threads, 16 connections) against
# both in alternating rounds with the same two mixes as bench/run.sh and bench/money.sh:
#   read      the admin's first reseller page with a session (func=reseller)
#   transfer  the admin moving 1.00 from the operator's books to a random reseller, each request
#             with its own idempotency key (two wallets locked, the ledger row, the audit row, the
#             outbox event and the idempotency record in one transaction)
# and prints req/s, p50 and p99 of each, the ratios cluster / single, and for the cluster the
# conflicts its hosts retried (deadlocks and certification failures, whole requests and single
# statements, from their logs) per transfer. Ends with ledger verify and audit verify on both.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
. "$SOURCE_DIR/bench/lib.sh"
SECONDS_PER_ROUND=${1:-10}
ROUNDS=${2:-2}
RESELLERS=${3:-200}
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build}
WORK=$BUILD_DIR/bench-cluster
STACK=$WORK/stack CLUSTER=$WORK/cluster

rm_install_packages $RM_RUNTIME_PACKAGES $RM_BUILD_PACKAGES wrk galera-4 rsync
cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j2 --target resellermgr resellerctl >/dev/null
mkdir -p "$WORK"
cleanup() {
  "$SOURCE_DIR/tests/stack.sh" stop "$STACK" >/dev/null 2>&1 || true
  "$SOURCE_DIR/tests/cluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$SOURCE_DIR/tests/stack.sh" start "$STACK" "$BUILD_DIR" >/dev/null
"$SOURCE_DIR/tests/cluster.sh" start "$CLUSTER" "$BUILD_DIR" >/dev/null

env_of() { sed -n "s/^$2=//p" "$1/env"; }
# prepare NAME DIR: resellers, a session, and the wrk scripts of target NAME.
prepare() {
  local name=$1 dir=$2 url admin sid
  url=$(env_of "$dir" BASE_URL)
  admin="authinfo=$(env_of "$dir" ADMIN_LOGIN):$(env_of "$dir" ADMIN_PASSWORD)"
  seq 1 "$RESELLERS" | xargs -P 4 -I{} curl -sf -o /dev/null \
    "$url/ispmgr?$admin&out=xml&func=reseller.edit&sok=ok&name=bc{}&passwd=bench-pass-{}"
  sid=$(curl -sf -d func=auth -d "username=$(env_of "$dir" ADMIN_LOGIN)" \
    -d "password=$(env_of "$dir" ADMIN_PASSWORD)" -d out=xml "$url/ispmgr" |
    sed -n 's/.*<auth id="\([^"]*\)".*/\1/p')
  [ -n "$sid" ] || rm_die "$name: login failed"
  curl -sf "$url/ispmgr?auth=$sid&out=xml&func=reseller" | grep -q '<elem>' ||
    rm_die "$name: the reseller list did not answer"
  echo "$url" > "$WORK/$name.url"
  echo "$url/ispmgr?auth=$sid&out=xml&func=reseller" > "$WORK/$name.read"
  bench_transfer_lua "$sid" bc "$RESELLERS" "$name" > "$WORK/$name.lua"
}
prepare single "$STACK"
prepare cluster "$CLUSTER"

conflicts() {  # retried conflicts so far in the cluster's host logs
  cat "$CLUSTER"/host*.log | grep -c -e "certification conflict #" -e "standalone write lost" || true
}
: > "$WORK/results"
run() {  # run TARGET MIX URL [SCRIPT]
  local out rps p50 p99 errors before after
  before=$(conflicts)
  out=$(wrk -t2 -c16 -d"${SECONDS_PER_ROUND}s" --latency ${4:+-s "$4"} "$3")
  after=$(conflicts)
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(bench_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(bench_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  errors=$(awk '/Non-2xx/ { print $NF }' <<<"$out"); errors=${errors:-0}
  echo "$1 $2 $rps $p50 $p99 $((after - before)) $errors" >> "$WORK/results"
  printf '  %-8s %-9s %8.0f req/s   p50 %7.2f ms   p99 %7.2f ms   non-2xx %s\n' \
    "$1" "$2" "$rps" "$p50" "$p99" "$errors"
}
echo "wrk -t2 -c16, ${SECONDS_PER_ROUND}s a target, $ROUNDS rounds, $RESELLERS resellers, $(nproc) cores"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  for target in single cluster; do
    run "$target" read "$(cat "$WORK/$target.read")"
    run "$target" transfer "$(cat "$WORK/$target.url")/ispmgr" "$WORK/$target.lua"
  done
done

for dir in "$STACK" "$CLUSTER"; do
  ctl="$BUILD_DIR/plugin/resellerctl -c $(env_of "$dir" CONFIG) -c $(env_of "$dir" ADMIN_CONFIG)"
  $ctl ledger verify | tail -1
  $ctl audit verify
done
awk -v seconds="$SECONDS_PER_ROUND" '
  { key = $1 " " $2; rps[key] += $3; p50[key] += $4; p99[key] += $5; n[key]++;
    retried[key] += $6; requests[key] += $3 * seconds }
  END {
    print "mean of rounds:";
    for (k in n) printf "  %-18s %8.0f req/s   p50 %7.2f ms   p99 %7.2f ms\n", k, rps[k] / n[k], p50[k] / n[k], p99[k] / n[k];
    printf "reads: cluster / single %.2fx (aim >= 0.9x)\n", rps["cluster read"] / rps["single read"];
    printf "transfers: cluster / single %.2fx; p99 %.1f ms vs %.1f ms\n",
      rps["cluster transfer"] / rps["single transfer"],
      p99["cluster transfer"] / n["cluster transfer"], p99["single transfer"] / n["single transfer"];
    printf "cluster transfers retried after a conflict: %d of %d (%.2f%%; aim <= 1%%)\n",
      retried["cluster transfer"], requests["cluster transfer"],
      100 * retried["cluster transfer"] / requests["cluster transfer"];
  }' "$WORK/results"
