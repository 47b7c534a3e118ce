#include <map>

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
#define RM_TICKET_COLUMNS                                                                         \
  "t.id, c.name AS center, COALESCE(au.name, '') AS author, t.subject, t.priority, t.category, "  \
  "t.status, DATE_FORMAT(t.updated_at, '%Y-%m-%d %H:%i:%s') AS updated_at, t.account_id, "        \
  "t.author_account_id, COALESCE(al.name, '') AS assignee, "                                      \
  "COALESCE(DATE_FORMAT(t.waiting_since, '%Y-%m-%d %H:%i:%s'), '') AS waiting_since, "            \
  "(SELECT m.author_login FROM ticket_message m WHERE m.ticket_id = t.id ORDER BY m.id LIMIT 1) " \
  "AS opened_by"
#define RM_TICKET_FROM                                   \
  " FROM ticket t JOIN account c ON c.id = t.account_id" \
  " LEFT JOIN account au ON au.id = t.author_account_id" \
  " LEFT JOIN login al ON al.id = t.assignee_login_id "
// A list's filter: binds status twice, priority twice, assignee twice.
#define RM_TICKET_FILTER                                         \
  " AND (? = '' OR t.status = ?) AND (? = '' OR t.priority = ?)" \
  " AND (? = '' OR al.name = ?)"
constexpr db::Columns kTicketRow{RM_TICKET_COLUMNS};

constexpr char kAwaiting[] = R"sql(
    SELECT (SELECT COUNT(*) FROM ticket WHERE account_id = ? AND status = 'open') +
           (SELECT COUNT(*) FROM ticket WHERE author_account_id = ? AND status = 'answered')
           AS awaiting)sql";
constexpr auto kAwaitingColumns = db::Columns::Of(kAwaiting);
constexpr char kInsertTicket[] = R"sql(
    INSERT INTO ticket (account_id, author_account_id, subject, priority, category, waiting_since)
    VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6)))sql";
constexpr char kInsertMessage[] = R"sql(
    INSERT INTO ticket_message (ticket_id, author_login, author_account, body, internal)
    VALUES (?, ?, ?, ?, ?))sql";
constexpr char kInsertAttachment[] = R"sql(
    INSERT INTO ticket_attachment (ticket_id, message_id, filename, content_type, size, data)
    VALUES (?, ?, ?, ?, ?, ?))sql";
constexpr char kListTickets[] =
    "SELECT " RM_TICKET_COLUMNS RM_TICKET_FROM "WHERE " RM_VISIBLE RM_TICKET_FILTER
    " ORDER BY t.updated_at DESC, t.id DESC LIMIT 1000";
// The tickets addressed to the viewer's centre or written by it (issue 20): the support list and
// the open count of an admin or a reseller are not every conversation below it.
constexpr char kListOwnTickets[] =
    "SELECT " RM_TICKET_COLUMNS RM_TICKET_FROM
    "WHERE (t.account_id = ? OR t.author_account_id = ?)" RM_TICKET_FILTER
    " ORDER BY t.updated_at DESC, t.id DESC LIMIT 1000";
// Whether the viewer answers for the centre: it is the centre, or above it. Binds account, below.
#define RM_ANSWERS "(t.account_id = ? OR " RM_BELOW("c") ")"
constexpr char kFindTicket[] = "SELECT " RM_TICKET_COLUMNS ", " RM_ANSWERS
                               " AS answers" RM_TICKET_FROM "WHERE t.id = ? AND " RM_VISIBLE;
constexpr auto kFindTicketColumns = db::Columns::Of(kFindTicket);
constexpr char kLockTicket[] =
    "SELECT t.status, " RM_ANSWERS
    " AS answers, t.subject, t.account_id, "
    "t.author_account_id FROM ticket t "
    "JOIN account c ON c.id = t.account_id WHERE t.id = ? AND " RM_VISIBLE " FOR UPDATE";
constexpr auto kLockTicketColumns = db::Columns::Of(kLockTicket);
// The thread: notes only for the centre's side (binds ticket, answers).
constexpr char kThread[] = R"sql(
    SELECT id, author_login, author_account, body, internal,
           DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') AS at
    FROM ticket_message WHERE ticket_id = ? AND (internal = 0 OR ?) ORDER BY id)sql";
constexpr auto kThreadColumns = db::Columns::Of(kThread);
constexpr char kThreadFiles[] = R"sql(
    SELECT a.id, a.message_id, a.filename, a.content_type, a.size
    FROM ticket_attachment a JOIN ticket_message m ON m.id = a.message_id
    WHERE a.ticket_id = ? AND (m.internal = 0 OR ?) ORDER BY a.id)sql";
constexpr auto kThreadFilesColumns = db::Columns::Of(kThreadFiles);
constexpr char kFile[] =
    "SELECT a.filename, a.content_type, a.data, m.internal, " RM_ANSWERS
    " AS answers"
    " FROM ticket_attachment a JOIN ticket_message m ON m.id = a.message_id"
    " JOIN ticket t ON t.id = a.ticket_id JOIN account c ON c.id = t.account_id"
    " WHERE a.id = ? AND " RM_VISIBLE;
constexpr auto kFileColumns = db::Columns::Of(kFile);
// A message from the centre's side answers (nobody waits on the centre); one from the other
// side opens it, waiting since the first unanswered message.
constexpr char kSetStatus[] = R"sql(
    UPDATE ticket SET status = ?, updated_at = CURRENT_TIMESTAMP(6),
                      waiting_since = IF(? = 'open', COALESCE(waiting_since, UTC_TIMESTAMP(6)), NULL)
    WHERE id = ?)sql";
constexpr char kCentreLogin[] = "SELECT id FROM login WHERE name = ? AND account_id = ?";
constexpr auto kCentreLoginColumns = db::Columns::Of(kCentreLogin);
constexpr char kAssign[] = "UPDATE ticket SET assignee_login_id = NULLIF(?, 0) WHERE id = ?";

void BindViewer(sql::PreparedStatement& s, int first, const Viewer& viewer) {
  s.setBoolean(first, viewer.admin);
  s.setInt64(first + 1, viewer.account_id);
  s.setInt64(first + 2, viewer.account_id);
  s.setString(first + 3, tenancy::SubtreePatternOrNone(viewer.path));
}

void BindAnswers(sql::PreparedStatement& s, int first, const Viewer& viewer) {
  s.setInt64(first, viewer.account_id);
  s.setString(first + 1, tenancy::SubtreePatternOrNone(viewer.path));
}

void BindFilter(sql::PreparedStatement& s, int first, const TicketFilter& filter) {
  s.setString(first, filter.status);
  s.setString(first + 1, filter.status);
  s.setString(first + 2, filter.priority);
  s.setString(first + 3, filter.priority);
  s.setString(first + 4, filter.assignee);
  s.setString(first + 5, filter.assignee);
}

// The binds of a statement about one ticket that asks whether the viewer answers for its centre
// (kFindTicket, kLockTicket, kFile): RM_ANSWERS, the id, then RM_VISIBLE.
void BindOne(sql::PreparedStatement& s, const Viewer& viewer, long long id) {
  BindAnswers(s, 1, viewer);
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
  t.assignee = row.getString(kTicketRow["assignee"]);
  t.waiting_since = row.getString(kTicketRow["waiting_since"]);
  t.opened_by = row.isNull(kTicketRow["opened_by"])
                    ? std::string()
                    : std::string(row.getString(kTicketRow["opened_by"]));
  return t;
}

}  // namespace

long long MySqlTicketStore::Open(const NewTicket& t) {
  db::Transaction tx(connection_);
  db::Query(connection_, kInsertTicket, t.center_account_id, t.author_account_id, t.subject,
            t.priority, t.category)
      .executeUpdate();
  const long long id = connection_.LastInsertId();
  db::Query(connection_, kInsertMessage, id, t.author_login, t.author_account, t.body, false)
      .executeUpdate();
  if (t.attachment) Keep(id, connection_.LastInsertId(), *t.attachment);
  tx.Commit();
  return id;
}

void MySqlTicketStore::Keep(long long ticket_id, long long message_id, const NewAttachment& a) {
  db::Query(connection_, kInsertAttachment, ticket_id, message_id, a.filename, a.content_type,
            static_cast<long long>(a.data.size()), a.data)
      .executeUpdate();
}

std::vector<Ticket> MySqlTicketStore::List(const Viewer& viewer, bool below,
                                           const TicketFilter& filter) {
  sql::PreparedStatement& list = connection_.Prepare(below ? kListTickets : kListOwnTickets);
  if (below) {
    BindViewer(list, 1, viewer);
    BindFilter(list, 5, filter);
  } else {
    list.setInt64(1, viewer.account_id);
    list.setInt64(2, viewer.account_id);
    BindFilter(list, 3, filter);
  }
  std::vector<Ticket> tickets;
  auto rows = db::Select(list);
  while (rows->next()) tickets.push_back(ReadTicket(*rows));
  return tickets;
}

std::optional<Ticket> MySqlTicketStore::Find(const Viewer& viewer, long long id) {
  sql::PreparedStatement& find = connection_.Prepare(kFindTicket);
  BindOne(find, viewer, id);
  auto rows = db::Select(find);
  if (!rows->next()) return std::nullopt;
  Ticket ticket = ReadTicket(*rows);
  ticket.answers = rows->getBoolean(kFindTicketColumns["answers"]);
  std::map<long long, std::size_t> by_id;
  auto thread = db::Select(db::Query(connection_, kThread, id, ticket.answers));
  while (thread->next()) {
    by_id[thread->getInt64(kThreadColumns["id"])] = ticket.messages.size();
    Message& m = ticket.messages.emplace_back();
    m.author_login = thread->getString(kThreadColumns["author_login"]);
    m.author_account = thread->getString(kThreadColumns["author_account"]);
    m.body = thread->getString(kThreadColumns["body"]);
    m.at = thread->getString(kThreadColumns["at"]);
    m.internal = thread->getBoolean(kThreadColumns["internal"]);
  }
  auto files = db::Select(db::Query(connection_, kThreadFiles, id, ticket.answers));
  constexpr const db::Columns& k = kThreadFilesColumns;
  while (files->next()) {
    const auto message = by_id.find(files->getInt64(k["message_id"]));
    if (message == by_id.end()) continue;
    ticket.messages[message->second].attachments.push_back(
        {files->getInt64(k["id"]), files->getString(k["filename"]),
         files->getString(k["content_type"]), files->getInt64(k["size"])});
  }
  return ticket;
}

Ticket MySqlTicketStore::Reply(const Viewer& viewer, long long id, const Message& message,
                               const std::optional<NewAttachment>& attachment) {
  db::Transaction tx(connection_);
  sql::PreparedStatement& lock = connection_.Prepare(kLockTicket);
  BindOne(lock, viewer, id);
  auto row = db::Select(lock);
  if (!row->next()) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  const bool from_center = row->getBoolean(kLockTicketColumns["answers"]);
  if (message.internal && !from_center)
    throw PluginError(ErrorKind::kAccessDenied, "internal", "", "notes are the support side's");
  Ticket ticket;
  ticket.id = id;
  ticket.status = row->getString(kLockTicketColumns["status"]);
  if (ticket.status == "closed" && !message.internal) {
    throw PluginError(ErrorKind::kInvalidValue, "status", "closed", "the ticket is closed");
  }
  ticket.subject = row->getString(kLockTicketColumns["subject"]);
  ticket.center_account_id = row->getInt64(kLockTicketColumns["account_id"]);
  ticket.author_account_id = row->getInt64(kLockTicketColumns["author_account_id"]);
  db::Query(connection_, kInsertMessage, id, message.author_login, message.author_account,
            message.body, message.internal)
      .executeUpdate();
  if (attachment) Keep(id, connection_.LastInsertId(), *attachment);
  if (!message.internal) {
    ticket.status = from_center ? "answered" : "open";
    db::Query(connection_, kSetStatus, ticket.status, ticket.status, id).executeUpdate();
  }
  tx.Commit();
  return ticket;
}

void MySqlTicketStore::Close(const Viewer& viewer, long long id) {
  db::Transaction tx(connection_);
  sql::PreparedStatement& lock = connection_.Prepare(kLockTicket);
  BindOne(lock, viewer, id);
  if (!db::Select(lock)->next())
    throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  db::Query(connection_, kSetStatus, "closed", "closed", id).executeUpdate();
  tx.Commit();
}

void MySqlTicketStore::Assign(const Viewer& viewer, long long id, const std::string& login) {
  db::Transaction tx(connection_);
  sql::PreparedStatement& lock = connection_.Prepare(kLockTicket);
  BindOne(lock, viewer, id);
  auto row = db::Select(lock);
  if (!row->next()) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  if (!row->getBoolean(kLockTicketColumns["answers"]))
    throw PluginError(ErrorKind::kAccessDenied, "assignee", "", "the support side assigns");
  long long login_id = 0;
  if (!login.empty()) {
    auto found = db::Select(db::Query(connection_, kCentreLogin, login,
                                      row->getInt64(kLockTicketColumns["account_id"])));
    if (!found->next()) throw PluginError(ErrorKind::kNotFound, "assignee", login);
    login_id = found->getInt64(kCentreLoginColumns["id"]);
  }
  db::Query(connection_, kAssign, login_id, id).executeUpdate();
  tx.Commit();
}

std::optional<AttachmentFile> MySqlTicketStore::Attachment(const Viewer& viewer, long long id) {
  sql::PreparedStatement& file = connection_.Prepare(kFile);
  BindOne(file, viewer, id);
  auto rows = db::Select(file);
  if (!rows->next()) return std::nullopt;
  if (rows->getBoolean(kFileColumns["internal"]) && !rows->getBoolean(kFileColumns["answers"]))
    return std::nullopt;
  return AttachmentFile{rows->getString(kFileColumns["filename"]),
                        rows->getString(kFileColumns["content_type"]),
                        rows->getString(kFileColumns["data"])};
}

long long MySqlTicketStore::Awaiting(long long account_id) {
  auto rows = db::Select(db::Query(connection_, kAwaiting, account_id, account_id));
  rows->next();
  return rows->getInt64(kAwaitingColumns["awaiting"]);
}

}  // namespace resellermgr::ticket
