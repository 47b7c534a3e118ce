#pragma once
// Licences in MySQL (sql/041): licence types, IP licences, activation keys and server accounts.
// The only place with their SQL. Every statement that takes a name or id from a request binds
// the caller's reach (tenancy.h), so another reseller's licence, key or account reads as unknown.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "tenancy/tenancy.h"

namespace resellermgr::license {

using tenancy::Reach;

struct LicenseType {
  int code = 0;
  std::string name, product;
  bool multiple = false, enabled = true;
  long long in_use = 0;  // licences of the type the caller reaches
};

// A licence as the lists show it. `stale` is computed by the list only (the other reads do not
// ask for it).
struct License {
  long long id = 0;
  std::string ip, hostname, owner, server_account, created, last_checkin;
  int type_code = 0;
  std::string type_name;
  long long account_id = 0;
  bool stale = false;  // not seen within the configured days (or never, after them)
  bool by_key = false;
};

// license list filters: an IP prefix, a type, text found in the IP, hostname or owner; sorted by
// one of the list's columns; a page.
struct LicenseQuery {
  std::string ip, search, sort = "ip";
  std::optional<long long> server_account_id;
  int type_code = 0;
  bool descending = false;
  int page = 1, page_size = 100;
  int stale_days = 3;
};

struct LicensePage {
  std::vector<License> rows;
  long long total = 0;
};

// A new licence: its holder (a reseller in reach, or the admin's own account).
struct NewLicense {
  std::string ip, hostname;
  int type_code = 0;
  long long account_id = 0;
  std::optional<long long> server_account_id;
  std::optional<long long> key_id;
};

struct Key {
  long long id = 0;
  std::string token, owner, note, created;
  std::string server_account;                  // its login, as read
  std::string owner_path;                      // its owner's tree path, as read
  std::optional<long long> server_account_id;  // as written
  int type_code = 0;
  std::string type_name;
  long long account_id = 0, server_limit = 0, servers = 0;
};

struct ServerAccount {
  long long id = 0, account_id = 0;
  std::string login, first_name, last_name, company, email, owner, created;
  std::optional<long long> license_limit;
  long long licenses = 0, keys = 0;
};

// A reseller's licences as its pages head them: how many its subtree holds, its limit, and
// what they cost it a month, by type.
struct Totals {
  long long licenses = 0;
  std::optional<long long> limit;
  std::map<int, long long> by_type;
};

class MySqlLicenseStore {
 public:
  explicit MySqlLicenseStore(db::Connection& connection) : connection_(connection) {}

  std::vector<LicenseType> Types(const Reach& reach, bool enabled_only);
  std::optional<LicenseType> Type(int code);
  // Creates or changes a type (its code is its key).
  void PutType(const LicenseType& type, bool create);

  LicensePage List(const Reach& reach, const LicenseQuery& query);
  // How many licences in reach have not checked in within `days` (or never, after them).
  long long StaleCount(const Reach& reach, int days);
  std::optional<License> Find(const Reach& reach, long long id);
  // The licences of `ip` (every holder: availability names no one).
  std::vector<License> OfIp(const std::string& ip);
  // Adds the licence; PluginError(kExists, "ip") when the IP holds the type already.
  long long Add(const NewLicense& license);
  void SetServerAccount(long long id, std::optional<long long> server_account_id);
  // Removes the licences in reach, all or none: PluginError(kNotFound, "elid", id) names the
  // first that is not.
  std::vector<License> Remove(const Reach& reach, const std::vector<long long>& ids);

  // The subtree's licences at `account_id` (itself included) and its limit, by type.
  Totals TotalsOf(long long account_id, const std::string& path);
  // The licences the subtree of `path` holds by type: the daily run's license:CODE items.
  std::map<int, long long> HeldBelow(long long account_id, const std::string& path);
  // How many more licences the subtree of `path` may hold: the smallest headroom of the accounts
  // along it that have a licence limit (nullopt: none has), each locked, root first.
  std::optional<long long> Headroom(const std::string& path);
  // The licences valid now of the accounts at `account_id` and below it (`below`: its subtree
  // pattern): what suspending it stops (a suspension preview's figure).
  long long ValidAtOrBelow(long long account_id, const std::string& below);
  std::optional<long long> LimitOf(long long account_id);
  void SetLimit(long long account_id, std::optional<long long> max);
  // Tree paths about to go that hold licences: the first account's name and its count.
  std::optional<std::pair<std::string, long long>> HeldAt(const std::vector<std::string>& paths);

  // Check-in, one read: the types `ip` holds that count as valid (their holder live and not
  // suspended), code and name; and whether any of its licences is due a write of its last
  // check-in (none within `touch_seconds`, or another `hostname`).
  struct Seen {
    std::vector<std::pair<int, std::string>> valid;
    bool due = false;
  };
  Seen CheckIn(const std::string& ip, const std::string& hostname, int touch_seconds);
  // Writes the last check-in (and a hostname that changed) of `ip`'s licences not touched within
  // `touch_seconds`; returns how many rows it wrote.
  long long Touch(const std::string& ip, const std::string& hostname, int touch_seconds);
  // The key `token` (any owner: the server names it).
  std::optional<Key> KeyByToken(const std::string& token);
  // Takes one of the key's server slots; false when none is left.
  bool TakeSlot(long long key_id);

  // The keys in reach (of one server account of the caller's when `server_account_id`).
  std::vector<Key> Keys(const Reach& reach, std::optional<long long> server_account_id);
  std::optional<Key> FindKey(const Reach& reach, long long id);
  long long AddKey(const Key& key);
  void UpdateKey(long long id, long long server_limit, const std::string& note);
  // Removes keys in reach (all or none) with the licences registered with them.
  std::vector<Key> RemoveKeys(const Reach& reach, const std::vector<long long>& ids);
  std::vector<License> KeyServers(long long key_id);

  // Server accounts are their owner's own (a reseller's customers): each call names the owner.
  std::vector<ServerAccount> ServerAccounts(long long owner_id);
  std::optional<ServerAccount> FindServerAccount(long long owner_id, const std::string& login);
  // PluginError(kExists, "login") when the owner has one of that login.
  long long AddServerAccount(const ServerAccount& account);
  void UpdateServerAccount(const ServerAccount& account);
  // How many licences the server account holds (a key's servers included).
  long long LicensesOf(long long server_account_id);
  // Whether the server account (locked) may hold one more licence under its own limit.
  bool ServerAccountHasRoom(long long server_account_id);
  // Removes the owner's server accounts (all or none) with their licences and keys when
  // `cascade`; without it one that holds any is refused (kExists).
  void RemoveServerAccounts(long long owner_id, const std::vector<std::string>& logins,
                            bool cascade);

 private:
  db::Connection& connection_;
};

// What handlers ask for (deps.Get<LicenseStore>()); the MySQL store is the only one.
using LicenseStore = MySqlLicenseStore;

}  // namespace resellermgr::license
