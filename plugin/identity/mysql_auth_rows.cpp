#include "identity/mysql_auth_rows.h"

#include "util/crypto.h"

namespace resellermgr::identity::store {

std::string TokenHash(std::string_view token) { return util::Sha256(token); }

void BindHash(sql::PreparedStatement& statement, int index, const std::string& hash) {
  statement.setString(index, sql::SQLString(hash.data(), hash.size()));
}

}  // namespace resellermgr::identity::store
