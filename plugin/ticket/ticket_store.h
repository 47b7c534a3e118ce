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

struct Message {
  std::string author_login, author_account, body, at;
};

struct Ticket {
  long long id = 0;
  std::string center;  // the account whose support center holds it
  std::string author;  // the account that opened it
  std::string subject, priority, category, status, updated_at;
  long long center_account_id = 0;
  long long author_account_id = 0;
  std::vector<Message> messages;  // filled by Find only
};

struct NewTicket {
  long long center_account_id;
  long long author_account_id;
  std::string subject, priority, category, body, author_login, author_account;
};

// The support centre's store. MySqlTicketStore is the one implementation; handler unit tests use a
// fake (tests/fakes/ticket/).
class TicketStore {
 public:
  virtual ~TicketStore() = default;

  virtual long long Open(const NewTicket& ticket) = 0;
  // The tickets addressed to the viewer's centre or written by it, newest first; with `below`
  // also those of every centre below it (admins: every ticket).
  virtual std::vector<Ticket> List(const Viewer& viewer, bool below = false) = 0;
  virtual std::optional<Ticket> Find(const Viewer& viewer, long long id) = 0;
  // Adds a message; the status becomes "answered" when the center's account replies and "open"
  // when the other side does. kNotFound if not visible, kInvalidValue if closed. Returns the
  // ticket as left (id, subject, status and both accounts; no names, no thread).
  virtual Ticket Reply(const Viewer& viewer, long long id, const Message& message) = 0;
  virtual void Close(const Viewer& viewer, long long id) = 0;
  // Tickets waiting for the viewer's account: open ones at its centre, answered ones it opened.
  virtual long long Awaiting(long long account_id) = 0;
};

class MySqlTicketStore final : public TicketStore {
 public:
  explicit MySqlTicketStore(db::Connection& connection) : connection_(connection) {}

  long long Open(const NewTicket& ticket) override;
  std::vector<Ticket> List(const Viewer& viewer, bool below = false) override;
  std::optional<Ticket> Find(const Viewer& viewer, long long id) override;
  Ticket Reply(const Viewer& viewer, long long id, const Message& message) override;
  void Close(const Viewer& viewer, long long id) override;
  long long Awaiting(long long account_id) override;

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::ticket
