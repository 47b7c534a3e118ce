#pragma once
// wallet::WalletStore in memory, keeping the store's documented contract (wallets made on first
// use, a payer refused past its floor with kLimit "amount", transfers numbered from 1) so handler
// unit tests can check what a handler moves, between which wallets and under which floor.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/errors.h"
#include "wallet/wallet_store.h"

namespace resellermgr::fakes {

class FakeWalletStore : public wallet::WalletStore {
 public:
  struct Moved {
    long long from, to;
    std::int64_t amount;
    Floor floor;
    wallet::Movement movement;
  };

  std::vector<wallet::Wallet> List(const std::string&, bool, long long) override { return {}; }
  wallet::Wallet ForAccount(long long account_id, bool) override {
    auto it = by_account_.find(account_id);
    if (it == by_account_.end()) {
      wallet::Wallet w;
      w.id = next_wallet_++;
      it = by_account_.emplace(account_id, w.id).first;
      wallets_[w.id] = w;
    }
    return wallets_.at(it->second);
  }
  long long SystemWallet(const char* name) override {
    auto it = system_.find(name);
    if (it != system_.end()) return it->second;
    const long long id = next_wallet_++;
    wallets_[id] = wallet::Wallet{};
    wallets_[id].id = id;
    return system_[name] = id;
  }
  std::optional<long long> AccountOf(long long wallet_id) override {
    for (const auto& [account, wallet] : by_account_)
      if (wallet == wallet_id) return account;
    return std::nullopt;
  }
  void SetCreditLimit(long long account_id, std::int64_t credit_limit) override {
    wallets_.at(ForAccount(account_id, false).id).credit_limit = credit_limit;
  }
  std::int64_t CreditGivenBelow(long long parent_id, long long except_account_id) override {
    std::int64_t given = 0;
    for (const auto& [child, parent] : parents)
      if (parent == parent_id && child != except_account_id)
        given += ForAccount(child, false).credit_limit;
    return given;
  }
  long long Move(long long from, long long to, std::int64_t amount, Floor floor,
                 const wallet::Movement& movement) override {
    wallet::Wallet& payer = wallets_.at(from);
    const std::int64_t lowest = floor == Floor::kCredit ? -payer.credit_limit
                                : floor == Floor::kZero ? 0
                                                        : INT64_MIN;
    if (floor != Floor::kNone && payer.balance - amount < lowest)
      throw base::PluginError(base::ErrorKind::kLimit, "amount", money::FormatAmount(amount));
    payer.balance -= amount;
    wallets_.at(to).balance += amount;
    moves.push_back({from, to, amount, floor, movement});
    return static_cast<long long>(moves.size());
  }
  std::optional<wallet::Refundable> RefundableOf(long long charge_id, long long) override {
    auto it = refundable.find(charge_id);
    if (it == refundable.end()) return std::nullopt;
    return it->second;
  }
  wallet::Summary Dashboard(long long, bool) override { return {}; }
  std::vector<std::pair<std::string, std::int64_t>> UnsettledAt(
      const std::vector<std::string>&) override {
    return {};
  }
  wallet::AutopayRule Rule(long long wallet_id) override { return rules[wallet_id]; }
  void SetRule(long long wallet_id, const wallet::AutopayRule& rule) override {
    rules[wallet_id] = rule;
  }
  std::optional<wallet::AutopayRequest> RequestAutopay(
      long long, std::int64_t, std::optional<wallet::LowBalance>*) override {
    return std::nullopt;
  }
  void SetLowBalance(long long, std::int64_t) override {}
  bool SettleAutopay(long long, const std::string& key, bool, bool*) override {
    return open_autopay_keys.erase(key) == 1;
  }
  std::vector<wallet::Entry> Statement(long long, int) override { return {}; }
  wallet::VerifyResult Verify() override { return {}; }

  std::int64_t Balance(long long account_id) { return ForAccount(account_id, false).balance; }

  std::vector<Moved> moves;
  std::map<long long, long long> parents;  // account -> its parent, for CreditGivenBelow
  std::map<long long, wallet::Refundable> refundable;
  std::map<long long, wallet::AutopayRule> rules;
  std::map<std::string, bool> open_autopay_keys;

 private:
  std::map<long long, long long> by_account_;
  std::map<std::string, long long> system_;
  std::map<long long, wallet::Wallet> wallets_;
  long long next_wallet_ = 1;
};

}  // namespace resellermgr::fakes
