#pragma once
// The events a webhook takes, as typed: "*" (all), "account.*" (a family), or kinds
// ("wallet.deposit, ticket.answered"), separated by commas or spaces.

#include <string>
#include <string_view>
#include <vector>

namespace resellermgr::webhook {

inline constexpr std::size_t kMaxPatterns = 32;

// The families events come in (a pattern naming another is a typo and refused).
const std::vector<std::string_view>& EventFamilies();

// The patterns of `text`, each checked, in order, without repeats. Throws PluginError
// (value/events) naming the first that is wrong.
std::vector<std::string> ParsePatterns(std::string_view text);
// The patterns as stored and shown: "account.*, wallet.deposit".
std::string JoinPatterns(const std::vector<std::string>& patterns);

// Whether an event of `kind` is one `patterns` (as stored) take.
bool Matches(std::string_view patterns, std::string_view kind);

}  // namespace resellermgr::webhook
