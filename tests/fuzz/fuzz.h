#pragma once
// What the fuzz targets share (issue 28). Each target is one LLVMFuzzerTestOneInput over a
// parser the server runs on untrusted bytes, calling the same function the server calls; a
// property that fails aborts (FUZZ_CHECK), so libFuzzer keeps the input. Built two ways:
// with clang's libFuzzer and the sanitizers (bench/fuzz.sh), and with replay_main.cpp in the
// normal build, where CTest replays every input kept in tests/fuzz/corpus/<target>/.

#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(condition)                                                               \
  do {                                                                                      \
    if (!(condition)) {                                                                     \
      std::fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                         \
    }                                                                                       \
  } while (false)

inline std::string_view AsText(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}
