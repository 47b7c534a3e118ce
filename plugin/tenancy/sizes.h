#pragma once
// Sizes on limit fields: how a limit is counted, and a size in MiB read from and written as text
// with binary units. Pure text handling (no request, no database), so it is fuzzed directly
// (tests/fuzz/size_fuzz.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace resellermgr::tenancy {

enum class LimitKind { kCount, kMib, kFlag };

// A size in MiB from "512", "512M", "512 MiB", "1.5 GiB", "2 TB" (units are binary: G is 1024
// MiB); nullopt for anything else.
std::optional<std::uint64_t> ParseMib(std::string_view text);

// "45 GiB" / "512 MiB" / "7".
std::string FormatAmount(std::uint64_t value, LimitKind kind);

}  // namespace resellermgr::tenancy
