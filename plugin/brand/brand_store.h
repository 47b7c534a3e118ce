#pragma once
// Brands in MySQL (sql/024): the only place with their SQL.

#include <optional>
#include <string>

#include "db/connection.h"

namespace resellermgr::brand {

struct Brand {
  long long account_id = 0;
  std::string account;  // the reseller's name
  std::string public_key;
  bool allowed = false;
  std::string name, primary_color, accent_color, domain;
  bool has_logo = false, has_favicon = false;
};

struct Image {
  std::string type, data;
};

class MySqlBrandStore {
 public:
  explicit MySqlBrandStore(db::Connection& connection) : connection_(connection) {}

  // The brand row of `account_id`, made (not allowed, empty) on first use; locked when `lock`.
  Brand Of(long long account_id, bool lock);
  void Save(const Brand& brand);  // name, colours, domain, allowed
  void SetImage(long long account_id, const char* which, const std::optional<Image>& image);
  // Another brand already has `domain`.
  bool DomainTaken(const std::string& domain, long long account_id);

  // What a page shows: the brand whose domain is `host`, else the nearest allowed brand on the
  // caller's path ("/1/5/9/": its own, then its parents'). nullopt: the host's own look.
  std::optional<Brand> ForDomain(const std::string& host);
  std::optional<Brand> ForPath(const std::string& tree_path);
  // A brand's public image ("logo", "favicon") by its public key.
  std::optional<Image> PublicImage(const std::string& public_key, const char* which);
  std::optional<Brand> ByPublicKey(const std::string& public_key);

 private:
  db::Connection& connection_;
};

// What handlers ask for (deps.Get<BrandStore>()); the MySQL store is the only one.
using BrandStore = MySqlBrandStore;

}  // namespace resellermgr::brand
