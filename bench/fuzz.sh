#!/usr/bin/env bash
# Runs every fuzz target (tests/fuzz/*_fuzz.cpp) with libFuzzer, built with clang and the address
# and undefined-behaviour sanitizers (issue 28).
#   bench/fuzz.sh [SECONDS] [TARGET...]      (default 60 s each, every target)
# Each target starts from its kept corpus (tests/fuzz/corpus/<target>/, copied to a scratch
# corpus so the repository keeps only chosen inputs) with its dictionary (tests/fuzz/dict/).
# Prints, per target, executions, executions per second, coverage (edges and features) and the
# corpus size; an input that crashes is copied into tests/fuzz/corpus/<target>/ so every build
# replays it (ctest -L fuzz) once it is fixed, and the script fails.
set -euo pipefail
SOURCE_DIR=$(cd "$(dirname "$0")/.." && pwd)
. "$SOURCE_DIR/scripts/lib.sh"
SECONDS_EACH=${1:-60}
shift || true
BUILD_DIR=${BUILD_DIR:-$SOURCE_DIR/build-fuzz}
FUZZ_DIR=$SOURCE_DIR/tests/fuzz

rm_install_packages $RM_RUNTIME_PACKAGES $RM_BUILD_PACKAGES clang libclang-rt-dev
targets=("$@")
if [ ${#targets[@]} = 0 ]; then
  for source in "$FUZZ_DIR"/*_fuzz.cpp; do
    name=$(basename "$source" .cpp); targets+=("${name%_fuzz}")
  done
fi
CC=clang CXX=clang++ cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRM_FUZZ=ON >/dev/null
cmake --build "$BUILD_DIR" -j2 --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$SOURCE_DIR/tests/support/lsan.supp"
failed=0
printf '%-8s %8s %12s %9s %7s %7s %6s\n' target seconds executions exec/s cov ft corpus
for target in "${targets[@]}"; do
  work="$BUILD_DIR/corpus/$target" crashes="$BUILD_DIR/crashes/$target"
  rm -rf "$crashes"
  mkdir -p "$work" "$crashes"
  cp -n "$FUZZ_DIR/corpus/$target"/* "$work/" 2>/dev/null || true
  dict=()
  [ -f "$FUZZ_DIR/dict/$target.dict" ] && dict=(-dict="$FUZZ_DIR/dict/$target.dict")
  log="$BUILD_DIR/$target.log"
  status=0
  "$BUILD_DIR/tests/fuzz_$target" "$work" "${dict[@]}" -max_total_time="$SECONDS_EACH" \
    -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$stats")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$stats")
  corp=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$stats")
  printf '%-8s %8s %12s %9s %7s %7s %6s\n' "$target" "$SECONDS_EACH" "${runs:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}"
  if [ "$status" != 0 ]; then
    failed=1
    for crash in "$crashes"/*; do
      [ -f "$crash" ] || continue
      cp "$crash" "$FUZZ_DIR/corpus/$target/"
      echo "  CRASH kept as tests/fuzz/corpus/$target/$(basename "$crash"); the report: $log"
    done
  fi
done
exit $failed
