#include "db/columns.h"
#include "db/connection.h"
#include "identity/account_logins.h"
#include "identity/session_identity.h"
#include "tenancy/tenancy.h"

namespace resellermgr::identity {
namespace {

constexpr char kInsertOwner[] =
    "INSERT INTO login (account_id, name, password_hash, is_owner, email) VALUES (?, ?, ?, 1, ?)";
constexpr char kSetForceChange[] =
    "UPDATE login SET force_password_change = ? WHERE account_id = ? AND is_owner = 1";
constexpr char kOwnerEmailFollows[] = R"sql(
    UPDATE login l JOIN account a ON a.id = l.account_id
       SET l.email = ?
     WHERE l.account_id = ? AND l.is_owner = 1 AND l.email = a.email)sql";
constexpr char kSetPassword[] = R"sql(
    UPDATE login SET password_hash = ?, password_changed_at = UTC_TIMESTAMP(6)
    WHERE account_id = ? AND is_owner = 1)sql";
constexpr char kEndOwnerSessions[] = R"sql(
    DELETE s FROM login l JOIN session s ON s.login_id = l.id
    WHERE l.account_id = ? AND l.is_owner = 1)sql";
constexpr char kEndSwitchedSessions[] = R"sql(
    DELETE s FROM login l JOIN session s ON s.login_id = l.id
    WHERE l.account_id = ? AND s.effective_account_id IS NOT NULL)sql";
constexpr char kEndSwitchedInto[] = R"sql(
    DELETE s FROM account a JOIN session s ON s.effective_account_id = a.id
    WHERE )sql" RM_SUBTREE_OF_PATH("a");
constexpr char kSavedFilter[] = R"sql(
    SELECT COALESCE(JSON_VALUE(list_filters, CONCAT('$.', ?, '.name')), '') AS name_contains,
           COALESCE(JSON_VALUE(list_filters, CONCAT('$.', ?, '.status')), '') AS status
    FROM login WHERE id = ?)sql";
constexpr auto kSavedFilterRow = db::Columns::Of(kSavedFilter);
constexpr char kSaveFilter[] = R"sql(
    UPDATE login
       SET list_filters = JSON_SET(list_filters, CONCAT('$.', ?),
                                   JSON_OBJECT('name', ?, 'status', ?))
     WHERE id = ?)sql";
constexpr char kCopyGroupRights[] = "UPDATE login SET rights = ? WHERE perm_group_id = ?";

}  // namespace

void MySqlAccountLogins::CreateOwner(long long account_id, const std::string& name,
                                     const std::string& password_hash, const std::string& email,
                                     bool force_password_change) {
  db::Query(connection_, kInsertOwner, account_id, name, password_hash, email).executeUpdate();
  if (force_password_change) SetOwnerForceChange(account_id, true);
}

void MySqlAccountLogins::OwnerEmailFollows(long long account_id, const std::string& email) {
  db::Query(connection_, kOwnerEmailFollows, email, account_id).executeUpdate();
}

void MySqlAccountLogins::SetOwnerPassword(long long account_id, const std::string& password_hash) {
  db::Query(connection_, kSetPassword, password_hash, account_id).executeUpdate();
  db::Query(connection_, kEndOwnerSessions, account_id).executeUpdate();
}

void MySqlAccountLogins::SetOwnerForceChange(long long account_id, bool force) {
  db::Query(connection_, kSetForceChange, force, account_id).executeUpdate();
  SessionCopies(connection_).OfAccount(account_id);
}

void MySqlAccountLogins::EndSwitchedSessions(long long account_id) {
  db::Query(connection_, kEndSwitchedSessions, account_id).executeUpdate();
}

void MySqlAccountLogins::EndSessionsActingAtOrBelow(const std::string& tree_path) {
  db::Query(connection_, kEndSwitchedInto, tree_path).executeUpdate();
}

void MySqlAccountLogins::EndSessions(const tenancy::Targets& targets) {
  // Each statement matches on one index: an OR of the two would scan every account.
  for (const char* which : {"a.id IN ({ids})", "{below}"}) {
    tenancy::ExecuteFor(connection_,
                        std::string("DELETE s FROM account a JOIN login l ON l.account_id = a.id "
                                    "JOIN session s ON s.login_id = l.id WHERE ") +
                            which,
                        targets);
    tenancy::ExecuteFor(connection_,
                        std::string("DELETE s FROM account a JOIN session s ON "
                                    "s.effective_account_id = a.id WHERE ") +
                            which,
                        targets);
  }
}

void MySqlAccountLogins::DeleteLogins(const tenancy::Targets& targets) {
  tenancy::ExecuteFor(connection_,
                      "DELETE l FROM account a JOIN login l ON l.account_id = a.id WHERE {below}",
                      targets);
  tenancy::ExecuteFor(connection_, "DELETE FROM login WHERE account_id IN ({ids})", targets);
}

core::SavedListFilter MySqlAccountLogins::SavedFilter(long long login_id, const std::string& list) {
  auto rows = db::Select(db::Query(connection_, kSavedFilter, list, list, login_id));
  if (!rows->next()) return {};
  return {rows->getString(kSavedFilterRow["name_contains"]),
          rows->getString(kSavedFilterRow["status"])};
}

void MySqlAccountLogins::SaveFilter(long long login_id, const std::string& list,
                                    const core::SavedListFilter& filter) {
  db::Query(connection_, kSaveFilter, list, filter.name_contains, filter.status, login_id)
      .executeUpdate();
  SessionCopies(connection_).OfLogin(login_id);
}

void MySqlAccountLogins::CopyGroupRights(long long group_id, const std::string& rights) {
  db::Query(connection_, kCopyGroupRights, rights, group_id).executeUpdate();
  SessionCopies(connection_).OfGroup(group_id);
}

void MySqlAccountLogins::AccountChanged(long long account_id) {
  SessionCopies(connection_).OfAccount(account_id);
}

void MySqlAccountLogins::SubtreeChanged(const std::string& tree_path) {
  SessionCopies(connection_).OfSubtree(tree_path);
}

void MySqlAccountLogins::EveryAccountChanged() { SessionCopies(connection_).OfAll(); }

}  // namespace resellermgr::identity
