#include "base/days.h"

#include <chrono>
#include <ctime>
#include <regex>

namespace resellermgr::base {
namespace {

std::chrono::year_month_day Parse(std::string_view day) {
  using namespace std::chrono;
  const std::string text(day);
  return year_month_day{year(std::stoi(text.substr(0, 4))),
                        month(static_cast<unsigned>(std::stoi(text.substr(5, 2)))),
                        std::chrono::day(static_cast<unsigned>(std::stoi(text.substr(8, 2))))};
}

}  // namespace

std::string UtcDay(int offset_days) {
  const std::time_t when = std::time(nullptr) + static_cast<std::time_t>(offset_days) * 86400;
  std::tm utc{};
  gmtime_r(&when, &utc);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &utc);
  return day;
}

bool IsDay(std::string_view text) {
  static const std::regex kDay(R"([0-9]{4}-[0-9]{2}-[0-9]{2})");
  return std::regex_match(text.begin(), text.end(), kDay) && Parse(text).ok();
}

int DayOfMonth(std::string_view day) {
  return static_cast<int>(static_cast<unsigned>(Parse(day).day()));
}

int DaysInMonth(std::string_view day) {
  using namespace std::chrono;
  const year_month_day d = Parse(day);
  return static_cast<int>(
      static_cast<unsigned>(year_month_day_last(d.year() / d.month() / last).day()));
}

}  // namespace resellermgr::base
