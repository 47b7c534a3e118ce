#include "identity/credential_cache.h"

#include "util/crypto.h"

namespace resellermgr::identity {

CredentialCache::CredentialCache(std::size_t capacity)
    : key_(util::RandomBytes(32)), capacity_(capacity) {}

std::string CredentialCache::Mac(long long login_id, std::string_view stored_hash,
                                 std::string_view password) const {
  // Lengths first, so no two different triples read as the same bytes.
  std::string data = std::to_string(login_id) + ':' + std::to_string(stored_hash.size()) + ':';
  data.append(stored_hash).append(":").append(password);
  return util::HmacSha256(key_, data);
}

bool CredentialCache::Contains(long long login_id, std::string_view stored_hash,
                               std::string_view password) {
  auto it = entries_.find(Mac(login_id, stored_hash, password));
  if (it == entries_.end()) return false;
  recent_.splice(recent_.begin(), recent_, it->second);
  return true;
}

void CredentialCache::Remember(long long login_id, std::string_view stored_hash,
                               std::string_view password) {
  if (capacity_ == 0) return;
  std::string mac = Mac(login_id, stored_hash, password);
  if (auto it = entries_.find(mac); it != entries_.end()) {
    recent_.splice(recent_.begin(), recent_, it->second);
    return;
  }
  if (entries_.size() >= capacity_) {
    entries_.erase(recent_.back());
    recent_.pop_back();
  }
  recent_.push_front(std::move(mac));
  entries_.emplace(recent_.front(), recent_.begin());
}

}  // namespace resellermgr::identity
