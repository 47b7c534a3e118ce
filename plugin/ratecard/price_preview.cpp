// What an account or a client service will cost (issue 23), on the forms that create them: the
// caller's monthly cost for it at its provider card, and what the client's card charges for it.
// reseller.edit (item `reseller`), user.edit (`plan:TEMPLATE`, else `account`) and
// client.service.edit (`service:NAME`) show `cost_month` and `price_month` (decimal; empty when
// nothing prices it) and `price_preview`, the same in words. The figures follow what the form
// request names (preset=, ratecard=), so an API caller asks before it creates.

#include <map>

#include "account/account_store.h"
#include "base/text.h"
#include "core/deps.h"
#include "core/messages.h"
#include "money/amount.h"
#include "ratecard/card_lookup.h"
#include "ratecard/ratecard_functions.h"
#include "ratecard/ratecard_store.h"

namespace resellermgr::ratecard {
namespace {

using core::Request;

// What the form is about: the account (none while creating), the item it is charged as, and
// its owner, whose cards the client's card is one of.
struct Subject {
  std::optional<account::Account> account;
  std::string item;
  long long owner_id = 0;
};

std::optional<std::int64_t> PriceOf(const std::map<std::string, std::int64_t>& prices,
                                    const std::string& item) {
  const auto* price = PriceFor(prices, item);
  return price ? std::optional<std::int64_t>(price->second) : std::nullopt;
}

std::optional<account::Account> Find(const Deps& deps, const Request& request, int level,
                                     std::string_view name) {
  if (name.empty()) return std::nullopt;
  return deps.Get<account::Directory>().Find(tenancy::Scope::Of(request.caller()), level,
                                             std::string(name));
}

// The client's card: the one the request names, else the account's, else its owner's default.
std::optional<Card> ClientCard(const Deps& deps, const Request& request, const Subject& subject) {
  RatecardStore& cards = deps.Get<RatecardStore>();
  if (subject.item.starts_with("service:") || !request.Has("ratecard")) {
    if (subject.account) return cards.HeldBy(subject.account->id);
    return cards.DefaultOf(subject.owner_id);
  }
  const std::string name(request.GetOr("ratecard", ""));
  if (name.empty()) return std::nullopt;
  return cards.Find(subject.owner_id, name);
}

void Show(const Deps& deps, const Request& request, core::Element form, const Subject& subject) {
  RatecardStore& cards = deps.Get<RatecardStore>();
  const std::string today = Today(), lang(request.lang(request.caller().lang));
  std::optional<std::int64_t> cost, price;
  if (std::optional<Card> provider = cards.HeldBy(subject.owner_id))
    cost = PriceOf(cards.InForce(provider->id, today), subject.item);
  const std::optional<Card> card = ClientCard(deps, request, subject);
  if (card) price = PriceOf(cards.InForce(card->id, today), subject.item);
  form.Set("cost_month", PriceText(cost)).Set("price_month", PriceText(price));

  const auto say = [&](const char* name, const std::map<std::string, std::string>& values) {
    std::string text = deps.messages.Find(lang, "ratecard", name).value_or(name);
    for (const auto& [key, value] : values) text = base::ReplaceAll(text, "__" + key + "__", value);
    return text;
  };
  const std::string currency = deps.config.currency;
  std::string words =
      cost ? say("preview_cost", {{"amount", PriceText(cost)}, {"currency", currency}})
           : say("preview_no_cost", {});
  words += "; ";
  if (!card)
    words += say("preview_no_card", {});
  else if (!price)
    words += say("preview_no_price", {{"card", card->name}});
  else
    words += say("preview_price",
                 {{"card", card->name}, {"amount", PriceText(price)}, {"currency", currency}});
  form.Set("price_preview", words);
}

// reseller.edit: a reseller account, owned by the caller (or the edited one's parent).
void ShowReseller(const Deps& deps, const Request& request, core::Element form) {
  Subject subject{Find(deps, request, tenancy::kResellerLevel, request.GetOr("elid", "")),
                  "reseller", request.caller().account_id};
  if (subject.account) subject.owner_id = subject.account->owner_id;
  Show(deps, request, form, subject);
}

// user.edit: an account on the template the request names, else the one it has.
void ShowUser(const Deps& deps, const Request& request, core::Element form) {
  Subject subject{Find(deps, request, tenancy::kUserLevel, request.GetOr("elid", "")), "",
                  request.caller().account_id};
  std::string preset(request.GetOr("preset", ""));
  if (subject.account) {
    subject.owner_id = subject.account->owner_id;
    if (!request.Has("preset")) preset = subject.account->preset;
  }
  subject.item = preset.empty() ? "account" : "plan:" + preset;
  Show(deps, request, form, subject);
}

// client.service.edit: the service (elid, or service= without plid) of the client (plid, or
// elid).
void ShowService(const Deps& deps, const Request& request, core::Element form) {
  const bool nested = request.Has("plid");
  const std::string_view client = request.GetOr(nested ? "plid" : "elid", "");
  const std::string_view service = request.GetOr(nested ? "elid" : "service", "");
  Subject subject{Find(deps, request, tenancy::kUserLevel, client),
                  "service:" + std::string(service), request.caller().account_id};
  if (!subject.account || service.empty()) return;
  subject.owner_id = subject.account->owner_id;
  Show(deps, request, form, subject);
}

}  // namespace

void RegisterPricePreview(core::FunctionRegistry& registry) {
  registry.ExtendForm("reseller.edit", ShowReseller, nullptr);
  registry.ExtendForm("user.edit", ShowUser, nullptr);
  registry.ExtendForm("client.service.edit", ShowService, nullptr);
}

}  // namespace resellermgr::ratecard
