#pragma once
// What handlers may use, built once per worker thread (see worker.h) and passed by const&.

namespace resellermgr {

namespace base {
struct Config;
}
namespace core {
class Messages;
class Gatekeeper;
class ReplayLog;
}  // namespace core
namespace db {
class Connection;
}
namespace audit {
class AuditLog;
}
namespace auth {
class MySqlAuthStore;
class MySqlLoginStore;
class Authenticator;
class MySqlPasswordResets;
}  // namespace auth
namespace group {
class MySqlGroupStore;
}
namespace wallet {
class MySqlWalletStore;
}
namespace invoice {
class MySqlInvoiceStore;
}
namespace service {
class MySqlServiceStore;
}
namespace mail {
class MailQueue;
}
namespace brand {
class MySqlBrandStore;
}
namespace report {
class MySqlReportStore;
}
namespace account {
class MySqlAccountStore;
}
namespace preset {
class MySqlPresetStore;
}
namespace ticket {
class MySqlTicketStore;
}
namespace changes {
class MySqlIdempotencyStore;
class Changes;
}  // namespace changes

struct Deps {
  const base::Config& config;
  const core::Messages& messages;
  db::Connection& db;
  audit::AuditLog& audit;
  auth::MySqlAuthStore& auth;
  auth::Authenticator& authenticator;
  account::MySqlAccountStore& accounts;
  preset::MySqlPresetStore& presets;
  ticket::MySqlTicketStore& tickets;
  changes::MySqlIdempotencyStore& idempotency;
  auth::MySqlLoginStore& logins;
  group::MySqlGroupStore& groups;
  // The dispatcher's view of identity, module access and idempotency records (core/gatekeeper.h).
  core::Gatekeeper& gate;
  core::ReplayLog& replays;
  // The change funnel: audit row and outbox event of a change (changes/changes.h).
  changes::Changes& changes;
  wallet::MySqlWalletStore& wallets;
  invoice::MySqlInvoiceStore& invoices;
  service::MySqlServiceStore& services;
  // Mail written in the change's transaction, sent after commit (mail/mail.h).
  mail::MailQueue& mail;
  brand::MySqlBrandStore& brands;
  report::MySqlReportStore& reports;
  auth::MySqlPasswordResets& passwords;
};

}  // namespace resellermgr
