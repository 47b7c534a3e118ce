#pragma once
// Rate cards in MySQL (sql/036): a named price list owned by an account (the admin's or a
// reseller's), and its prices per item, in minor units a month, each version taking effect on a
// day. Every statement filters on the owner, so nobody reads or changes another's cards.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace resellermgr::ratecard {

struct Card {
  long long id = 0;
  std::string name;
  long long items = 0;      // items priced on the card (today or later)
  std::string created;      // YYYY-MM-DD
  bool is_default = false;  // given to the owner's new accounts that are given none
  long long holders = 0;    // accounts charged at it
  // Derived from its owner's provider card (sql/038): that card's prices, marked up and rounded.
  long long derived_from = 0;  // 0: a card of its own
  int markup_bp = 0;           // basis points: 2000 is 20%
  int round_to = 1;            // minor units
};

// An item as a day sees it: the price in force (none before its first version), since when, and
// the next version if one is set for later.
struct Price {
  std::string item;
  std::optional<std::int64_t> price;
  std::string since;
  std::optional<std::int64_t> next_price;  // with next_from; nullopt and "" when none
  std::string next_from;
  bool next_removes = false;  // the next version takes the item off the card
};

struct Version {
  std::string item, effective_from;
  std::optional<std::int64_t> price;  // nullopt: taken off the card from that day
  std::string set_by, set_at;
};

// The price that applies to `item` among a card's prices in force (InForce): its own, or for an
// account on a template the card does not price (plan:TEMPLATE), the card's `account` price.
// The entry (its item is the one charged), or nullptr when the card prices neither.
inline const std::pair<const std::string, std::int64_t>* PriceFor(
    const std::map<std::string, std::int64_t>& prices, const std::string& item) {
  auto price = prices.find(item);
  if (price == prices.end() && item.starts_with("plan:")) price = prices.find("account");
  return price == prices.end() ? nullptr : &*price;
}

class RatecardStore {
 public:
  virtual ~RatecardStore() = default;

  virtual std::vector<Card> List(long long owner_id) = 0;
  virtual std::optional<Card> Find(long long owner_id, const std::string& name) = 0;
  // PluginError(kExists, "name") when the owner has a card of that name.
  virtual long long Create(long long owner_id, const std::string& name) = 0;
  virtual void Rename(long long owner_id, long long card_id, const std::string& name) = 0;
  // All of `names` or none: PluginError(kNotFound, "elid", name) for the first unknown one.
  virtual void Delete(long long owner_id, const std::vector<std::string>& names) = 0;

  // The card's items as `day` (YYYY-MM-DD) sees them, by item.
  virtual std::vector<Price> Prices(long long card_id, const std::string& day) = 0;
  virtual std::vector<Version> History(long long card_id) = 0;
  // The version of `item` from `effective_from` (a later call for the same day replaces it);
  // nullopt takes the item off the card from that day.
  virtual void SetPrice(long long card_id, const std::string& item,
                        const std::string& effective_from, std::optional<std::int64_t> price,
                        const std::string& set_by) = 0;
  // Every version of `item` (a card nobody holds forgets it at once). Returns how many went.
  virtual long long Forget(long long card_id, const std::string& item) = 0;

  // The card's price of each item in force on `day`: its own versions, and on a derived card
  // every item its provider card prices there (marked up and rounded) that it sets none of.
  virtual std::map<std::string, std::int64_t> InForce(long long card_id,
                                                      const std::string& day) = 0;
  // Makes the card follow `derived_from` (0: stop) with a markup and a rounding step.
  virtual void SetDerivation(long long card_id, long long derived_from, int markup_bp,
                             int round_to) = 0;

  // The owner's default card for its new accounts (one at most; another's flag goes).
  virtual void SetDefault(long long owner_id, long long card_id, bool is_default) = 0;
  virtual std::optional<Card> DefaultOf(long long owner_id) = 0;
  // The card account `account_id` is charged at (its provider card), with the card's owner.
  virtual std::optional<Card> HeldBy(long long account_id) = 0;
  // Gives account `account_id` the card (nullopt: none).
  virtual void Assign(long long account_id, std::optional<long long> card_id) = 0;
  // The accounts charged at card `card_id` or at a card derived from it (which follows its
  // prices), by name: what a price change reaches.
  struct Holder {
    std::string account, card;
    long long card_id = 0;
  };
  virtual std::vector<Holder> HoldersOf(long long card_id) = 0;
};

class MySqlRatecardStore final : public RatecardStore {
 public:
  explicit MySqlRatecardStore(db::Connection& connection) : connection_(connection) {}

  std::vector<Card> List(long long owner_id) override;
  std::optional<Card> Find(long long owner_id, const std::string& name) override;
  long long Create(long long owner_id, const std::string& name) override;
  void Rename(long long owner_id, long long card_id, const std::string& name) override;
  void Delete(long long owner_id, const std::vector<std::string>& names) override;
  std::vector<Price> Prices(long long card_id, const std::string& day) override;
  std::vector<Version> History(long long card_id) override;
  void SetPrice(long long card_id, const std::string& item, const std::string& effective_from,
                std::optional<std::int64_t> price, const std::string& set_by) override;
  long long Forget(long long card_id, const std::string& item) override;
  std::map<std::string, std::int64_t> InForce(long long card_id, const std::string& day) override;
  void SetDerivation(long long card_id, long long derived_from, int markup_bp,
                     int round_to) override;
  void SetDefault(long long owner_id, long long card_id, bool is_default) override;
  std::optional<Card> DefaultOf(long long owner_id) override;
  std::optional<Card> HeldBy(long long account_id) override;
  void Assign(long long account_id, std::optional<long long> card_id) override;
  std::vector<Holder> HoldersOf(long long card_id) override;

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::ratecard
