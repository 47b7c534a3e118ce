#pragma once
// Reseller sign-up in MySQL (sql/043): the agreement's versions, the sign-up settings and the
// sign-ups themselves. The only place with their SQL.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace resellermgr::signup {

struct Agreement {
  int version = 0;
  std::string text, created_by, created;
};

struct Settings {
  bool enabled = false, approval = false;
  std::int64_t min_deposit = 1000;  // minor units
};

struct Signup {
  long long id = 0;
  std::string login, email, company, address, status, accepted_at, accepted_ip, created;
  std::int64_t deposit = 0;
  int agreement_version = 0;
  long long account_id = 0;  // 0 before the pending account exists
  std::string payment_hash;
};

struct NewSignup {
  std::string login, email, company, address, accepted_ip, verify_hash;
  std::int64_t deposit = 0;
  int agreement_version = 0;
  int ttl_hours = 48;
};

class MySqlSignupStore {
 public:
  explicit MySqlSignupStore(db::Connection& connection) : connection_(connection) {}

  Agreement Current();
  int PutAgreement(const std::string& text, const std::string& by);
  Settings Get();
  void Put(const Settings& settings);

  // A pending sign-up of `login` (any status but active), locked.
  std::optional<Signup> PendingByLogin(const std::string& login);
  // PluginError(kExists, "login") when the name is pending already.
  long long Add(const NewSignup& signup);
  // The unverified sign-up a verification link is for, locked; nullopt when unknown or expired.
  std::optional<Signup> ByVerifyHash(const std::string& hash);
  std::optional<Signup> Find(long long id);
  // The sign-up waiting for its deposit on `account_id`'s wallet, locked.
  std::optional<Signup> AwaitingPayment(long long account_id);
  void SetStatus(long long id, const std::string& status);
  // Awaiting payment on the pending account, with the payment key's hash.
  void AwaitPayment(long long id, long long account_id, const std::string& payment_hash);
  std::vector<Signup> List(const std::string& status);
  // Sign-ups past their time that never became active (their pending accounts are the caller's
  // to remove), and removes them.
  std::vector<Signup> TakeExpired();
  void Remove(long long id);
  // The host's own account (the oldest live admin account), which new resellers go under.
  std::optional<std::pair<long long, std::string>> Host();

 private:
  db::Connection& connection_;
};

using SignupStore = MySqlSignupStore;

}  // namespace resellermgr::signup
