#!/usr/bin/env bash
# Fails naming every Boost.Test suite of the http tier (tests/http/**/*_test.cpp) that no CTest
# entry's --run_test= list in tests/CMakeLists.txt names: such a suite would never run.
set -euo pipefail
TESTS_DIR=${1:?tests directory}
suites=$(grep -rhoE 'BOOST_AUTO_TEST_SUITE\([a-z_0-9]+\)' "$TESTS_DIR/http" --include='*_test.cpp' |
  sed -E 's/.*\(([a-z_0-9]+)\)/\1/' | sort -u)
listed=$(grep -oE -- '--run_test=[^ )]+' "$TESTS_DIR/CMakeLists.txt" | sed 's/--run_test=//' |
  tr ',' '\n' | grep -v '^!' | sed 's|/.*||' | sort -u)
missing=$(comm -23 <(echo "$suites") <(echo "$listed"))
if [ -n "$missing" ]; then
  echo "http suites that no CTest entry runs (add them to a --run_test= list in tests/CMakeLists.txt):" >&2
  echo "$missing" >&2
  exit 1
fi
echo "$(echo "$suites" | wc -l) http suites, each run by CTest"
