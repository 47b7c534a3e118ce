#include "account/page_places.h"

namespace resellermgr::account {

std::optional<PagePlace> PagePlaces::AtOrBefore(const std::string& order, long long offset) const {
  auto found = orders_.find(order);
  if (found == orders_.end()) return std::nullopt;
  const std::map<long long, PagePlace>& places = found->second.places;
  auto after = places.upper_bound(offset);
  if (after == places.begin()) return std::nullopt;
  return std::prev(after)->second;
}

void PagePlaces::Remember(const std::string& order, const PagePlace& place) {
  Order& known = orders_[order];
  if (known.stamp != place.stamp || known.places.size() >= kMaxPlaces) {
    known.places.clear();
    known.stamp = place.stamp;
  }
  known.places[place.offset] = place;
}

}  // namespace resellermgr::account
