#include "audit/audit_log.h"

#include <algorithm>
#include <map>

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

// The chains (sql/045): audit_head's rows 1..kChains, audit_log.chain. Since sql/062 a row is
// written without its hash and sealed into its chain after its transaction commits (Seal).
constexpr int kChains = 16;

constexpr char kInsertEntry[] = R"sql(
    INSERT INTO audit_log (chain, at, actor, as_account, ip, func, target, outcome, params)
    VALUES (?, UTC_TIMESTAMP(6), ?, ?, ?, ?, ?, ?, ?))sql";
#define RM_AT_TEXT "DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') AS at"
// The unsealed rows of some chains (an IN list of chain numbers follows), oldest first. Rows of
// transactions still open are locked by them and skipped: a later pass seals them.
#define RM_UNSEALED                                     \
  "SELECT id, chain, " RM_AT_TEXT ", " RM_ENTRY_COLUMNS \
  " FROM audit_log WHERE seq IS NULL AND chain IN "
constexpr db::Columns kUnsealedRow{"id, chain, at, " RM_ENTRY_COLUMNS};
constexpr db::Columns kHeadRow{"id, last_hash, last_seq"};
constexpr char kSetHead[] = "UPDATE audit_head SET last_hash = ?, last_seq = ? WHERE id = ?";
constexpr char kSelectHeads[] = "SELECT id, last_hash FROM audit_head ORDER BY id";
constexpr auto kSelectHeadsColumns = db::Columns::Of(kSelectHeads);
constexpr char kSelectChain[] = R"sql(
    SELECT id, )sql" RM_AT_TEXT ", " RM_ENTRY_COLUMNS R"sql(, prev_hash, row_hash
    FROM audit_log WHERE chain = ? AND seq IS NOT NULL ORDER BY seq)sql";
constexpr auto kSelectChainColumns = db::Columns::Of(kSelectChain);

// One statement seals `count` rows: (id, seq, prev_hash, row_hash) bound for each.
std::string SealStatement(std::size_t count) {
  std::string sql = "UPDATE audit_log l JOIN (SELECT ? AS id, ? AS seq, ? AS prev, ? AS hash";
  for (std::size_t i = 1; i < count; ++i) sql += " UNION ALL SELECT ?, ?, ?, ?";
  sql += ") s ON l.id = s.id SET l.seq = s.seq, l.prev_hash = s.prev, l.row_hash = s.hash";
  return sql;
}

// "(1,2,3)": chain numbers, from our own integers.
std::string NumberList(const std::vector<int>& numbers) {
  std::string list = "(";
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    if (i > 0) list.push_back(',');
    list += std::to_string(numbers[i]);
  }
  return list + ")";
}

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
  // One row, no lock: it joins the caller's transaction, and is sealed after that commits.
  db::Query(connection_, kInsertEntry, 1 + connection_.Shard(kChains), entry.actor,
            entry.as_account, entry.ip, entry.func, entry.target, entry.outcome, entry.params)
      .executeUpdate();
}

int AuditLog::Seal(Chains chains) {
  connection_.EnsureConnected();
  std::vector<int> numbers;
  if (chains == Chains::kOwn) {
    for (int shard : connection_.OwnShards(kChains)) numbers.push_back(1 + shard);
  } else {
    for (int chain = 1; chain <= kChains; ++chain) numbers.push_back(chain);
  }
  struct Row {
    long long id;
    int chain;
    std::string at;
    AuditEntry entry;
  };
  db::Transaction tx(connection_);
  std::vector<Row> rows;
  {
    sql::PreparedStatement& select = connection_.Prepare(
        (RM_UNSEALED + NumberList(numbers) + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
            .c_str());
    select.setInt(1, kAuditSealBatch);
    auto found = db::Select(select);
    while (found->next()) {
      rows.push_back({found->getInt64(kUnsealedRow["id"]), found->getInt(kUnsealedRow["chain"]),
                      found->getString(kUnsealedRow["at"]), ReadEntry<kUnsealedRow>(*found)});
    }
  }
  if (rows.empty()) return 0;
  // The heads of this pass's chains, locked in chain order (passes never wait in a cycle), by
  // the same statement every pass of this connection.
  struct Head {
    std::string hash;
    long long seq = 0;
    bool moved = false;
  };
  std::map<int, Head> heads;
  {
    auto found = db::Select(
        connection_.Prepare(("SELECT id, last_hash, last_seq FROM audit_head WHERE id IN " +
                             NumberList(numbers) + " ORDER BY id FOR UPDATE")
                                .c_str()));
    while (found->next())
      heads[found->getInt(kHeadRow["id"])] = {found->getString(kHeadRow["last_hash"]),
                                              found->getInt64(kHeadRow["last_seq"])};
  }
  // Each row follows its chain's head, in id order within this pass.
  struct Sealed {
    long long id, seq;
    std::string prev, hash;
  };
  std::vector<Sealed> sealed;
  for (const Row& row : rows) {
    Head& head = heads[row.chain];
    head.moved = true;
    std::string hash = RowHash(head.hash, row.at, row.entry);
    sealed.push_back({row.id, ++head.seq, std::move(head.hash), hash});
    head.hash = std::move(hash);
  }
  // In statements of 100, 10 and 1 rows: three shapes, each prepared once.
  for (std::size_t at = 0; at < sealed.size();) {
    const std::size_t left = sealed.size() - at;
    const std::size_t count = left >= 100 ? 100 : left >= 10 ? 10 : 1;
    sql::PreparedStatement& update = connection_.Prepare(SealStatement(count).c_str());
    for (std::size_t i = 0; i < count; ++i) {
      const Sealed& s = sealed[at + i];
      const int base = static_cast<int>(i) * 4;
      update.setInt64(base + 1, s.id);
      update.setInt64(base + 2, s.seq);
      update.setString(base + 3, s.prev);
      update.setString(base + 4, s.hash);
    }
    update.executeUpdate();
    at += count;
  }
  for (const auto& [chain, head] : heads) {
    if (head.moved) db::Query(connection_, kSetHead, head.hash, head.seq, chain).executeUpdate();
  }
  tx.Commit();
  return static_cast<int>(rows.size());
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

// Each chain from its first row, in the order rows were sealed: every row links to the one before
// it in its chain and hashes to what it says; the chain's head names its last row (deleting the
// newest rows leaves a valid chain behind, but not the head). The first bad row of any chain is
// reported.
VerifyResult AuditLog::Verify() {
  // Rows committed but not sealed yet are sealed first (every chain's, whichever host wrote
  // them); rows of transactions still open are not part of the chain until they commit.
  while (Seal(Chains::kAll) == kAuditSealBatch) {
  }
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
