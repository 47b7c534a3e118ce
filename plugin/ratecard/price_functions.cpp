// ratecard.price, ratecard.price.edit, ratecard.price.delete, ratecard.history,
// ratecard.provider: a card's items and their versions.
#include <map>
#include <set>

#include "audit/audit_log.h"
#include "base/config.h"
#include "base/days.h"
#include "base/errors.h"
#include "base/text.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "db/transaction.h"
#include "money/amount.h"
#include "preset/preset_store.h"
#include "ratecard/card_lookup.h"
#include "ratecard/item_kinds.h"
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
  const ItemKinds& kinds = deps.Get<ItemKinds>();
  if (const ItemKind* kind = kinds.Find(item)) return kind->check(deps, request, item);
  std::string known = "account, reseller, plan:TEMPLATE, service:NAME, disk_gib, traffic_gib";
  for (const ItemKind& kind : kinds.all()) known += ", " + kind.hint;
  throw PluginError(ErrorKind::kInvalidValue, "item", base::Utf8Prefix(item, 96), known);
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
        .Set("price", PriceText(p.price))
        .Set("since", p.price ? p.since : std::string())
        .Set("next_price", p.next_removes ? std::string("-") : PriceText(p.next_price))
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

// ratecard.price.edit with preview=on: the change made and taken back, and, for each account
// charged at the card or at a card derived from it, the item's monthly price from that day
// before and after (derived cards follow with their markup), as the change would leave them.
Reply PreviewPrice(const Deps& deps, const Card& card, const std::string& item,
                   const std::string& from, std::int64_t price, const Request& request) {
  RatecardStore& cards = deps.Get<RatecardStore>();
  const std::vector<RatecardStore::Holder> holders = cards.HoldersOf(card.id);
  const auto prices = [&] {
    std::map<long long, std::optional<std::int64_t>> by_card;
    for (const RatecardStore::Holder& h : holders) {
      if (by_card.count(h.card_id)) continue;
      const auto in_force = cards.InForce(h.card_id, from);
      const auto* found = PriceFor(in_force, item);
      by_card[h.card_id] = found ? std::optional(found->second) : std::nullopt;
    }
    return by_card;
  };
  const auto before = prices();
  std::map<long long, std::optional<std::int64_t>> after;
  {
    db::Transaction dry_run(deps.db);
    cards.SetPrice(card.id, item, from, price, request.caller().login);
    after = prices();
  }
  const auto text = [](const std::optional<std::int64_t>& p) {
    return p ? money::FormatAmount(*p) : std::string();
  };
  Reply reply;
  reply.Root().Set("preview", "on").Set("item", item).Set("from", from);
  for (const RatecardStore::Holder& h : holders) {
    reply.AddRow()
        .Set("client", h.account)
        .Set("card", h.card)
        .Set("before", text(before.at(h.card_id)))
        .Set("after", text(after.at(h.card_id)));
  }
  return reply;
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
        .Set("price", current ? PriceText(current->price) : std::string())
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
  if (request.Flag("preview")) return PreviewPrice(deps, card, item, from, *price, request);
  deps.Get<RatecardStore>().SetPrice(card.id, item, from, price, request.caller().login);
  deps.changes.Record(
      request,
      {"ratecard:" + card.name + "/" + item,
       "price from " + from,
       audit::RedactedParams(request),
       "ratecard.price_set",
       {{"price", current ? PriceText(current->price) : std::string(), money::FormatAmount(*price)},
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

void RegisterPriceFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("ratecard.price",        AccessLevel::kReseller, Effect::kReads,   ListPrices);
  registry.Add("ratecard.price.edit",   AccessLevel::kReseller, Effect::kSubmits, EditPrice);
  registry.TakesPreview("ratecard.price.edit");
  registry.Add("ratecard.price.delete", AccessLevel::kReseller, Effect::kChanges, DeletePrices);
  registry.Add("ratecard.history",      AccessLevel::kReseller, Effect::kReads,   ListHistory);
  registry.Add("ratecard.provider",     AccessLevel::kReseller, Effect::kReads,   ListProviderPrices);
  // clang-format on
}

}  // namespace resellermgr::ratecard
