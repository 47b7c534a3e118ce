#include "core/permissions.h"

#include <iterator>

namespace resellermgr::core {
namespace {

constexpr int kActions = std::size(kActionNames);

int AreaIndex(std::string_view area) {
  for (int i = 0; i < static_cast<int>(std::size(kRightAreas)); ++i) {
    if (area == kRightAreas[i]) return i;
  }
  return -1;
}

std::uint64_t Bit(int area, Action action) {
  return std::uint64_t{1} << (area * kActions + static_cast<int>(action));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Rights Rights::All() {
  Rights all;
  for (const char* area : kRightAreas) {
    for (int a = 0; a < kActions; ++a) all.Add(area, static_cast<Action>(a));
  }
  return all;
}

std::optional<Rights> Rights::Parse(std::string_view csv) {
  Rights rights;
  while (!csv.empty()) {
    const std::size_t comma = csv.find(',');
    const std::string_view item = Trim(csv.substr(0, comma));
    csv = comma == std::string_view::npos ? std::string_view() : csv.substr(comma + 1);
    if (item.empty()) continue;
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const int area = AreaIndex(item.substr(0, colon));
    const std::string_view action = item.substr(colon + 1);
    if (area < 0) return std::nullopt;
    bool known = false;
    for (int a = 0; a < kActions; ++a) {
      if (action == "*" || action == kActionNames[a]) {
        rights.bits_ |= Bit(area, static_cast<Action>(a));
        known = true;
      }
    }
    if (!known) return std::nullopt;
  }
  return rights;
}

bool Rights::Has(std::string_view area, Action action) const {
  const int index = AreaIndex(area);
  return index >= 0 && (bits_ & Bit(index, action)) != 0;
}

void Rights::Add(std::string_view area, Action action) {
  const int index = AreaIndex(area);
  if (index >= 0) bits_ |= Bit(index, action);
}

Rights Rights::ReadOnly() const {
  Rights read;
  for (int i = 0; i < static_cast<int>(std::size(kRightAreas)); ++i)
    read.bits_ |= bits_ & Bit(i, Action::kRead);
  return read;
}

std::string Rights::ToString() const {
  std::string csv;
  for (int i = 0; i < static_cast<int>(std::size(kRightAreas)); ++i) {
    for (int a = 0; a < kActions; ++a) {
      if ((bits_ & Bit(i, static_cast<Action>(a))) == 0) continue;
      if (!csv.empty()) csv.push_back(',');
      csv.append(kRightAreas[i]).append(":").append(kActionNames[a]);
    }
  }
  return csv;
}

bool Permissions::Allows(std::string_view area, Action action) const {
  if (!owner && !group.Has(area, action)) return false;
  return !token || token->Has(area, action);
}

Rights Permissions::Held() const {
  Rights held = owner ? Rights::All() : group;
  return token ? held.Intersect(*token) : held;
}

}  // namespace resellermgr::core
