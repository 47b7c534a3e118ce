// Which card an account is charged at (issue 23): `ratecard=` on reseller.edit and user.edit,
// the ratecard family's part of the account family's forms (FunctionRegistry::ExtendForm). The
// card is one of the account's owner's; a new account given none gets the owner's default card.

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "ratecard/ratecard_functions.h"
#include "ratecard/ratecard_store.h"

namespace resellermgr::ratecard {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::Request;

template <int kLevel>
std::optional<account::Account> Edited(const Deps& deps, const Request& request) {
  const std::string_view elid = request.GetOr("elid", "");
  const std::string name(elid.empty() ? request.GetOr("name", "") : elid);
  if (name.empty()) return std::nullopt;
  return deps.Get<account::Directory>().Find(tenancy::Scope::Of(request.caller()), kLevel, name);
}

// The form: the account's card (a new account: the default one) and the cards to choose from,
// the caller's own.
template <int kLevel>
void ShowCard(const Deps& deps, const Request& request, core::Element form) {
  RatecardStore& cards = deps.Get<RatecardStore>();
  std::optional<Card> current;
  long long owner_id = request.caller().account_id;
  if (!request.GetOr("elid", "").empty()) {
    if (std::optional<account::Account> account = Edited<kLevel>(deps, request)) {
      current = cards.HeldBy(account->id);
      owner_id = account->owner_id;
    }
  } else {
    current = cards.DefaultOf(owner_id);
  }
  form.Set("ratecard", current ? current->name : std::string());
  core::Element select = form.Add("slist").Attr("name", "ratecard");
  select.Add("msg").Attr("key", "").Text("");
  for (const Card& card : cards.List(owner_id))
    select.Add("msg").Attr("key", card.name).Text(card.name);
}

// Saved with the form: `ratecard` given (empty: none), or a new account's owner's default.
template <int kLevel>
void SaveCard(const Deps& deps, const Request& request) {
  const bool creating = request.GetOr("elid", "").empty();
  if (!request.Has("ratecard") && !creating) return;
  std::optional<account::Account> account = Edited<kLevel>(deps, request);
  if (!account) return;  // the form's own handler refused or named it otherwise
  RatecardStore& cards = deps.Get<RatecardStore>();
  std::optional<Card> card;
  if (request.Has("ratecard")) {
    const std::string name(request.GetOr("ratecard", ""));
    if (!name.empty()) {
      card = cards.Find(account->owner_id, name);
      if (!card) throw PluginError(ErrorKind::kNotFound, "ratecard", base::Utf8Prefix(name, 64));
    }
  } else {
    card = cards.DefaultOf(account->owner_id);
    if (!card) return;
  }
  const std::optional<Card> before = cards.HeldBy(account->id);
  if ((before ? before->id : 0) == (card ? card->id : 0)) return;
  cards.Assign(account->id, card ? std::optional<long long>(card->id) : std::nullopt);
  deps.changes.Record(request,
                      {account->name,
                       card ? "rate card given" : "rate card taken",
                       audit::RedactedParams(request),
                       "ratecard.assigned",
                       {{"ratecard", before ? before->name : "", card ? card->name : ""}}});
}

}  // namespace

void RegisterAssignment(core::FunctionRegistry& registry) {
  registry.ExtendForm("reseller.edit", ShowCard<tenancy::kResellerLevel>,
                      SaveCard<tenancy::kResellerLevel>);
  registry.ExtendForm("user.edit", ShowCard<tenancy::kUserLevel>, SaveCard<tenancy::kUserLevel>);
}

}  // namespace resellermgr::ratecard
