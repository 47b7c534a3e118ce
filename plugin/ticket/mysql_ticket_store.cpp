#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "tenancy/tenancy.h"
#include "ticket/ticket_store.h"

namespace resellermgr::ticket {
namespace {

using base::ErrorKind;
using base::PluginError;

// Visible to the viewer: admins see all; others the tickets they handle, they wrote, or that an
// account below them handles (a reseller sees its sub-resellers' centres; tenancy's subtree
// predicate on the centre `c`). Binds: admin flag, viewer account, viewer account, subtree.
#define RM_VISIBLE "(? OR t.account_id = ? OR t.author_account_id = ? OR " RM_BELOW("c") ")"
#define RM_TICKET_COLUMNS                                                                        \
  "t.id, c.name AS center, COALESCE(au.name, '') AS author, t.subject, t.priority, t.category, " \
  "t.status, DATE_FORMAT(t.updated_at, '%Y-%m-%d %H:%i:%s') AS updated_at, t.account_id, "       \
  "t.author_account_id"
constexpr db::Columns kTicketRow{RM_TICKET_COLUMNS};

constexpr char kAwaiting[] = R"sql(
    SELECT (SELECT COUNT(*) FROM ticket WHERE account_id = ? AND status = 'open') +
           (SELECT COUNT(*) FROM ticket WHERE author_account_id = ? AND status = 'answered')
           AS awaiting)sql";
constexpr auto kAwaitingColumns = db::Columns::Of(kAwaiting);
constexpr char kInsertTicket[] = R"sql(
    INSERT INTO ticket (account_id, author_account_id, subject, priority, category)
    VALUES (?, ?, ?, ?, ?))sql";
constexpr char kInsertMessage[] = R"sql(
    INSERT INTO ticket_message (ticket_id, author_login, author_account, body) VALUES (?, ?, ?, ?))sql";
constexpr char kListTickets[] =
    "SELECT " RM_TICKET_COLUMNS
    " FROM ticket t JOIN account c ON c.id = t.account_id "
    "LEFT JOIN account au ON au.id = t.author_account_id WHERE " RM_VISIBLE
    " ORDER BY t.updated_at DESC, t.id DESC LIMIT 1000";
// The tickets addressed to the viewer's centre or written by it (issue 20): the support list and
// the open count of an admin or a reseller are not every conversation below it.
constexpr char kListOwnTickets[] = "SELECT " RM_TICKET_COLUMNS
                                   " FROM ticket t JOIN account c ON c.id = t.account_id "
                                   "LEFT JOIN account au ON au.id = t.author_account_id "
                                   "WHERE t.account_id = ? OR t.author_account_id = ?"
                                   " ORDER BY t.updated_at DESC, t.id DESC LIMIT 1000";
constexpr char kFindTicket[] =
    "SELECT " RM_TICKET_COLUMNS
    " FROM ticket t JOIN account c ON c.id = t.account_id "
    "LEFT JOIN account au ON au.id = t.author_account_id WHERE t.id = ? AND " RM_VISIBLE;
// Whether the viewer answers for the centre: it is the centre, or above it.
constexpr char kLockTicket[] =
    "SELECT t.status, t.account_id = ? OR " RM_BELOW("c") " AS answers, t.subject, t.account_id, "
    "t.author_account_id FROM ticket t "
    "JOIN account c ON c.id = t.account_id WHERE t.id = ? AND " RM_VISIBLE " FOR UPDATE";
constexpr auto kLockTicketColumns = db::Columns::Of(kLockTicket);
constexpr char kThread[] = R"sql(
    SELECT author_login, author_account, body, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') AS at
    FROM ticket_message WHERE ticket_id = ? ORDER BY id)sql";
constexpr auto kThreadColumns = db::Columns::Of(kThread);
constexpr char kSetStatus[] =
    "UPDATE ticket SET status = ?, updated_at = CURRENT_TIMESTAMP(6) WHERE id = ?";

void BindViewer(sql::PreparedStatement& s, int first, const Viewer& viewer) {
  s.setBoolean(first, viewer.admin);
  s.setInt64(first + 1, viewer.account_id);
  s.setInt64(first + 2, viewer.account_id);
  s.setString(first + 3, tenancy::SubtreePatternOrNone(viewer.path));
}

// kLockTicket's leading binds: whether the viewer answers for the centre, then the ticket.
void BindLock(sql::PreparedStatement& s, const Viewer& viewer, long long id) {
  s.setInt64(1, viewer.account_id);
  s.setString(2, tenancy::SubtreePatternOrNone(viewer.path));
  s.setInt64(3, id);
  BindViewer(s, 4, viewer);
}

Ticket ReadTicket(sql::ResultSet& row) {
  Ticket t;
  t.id = row.getInt64(kTicketRow["id"]);
  t.center = row.getString(kTicketRow["center"]);
  t.author = row.getString(kTicketRow["author"]);
  t.subject = row.getString(kTicketRow["subject"]);
  t.priority = row.getString(kTicketRow["priority"]);
  t.category = row.getString(kTicketRow["category"]);
  t.status = row.getString(kTicketRow["status"]);
  t.updated_at = row.getString(kTicketRow["updated_at"]);
  t.center_account_id = row.getInt64(kTicketRow["account_id"]);
  t.author_account_id = row.getInt64(kTicketRow["author_account_id"]);
  return t;
}

}  // namespace

long long MySqlTicketStore::Open(const NewTicket& t) {
  db::Transaction tx(connection_);
  db::Query(connection_, kInsertTicket, t.center_account_id, t.author_account_id, t.subject,
            t.priority, t.category)
      .executeUpdate();
  const long long id = connection_.LastInsertId();
  db::Query(connection_, kInsertMessage, id, t.author_login, t.author_account, t.body)
      .executeUpdate();
  tx.Commit();
  return id;
}

std::vector<Ticket> MySqlTicketStore::List(const Viewer& viewer, bool below) {
  sql::PreparedStatement& list = connection_.Prepare(below ? kListTickets : kListOwnTickets);
  if (below) {
    BindViewer(list, 1, viewer);
  } else {
    list.setInt64(1, viewer.account_id);
    list.setInt64(2, viewer.account_id);
  }
  std::vector<Ticket> tickets;
  auto rows = db::Select(list);
  while (rows->next()) tickets.push_back(ReadTicket(*rows));
  return tickets;
}

std::optional<Ticket> MySqlTicketStore::Find(const Viewer& viewer, long long id) {
  sql::PreparedStatement& find = connection_.Prepare(kFindTicket);
  find.setInt64(1, id);
  BindViewer(find, 2, viewer);
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  Ticket ticket = ReadTicket(*rows);
  auto thread = db::Select(db::Query(connection_, kThread, id));
  while (thread->next()) {
    ticket.messages.push_back({thread->getString(kThreadColumns["author_login"]),
                               thread->getString(kThreadColumns["author_account"]),
                               thread->getString(kThreadColumns["body"]),
                               thread->getString(kThreadColumns["at"])});
  }
  return ticket;
}

Ticket MySqlTicketStore::Reply(const Viewer& viewer, long long id, const Message& message) {
  db::Transaction tx(connection_);
  sql::PreparedStatement& lock = connection_.Prepare(kLockTicket);
  BindLock(lock, viewer, id);
  auto row = db::Select(lock);
  if (!row->next()) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  if (row->getString(kLockTicketColumns["status"]) == "closed") {
    throw PluginError(ErrorKind::kInvalidValue, "status", "closed", "the ticket is closed");
  }
  const bool from_center = row->getBoolean(kLockTicketColumns["answers"]);
  Ticket ticket;
  ticket.id = id;
  ticket.subject = row->getString(kLockTicketColumns["subject"]);
  ticket.center_account_id = row->getInt64(kLockTicketColumns["account_id"]);
  ticket.author_account_id = row->getInt64(kLockTicketColumns["author_account_id"]);
  db::Query(connection_, kInsertMessage, id, message.author_login, message.author_account,
            message.body)
      .executeUpdate();
  db::Query(connection_, kSetStatus, from_center ? "answered" : "open", id).executeUpdate();
  ticket.status = from_center ? "answered" : "open";
  tx.Commit();
  return ticket;
}

void MySqlTicketStore::Close(const Viewer& viewer, long long id) {
  db::Transaction tx(connection_);
  sql::PreparedStatement& lock = connection_.Prepare(kLockTicket);
  BindLock(lock, viewer, id);
  if (!db::Select(lock)->next())
    throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  db::Query(connection_, kSetStatus, "closed", id).executeUpdate();
  tx.Commit();
}

long long MySqlTicketStore::Awaiting(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kAwaiting, account_id, account_id));
  rows->next();
  return rows->getInt64(kAwaitingColumns["awaiting"]);
}

}  // namespace resellermgr::ticket
