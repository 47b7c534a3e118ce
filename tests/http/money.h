#pragma once
// Money tests' helpers (money, invoice, restart, billing and licence tests): keyed money calls,
// balances, a reseller with a sub-reseller, and `resellerctl ledger verify`.

#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "http/api.h"
#include "http/http_fixture.h"
#include "money/amount.h"

namespace resellermgr::testing {

inline void RequireBalancedBooks() {
  const CommandResult verify = RunCommand(Resellerctl("ledger verify"));
  BOOST_TEST(verify.exit_code == 0, verify.output);
  BOOST_TEST(verify.output.find("ledger balanced") != std::string::npos, verify.output);
}

inline int counter = 0;
inline std::string Key() { return "k-" + Unique("m") + "-" + std::to_string(++counter); }

// A money call with a fresh key.
inline pugi::xml_document Pay(const As& as, const std::string& func, const std::string& query) {
  return as.Call(func, query + "&idempotency_key=" + Key());
}

inline pugi::xml_node WalletRow(const As& as, const std::string& name) {
  static pugi::xml_document last;
  last = as.Call("wallet");
  return FindRow(last, name);
}

inline std::string Balance(const As& as, const std::string& name) {
  return WalletRow(as, name).child_value("balance");
}

// The caller's own wallet balance in minor units (its statement's heading).
inline std::int64_t OwnBalance(const As& as) {
  const std::string text = as.Call("transaction").child("doc").child_value("balance");
  const bool owes = text.starts_with("-");
  const std::optional<std::int64_t> amount = money::ParseAmount(owes ? text.substr(1) : text);
  BOOST_REQUIRE_MESSAGE(amount, "balance " << text);
  return owes ? -*amount : *amount;
}

// A reseller allowed to resell, with a sub-reseller.
struct Books {
  std::string r = Unique("mr"), s = Unique("ms");
  As reseller = As::Login(r, kPassword), sub = As::Login(s, kPassword);
  Books() {
    MakeReseller(r, "may_resell=on");
    BOOST_REQUIRE(
        IsOk(reseller.Call("reseller.edit", "sok=ok&name=" + s + "&passwd=" + kPassword)));
  }
};

}  // namespace resellermgr::testing
