#pragma once
// Accounts (resellers and users) in MySQL: the only place with their SQL (mysql_account_store.cpp).
// Every method that takes names from a request filters them by the caller's Scope in the same
// statement, so a name outside the caller's subtree behaves exactly like an unknown one
// (PluginError kNotFound). Group operations are all-or-nothing.
// Writers join the caller's db::Transaction when there is one (handlers wrap store + audit).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "account/account.h"
#include "account/page_places.h"
#include "db/connection.h"
#include "identity/account_logins.h"

namespace resellermgr::account {

// The accounts as other families see them: found by name inside the caller's scope, or by the id
// authentication established. The account store is the one implementation; handler unit tests
// put a fake in its place (tests/fakes/account/).
class Directory {
 public:
  virtual ~Directory() = default;
  // A live account of `level` named `name` inside the caller's scope.
  virtual std::optional<Account> Find(const Scope& scope, int level, std::string_view name) = 0;
  // The caller's own account (by the id authentication established, never from the request).
  virtual std::optional<Account> Get(long long account_id) = 0;
  // A live account of any level strictly below the caller, inside its scope (su targets).
  virtual std::optional<Account> FindBelow(const Scope& scope, std::string_view name) = 0;
  // What a function about "a reseller's own things" names: the caller's own account (`name`
  // empty, or its own name), or a reseller below it; nullopt when neither.
  virtual std::optional<Account> OwnOrResellerBelow(const Scope& scope, std::string_view own_name,
                                                    std::string_view name) = 0;
};

// What a suspension, resumption or deletion of one account would reach (preview=on): the account
// and everything below it that is not deleted.
// A limit an edit would lower below what the account's children hold (reseller.edit preview).
struct LimitOverrun {
  std::string limit;                  // "limit_quota"
  std::string new_value;              // as the limit shows it ("500 MiB", "off", "3")
  std::string held;                   // what the children hold ("700 MiB allocated")
  std::vector<std::string> accounts;  // the children that hold most of it (at most 10)
};

struct CascadePreview {
  long long id = 0;
  std::string name, tree_path;
  long long accounts = 0;          // the account and those below it
  long long users = 0;             // of them, users
  long long suspended = 0;         // of them, suspended now
  long long suspended_on_own = 0;  // of them, with a suspension of their own (not a parent's)
  long long sessions = 0;  // live sessions of their logins (ended by suspension or deletion)
  long long owned = 0;     // accounts the account owns directly (deletion needs cascade=on)
};

class MySqlAccountStore final : public Directory {
 public:
  // An account a group action names, locked (Resolve).
  struct Resolved {
    long long id;
    std::string name;
    long long users_count;
    std::string tree_path;
    bool own_client = false;  // a reseller's own client account (it goes with its reseller)
  };
  MySqlAccountStore(db::Connection& connection, tenancy::LimitCatalog& limits,
                    identity::AccountLogins& logins)
      : connection_(connection), limits_(limits), logins_(logins) {}

  // The limit descriptors (table limit_descriptor), loaded once per connection.
  const std::vector<LimitDescriptor>& Descriptors();

  ListResult List(const Scope& scope, const ListQuery& query);
  // A live account of `level` named `name` inside the caller's scope.
  std::optional<Account> Find(const Scope& scope, int level, std::string_view name) override;
  // The caller's own account (by the id authentication established, never from the request).
  std::optional<Account> Get(long long account_id) override;
  // A live account of any level strictly below the caller, inside its scope (su targets).
  std::optional<Account> FindBelow(const Scope& scope, std::string_view name) override;
  // What a function about "a reseller's own things" names: the caller's own account (`name`
  // empty, or its own name), or a reseller below it; nullopt when neither.
  std::optional<Account> OwnOrResellerBelow(const Scope& scope, std::string_view own_name,
                                            std::string_view name) override;

  // Creates account + login + limits under `owner_id` (which must be in scope), checking the
  // owner's pool. Throws kExists for a taken name (also soft-deleted ones), kLimit past the pool.
  long long Create(const Scope& scope, int level, long long owner_id, const std::string& name,
                   const AccountChanges& changes);
  // Applies `changes` to `account`. For an owner, lowering a limit below what it has handed out is
  // refused (kLimit, naming the accounts over it) unless `force`; for a child, the owner's pool
  // is checked.
  void Update(const Account& account, const AccountChanges& changes, bool force);

  // Records the host's report of `name`'s own usage and moves its owner's totals by the
  // difference, in one transaction (owner locked first). kNotFound for unknown names. Returns the
  // accounts whose figures moved: the one reported, then the resellers above it, nearest first.
  std::vector<long long> ReportUsage(const std::string& name, const Usage& usage);

  // The saved filter of `login_id` for `list` (empty when none).
  ListFilter SavedFilter(long long login_id, const std::string& list);
  void SaveFilter(long long login_id, const std::string& list, const ListFilter& filter);

  // Function groups denied to `account_id` or to its owner (reseller.access).
  std::vector<std::string> DeniedGroups(long long account_id);
  // Denying "users" also ends the account's sessions that act as one of its users (su), so no
  // path keeps reaching them.
  void SetDeniedGroups(long long account_id, const std::vector<std::string>& groups);
  // Whether `caller` may use the function group `group` (reseller.access): admins always; others
  // unless it is denied to the account they act as or to its owner. Reads the denied groups
  // when authentication did not.
  bool Allows(const core::Caller& caller, std::string_view group);

  // The dashboard: accounts in `scope` by level (one statement), and how much of `account_id`'s
  // own limits its accounts have been given (limit name -> sum).
  std::vector<LevelCounts> CountByLevel(const Scope& scope);
  // A host administrator's account (level admin, the root of its tree), counted among the
  // levels' accounts; its login is identity's (MySqlAuthStore::CreateAdminLogin), in the same
  // transaction. PluginError(kExists, "login") for a name an account or a login has.
  long long CreateAdmin(const std::string& name);
  // account.totp_required for every account, after the levels' policy changed (totp.policy):
  // its company's own flag or its level's requirement.
  void RefreshTotpRequired();
  // The name of reseller `reseller_id`'s own client account (NAME-own), if it has one.
  std::optional<std::string> OwnClientOf(long long reseller_id);
  std::map<std::string, std::uint64_t, std::less<>> Allocated(long long account_id);
  // An owner's user slots (locks its row): its own users, those its sub-resellers hold (the
  // users limit each is given, or the users of one without), and its limit. The host's: none.
  UsersPool Users(long long owner_id, long long except_child_id = 0);

  // All-or-nothing over `names`. Refuses (kExists) accounts that still own accounts unless
  // `cascade`. Soft delete keeps the names reserved; `permanent` frees them.
  void Delete(const Scope& scope, int level, const std::vector<std::string>& names, bool cascade,
              bool permanent);

  // Suspends `names` and, with provenance, every account they own; ends their sessions and the
  // sessions acting as them. Set-based: a fixed number of statements whatever the user count.
  void Suspend(const Scope& scope, int level, const std::vector<std::string>& names,
               const std::string& reason, bool lock);
  // Lifts the suspensions the caller may lift (unlocked, or its own, or any for an admin) and
  // the cascade rows they caused; a user suspended on its own stays suspended.
  // Throws kAccessDenied if a lock set by someone else remains.
  void Resume(const Scope& scope, int level, const std::vector<std::string>& names);
  // Lifts only the suspensions of account `account_id` given for `reason` (and what they caused
  // below it), whoever set them: what a family that suspends automatically undoes (billing's
  // non-payment). Other suspensions stay. Returns whether there was one.
  bool LiftSuspension(long long account_id, const std::string& reason);

  // user.move / reseller.move (mysql_account_move.cpp): moves the account `name` of `level`
  // (and everything below it) under `owner`, the caller's own account or one in its scope, in
  // one transaction: the new owner's pool is checked, counts and usage totals move between the
  // old and the new ancestors, module access is recomputed, and sessions acting as a moved
  // account through su end. kNotFound for either name out of scope, kLimit "depth" past one
  // level of sub-resellers, kInvalidValue "owner" for a move under itself; returns the old
  // owner's name.
  std::string Move(const Scope& scope, int level, const std::string& name,
                   const std::string& owner);

  // preview=on (mysql_account_preview.cpp): what suspending, resuming or deleting `names` would
  // reach, changing nothing; names outside the scope read as unknown, as for the change itself.
  std::vector<CascadePreview> Preview(const Scope& scope, int level,
                                      const std::vector<std::string>& names);
  // preview=on for reseller.edit / user.edit: the limits `changes` would lower below what the
  // account's children hold (the edit is refused for each unless force=on), after the checks
  // the edit itself makes against the account's owner (which throw as they would).
  std::vector<LimitOverrun> PreviewLimits(const Account& account, const AccountChanges& changes);

 private:
  std::vector<Resolved> Resolve(const Scope& scope, int level,
                                const std::vector<std::string>& names);
  LimitValues LoadLimits(long long account_id);
  void CheckPool(long long owner_id, long long child_id, const LimitValues& child_limits,
                 int users_delta);
  void CheckLowering(const Account& owner, const LimitValues& new_limits);
  std::vector<LimitOverrun> Overruns(const Account& owner, const LimitValues& new_limits);
  static LimitValues Changed(const Account& account, const AccountChanges& changes);
  void CheckUsers(long long owner_id, long long child_id, long long asked);
  void WriteLimits(long long account_id, const AccountChanges& changes);
  // Ends the sessions of the accounts `ids` (and, with `owned`, of the accounts they own), and
  // the sessions that act as any of them (su).
  // Ends the sessions of the accounts' logins and of everything below them, and every session
  // acting as one of them.
  void EndSessions(const std::vector<Resolved>& accounts);
  // After suspension rows at or above these accounts (id, tree path) changed: each, and every
  // account below it, is suspended exactly when a suspension row names it or an account above it.
  void RecomputeSuspended(const std::vector<std::pair<long long, std::string>>& accounts);
  // The admin's level lists changed order or rows: one stamp row moves (statements.h).
  void MoveListStamp();

 public:
  // Resellers and users in scope whose name, e-mail or full name holds `text` (any case), by
  // name, at most `limit` (mysql_account_search.cpp).
  std::vector<Account> Search(const Scope& scope, const std::string& text, int limit);

 private:
  void CreateOwnClient(long long reseller_id, const std::string& reseller_name,
                       const AccountChanges& changes);
  std::string PathOf(long long account_id);
  // List's page; `seek` lets it start from a remembered place (page_places.h).
  ListResult ListPage(const Scope& scope, const ListQuery& query, bool seek);

  db::Connection& connection_;
  tenancy::LimitCatalog& limits_;
  identity::AccountLogins& logins_;  // the logins and sessions its changes touch
  PagePlaces places_;                // where the admin's list pages begin (List)
};

// Refuses (access/own_client) a group action that would delete, suspend or move a reseller's own
// client account alone: it goes with its reseller.
void RefuseOwnClients(const std::vector<MySqlAccountStore::Resolved>& accounts, const char* what);

// What handlers ask for (deps.Get<AccountStore>()); the MySQL store is the only one.
using AccountStore = MySqlAccountStore;

}  // namespace resellermgr::account
