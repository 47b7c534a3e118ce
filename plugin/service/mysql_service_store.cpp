#include "db/columns.h"
#include "service/service_store.h"

namespace resellermgr::service {
namespace {

// A service with `owner`'s offer: resold and shown by default unless its row says otherwise.
#define RM_SERVICE_COLUMNS                                                               \
  "s.id, s.name, s.title_en, s.title_ru, s.builtin, COALESCE(o.resells, 1) AS resells, " \
  "COALESCE(o.default_visible, 1) AS default_visible"

constexpr char kCatalogue[] = "SELECT " RM_SERVICE_COLUMNS R"sql(,
           (SELECT COUNT(*) FROM client_service cs JOIN account c ON c.id = cs.account_id
            WHERE cs.service_id = s.id AND cs.status IN ('active', 'trial')
              AND (? OR c.parent_id = ?)) AS in_use
    FROM service s LEFT JOIN reseller_service o ON o.service_id = s.id AND o.account_id = ?
    WHERE (? = '' OR s.name = ?)
    ORDER BY s.builtin DESC, s.name)sql";
constexpr auto kCatalogueRow = db::Columns::Of(kCatalogue);
constexpr char kCreate[] = "INSERT INTO service (name, title_en, title_ru) VALUES (?, ?, ?)";
constexpr char kRename[] = "UPDATE service SET title_en = ?, title_ru = ? WHERE id = ?";
constexpr char kUsed[] = "SELECT 1 FROM client_service WHERE service_id = ? LIMIT 1";
constexpr char kDelete[] = "DELETE FROM service WHERE id = ? AND builtin = 0";
constexpr char kSetOffer[] = R"sql(
    INSERT INTO reseller_service (account_id, service_id, resells, default_visible)
    VALUES (?, ?, ?, ?)
    ON DUPLICATE KEY UPDATE resells = VALUES(resells), default_visible = VALUES(default_visible))sql";
constexpr char kInUseHidden[] = R"sql(
    SELECT COUNT(*) AS hidden FROM client_service cs JOIN account c ON c.id = cs.account_id
    WHERE c.parent_id = ? AND cs.service_id = ? AND cs.status IN ('active', 'trial')
      AND (? = 0 OR (cs.visibility = 'default' AND ? = 0)))sql";
constexpr auto kInUseHiddenColumns = db::Columns::Of(kInUseHidden);

#define RM_CLIENT_SERVICES                                                                   \
  "SELECT " RM_SERVICE_COLUMNS                                                               \
  ", 0 AS in_use, COALESCE(cs.visibility, 'default') AS visibility, "                        \
  "COALESCE(cs.status, 'new') AS status, COALESCE(cs.previous_status, '') AS previous, "     \
  "COALESCE(DATE_FORMAT(cs.status_changed_at, '%Y-%m-%d %H:%i'), '') AS changed_at "         \
  "FROM service s LEFT JOIN reseller_service o ON o.service_id = s.id AND o.account_id = ? " \
  "LEFT JOIN client_service cs ON cs.service_id = s.id AND cs.account_id = ? "               \
  "WHERE COALESCE(o.resells, 1) = 1"
constexpr char kClientServices[] = RM_CLIENT_SERVICES " ORDER BY s.builtin DESC, s.name";
constexpr auto kClientServiceRow = db::Columns::Of(kClientServices);
// A catalogue row and a client's row begin alike: ReadService reads both.
static_assert(kCatalogueRow == db::Columns::Of("SELECT " RM_SERVICE_COLUMNS ", in_use FROM x"));
constexpr char kEnsureClientService[] =
    "INSERT IGNORE INTO client_service (account_id, service_id) VALUES (?, ?)";
constexpr char kClientService[] = RM_CLIENT_SERVICES " AND s.id = ?";
constexpr char kClientServiceLocked[] = RM_CLIENT_SERVICES " AND s.id = ? FOR UPDATE";
constexpr char kSetVisibility[] =
    "UPDATE client_service SET visibility = ? WHERE account_id = ? AND service_id = ?";
constexpr char kSetStatus[] = R"sql(
    UPDATE client_service SET previous_status = status, status = ?,
                              status_changed_at = UTC_TIMESTAMP(6)
    WHERE account_id = ? AND service_id = ? AND status = ?)sql";

template <const db::Columns& kColumns>
Service ReadService(sql::ResultSet& row) {  // RM_SERVICE_COLUMNS, then in_use
  Service s;
  s.id = row.getInt64(kColumns["id"]);
  s.name = row.getString(kColumns["name"]);
  s.title_en = row.getString(kColumns["title_en"]);
  s.title_ru = row.getString(kColumns["title_ru"]);
  s.builtin = row.getBoolean(kColumns["builtin"]);
  s.resells = row.getBoolean(kColumns["resells"]);
  s.default_visible = row.getBoolean(kColumns["default_visible"]);
  s.in_use = row.getInt64(kColumns["in_use"]);
  return s;
}

ClientService ReadClientService(sql::ResultSet& row) {  // RM_CLIENT_SERVICES
  ClientService c;
  constexpr const db::Columns& kColumns = kClientServiceRow;
  c.service = ReadService<kColumns>(row);
  c.visibility = row.getString(kColumns["visibility"]);
  c.status = ParseStatus(std::string(row.getString(kColumns["status"]))).value_or(Status::kNew);
  c.previous = ParseStatus(std::string(row.getString(kColumns["previous"])));
  c.changed_at = row.getString(kColumns["changed_at"]);
  c.visible = c.visibility == "shown" || (c.visibility == "default" && c.service.default_visible);
  return c;
}

}  // namespace

std::vector<Service> MySqlServiceStore::Catalogue(long long owner_id, bool all_clients) {
  auto rows = db::Select(db::Query(connection_, kCatalogue, all_clients, owner_id, owner_id,
                                   std::string(), std::string()));
  std::vector<Service> services;
  while (rows->next()) services.push_back(ReadService<kCatalogueRow>(*rows));
  return services;
}

std::optional<Service> MySqlServiceStore::Find(const std::string& name, long long owner_id,
                                               bool all_clients) {
  auto rows =
      db::Select(db::Query(connection_, kCatalogue, all_clients, owner_id, owner_id, name, name));
  if (!rows->next()) return std::nullopt;
  return ReadService<kCatalogueRow>(*rows);
}

long long MySqlServiceStore::Create(const std::string& name, const std::string& title_en,
                                    const std::string& title_ru) {
  db::Query(connection_, kCreate, name, title_en, title_ru).executeUpdate();
  return connection_.LastInsertId();
}

void MySqlServiceStore::Rename(long long service_id, const std::string& title_en,
                               const std::string& title_ru) {
  db::Query(connection_, kRename, title_en, title_ru, service_id).executeUpdate();
}

bool MySqlServiceStore::Delete(long long service_id) {
  if (db::Select(db::Query(connection_, kUsed, service_id))->next()) return false;
  return db::Query(connection_, kDelete, service_id).executeUpdate() == 1;
}

void MySqlServiceStore::SetOffer(long long owner_id, long long service_id, bool resells,
                                 bool default_visible) {
  db::Query(connection_, kSetOffer, owner_id, service_id, resells, default_visible).executeUpdate();
}

long long MySqlServiceStore::InUseHiddenBy(long long owner_id, long long service_id, bool resells,
                                           bool default_visible) {
  auto rows = db::Select(
      db::Query(connection_, kInUseHidden, owner_id, service_id, resells, default_visible));
  rows->next();
  return rows->getInt64(kInUseHiddenColumns["hidden"]);
}

std::vector<ClientService> MySqlServiceStore::ForClient(long long client_id, long long owner_id) {
  auto rows = db::Select(db::Query(connection_, kClientServices, owner_id, client_id));
  std::vector<ClientService> services;
  while (rows->next()) services.push_back(ReadClientService(*rows));
  return services;
}

std::optional<ClientService> MySqlServiceStore::ForClient(long long client_id, long long owner_id,
                                                          long long service_id, bool lock) {
  if (lock) db::Query(connection_, kEnsureClientService, client_id, service_id).executeUpdate();
  auto rows = db::Select(db::Query(connection_, lock ? kClientServiceLocked : kClientService,
                                   owner_id, client_id, service_id));
  if (!rows->next()) return std::nullopt;
  return ReadClientService(*rows);
}

void MySqlServiceStore::SetVisibility(long long client_id, long long service_id,
                                      const std::string& visibility) {
  db::Query(connection_, kEnsureClientService, client_id, service_id).executeUpdate();
  db::Query(connection_, kSetVisibility, visibility, client_id, service_id).executeUpdate();
}

void MySqlServiceStore::SetStatus(long long client_id, long long service_id, Status from,
                                  Status to) {
  db::Query(connection_, kEnsureClientService, client_id, service_id).executeUpdate();
  db::Query(connection_, kSetStatus, std::string(StatusName(to)), client_id, service_id,
            std::string(StatusName(from)))
      .executeUpdate();
}

}  // namespace resellermgr::service
