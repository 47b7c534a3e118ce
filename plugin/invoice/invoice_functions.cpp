#include "invoice/invoice_functions.h"

#include "account/account_store.h"
#include "audit/audit_log.h"
#include "base/config.h"
#include "base/errors.h"
#include "base/text.h"
#include "billing/charge_label.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "core/messages.h"
#include "invoice/invoice_pdf.h"
#include "invoice/invoice_store.h"
#include "money/amount.h"
#include "util/crypto.h"
#include "wallet/wallet_store.h"

namespace resellermgr::invoice {
namespace {

using base::ErrorKind;
using base::PluginError;
using core::AccessLevel;
using core::Effect;
using core::Reply;
using core::Request;
using money::FormatAmount;

Reach ReachOf(const core::Caller& caller) {
  return {caller.admin(), caller.account_id, tenancy::SubtreePatternOrNone(caller.account_path)};
}

long long DocumentId(const Request& request) {
  const std::string& elid = request.Require("elid");
  const std::optional<long long> id = request.GetId("elid");
  if (!id) throw PluginError(ErrorKind::kNotFound, "elid", base::Utf8Prefix(elid, 32));
  return *id;
}

// The document the request names, its lines in the caller's words (a daily charge's item).
Invoice Document(const Deps& deps, const Request& request) {
  const long long id = DocumentId(request);
  std::optional<Invoice> invoice = deps.Get<InvoiceStore>().Find(ReachOf(request.caller()), id);
  if (!invoice) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  const std::string lang(request.lang(request.caller().lang));
  for (Line& line : invoice->lines) {
    if (std::optional<std::string> label =
            billing::ChargeLabel(deps.messages, lang, line.description))
      line.description = *label;
  }
  return *invoice;
}

std::string Period(const Invoice& i) {
  return i.period_start == i.period_end ? i.period_start : i.period_start + " – " + i.period_end;
}

Reply ListInvoices(const Deps& deps, const Request& request) {
  ListFilter filter;
  filter.account = std::string(request.GetOr("elid", ""));
  filter.kind = std::string(request.GetOr("kind", ""));
  if (!filter.kind.empty() && filter.kind != "invoice" && filter.kind != "payment" &&
      filter.kind != "refund")
    throw PluginError(ErrorKind::kInvalidValue, "kind", base::Utf8Prefix(filter.kind, 32));
  filter.limit = static_cast<int>(request.GetInt("p_cnt", 200, 1, 1000));
  Reply reply;
  for (const Invoice& i : deps.Get<InvoiceStore>().List(ReachOf(request.caller()), filter)) {
    reply.AddRow()
        .Set("id", i.id)
        .Set("number", i.Number())
        .Set("kind", i.kind)
        .Set("account", i.buyer_account)
        .Set("period", Period(i))
        .Set("total", FormatAmount(i.total))
        .Set("currency", i.currency)
        .Set("issued", i.issued_at);
  }
  // The caller sells to the accounts below it: without a company name its documents print its
  // login name as the seller, so the list asks for one (issue 20).
  if (request.caller().level >= AccessLevel::kReseller) {
    const std::optional<account::Account> self =
        deps.Get<account::Directory>().Get(request.caller().account_id);
    if (self && self->company.empty())
      reply.Root().Add("advice").Attr("key", "seller_incomplete").Attr("func", "usrparam");
  }
  return reply;
}

void ShowDocument(const Invoice& i, Reply& reply) {
  core::Element doc = reply.Root();
  doc.Set("elid", std::to_string(i.id))
      .Set("number", i.Number())
      .Set("kind", i.kind)
      .Set("issued", i.issued_at)
      .Set("issued_by", i.issued_by)
      .Set("period_start", i.period_start)
      .Set("period_end", i.period_end)
      .Set("currency", i.currency)
      .Set("seller", i.seller_name)
      .Set("seller_address", i.seller_address)
      .Set("account", i.buyer_account)
      .Set("buyer", i.buyer_name)
      .Set("buyer_address", i.buyer_address)
      .Set("total", FormatAmount(i.total))
      .Set("opening_balance", FormatAmount(i.opening_balance))
      .Set("closing_balance", FormatAmount(i.closing_balance));
  for (const Line& l : i.lines) {
    doc.Add("line")
        .Set("description", l.description)
        .Set("period", l.period)
        .Set("quantity", l.quantity)
        .Set("amount", FormatAmount(l.amount));
  }
}

// The account an on-demand invoice is for: the caller's own (a reseller), or one below it.
account::Account Buyer(const Deps& deps, const Request& request) {
  const core::Caller& caller = request.caller();
  const std::string_view name = request.GetOr("account", "");
  std::optional<account::Account> account = deps.Get<account::Directory>().OwnOrResellerBelow(
      tenancy::Scope::Of(caller), caller.account, name);
  // The host's own account has no wallet of a tenant: the admin names a reseller.
  if (account && account->id == caller.account_id && caller.admin()) {
    if (name.empty()) throw PluginError(ErrorKind::kInvalidValue, "account", "");
    account.reset();
  }
  if (!account) throw PluginError(ErrorKind::kNotFound, "account", base::Utf8Prefix(name, 64));
  return *account;
}

// invoice.edit: shows a document (elid); without elid, issues one on demand for an account's
// charges of a month not invoiced yet. Issued documents never change.
Reply EditInvoice(const Deps& deps, const Request& request) {
  const bool viewing = !request.GetOr("elid", "").empty();
  if (viewing && request.Submitted()) {
    throw PluginError(ErrorKind::kAccessDenied, "invoice", std::string(request.GetOr("elid", "")),
                      "issued documents never change; a correction is a new document");
  }
  if (viewing) {
    Reply reply;
    ShowDocument(Document(deps, request), reply);
    return reply;
  }
  const core::Caller& caller = request.caller();
  if (!request.Submitted()) {
    Reply reply;
    reply.Root()
        .Set("account", caller.admin() ? "" : caller.account)
        .Set("period", Month(0))
        // A fresh key: submitting the form twice issues one invoice.
        .Set("idempotency_key", util::RandomToken().substr(0, 32));
    return reply;
  }
  const account::Account buyer = Buyer(deps, request);
  const std::string month(request.GetOr("period", Month(0)));
  const std::optional<std::pair<std::string, std::string>> range = MonthRange(month);
  if (!range) {
    throw PluginError(ErrorKind::kInvalidValue, "period", base::Utf8Prefix(month, 16),
                      "a month that has begun, such as " + Month(-1));
  }
  const auto& [start, end] = *range;
  // The wallet's lock keeps its balance and charges still while the invoice reads them.
  const wallet::Wallet w = deps.Get<wallet::WalletStore>().ForAccount(buyer.id, true);
  const RunResult run =
      deps.Get<InvoiceStore>().IssueInvoices(w.id, start, end, caller.login, deps.config.currency);
  if (run.ids.empty()) {
    throw PluginError(ErrorKind::kInvalidValue, "period", month,
                      "no charges left to invoice in " + month + " for " + buyer.name);
  }
  const long long id = run.ids.front();
  deps.changes.Record(request, {"invoice:" + std::to_string(id),
                                "issued",
                                audit::RedactedParams(request),
                                "invoice.issued",
                                {{"account", "", buyer.name}, {"period", "", month}}});
  Reply reply = Reply::Ok();
  reply.Root().Set("id", id);
  return reply;
}

// invoice.download: the document as a PDF, in the caller's language.
Reply Download(const Deps& deps, const Request& request) {
  const Invoice invoice = Document(deps, request);
  const std::string lang(request.lang(request.caller().lang));
  Reply reply;
  reply.SetAttachment({"application/pdf", invoice.Number() + ".pdf",
                       RenderPdf(invoice, deps.messages.Section(lang, "invoice.pdf"))});
  return reply;
}

}  // namespace

void RegisterInvoiceFunctions(core::FunctionRegistry& registry) {
  // clang-format off
  registry.Add("invoice",          AccessLevel::kReseller, Effect::kReads,   ListInvoices);
  registry.Add("invoice.edit",     AccessLevel::kReseller, Effect::kSubmits, EditInvoice);
  registry.Add("invoice.download", AccessLevel::kReseller, Effect::kReads,   Download);
  // clang-format on
  registry.SetGroup("invoice", "wallets");
}

}  // namespace resellermgr::invoice
