#include "ratecard/ratecard_functions.h"

#include <regex>
#include <set>

#include "audit/audit_log.h"
#include "base/config.h"
#include "base/days.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "money/amount.h"
#include "preset/preset_store.h"
#include "ratecard/ratecard_store.h"
#include "service/service_store.h"

namespace resellermgr::ratecard {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;

// A card's owner is the account acted as: the admin's cards are its own account's.
long long Owner(const Request& request) { return request.caller().account_id; }

std::string Today() { return base::UtcDay(); }
std::string Tomorrow() { return base::UtcDay(1); }

// The first day a price change may take effect: today on a card nobody is charged at yet, else
// tomorrow (today's charges were made at today's price). Never in the past.
std::string FirstDay(const Card& card) { return card.holders > 0 ? Tomorrow() : Today(); }

// `text` as a day from the card's first day on (YYYY-MM-DD, a real date); empty: that day.
std::string EffectiveFrom(const Request& request, const Card& card) {
  const std::string text(request.GetOr("effective_from", ""));
  const std::string today = FirstDay(card);
  if (text.empty()) return today;
  if (!base::IsDay(text))
    throw PluginError(ErrorKind::kInvalidValue, "effective_from", base::Utf8Prefix(text, 16),
                      "a day as YYYY-MM-DD");
  if (text < today)
    throw PluginError(ErrorKind::kInvalidValue, "effective_from", text,
                      card.holders > 0 ? "the card is in use: a change takes effect from " + today +
                                             " on, never in the past"
                                       : std::string("a price takes effect today or later, "
                                                     "never in the past"));
  return text;
}

std::string Price(const std::optional<std::int64_t>& price) {
  return price ? money::FormatAmount(*price) : std::string();
}

// What a card prices (issue 23): each account held, each reseller account, each account on a
// template (instead of `account`), each active client service, each GiB of disk or traffic
// used. A template or service must be one the card's owner can use.
void CheckItem(const Deps& deps, const Request& request, const std::string& item) {
  static const char* const kPlain[] = {"account", "reseller", "disk_gib", "traffic_gib"};
  for (const char* plain : kPlain)
    if (item == plain) return;
  const core::Caller& caller = request.caller();
  if (item.starts_with("plan:")) {
    if (!deps.Get<preset::PresetStore>().Find(Owner(request), item.substr(5)))
      throw PluginError(ErrorKind::kNotFound, "item", base::Utf8Prefix(item, 96),
                        "no template of yours is named " + base::Utf8Prefix(item.substr(5), 64));
    return;
  }
  if (item.starts_with("service:")) {
    if (!deps.Get<service::ServiceStore>().Find(item.substr(8), caller.account_id, caller.admin()))
      throw PluginError(ErrorKind::kNotFound, "item", base::Utf8Prefix(item, 96),
                        "no service is named " + base::Utf8Prefix(item.substr(8), 64));
    return;
  }
  throw PluginError(ErrorKind::kInvalidValue, "item", base::Utf8Prefix(item, 96),
                    "account, reseller, plan:TEMPLATE, service:NAME, disk_gib or traffic_gib");
}

// The caller's card named by `field` (plid for the nested lists and forms).
Card CardOf(const Deps& deps, const Request& request, const char* field) {
  const std::string& name = request.Require(field);
  std::optional<Card> card = deps.Get<RatecardStore>().Find(Owner(request), name);
  if (!card) throw PluginError(ErrorKind::kNotFound, field, base::Utf8Prefix(name, 64));
  return *card;
}

// A nested list's card: `plid`, or `elid` when it is opened from the card list (ISPmanager's
// nested lists are reached with the parent's elid and carry it on as plid).
Card ListedCard(const Deps& deps, const Request& request) {
  return CardOf(deps, request, request.Has("plid") ? "plid" : "elid");
}

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

// A card's items as today sees them, with the next version of each, as list rows: the items it
// prices itself and, on a derived card, those it takes from its provider card (derived=on).
// With the owner's provider card, each row says what the item costs the owner and flags a price
// below it.
Reply PriceList(const Deps& deps, const Card& card, const std::optional<Card>& provider) {
  RatecardStore& cards = deps.Get<RatecardStore>();
  const std::string today = Today();
  const std::map<std::string, std::int64_t> costs =
      provider ? cards.InForce(provider->id, today) : std::map<std::string, std::int64_t>();
  Reply reply;
  reply.Root().Set("plid", card.name).Set("currency", deps.config.currency);
  const auto add_cost = [&](core::Element& row, const std::string& item,
                            std::optional<std::int64_t> price) {
    auto cost = costs.find(item);
    if (cost == costs.end()) return;
    row.Set("cost", money::FormatAmount(cost->second));
    if (price && *price < cost->second) row.Set("below_cost", "on");
  };
  std::set<std::string> own;
  for (const ratecard::Price& p : cards.Prices(card.id, today)) {
    own.insert(p.item);
    core::Element row = reply.AddRow();
    row.Set("item", p.item)
        .Set("price", Price(p.price))
        .Set("since", p.price ? p.since : std::string())
        .Set("next_price", p.next_removes ? std::string("-") : Price(p.next_price))
        .Set("next_from", p.next_from);
    add_cost(row, p.item, p.price);
  }
  if (card.derived_from != 0) {
    for (const auto& [item, price] : cards.InForce(card.id, today)) {
      if (own.count(item)) continue;
      core::Element row = reply.AddRow();
      row.Set("item", item).Set("price", money::FormatAmount(price)).Set("derived", "on");
      add_cost(row, item, price);
    }
  }
  return reply;
}

// ratecard.price (plid or elid = card): the caller's card.
Reply ListPrices(const Deps& deps, const Request& request) {
  return PriceList(deps, ListedCard(deps, request),
                   deps.Get<RatecardStore>().HeldBy(request.caller().account_id));
}

// ratecard.provider: the caller's provider card, the one its owner charges it at (read-only:
// what each item costs the caller). Empty without one.
Reply ListProviderPrices(const Deps& deps, const Request& request) {
  std::optional<Card> card = deps.Get<RatecardStore>().HeldBy(request.caller().account_id);
  if (!card) return Reply();
  return PriceList(deps, *card, std::nullopt);
}

// ratecard.price.edit (plid = card; elid = item when changing one): a price per month of an
// item from a day (today when none is given).
Reply EditPrice(const Deps& deps, const Request& request) {
  const Card card = CardOf(deps, request, "plid");
  const std::string elid(request.GetOr("elid", ""));
  std::optional<ratecard::Price> current;
  for (const ratecard::Price& p : deps.Get<RatecardStore>().Prices(card.id, Today()))
    if (p.item == elid) current = p;
  if (!elid.empty() && !current) {
    // An item a derived card takes from its provider card: setting it overrides it.
    const auto derived = deps.Get<RatecardStore>().InForce(card.id, Today());
    auto it = derived.find(elid);
    if (it == derived.end()) throw PluginError(ErrorKind::kNotFound, "elid", elid);
    current = ratecard::Price{elid, it->second, "", std::nullopt, "", false};
  }
  if (!request.Submitted()) {
    Reply reply;
    reply.Root()
        .Set("plid", card.name)
        .Set("elid", elid)
        .Set("item", elid)
        .Set("price", current ? Price(current->price) : std::string())
        .Set("effective_from", FirstDay(card));
    return reply;
  }
  const std::string item = elid.empty() ? request.Require("item") : elid;
  CheckItem(deps, request, item);
  const std::string& text = request.Require("price");
  const std::optional<std::int64_t> price = money::ParseAmount(text);
  if (!price)
    throw PluginError(ErrorKind::kInvalidValue, "price", base::Utf8Prefix(text, 32),
                      "a price per month such as 12.34, at most two decimals");
  const std::string from = EffectiveFrom(request, card);
  // Below what the item costs the caller (its provider card's price that day) only when it
  // says so: selling at a loss is a decision, not a typo.
  if (std::optional<Card> provider =
          deps.Get<RatecardStore>().HeldBy(request.caller().account_id)) {
    const auto costs = deps.Get<RatecardStore>().InForce(provider->id, from);
    auto cost = costs.find(item);
    if (cost != costs.end() && *price < cost->second && !request.Flag("below_cost"))
      throw PluginError(ErrorKind::kInvalidValue, "price", money::FormatAmount(*price),
                        "below your cost " + money::FormatAmount(cost->second) +
                            "; send below_cost=on to sell at a loss");
  }
  deps.Get<RatecardStore>().SetPrice(card.id, item, from, price, request.caller().login);
  deps.changes.Record(
      request,
      {"ratecard:" + card.name + "/" + item,
       "price from " + from,
       audit::RedactedParams(request),
       "ratecard.price_set",
       {{"price", current ? Price(current->price) : std::string(), money::FormatAmount(*price)},
        {"effective_from", current ? current->since : std::string(), from}}});
  return Reply::Ok();
}

// ratecard.price.delete (plid = card; elid = items): takes items off the card. All named
// items or none.
Reply DeletePrices(const Deps& deps, const Request& request) {
  const Card card = CardOf(deps, request, "plid");
  const std::vector<std::string> items = request.RequireNameList("elid");
  RatecardStore& cards = deps.Get<RatecardStore>();
  const std::vector<ratecard::Price> priced = cards.Prices(card.id, Today());
  for (const std::string& item : items) {
    if (std::none_of(priced.begin(), priced.end(),
                     [&](const ratecard::Price& p) { return p.item == item; }))
      throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(item, 96));
  }
  // A card in use keeps its items' past and today: the item goes from tomorrow.
  const bool in_use = card.holders > 0;
  for (const std::string& item : items) {
    if (in_use) {
      cards.SetPrice(card.id, item, Tomorrow(), std::nullopt, request.caller().login);
    } else {
      cards.Forget(card.id, item);
    }
    deps.changes.Record(request, {"ratecard:" + card.name + "/" + item,
                                  in_use ? "item removed from " + Tomorrow() : "item removed",
                                  "",
                                  "ratecard.price_removed",
                                  {}});
  }
  return Reply::Ok();
}

// ratecard.history (plid or elid = card): every version of every item, oldest first per item.
Reply ListHistory(const Deps& deps, const Request& request) {
  const Card card = ListedCard(deps, request);
  Reply reply;
  reply.Root().Set("plid", card.name);
  for (const Version& v : deps.Get<RatecardStore>().History(card.id)) {
    reply.AddRow()
        .Set("item", v.item)
        .Set("effective_from", v.effective_from)
        .Set("price", v.price ? money::FormatAmount(*v.price) : std::string("-"))
        .Set("set_by", v.set_by)
        .Set("set_at", v.set_at);
  }
  return reply;
}

}  // namespace

void RegisterRatecardFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("ratecard",              AccessLevel::kReseller, Effect::kReads,   ListCards);
  registry.Add("ratecard.edit",         AccessLevel::kReseller, Effect::kSubmits, EditCard);
  registry.Add("ratecard.delete",       AccessLevel::kReseller, Effect::kChanges, DeleteCards);
  registry.Add("ratecard.price",        AccessLevel::kReseller, Effect::kReads,   ListPrices);
  registry.Add("ratecard.price.edit",   AccessLevel::kReseller, Effect::kSubmits, EditPrice);
  registry.Add("ratecard.price.delete", AccessLevel::kReseller, Effect::kChanges, DeletePrices);
  registry.Add("ratecard.history",      AccessLevel::kReseller, Effect::kReads,   ListHistory);
  registry.Add("ratecard.provider",     AccessLevel::kReseller, Effect::kReads,   ListProviderPrices);
  // clang-format on
  // Prices are money: the wallets right area grants them to staff and tokens.
  registry.SetGroup("ratecard", "wallets");
  RegisterAssignment(registry);
}

}  // namespace resellermgr::ratecard
