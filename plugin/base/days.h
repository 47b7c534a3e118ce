#pragma once
// Days as the database keeps them: UTC calendar days written "YYYY-MM-DD".

#include <string>
#include <string_view>

namespace resellermgr::base {

// Today, UTC, moved by `offset_days` (1: tomorrow).
std::string UtcDay(int offset_days = 0);
// Whether `text` is a real day written YYYY-MM-DD (2026-02-30 is not).
bool IsDay(std::string_view text);
// The day of the month (1..31) and the month's length of a day IsDay accepts.
int DayOfMonth(std::string_view day);
int DaysInMonth(std::string_view day);

}  // namespace resellermgr::base
