#include "db/columns.h"
#include "db/connection.h"
#include "mail/mail_templates.h"

namespace resellermgr::mail {
namespace {

// The owner's row sorts before the installation's (owner 0).
constexpr char kFind[] = R"sql(
    SELECT subject, body FROM mail_template
    WHERE owner IN (?, 0) AND kind = ? AND lang = ?
    ORDER BY owner DESC LIMIT 1)sql";
constexpr auto kFindColumns = db::Columns::Of(kFind);
constexpr char kList[] = R"sql(
    SELECT kind, lang, subject, body, updated_at, updated_by FROM mail_template
    WHERE owner = ? ORDER BY kind, lang)sql";
constexpr auto kListColumns = db::Columns::Of(kList);
constexpr char kOwn[] = R"sql(
    SELECT kind, lang, subject, body, updated_at, updated_by FROM mail_template
    WHERE owner = ? AND kind = ? AND lang = ?)sql";
constexpr auto kOwnColumns = db::Columns::Of(kOwn);
static_assert(kOwnColumns["updated_by"] == kListColumns["updated_by"]);
constexpr char kPut[] = R"sql(
    INSERT INTO mail_template (account_id, kind, lang, subject, body, updated_at, updated_by)
    VALUES (NULLIF(?, 0), ?, ?, ?, ?, UTC_TIMESTAMP(6), ?)
    ON DUPLICATE KEY UPDATE subject = VALUES(subject), body = VALUES(body),
                            updated_at = VALUES(updated_at), updated_by = VALUES(updated_by))sql";
constexpr char kRemove[] = "DELETE FROM mail_template WHERE owner = ? AND kind = ? AND lang = ?";

StoredWording Row(sql::ResultSet& rows) {
  constexpr const db::Columns& k = kListColumns;
  return {rows.getString(k["kind"]),
          rows.getString(k["lang"]),
          {rows.getString(k["subject"]), rows.getString(k["body"])},
          rows.getString(k["updated_at"]),
          rows.getString(k["updated_by"])};
}

}  // namespace

std::optional<Wording> MySqlMailTemplates::Find(long long owner, const std::string& kind,
                                                const std::string& lang) {
  auto rows = db::Select(db::Query(connection_, kFind, owner, kind, lang));
  if (!rows->next()) return std::nullopt;
  return Wording{rows->getString(kFindColumns["subject"]), rows->getString(kFindColumns["body"])};
}

std::vector<StoredWording> MySqlMailTemplates::List(long long owner) {
  std::vector<StoredWording> list;
  auto rows = db::Select(db::Query(connection_, kList, owner));
  while (rows->next()) list.push_back(Row(*rows));
  return list;
}

std::optional<StoredWording> MySqlMailTemplates::Own(long long owner, const std::string& kind,
                                                     const std::string& lang) {
  auto rows = db::Select(db::Query(connection_, kOwn, owner, kind, lang));
  if (!rows->next()) return std::nullopt;
  return Row(*rows);
}

void MySqlMailTemplates::Put(long long owner, const std::string& kind, const std::string& lang,
                             const Wording& wording, const std::string& by) {
  db::Query(connection_, kPut, owner, kind, lang, wording.subject, wording.body, by)
      .executeUpdate();
}

bool MySqlMailTemplates::Remove(long long owner, const std::string& kind, const std::string& lang) {
  return db::Query(connection_, kRemove, owner, kind, lang).executeUpdate() > 0;
}

}  // namespace resellermgr::mail
