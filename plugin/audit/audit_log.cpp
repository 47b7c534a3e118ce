#include "audit/audit_log.h"

#include <algorithm>

#include "core/dispatcher.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "tenancy/tenancy.h"
#include "util/crypto.h"

namespace resellermgr::audit {
namespace {

// An entry's own fields, as the chain hashes them (AuditEntry's order).
#define RM_ENTRY_COLUMNS "actor, as_account, ip, func, target, outcome, params"
// A list page's columns (the statement is built with its filters).
#define RM_PAGE_COLUMNS                                                                       \
  "l.id, DATE_FORMAT(l.at, '%Y-%m-%d %H:%i:%s') AS at, l.actor, l.as_account, l.ip, l.func, " \
  "l.target, l.outcome, l.params"
constexpr db::Columns kPageRow{RM_PAGE_COLUMNS};

template <const db::Columns& kColumns>
AuditEntry ReadEntry(sql::ResultSet& row) {
  return {row.getString(kColumns["actor"]),  row.getString(kColumns["as_account"]),
          row.getString(kColumns["ip"]),     row.getString(kColumns["func"]),
          row.getString(kColumns["target"]), row.getString(kColumns["outcome"]),
          row.getString(kColumns["params"])};
}

// The chains (sql/045): audit_head's rows 1..kChains, audit_log.chain.
constexpr int kChains = 16;

constexpr char kLockHead[] =
    "SELECT last_hash, DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%d %H:%i:%s.%f') AS now "
    "FROM audit_head WHERE id = ? FOR UPDATE";
constexpr auto kLockHeadColumns = db::Columns::Of(kLockHead);
constexpr char kInsertEntry[] = R"sql(
    INSERT INTO audit_log (chain, at, actor, as_account, ip, func, target, outcome, params,
                           prev_hash, row_hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql";
constexpr char kUpdateHead[] = "UPDATE audit_head SET last_hash = ? WHERE id = ?";
constexpr char kSelectHeads[] = "SELECT id, last_hash FROM audit_head ORDER BY id";
constexpr auto kSelectHeadsColumns = db::Columns::Of(kSelectHeads);
constexpr char kSelectChain[] = R"sql(
    SELECT id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') AS at, )sql" RM_ENTRY_COLUMNS R"sql(,
           prev_hash, row_hash
    FROM audit_log WHERE chain = ? ORDER BY id)sql";
constexpr auto kSelectChainColumns = db::Columns::Of(kSelectChain);

std::string RowHash(const std::string& prev_hash, const std::string& at, const AuditEntry& e) {
  std::string content = prev_hash;
  for (const std::string* field :
       {&at, &e.actor, &e.as_account, &e.ip, &e.func, &e.target, &e.outcome, &e.params}) {
    content.push_back('\x1f');  // unit separator: fields cannot run into each other
    content.append(std::to_string(field->size())).push_back(':');
    content.append(*field);
  }
  return util::Sha256Hex(content);
}

}  // namespace

AuditEntry EntryFor(const core::Request& request, std::string target, std::string outcome,
                    std::string params) {
  const core::Caller& caller = request.caller();
  // An action taken with an API token names the token.
  if (!caller.permissions.token_name.empty())
    params = "via_token=" + caller.permissions.token_name + (params.empty() ? "" : " ") + params;
  // Under su (issue 25): why the real login acts as this account, and under which grant.
  if (caller.su_grant != 0)
    params = "su_grant=" + std::to_string(caller.su_grant) + (params.empty() ? "" : " ") + params;
  if (!caller.su_reason.empty())
    params = "su_reason=" + caller.su_reason + (params.empty() ? "" : " ") + params;
  return {caller.login,      caller.account,     request.remote_addr(), std::string(request.func()),
          std::move(target), std::move(outcome), std::move(params)};
}

std::string RedactedParams(const core::Request& request) {
  static constexpr std::string_view kReserved[] = {"func", "out",  "sok",  "elid",    "lang",
                                                   "su",   "csrf", "auth", "authinfo"};
  std::string params;
  for (const auto& [name, value] : request.params()) {
    if (std::find(std::begin(kReserved), std::end(kReserved), name) != std::end(kReserved))
      continue;
    if (!params.empty()) params.push_back(' ');
    params += name + "=" + (core::IsSecretParam(name) ? std::string("***") : value);
  }
  constexpr std::size_t kMaxParams = 2000;
  return params.size() > kMaxParams ? params.substr(0, kMaxParams) : params;
}

void AuditLog::Append(const AuditEntry& entry) {
  const int chain = 1 + connection_.Shard(kChains);
  db::Transaction tx(connection_);
  auto head = db::Select(db::Query(connection_, kLockHead, chain));
  head->next();
  const std::string prev_hash = head->getString(kLockHeadColumns["last_hash"]);
  const std::string at = head->getString(kLockHeadColumns["now"]);
  const std::string row_hash = RowHash(prev_hash, at, entry);
  db::Query(connection_, kInsertEntry, chain, at, entry.actor, entry.as_account, entry.ip,
            entry.func, entry.target, entry.outcome, entry.params, prev_hash, row_hash)
      .executeUpdate();
  db::Query(connection_, kUpdateHead, row_hash, chain).executeUpdate();
  tx.Commit();
}

AuditPage AuditLog::List(const AuditQuery& query) {
  std::string where = " WHERE 1 = 1";
  std::vector<std::string> values;
  if (query.scope_account_id != 0) {
    where += " AND l.as_account IN (SELECT a.name FROM account a WHERE " RM_AT_OR_BELOW("a") ")";
  }
  auto text_filter = [&](const std::string& value, const char* condition) {
    if (value.empty()) return;
    where += condition;
    values.push_back(value);
  };
  text_filter(query.actor, " AND l.actor = ?");
  text_filter(query.target, " AND l.target = ?");
  text_filter(query.from, " AND l.at >= ?");
  text_filter(query.to, " AND l.at < ?");
  auto bind = [&](sql::PreparedStatement& s) {
    int i = 0;
    if (query.scope_account_id != 0) {
      s.setInt64(++i, query.scope_account_id);
      s.setString(++i, tenancy::SubtreePatternOrNone(query.scope_path));
    }
    for (const std::string& v : values) s.setString(++i, v);
    return i;
  };
  AuditPage page;
  sql::PreparedStatement& count =
      connection_.Prepare(("SELECT COUNT(*) AS total FROM (SELECT 1 FROM audit_log l" + where +
                           " LIMIT " + std::to_string(kMaxCountedRows) + ") counted")
                              .c_str());
  bind(count);
  auto total = db::Select(count);
  total->next();
  page.total = total->getInt64("total");

  sql::PreparedStatement& select =
      connection_.Prepare(("SELECT " RM_PAGE_COLUMNS " FROM audit_log l" + where +
                           " ORDER BY l.id DESC LIMIT ? OFFSET ?")
                              .c_str());
  const int next = bind(select);
  select.setInt(next + 1, query.page_size);
  select.setInt64(next + 2, static_cast<long long>(query.page - 1) * query.page_size);
  auto rows = db::Select(select);
  while (rows->next()) {
    page.rows.push_back({rows->getInt64(kPageRow["id"]), rows->getString(kPageRow["at"]),
                         ReadEntry<kPageRow>(*rows)});
  }
  return page;
}

// Each chain from its first row: every row links to the one before it in its chain and hashes
// to what it says; the chain's head names its last row (deleting the newest rows leaves a valid
// chain behind, but not the head). The first bad row of any chain is reported.
VerifyResult AuditLog::Verify() {
  VerifyResult result;
  std::vector<std::pair<int, std::string>> heads;
  auto head_rows = db::Select(connection_.Prepare(kSelectHeads));
  while (head_rows->next())
    heads.emplace_back(head_rows->getInt(kSelectHeadsColumns["id"]),
                       head_rows->getString(kSelectHeadsColumns["last_hash"]));
  result.ok = heads.size() == static_cast<std::size_t>(kChains);
  for (const auto& [chain, head] : heads) {
    std::string expected_prev(64, '0');
    std::uint64_t last_id = 0;
    bool broken = false;
    auto rows = db::Select(db::Query(connection_, kSelectChain, chain));
    while (rows->next()) {
      constexpr const db::Columns& kColumns = kSelectChainColumns;
      const AuditEntry e = ReadEntry<kColumns>(*rows);
      const std::string prev_hash = rows->getString(kColumns["prev_hash"]);
      const std::string row_hash = rows->getString(kColumns["row_hash"]);
      last_id = rows->getUInt64(kColumns["id"]);
      ++result.rows;
      if (prev_hash != expected_prev ||
          RowHash(prev_hash, rows->getString(kColumns["at"]), e) != row_hash) {
        broken = true;
        break;
      }
      expected_prev = row_hash;
    }
    if (!broken && head == expected_prev) continue;
    // A row that does not link, or (the head does not name the last row) the row after it.
    const std::uint64_t bad = broken ? last_id : last_id + 1;
    if (result.ok || bad < result.first_bad_id) result.first_bad_id = bad;
    result.ok = false;
  }
  if (result.ok) result.first_bad_id = 0;
  return result;
}

}  // namespace resellermgr::audit
