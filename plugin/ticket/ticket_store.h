#pragma once
// Tickets in MySQL (mysql_ticket_store.cpp holds their SQL). Every statement that takes a ticket
// id from a request also filters on the viewer, so a foreign id reads as unknown.

#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace resellermgr::ticket {

struct Viewer {
  long long account_id;
  bool admin;        // admins see every ticket
  std::string path;  // the viewer's tree path: it sees the tickets of centres below it
};

// An attachment as a thread lists it (the bytes are fetched one at a time: Attachment()).
struct AttachmentInfo {
  long long id = 0;
  std::string filename, content_type;
  long long size = 0;
};

struct Message {
  std::string author_login, author_account, body, at;
  bool internal = false;  // a note the centre's side keeps for itself
  std::vector<AttachmentInfo> attachments;
};

// A file to keep with a new message (checked already: ticket/attachment_check.h).
struct NewAttachment {
  std::string filename, content_type, data;
};

struct AttachmentFile {
  std::string filename, content_type, data;
};

// What a list shows ("" for any): a status, a priority, the assigned login's name.
struct TicketFilter {
  std::string status, priority, assignee;
};

struct Ticket {
  long long id = 0;
  std::string center;  // the account whose support center holds it
  std::string author;  // the account that opened it
  std::string subject, priority, category, status, updated_at;
  std::string opened_by;      // the login that opened it
  std::string assignee;       // the centre's login it is assigned to, or ""
  std::string waiting_since;  // since when the centre owes an answer, or ""
  long long center_account_id = 0;
  long long author_account_id = 0;
  bool answers = false;           // the viewer answers for the centre (Find only)
  std::vector<Message> messages;  // filled by Find only: notes only for the centre's side
};

struct NewTicket {
  long long center_account_id;
  long long author_account_id;
  std::string subject, priority, category, body, author_login, author_account;
  std::optional<NewAttachment> attachment = std::nullopt;
};

// The support centre's store. MySqlTicketStore is the one implementation; handler unit tests use a
// fake (tests/fakes/ticket/).
class TicketStore {
 public:
  virtual ~TicketStore() = default;

  virtual long long Open(const NewTicket& ticket) = 0;
  // The tickets addressed to the viewer's centre or written by it, newest first; with `below`
  // also those of every centre below it (admins: every ticket).
  virtual std::vector<Ticket> List(const Viewer& viewer, bool below = false,
                                   const TicketFilter& filter = {}) = 0;
  virtual std::optional<Ticket> Find(const Viewer& viewer, long long id) = 0;
  // Adds a message; the status becomes "answered" when the center's account replies and "open"
  // when the other side does. kNotFound if not visible, kInvalidValue if closed. Returns the
  // ticket as left (id, subject, status and both accounts; no names, no thread). An internal
  // note (message.internal) is the centre's side's alone (kAccessDenied otherwise) and changes
  // no status.
  virtual Ticket Reply(const Viewer& viewer, long long id, const Message& message,
                       const std::optional<NewAttachment>& attachment = std::nullopt) = 0;
  virtual void Close(const Viewer& viewer, long long id) = 0;
  // Assigns the ticket to the centre's login `login` ("" takes the assignment back): the
  // centre's side only (kAccessDenied), a login of that centre only (kNotFound).
  virtual void Assign(const Viewer& viewer, long long id, const std::string& login) = 0;
  // An attachment the viewer may read (a note's only for the centre's side).
  virtual std::optional<AttachmentFile> Attachment(const Viewer& viewer, long long id) = 0;
  // Tickets waiting for the viewer's account: open ones at its centre, answered ones it opened.
  virtual long long Awaiting(long long account_id) = 0;
};

class MySqlTicketStore final : public TicketStore {
 public:
  explicit MySqlTicketStore(db::Connection& connection) : connection_(connection) {}

  long long Open(const NewTicket& ticket) override;
  std::vector<Ticket> List(const Viewer& viewer, bool below = false,
                           const TicketFilter& filter = {}) override;
  std::optional<Ticket> Find(const Viewer& viewer, long long id) override;
  Ticket Reply(const Viewer& viewer, long long id, const Message& message,
               const std::optional<NewAttachment>& attachment = std::nullopt) override;
  void Close(const Viewer& viewer, long long id) override;
  void Assign(const Viewer& viewer, long long id, const std::string& login) override;
  std::optional<AttachmentFile> Attachment(const Viewer& viewer, long long id) override;
  long long Awaiting(long long account_id) override;

 private:
  void Keep(long long ticket_id, long long message_id, const NewAttachment& attachment);

  db::Connection& connection_;
};

}  // namespace resellermgr::ticket
