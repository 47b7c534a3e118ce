#pragma once
// account::Directory over a vector: accounts found by name inside the caller's subtree, as the
// account store finds them (tenancy's prefix rule), for handler unit tests.

#include <optional>
#include <string>
#include <vector>

#include "account/account_store.h"

namespace resellermgr::fakes {

class FakeDirectory : public account::Directory {
 public:
  // Adds an account below `owner` ("" for the host's root, id 1, path "/1/").
  account::Account& Add(const std::string& name, int level, const std::string& owner) {
    account::Account a;
    a.id = next_id_++;
    a.name = name;
    a.level = level;
    const account::Account* parent = owner.empty() ? nullptr : Named(owner);
    a.owner_id = parent ? parent->id : 1;
    a.owner = parent ? parent->name : "admin";
    a.tree_path = (parent ? parent->tree_path : std::string("/1/")) + std::to_string(a.id) + "/";
    accounts_.push_back(a);
    return accounts_.back();
  }

  std::optional<account::Account> Find(const tenancy::Scope& scope, int level,
                                       std::string_view name) override {
    const account::Account* a = Named(name);
    if (a == nullptr || a->level != level || !Below(scope, *a)) return std::nullopt;
    return *a;
  }
  std::optional<account::Account> Get(long long account_id) override {
    for (const account::Account& a : accounts_)
      if (a.id == account_id) return a;
    return std::nullopt;
  }
  std::optional<account::Account> FindBelow(const tenancy::Scope& scope,
                                            std::string_view name) override {
    const account::Account* a = Named(name);
    if (a == nullptr || !Below(scope, *a)) return std::nullopt;
    return *a;
  }
  std::optional<account::Account> OwnOrResellerBelow(const tenancy::Scope& scope,
                                                     std::string_view own_name,
                                                     std::string_view name) override {
    if (name.empty() || name == own_name) return Get(scope.account_id);
    return Find(scope, tenancy::kResellerLevel, name);
  }

 private:
  const account::Account* Named(std::string_view name) const {
    for (const account::Account& a : accounts_)
      if (a.name == name) return &a;
    return nullptr;
  }
  static bool Below(const tenancy::Scope& scope, const account::Account& a) {
    if (scope.level >= tenancy::kAdminLevel) return a.level < tenancy::kAdminLevel;
    return a.tree_path.size() > scope.path.size() && a.tree_path.starts_with(scope.path);
  }

  std::vector<account::Account> accounts_;
  long long next_id_ = 2;
};

}  // namespace resellermgr::fakes
