#include <cppconn/exception.h>

#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "ratecard/derive.h"
#include "ratecard/ratecard_store.h"

namespace resellermgr::ratecard {
namespace {

using base::ErrorKind;
using base::PluginError;

constexpr int kDuplicateKey = 1062;

// A card with how many items it prices and how many accounts hold it.
#define RM_CARD_COLUMNS                                                                        \
  "c.id, c.name, (SELECT COUNT(DISTINCT p.item) FROM ratecard_price p "                        \
  "WHERE p.card_id = c.id) AS items, DATE_FORMAT(c.created_at, '%Y-%m-%d') AS created, "       \
  "c.is_default, (SELECT COUNT(*) FROM ratecard_holder h WHERE h.card_id = c.id) AS holders, " \
  "COALESCE(c.derived_from, 0) AS derived_from, c.markup_bp, c.round_to"
constexpr db::Columns kCardRow{RM_CARD_COLUMNS};
constexpr char kList[] =
    "SELECT " RM_CARD_COLUMNS " FROM ratecard c WHERE c.owner_account_id = ? ORDER BY c.name";
constexpr char kFind[] =
    "SELECT " RM_CARD_COLUMNS " FROM ratecard c WHERE c.owner_account_id = ? AND c.name = ?";
constexpr char kDefaultOf[] =
    "SELECT " RM_CARD_COLUMNS " FROM ratecard c WHERE c.owner_account_id = ? AND c.is_default = 1";
constexpr char kHeldBy[] = "SELECT " RM_CARD_COLUMNS
                           " FROM ratecard_holder hb JOIN ratecard c ON c.id = hb.card_id"
                           " WHERE hb.account_id = ?";
constexpr char kHolders[] = R"sql(
    SELECT a.name AS account, c.name AS card, c.id AS card_id
    FROM ratecard_holder h JOIN ratecard c ON c.id = h.card_id JOIN account a ON a.id = h.account_id
    WHERE (c.id = ? OR c.derived_from = ?) AND a.deleted_at IS NULL
    ORDER BY a.name LIMIT 1000)sql";
constexpr auto kHoldersColumns = db::Columns::Of(kHolders);
constexpr char kClearDefault[] = "UPDATE ratecard SET is_default = 0 WHERE owner_account_id = ?";
constexpr char kSetDefault[] =
    "UPDATE ratecard SET is_default = ? WHERE id = ? AND owner_account_id = ?";
constexpr char kAssign[] = R"sql(
    INSERT INTO ratecard_holder (account_id, card_id) VALUES (?, ?)
    ON DUPLICATE KEY UPDATE card_id = VALUES(card_id))sql";
constexpr char kUnassign[] = "DELETE FROM ratecard_holder WHERE account_id = ?";
constexpr char kInsert[] = "INSERT INTO ratecard (owner_account_id, name) VALUES (?, ?)";
constexpr char kRename[] = "UPDATE ratecard SET name = ? WHERE id = ? AND owner_account_id = ?";
constexpr char kLockNamed[] =
    "SELECT id FROM ratecard WHERE owner_account_id = ? AND name = ? FOR UPDATE";
constexpr auto kLockNamedRow = db::Columns::Of(kLockNamed);
constexpr char kDelete[] = "DELETE FROM ratecard WHERE id = ?";

// Each item of the card as a day sees it: the version in force (the latest from that day or
// before) and the next one after it. Each subquery binds the day.
#define RM_IN_FORCE(field)                                  \
  "(SELECT " field                                          \
  " FROM ratecard_price v WHERE v.card_id = i.card_id AND " \
  "v.item = i.item AND v.effective_from <= ? ORDER BY v.effective_from DESC LIMIT 1)"
#define RM_NEXT(field)                                      \
  "(SELECT " field                                          \
  " FROM ratecard_price v WHERE v.card_id = i.card_id AND " \
  "v.item = i.item AND v.effective_from > ? ORDER BY v.effective_from ASC LIMIT 1)"
#define RM_DAY_OF "DATE_FORMAT(v.effective_from, '%Y-%m-%d')"
constexpr char kPrices[] =
    "SELECT i.item, " RM_IN_FORCE("v.price") " AS price, "
    "COALESCE(" RM_IN_FORCE(RM_DAY_OF) ", '') AS since, " RM_NEXT("v.price") " AS next_price, "
    "COALESCE(" RM_NEXT(RM_DAY_OF) ", '') AS next_from "
    "FROM (SELECT DISTINCT card_id, item FROM ratecard_price WHERE card_id = ?) i ORDER BY i.item";
constexpr auto kPriceRow = db::Columns::Of(kPrices);
constexpr char kHistory[] = R"sql(
    SELECT item, DATE_FORMAT(effective_from, '%Y-%m-%d') AS effective_from, price, set_by,
           DATE_FORMAT(set_at, '%Y-%m-%d %H:%i:%s') AS set_at
    FROM ratecard_price WHERE card_id = ? ORDER BY item, effective_from)sql";
constexpr auto kHistoryRow = db::Columns::Of(kHistory);
constexpr char kSetPrice[] = R"sql(
    INSERT INTO ratecard_price (card_id, item, effective_from, price, set_by)
    VALUES (?, ?, ?, ?, ?)
    ON DUPLICATE KEY UPDATE price = VALUES(price), set_by = VALUES(set_by),
                            set_at = CURRENT_TIMESTAMP(6))sql";
// Each item's version in force on a day (NULL: taken off from then).
constexpr char kInForce[] = R"sql(
    SELECT p.item, p.price FROM ratecard_price p
    WHERE p.card_id = ? AND p.effective_from = (
      SELECT MAX(v.effective_from) FROM ratecard_price v
      WHERE v.card_id = p.card_id AND v.item = p.item AND v.effective_from <= ?))sql";
constexpr auto kInForceRow = db::Columns::Of(kInForce);
constexpr char kDerivation[] =
    "SELECT COALESCE(derived_from, 0) AS derived_from, markup_bp, round_to FROM ratecard"
    " WHERE id = ?";
constexpr auto kDerivationRow = db::Columns::Of(kDerivation);
constexpr char kSetDerivation[] =
    "UPDATE ratecard SET derived_from = NULLIF(?, 0), markup_bp = ?, round_to = ? WHERE id = ?";
constexpr char kForget[] = "DELETE FROM ratecard_price WHERE card_id = ? AND item = ?";

std::optional<std::int64_t> OptionalInt(sql::ResultSet& row, int column) {
  if (row.isNull(column)) return std::nullopt;
  return row.getInt64(column);
}

Card ReadCard(sql::ResultSet& row) {
  return {row.getInt64(kCardRow["id"]),           row.getString(kCardRow["name"]),
          row.getInt64(kCardRow["items"]),        row.getString(kCardRow["created"]),
          row.getBoolean(kCardRow["is_default"]), row.getInt64(kCardRow["holders"]),
          row.getInt64(kCardRow["derived_from"]), row.getInt(kCardRow["markup_bp"]),
          row.getInt(kCardRow["round_to"])};
}

}  // namespace

std::vector<Card> MySqlRatecardStore::List(long long owner_id) {
  std::vector<Card> cards;
  auto rows = db::Select(db::Query(connection_, kList, owner_id));
  while (rows->next()) cards.push_back(ReadCard(*rows));
  return cards;
}

std::optional<Card> MySqlRatecardStore::Find(long long owner_id, const std::string& name) {
  auto rows = db::Select(db::Query(connection_, kFind, owner_id, name));
  if (!rows->next()) return std::nullopt;
  return ReadCard(*rows);
}

long long MySqlRatecardStore::Create(long long owner_id, const std::string& name) {
  try {
    db::Query(connection_, kInsert, owner_id, name).executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == kDuplicateKey) throw PluginError(ErrorKind::kExists, "name", name);
    throw;
  }
  return connection_.LastInsertId();
}

void MySqlRatecardStore::Rename(long long owner_id, long long card_id, const std::string& name) {
  try {
    db::Query(connection_, kRename, name, card_id, owner_id).executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == kDuplicateKey) throw PluginError(ErrorKind::kExists, "name", name);
    throw;
  }
}

void MySqlRatecardStore::Delete(long long owner_id, const std::vector<std::string>& names) {
  db::Transaction tx(connection_);
  std::vector<long long> ids;
  for (const std::string& name : names) {
    auto rows = db::Select(db::Query(connection_, kLockNamed, owner_id, name));
    if (!rows->next()) throw PluginError(ErrorKind::kNotFound, "elid", name);
    ids.push_back(rows->getInt64(kLockNamedRow["id"]));
  }
  for (long long id : ids) db::Query(connection_, kDelete, id).executeUpdate();
  tx.Commit();
}

std::vector<Price> MySqlRatecardStore::Prices(long long card_id, const std::string& day) {
  std::vector<Price> prices;
  auto rows = db::Select(db::Query(connection_, kPrices, day, day, day, day, card_id));
  constexpr const db::Columns& k = kPriceRow;
  while (rows->next()) {
    Price p;
    p.item = rows->getString(k["item"]);
    p.price = OptionalInt(*rows, k["price"]);
    p.since = rows->getString(k["since"]);
    p.next_price = OptionalInt(*rows, k["next_price"]);
    p.next_from = rows->getString(k["next_from"]);
    p.next_removes = !p.next_from.empty() && !p.next_price;
    prices.push_back(std::move(p));
  }
  return prices;
}

std::vector<Version> MySqlRatecardStore::History(long long card_id) {
  std::vector<Version> versions;
  auto rows = db::Select(db::Query(connection_, kHistory, card_id));
  constexpr const db::Columns& k = kHistoryRow;
  while (rows->next()) {
    versions.push_back({rows->getString(k["item"]), rows->getString(k["effective_from"]),
                        OptionalInt(*rows, k["price"]), rows->getString(k["set_by"]),
                        rows->getString(k["set_at"])});
  }
  return versions;
}

void MySqlRatecardStore::SetPrice(long long card_id, const std::string& item,
                                  const std::string& effective_from,
                                  std::optional<std::int64_t> price, const std::string& set_by) {
  sql::PreparedStatement& set = connection_.Prepare(kSetPrice);
  set.setInt64(1, card_id);
  set.setString(2, item);
  set.setString(3, effective_from);
  if (price) {
    set.setInt64(4, *price);
  } else {
    set.setNull(4, 0);
  }
  set.setString(5, set_by);
  set.executeUpdate();
}

long long MySqlRatecardStore::Forget(long long card_id, const std::string& item) {
  return db::Query(connection_, kForget, card_id, item).executeUpdate();
}

void MySqlRatecardStore::SetDefault(long long owner_id, long long card_id, bool is_default) {
  if (is_default) db::Query(connection_, kClearDefault, owner_id).executeUpdate();
  db::Query(connection_, kSetDefault, is_default, card_id, owner_id).executeUpdate();
}

std::optional<Card> MySqlRatecardStore::DefaultOf(long long owner_id) {
  auto rows = db::Select(db::Query(connection_, kDefaultOf, owner_id));
  if (!rows->next()) return std::nullopt;
  return ReadCard(*rows);
}

std::optional<Card> MySqlRatecardStore::HeldBy(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kHeldBy, account_id));
  if (!rows->next()) return std::nullopt;
  return ReadCard(*rows);
}

std::vector<RatecardStore::Holder> MySqlRatecardStore::HoldersOf(long long card_id) {
  std::vector<Holder> holders;
  auto rows = db::Select(db::Query(connection_, kHolders, card_id, card_id));
  constexpr const db::Columns& k = kHoldersColumns;
  while (rows->next()) {
    holders.push_back(
        {rows->getString(k["account"]), rows->getString(k["card"]), rows->getInt64(k["card_id"])});
  }
  return holders;
}

void MySqlRatecardStore::Assign(long long account_id, std::optional<long long> card_id) {
  if (card_id) {
    db::Query(connection_, kAssign, account_id, *card_id).executeUpdate();
  } else {
    db::Query(connection_, kUnassign, account_id).executeUpdate();
  }
}

std::map<std::string, std::int64_t> MySqlRatecardStore::InForce(long long card_id,
                                                                const std::string& day) {
  std::map<std::string, std::optional<std::int64_t>> own;
  {
    auto rows = db::Select(db::Query(connection_, kInForce, card_id, day));
    while (rows->next())
      own[rows->getString(kInForceRow["item"])] = OptionalInt(*rows, kInForceRow["price"]);
  }
  std::map<std::string, std::int64_t> prices;
  auto derivation = db::Select(db::Query(connection_, kDerivation, card_id));
  if (derivation->next() && derivation->getInt64(kDerivationRow["derived_from"]) != 0) {
    const int markup = derivation->getInt(kDerivationRow["markup_bp"]);
    const int step = derivation->getInt(kDerivationRow["round_to"]);
    for (const auto& [item, price] :
         InForce(derivation->getInt64(kDerivationRow["derived_from"]), day))
      prices[item] = Derive(price, markup, step);
  }
  // The card's own versions override what it derives, a removal included.
  for (const auto& [item, price] : own) {
    if (price) {
      prices[item] = *price;
    } else {
      prices.erase(item);
    }
  }
  return prices;
}

void MySqlRatecardStore::SetDerivation(long long card_id, long long derived_from, int markup_bp,
                                       int round_to) {
  db::Query(connection_, kSetDerivation, derived_from, markup_bp, round_to, card_id)
      .executeUpdate();
}

}  // namespace resellermgr::ratecard
