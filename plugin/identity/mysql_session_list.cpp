// A login's sessions as it sees them (session, session.delete, session.delete_others,
// session.history): MySqlAuthStore's session list, in MySQL.

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <map>
#include <sstream>

#include "base/errors.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "identity/auth_store.h"
#include "identity/mysql_auth_rows.h"

namespace resellermgr::identity {
namespace {

using base::ErrorKind;
using base::PluginError;
using store::BindHash;
using store::TokenHash;

#define RM_SESSION_VIEW                                                                    \
  "SELECT s.id, l.name AS login, DATE_FORMAT(s.created_at, '%Y-%m-%d %H:%i') AS started, " \
  "DATE_FORMAT(s.last_seen, '%Y-%m-%d %H:%i') AS last_seen, s.ip, s.client, s.su_stack, "  \
  "s.id_hash = ? AS current FROM session s JOIN login l ON l.id = s.login_id "
#define RM_SESSION_LIVE                                                        \
  " AND s.expires_at > UTC_TIMESTAMP(6) AND s.last_seen > UTC_TIMESTAMP(6) - " \
  "INTERVAL ? SECOND ORDER BY s.last_seen DESC, s.id DESC LIMIT 500"
constexpr char kLoginSessions[] = RM_SESSION_VIEW "WHERE s.login_id = ?" RM_SESSION_LIVE;
constexpr char kCompanySessions[] = RM_SESSION_VIEW "WHERE l.account_id = ?" RM_SESSION_LIVE;
constexpr auto kSessionColumns = db::Columns::Of(kLoginSessions);

// One statement for both owners: a login id, or a company's account id (the other is 0, which
// names nothing).
constexpr char kOwnedSession[] =
    "SELECT s.id FROM session s JOIN login l ON l.id = s.login_id "
    "WHERE s.id = ? AND (l.id = ? OR l.account_id = ?) FOR UPDATE";
constexpr char kDeleteSessionById[] = "DELETE FROM session WHERE id = ?";
constexpr char kDeleteLoginOthers[] = "DELETE FROM session WHERE login_id = ? AND id_hash <> ?";
constexpr char kDeleteCompanyOthers[] =
    "DELETE s FROM session s JOIN login l ON l.id = s.login_id "
    "WHERE l.account_id = ? AND s.id_hash <> ?";

#define RM_LOGIN_EVENTS                                                                      \
  "SELECT DATE_FORMAT(e.at, '%Y-%m-%d %H:%i:%s') AS at, e.actor AS login, e.ip, e.outcome, " \
  "e.params FROM login l JOIN audit_log e ON e.actor = l.name "
constexpr char kLoginEvents[] =
    RM_LOGIN_EVENTS "WHERE l.id = ? AND e.func = 'auth' ORDER BY e.at DESC, e.id DESC LIMIT ?";
constexpr char kCompanyEvents[] = RM_LOGIN_EVENTS
    "WHERE l.account_id = ? AND e.func = 'auth' ORDER BY e.at DESC, e.id DESC LIMIT ?";
constexpr auto kEventColumns = db::Columns::Of(kLoginEvents);

// "5,9" -> {5, 9}; anything else in a stack is skipped.
std::vector<long long> StackIds(const std::string& stack) {
  std::vector<long long> ids;
  std::istringstream items(stack);
  std::string item;
  while (std::getline(items, item, ',')) {
    try {
      ids.push_back(std::stoll(item));
    } catch (const std::exception&) {
    }
  }
  return ids;
}

}  // namespace

std::vector<SessionView> MySqlAuthStore::Sessions(const SessionOwner& owner,
                                                  std::string_view current_token,
                                                  const SessionPolicy& policy) {
  sql::PreparedStatement& list =
      connection_.Prepare(owner.login_id != 0 ? kLoginSessions : kCompanySessions);
  BindHash(list, 1, TokenHash(current_token));
  list.setInt64(2, owner.login_id != 0 ? owner.login_id : owner.account_id);
  list.setInt(3, policy.idle_seconds);
  std::vector<SessionView> sessions;
  std::vector<std::string> stacks;
  auto rows = db::Select(list);
  while (rows->next()) {
    SessionView& view = sessions.emplace_back();
    view.id = rows->getInt64(kSessionColumns["id"]);
    view.login = rows->getString(kSessionColumns["login"]);
    view.started = rows->getString(kSessionColumns["started"]);
    view.last_seen = rows->getString(kSessionColumns["last_seen"]);
    view.ip = rows->getString(kSessionColumns["ip"]);
    view.client = rows->getString(kSessionColumns["client"]);
    view.current = !current_token.empty() && rows->getBoolean(kSessionColumns["current"]);
    stacks.push_back(rows->getString(kSessionColumns["su_stack"]));
  }

  // The names in the su stacks, in one statement.
  std::map<long long, std::string> names;
  for (const std::string& stack : stacks)
    for (long long id : StackIds(stack)) names.emplace(id, "");
  if (!names.empty()) {
    std::unique_ptr<sql::PreparedStatement> lookup = connection_.PrepareUncached(
        "SELECT id, name FROM account WHERE id IN (" + db::Placeholders(names.size()) + ")");
    int index = 0;
    for (const auto& [id, ignored] : names) lookup->setInt64(++index, id);
    std::unique_ptr<sql::ResultSet> found(lookup->executeQuery());
    while (found->next()) names[found->getInt64("id")] = found->getString("name");
  }
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    for (long long id : StackIds(stacks[i])) {
      if (!sessions[i].su_chain.empty()) sessions[i].su_chain += " > ";
      sessions[i].su_chain += names[id].empty() ? "#" + std::to_string(id) : names[id];
    }
  }
  return sessions;
}

void MySqlAuthStore::EndSessions(const SessionOwner& owner, const std::vector<long long>& ids) {
  db::Transaction tx(connection_);
  for (long long id : ids) {
    auto row =
        db::Select(db::Query(connection_, kOwnedSession, id, owner.login_id, owner.account_id));
    if (!row->next()) throw PluginError(ErrorKind::kNotFound, "elid", std::to_string(id));
  }
  for (long long id : ids) db::Query(connection_, kDeleteSessionById, id).executeUpdate();
  tx.Commit();
}

int MySqlAuthStore::EndOtherSessions(const SessionOwner& owner, std::string_view keep_token) {
  sql::PreparedStatement& end =
      connection_.Prepare(owner.login_id != 0 ? kDeleteLoginOthers : kDeleteCompanyOthers);
  end.setInt64(1, owner.login_id != 0 ? owner.login_id : owner.account_id);
  BindHash(end, 2, TokenHash(keep_token));
  return end.executeUpdate();
}

std::vector<LoginEvent> MySqlAuthStore::LoginHistory(const SessionOwner& owner, int limit) {
  sql::PreparedStatement& list =
      connection_.Prepare(owner.login_id != 0 ? kLoginEvents : kCompanyEvents);
  list.setInt64(1, owner.login_id != 0 ? owner.login_id : owner.account_id);
  list.setInt(2, limit);
  std::vector<LoginEvent> events;
  auto rows = db::Select(list);
  while (rows->next()) {
    LoginEvent& event = events.emplace_back();
    event.at = rows->getString(kEventColumns["at"]);
    event.login = rows->getString(kEventColumns["login"]);
    event.ip = rows->getString(kEventColumns["ip"]);
    event.outcome = rows->getString(kEventColumns["outcome"]);
    const std::string params = rows->getString(kEventColumns["params"]);
    event.method = params.starts_with("method=") ? params.substr(7) : std::string();
  }
  return events;
}

}  // namespace resellermgr::identity
