#pragma once
// Items another family adds to the rate cards (issue 24: the licence family's license:CODE): how
// a card checks such an item when it is priced, and how many of them a reseller's subtree holds
// on a day, for the daily run. The rate card family offers it as a store; a family adds its kind
// when the stores are built (as the billing family listens to money arriving).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/deps.h"
#include "core/request.h"

namespace resellermgr::ratecard {

struct ItemKind {
  std::string prefix;  // "license:"
  // Throws PluginError (object "item") when the item names nothing the caller may price.
  void (*check)(const Deps& deps, const core::Request& request, const std::string& item);
  // What the subtree of `account_id` (tree path `path`, itself included) holds, by full item.
  std::map<std::string, long long> (*held)(const Deps& deps, long long account_id,
                                           const std::string& path);
  std::string hint;  // "license:CODE", for the error naming the items a card takes
};

class ItemKinds {
 public:
  void Add(ItemKind kind) { kinds_.push_back(std::move(kind)); }
  const ItemKind* Find(std::string_view item) const {
    for (const ItemKind& kind : kinds_)
      if (item.starts_with(kind.prefix)) return &kind;
    return nullptr;
  }
  const std::vector<ItemKind>& all() const { return kinds_; }

 private:
  std::vector<ItemKind> kinds_;
};

}  // namespace resellermgr::ratecard
