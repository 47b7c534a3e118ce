#include "core/permissions.h"

#include <algorithm>
#include <iterator>

namespace resellermgr::core {
namespace {

constexpr int kActions = std::size(kActionNames);

struct AreaTable {
  std::vector<std::string> names;
  std::vector<std::string> per_account;
};

AreaTable& Areas() {
  static AreaTable table;
  return table;
}

int AreaIndex(std::string_view area) {
  const std::vector<std::string>& names = Areas().names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (area == names[i]) return static_cast<int>(i);
  }
  return -1;
}

std::size_t BitOf(int area, Action action) {
  return static_cast<std::size_t>(area) * kActions + static_cast<std::size_t>(action);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

void DropZeroWords(std::vector<std::uint64_t>& words) {
  while (!words.empty() && words.back() == 0) words.pop_back();
}

}  // namespace

void RegisterRightArea(std::string_view name, bool per_account) {
  if (AreaIndex(name) >= 0) return;
  Areas().names.emplace_back(name);
  if (per_account) Areas().per_account.emplace_back(name);
}

const std::vector<std::string>& RightAreas() { return Areas().names; }
const std::vector<std::string>& PerAccountAreas() { return Areas().per_account; }

bool Rights::Bit(std::size_t bit) const {
  return bit / 64 < bits_.size() && (bits_[bit / 64] >> (bit % 64) & 1) != 0;
}

void Rights::SetBit(std::size_t bit) {
  if (bits_.size() <= bit / 64) bits_.resize(bit / 64 + 1, 0);
  bits_[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

Rights Rights::All() {
  Rights all;
  for (const std::string& area : RightAreas()) {
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
        rights.SetBit(BitOf(area, static_cast<Action>(a)));
        known = true;
      }
    }
    if (!known) return std::nullopt;
  }
  return rights;
}

bool Rights::Has(std::string_view area, Action action) const {
  const int index = AreaIndex(area);
  return index >= 0 && Bit(BitOf(index, action));
}

void Rights::Add(std::string_view area, Action action) {
  const int index = AreaIndex(area);
  if (index >= 0) SetBit(BitOf(index, action));
}

bool Rights::Covers(const Rights& other) const {
  for (std::size_t i = 0; i < other.bits_.size(); ++i) {
    const std::uint64_t mine = i < bits_.size() ? bits_[i] : 0;
    if ((other.bits_[i] & ~mine) != 0) return false;
  }
  return true;
}

Rights Rights::Intersect(const Rights& other) const {
  Rights both;
  both.bits_.resize(std::min(bits_.size(), other.bits_.size()));
  for (std::size_t i = 0; i < both.bits_.size(); ++i) both.bits_[i] = bits_[i] & other.bits_[i];
  DropZeroWords(both.bits_);
  return both;
}

Rights Rights::ReadOnly() const {
  Rights read;
  for (std::size_t i = 0; i < RightAreas().size(); ++i) {
    if (Bit(BitOf(static_cast<int>(i), Action::kRead)))
      read.SetBit(BitOf(static_cast<int>(i), Action::kRead));
  }
  return read;
}

std::string Rights::ToString() const {
  std::string csv;
  const std::vector<std::string>& areas = RightAreas();
  for (std::size_t i = 0; i < areas.size(); ++i) {
    for (int a = 0; a < kActions; ++a) {
      if (!Bit(BitOf(static_cast<int>(i), static_cast<Action>(a)))) continue;
      if (!csv.empty()) csv.push_back(',');
      csv.append(areas[i]).append(":").append(kActionNames[a]);
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
