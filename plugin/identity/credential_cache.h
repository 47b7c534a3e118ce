#pragma once
// Passwords already verified, remembered by a worker so that a client sending authinfo= with
// every request (billing modules do) pays the slow hash once rather than every time.
//
// An entry is an HMAC-SHA256, under a key drawn at random when the cache is made, of the login's
// id, its stored password hash and the password: no password is kept, and a changed password
// (a new stored hash) can never match an entry made with the old one. Only a verified password
// is remembered; a wrong one is never an entry. Bounded: past `capacity` the least recently used
// entry goes; a capacity of 0 remembers nothing. Nothing is written anywhere. Not thread-safe: one
// per worker.

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace resellermgr::identity {

class CredentialCache {
 public:
  explicit CredentialCache(std::size_t capacity = 1024);

  // Whether `password` was verified against `stored_hash` of login `login_id` (and is still
  // among the most recent `capacity`).
  bool Contains(long long login_id, std::string_view stored_hash, std::string_view password);
  // Call only after util::VerifyPassword(password, stored_hash) said yes.
  void Remember(long long login_id, std::string_view stored_hash, std::string_view password);

  std::size_t size() const { return entries_.size(); }

 private:
  std::string Mac(long long login_id, std::string_view stored_hash,
                  std::string_view password) const;

  const std::string key_;
  const std::size_t capacity_;
  std::list<std::string> recent_;  // MACs, most recently used first
  std::unordered_map<std::string_view, std::list<std::string>::iterator> entries_;
};

}  // namespace resellermgr::identity
