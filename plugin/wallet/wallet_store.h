#pragma once
// Wallets and the ledger in MySQL (sql/019): the only place with their SQL. Amounts are integer
// minor units. Every movement locks the wallets it touches in ascending id order, checks the
// payer's available money, appends one transfer and moves both cached balances, in the caller's
// transaction (the dispatcher's change funnel, with the request's idempotency key).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "money/amount.h"

namespace resellermgr::wallet {

enum class Kind { kDeposit, kTransfer, kWithdraw, kCharge, kRefund, kAutopay, kAdjustment };
const char* KindName(Kind kind);

// The operator's own books.
inline constexpr char kOperator[] = "operator";
inline constexpr char kExternal[] = "external";
inline constexpr char kRevenue[] = "revenue";

struct Wallet {
  long long id = 0;  // 0: the account has no wallet yet (no movement, no credit)
  long long account_id = 0;
  std::string name;   // the account's name
  std::string owner;  // its parent's name
  std::int64_t balance = 0;
  std::int64_t credit_limit = 0;
  std::string last_movement;
  std::int64_t available() const { return balance + credit_limit; }
};

// A wallet's autopayment rule and its state.
struct AutopayRule {
  std::string mode = "off";  // "off", "add_funds", "repay"
  std::int64_t threshold = 0, target = 0, minimum = 0;
  int monthly_max = 5, max_failures = 3;
  int failures = 0;
  bool stopped = false;
  std::int64_t low_balance = 0;  // read with the rule; set apart (SetLowBalance)
};

// A debit took the wallet's available money (balance + credit) below its low-balance line.
struct LowBalance {
  std::int64_t available = 0, line = 0;
  long long account_id = 0;  // the wallet's
};

// A top-up the rule asks the billing system for.
struct AutopayRequest {
  std::string key;
  std::int64_t amount = 0;
};

struct Movement {
  Kind kind;
  std::string memo, reference, period;
  std::string actor, as_account, token, idem_key;
  long long refunds = 0;  // a refund: the charge it returns
};

// What a charge can still give back.
struct Refundable {
  std::int64_t left = 0;  // its amount less its refunds so far
  std::string reference, period;
};

struct Entry {
  long long id = 0;
  std::string at, kind, counterparty, memo, reference, period, actor;
  std::int64_t amount = 0;   // + into this wallet, - out of it
  std::int64_t balance = 0;  // this wallet's balance after it
};

// The dashboard's money figures: a tenant's own wallet, or (the admin) every tenant wallet.
struct Summary {
  std::int64_t balance = 0;
  std::int64_t credit_limit = 0;
  std::int64_t charged_today = 0;  // UTC day
  std::int64_t charged_month = 0;  // UTC month
};

struct VerifyResult {
  bool ok = true;
  std::vector<std::string> problems;
  long long wallets = 0, transfers = 0;
};

// The wallet family's store: wallets, the ledger's movements and autopayment rules (DESIGN.md
// "Money"). MySqlWalletStore is the one implementation; handler unit tests use a fake
// (tests/fakes/wallet/).
class WalletStore {
 public:
  virtual ~WalletStore() = default;

  // The wallets of the resellers below `path` (the caller's tree path; "" for the admin: every
  // reseller), and (`with_own`) the caller's own account first.
  virtual std::vector<Wallet> List(const std::string& path, bool admin,
                                   long long own_account_id) = 0;
  // The wallet of account `account_id`, created on first use; locked when `lock`.
  virtual Wallet ForAccount(long long account_id, bool lock) = 0;
  // One of the rows of the operator's system wallet `name` (sql/047: any of its shards).
  virtual long long SystemWallet(const char* name) = 0;
  // The account a wallet belongs to (none for the operator's books): what a money-arrival
  // listener, given a wallet, acts on.
  virtual std::optional<long long> AccountOf(long long wallet_id) = 0;

  virtual void SetCreditLimit(long long account_id, std::int64_t credit_limit) = 0;
  // The credit the accounts directly below `parent_id` are given, `except_account_id` left out.
  virtual std::int64_t CreditGivenBelow(long long parent_id, long long except_account_id) = 0;

  // How far the payer may go: not at all checked (the operator's books), down to minus its
  // credit limit (transfers, charges), or down to zero (money pulled back by the parent).
  enum class Floor { kNone, kCredit, kZero };
  // Moves `amount` from wallet `from` to wallet `to` (both locked, lower id first). A payer
  // that would pass its floor is refused: PluginError(kLimit, "amount") with the figures.
  // Returns the transfer's id.
  virtual long long Move(long long from, long long to, std::int64_t amount, Floor floor,
                         const Movement& movement) = 0;

  // Charge `charge_id` of wallet `wallet_id`, locked; nullopt when it is no such charge.
  virtual std::optional<Refundable> RefundableOf(long long charge_id, long long wallet_id) = 0;

  virtual Summary Dashboard(long long account_id, bool admin) = 0;

  // The resellers at or below each tree path whose wallet is not at zero, with the balance: a
  // reseller is deleted only with its books settled (issue 20), or the money would stay in the
  // wallet of an account that is gone.
  virtual std::vector<std::pair<std::string, std::int64_t>> UnsettledAt(
      const std::vector<std::string>& paths) = 0;

  virtual AutopayRule Rule(long long wallet_id) = 0;
  virtual void SetRule(long long wallet_id,
                       const AutopayRule& rule) = 0;  // clears failures and the stop
  // After money left wallet `wallet_id` (locked by the movement, in its transaction): the
  // request its rule makes now, if any. None while one is open, past the month's count, or
  // when the rule stopped.
  // `debited` (what just left it) says whether the available money crossed the wallet's
  // low-balance line with it: then `low`, when given, is set.
  virtual std::optional<AutopayRequest> RequestAutopay(long long wallet_id, std::int64_t debited,
                                                       std::optional<LowBalance>* low) = 0;
  // The low-balance line of account `account_id`'s wallet (0: none).
  virtual void SetLowBalance(long long account_id, std::int64_t line) = 0;
  // The open request `key` of `wallet_id` is settled: confirmed (the deposit came) or failed.
  // Returns false when there is no such open request. A failure that reaches the rule's count
  // stops it; `stopped` says so.
  virtual bool SettleAutopay(long long wallet_id, const std::string& key, bool confirmed,
                             bool* stopped) = 0;

  // A wallet's statement, newest first.
  virtual std::vector<Entry> Statement(long long wallet_id, int limit) = 0;

  // The books' invariants: each cached balance equals its transfers, all balances sum to zero,
  // no tenant wallet below minus its credit limit.
  virtual VerifyResult Verify() = 0;
};

class MySqlWalletStore final : public WalletStore {
 public:
  explicit MySqlWalletStore(db::Connection& connection) : connection_(connection) {}

  std::vector<Wallet> List(const std::string& path, bool admin, long long own_account_id) override;
  Wallet ForAccount(long long account_id, bool lock) override;
  long long SystemWallet(const char* name) override;
  std::optional<long long> AccountOf(long long wallet_id) override;
  void SetCreditLimit(long long account_id, std::int64_t credit_limit) override;
  std::int64_t CreditGivenBelow(long long parent_id, long long except_account_id) override;
  long long Move(long long from, long long to, std::int64_t amount, Floor floor,
                 const Movement& movement) override;
  std::optional<Refundable> RefundableOf(long long charge_id, long long wallet_id) override;
  Summary Dashboard(long long account_id, bool admin) override;
  std::vector<std::pair<std::string, std::int64_t>> UnsettledAt(
      const std::vector<std::string>& paths) override;
  AutopayRule Rule(long long wallet_id) override;
  void SetRule(long long wallet_id, const AutopayRule& rule) override;
  std::optional<AutopayRequest> RequestAutopay(long long wallet_id, std::int64_t debited,
                                               std::optional<LowBalance>* low) override;
  void SetLowBalance(long long account_id, std::int64_t line) override;
  bool SettleAutopay(long long wallet_id, const std::string& key, bool confirmed,
                     bool* stopped) override;
  std::vector<Entry> Statement(long long wallet_id, int limit) override;
  VerifyResult Verify() override;

 private:
  db::Connection& connection_;
  std::map<std::pair<std::string, int>, long long> system_wallets_;  // (name, shard) -> id
  std::pair<long long, long long> moved_to_{
      0, 0};  // the last Move's recipient and its owner (0: none)
};

// Amounts are the money floor's (money/amount.h); the wallet family reads and writes them so.
using money::FormatAmount;
using money::ParseAmount;

}  // namespace resellermgr::wallet
