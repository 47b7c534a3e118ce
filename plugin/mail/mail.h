#pragma once
// E-mail (issue 12 item 6; DESIGN.md "Branding, services, mail"). A change that tells someone
// writes its message into mail_message (sql/023) in its own transaction (MailQueue); after
// commit, the daemon's delivery thread sends what is due over SMTP to the configured relay
// (libcurl), retrying with doubling backoff. A delivery that fails never touches the change,
// and each message is taken by one sender at a time (FOR UPDATE SKIP LOCKED), so none goes
// twice from a healthy relay.

#include <map>
#include <string>
#include <string_view>

#include "base/config.h"
#include "changes/delivery.h"
#include "contacts/contacts.h"
#include "core/messages.h"
#include "db/connection.h"
#include "mail/mail_templates.h"

namespace resellermgr::mail {

struct Mail {
  std::string kind;         // "service.request", ...
  std::string recipient;    // one address
  std::string sender_name;  // the brand the recipient knows
  std::string subject, body;
};

// Mail as its recipient gets it: the wording of `kind` for the recipient's language (and, for
// a client of a branded reseller, that reseller's own wording; mail/mail_templates.h), each
// placeholder filled once (mail/template.h), __brand__ and __panel__ from the brand it knows.
class Composer {
 public:
  Composer(const core::Messages& messages, const base::Config& config, MailTemplates& templates)
      : messages_(messages), config_(config), templates_(templates) {}

  // The wording `to` gets of `kind`: the reseller's above it (to.templates_of), else the admin's,
  // else the shipped "mail" messages <kind>_subject and <kind>_body.
  Wording WordingFor(long long templates_of, const std::string& kind, std::string_view lang) const;
  // The shipped wording alone.
  Wording Shipped(const std::string& kind, std::string_view lang) const;
  // Fills `wording` (placeholders in one pass, each value escaped for where it goes).
  static Mail Fill(const std::string& kind, const Wording& wording,
                   const std::map<std::string, std::string>& values);
  // The mail `kind` for `to`: in its language, to its address, from and signed with
  // (__brand__) the brand it knows, the product's name when it knows none.
  Mail ComposeTo(const contacts::Contact& to, const std::string& kind,
                 std::map<std::string, std::string> values) const;
  // Where `to` logs in: its brand's domain, else the configured panel address (never the Host
  // a request came with).
  std::string PanelUrl(const contacts::Contact& to) const;

 private:
  const core::Messages& messages_;
  const base::Config& config_;
  MailTemplates& templates_;
};

// A plain address: something@domain, no spaces, quotes, brackets or line breaks.
bool IsAddress(std::string_view address);

inline constexpr int kMailBatch = 20;        // messages one pass takes
inline constexpr int kMailSendSeconds = 10;  // the longest one SMTP delivery may take

// Mail written in a change's transaction, sent after commit (MailDelivery). MySqlMailQueue is the
// one implementation; handler unit tests record into a fake.
class MailQueue {
 public:
  virtual ~MailQueue() = default;
  // Joins the caller's transaction. Returns the message's number, or 0 when it was not queued
  // (no valid recipient).
  virtual long long Enqueue(const Mail& mail) = 0;
  // The same statement as Enqueue, queueing nothing (a request whose time must not tell whether
  // it sent anything).
  virtual void EnqueueNothing(const Mail& mail) = 0;
};

class MySqlMailQueue final : public MailQueue {
 public:
  explicit MySqlMailQueue(db::Connection& connection) : connection_(connection) {}

  long long Enqueue(const Mail& mail) override;
  void EnqueueNothing(const Mail& mail) override;

 private:
  db::Connection& connection_;
};

// The mail queue as a delivery queue (changes/delivery.h): mail_message rows sent through the
// configured SMTP relay (libcurl). Nothing is taken while smtp_url is empty: messages wait.
class MailQueueDelivery {
 public:
  struct Item {
    long long id;
    Mail mail;
  };
  static constexpr const char* kName = "mail";

  MailQueueDelivery(const base::Config& config, db::Connection& connection)
      : config_(config), connection_(connection) {}
  bool Ready() const { return !config_.smtp_url.empty(); }
  std::vector<Item> TakeDue(int batch);
  void Claim(const Item& item, int seconds, const std::string& host);
  std::string Send(const Item& item, std::string& note) const;
  void Sent(const Item& item, const std::string& note);
  void Failed(const Item& item, const std::string& error);
  void Sweep() {}
  static long long Id(const Item& item) { return item.id; }

 private:
  const base::Config& config_;
  db::Connection& connection_;
};

// The delivery thread's pass over the mail queue.
class MailDelivery {
 public:
  MailDelivery(const base::Config& config, db::Connection& connection)
      : queue_(config, connection), deliverer_(connection, queue_, kMailBatch, kMailSendSeconds) {}
  // One pass: sends what is due; returns how many went out.
  int DeliverDue() { return deliverer_.DeliverDue(); }

 private:
  MailQueueDelivery queue_;
  changes::Deliverer<MailQueueDelivery> deliverer_;
};

}  // namespace resellermgr::mail
