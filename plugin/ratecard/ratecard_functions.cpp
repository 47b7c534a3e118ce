// ratecard, ratecard.edit, ratecard.delete: a caller's cards, their default and derivation.
#include "ratecard/ratecard_functions.h"

#include <regex>

#include "audit/audit_log.h"
#include "base/config.h"
#include "base/days.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "money/amount.h"
#include "ratecard/card_lookup.h"
#include "ratecard/ratecard_store.h"

namespace resellermgr::ratecard {

using base::ErrorKind;
using base::PluginError;
using core::Request;

std::string Today() { return base::UtcDay(); }
std::string Tomorrow() { return base::UtcDay(1); }

std::string PriceText(const std::optional<std::int64_t>& price) {
  return price ? money::FormatAmount(*price) : std::string();
}

Card CardOf(const Deps& deps, const Request& request, const char* field) {
  const std::string& name = request.Require(field);
  std::optional<Card> card = deps.Get<RatecardStore>().Find(Owner(request), name);
  if (!card) throw PluginError(ErrorKind::kNotFound, field, base::Utf8Prefix(name, 64));
  return *card;
}

Card ListedCard(const Deps& deps, const Request& request) {
  return CardOf(deps, request, request.Has("plid") ? "plid" : "elid");
}

namespace {

using core::AccessLevel;
using core::Effect;
using core::Reply;

std::string CardName(const Request& request) {
  const std::string name = request.Require("name");
  static const std::regex kName(R"([\w .-]{1,64})");
  if (!std::regex_match(name, kName))
    throw PluginError(ErrorKind::kInvalidValue, "name", base::Utf8Prefix(name, 64));
  return name;
}

// ratecard: the caller's cards.
Reply ListCards(const Deps& deps, const Request& request) {
  Reply reply;
  for (const Card& card : deps.Get<RatecardStore>().List(Owner(request))) {
    core::Element row = reply.AddRow();
    row.Set("name", card.name)
        .Set("items", card.items)
        .Set("holders", card.holders)
        .Set("created", card.created);
    if (card.is_default) row.Set("default", "on");
  }
  return reply;
}

// Basis points as a percent with two decimals (2000: "20.00"): hundredths, as amounts are.
std::string PercentText(int bp) { return money::FormatAmount(bp); }

// "20" or "12.5" percent as basis points (0 to 1000%).
int MarkupOf(const Request& request) {
  const std::string text(request.GetOr("markup", "0"));
  static const std::regex kPercent(R"(([0-9]{1,4})(\.([0-9]{1,2}))?)");
  std::smatch match;
  if (!std::regex_match(text, match, kPercent))
    throw PluginError(ErrorKind::kInvalidValue, "markup", base::Utf8Prefix(text, 16),
                      "a percent such as 20 or 12.5");
  std::string cents = match[3].matched ? match[3].str() : "0";
  if (cents.size() == 1) cents += "0";
  const int bp = std::stoi(match[1].str()) * 100 + std::stoi(cents);
  if (bp > 100000)
    throw PluginError(ErrorKind::kInvalidValue, "markup", text, "at most 1000 percent");
  return bp;
}

// The rounding step of derived prices, as money ("0.05"); default a cent.
int RoundToOf(const Request& request) {
  const std::string text(request.GetOr("round_to", "0.01"));
  const std::optional<std::int64_t> step = money::ParseAmount(text.empty() ? "0.01" : text);
  if (!step || *step <= 0 || *step > 100000)
    throw PluginError(ErrorKind::kInvalidValue, "round_to", base::Utf8Prefix(text, 16),
                      "a step such as 0.01, 0.05 or 1.00");
  return static_cast<int>(*step);
}

// derive=on: the card follows the caller's provider card with `markup` and `round_to`; off: it
// keeps only the prices it sets itself. Returns the audit's old -> new.
std::optional<changes::FieldChange> ApplyDerivation(const Deps& deps, const Request& request,
                                                    const Card& card) {
  if (!request.Has("derive") && !request.Has("markup") && !request.Has("round_to"))
    return std::nullopt;
  RatecardStore& cards = deps.Get<RatecardStore>();
  const bool derive = request.Has("derive") ? request.Flag("derive") : card.derived_from != 0;
  long long from = 0;
  if (derive) {
    std::optional<Card> provider = cards.HeldBy(request.caller().account_id);
    if (!provider)
      throw PluginError(ErrorKind::kInvalidValue, "derive", "on",
                        "you have no provider card to derive from");
    from = provider->id;
  }
  const int markup = derive ? MarkupOf(request) : 0;
  const int step = derive ? RoundToOf(request) : 1;
  cards.SetDerivation(card.id, from, markup, step);
  const auto describe = [](long long derived, int bp, int round) {
    return derived == 0
               ? std::string("own prices")
               : "provider +" + PercentText(bp) + "% rounded to " + money::FormatAmount(round);
  };
  return changes::FieldChange{"derivation",
                              describe(card.derived_from, card.markup_bp, card.round_to),
                              describe(from, markup, step)};
}

// ratecard.edit: a new card (no elid) or a card renamed.
Reply EditCard(const Deps& deps, const Request& request) {
  const std::string_view elid = request.GetOr("elid", "");
  if (!request.Submitted()) {
    Reply reply;
    if (elid.empty()) {
      reply.Root().Set("name", "");
    } else {
      const Card card = CardOf(deps, request, "elid");
      reply.Root()
          .Set("elid", card.name)
          .Set("name", card.name)
          .Set("default", card.is_default ? "on" : "off")
          .Set("derive", card.derived_from != 0 ? "on" : "off")
          .Set("markup", PercentText(card.markup_bp))
          .Set("round_to", money::FormatAmount(card.round_to));
    }
    return reply;
  }
  const std::string name = CardName(request);
  RatecardStore& cards = deps.Get<RatecardStore>();
  if (elid.empty()) {
    const long long id = cards.Create(Owner(request), name);
    if (request.Flag("default")) cards.SetDefault(Owner(request), id, true);
    Card created;
    created.id = id;
    ApplyDerivation(deps, request, created);
    deps.changes.Record(
        request,
        {"ratecard:" + name, "created", audit::RedactedParams(request), "ratecard.created", {}});
    Reply reply = Reply::Ok();
    reply.Root().Set("id", name);
    return reply;
  }
  const Card card = CardOf(deps, request, "elid");
  std::vector<changes::FieldChange> fields;
  if (name != card.name) {
    cards.Rename(Owner(request), card.id, name);
    fields.push_back({"name", card.name, name});
  }
  if (request.Has("default") && request.Flag("default") != card.is_default) {
    cards.SetDefault(Owner(request), card.id, !card.is_default);
    fields.push_back({"default", card.is_default ? "on" : "off", card.is_default ? "off" : "on"});
  }
  if (std::optional<changes::FieldChange> derivation = ApplyDerivation(deps, request, card))
    fields.push_back(*derivation);
  if (!fields.empty()) {
    deps.changes.Record(request, {"ratecard:" + name, "changed", audit::RedactedParams(request),
                                  "ratecard.changed", std::move(fields)});
  }
  return Reply::Ok();
}

Reply DeleteCards(const Deps& deps, const Request& request) {
  const std::vector<std::string> names = request.RequireNameList("elid");
  for (const std::string& name : names) {
    std::optional<Card> card = deps.Get<RatecardStore>().Find(Owner(request), name);
    if (card && card->holders > 0)
      throw PluginError(ErrorKind::kExists, "elid", name,
                        name + " is the card of " + std::to_string(card->holders) +
                            " accounts: give them another first");
  }
  deps.Get<RatecardStore>().Delete(Owner(request), names);
  for (const std::string& name : names)
    deps.changes.Record(request, {"ratecard:" + name, "deleted", "", "ratecard.deleted", {}});
  return Reply::Ok();
}

}  // namespace

void RegisterRatecardFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("ratecard",              AccessLevel::kReseller, Effect::kReads,   ListCards);
  registry.Add("ratecard.edit",         AccessLevel::kReseller, Effect::kSubmits, EditCard);
  registry.Add("ratecard.delete",       AccessLevel::kReseller, Effect::kChanges, DeleteCards);
  // clang-format on
  // Prices are money: the wallets right area grants them to staff and tokens.
  registry.SetGroup("ratecard", "wallets");
  RegisterPriceFunctions(registry);
  RegisterAssignment(registry);
  RegisterPricePreview(registry);
}

}  // namespace resellermgr::ratecard
