#pragma once
// Edited mail wordings (sql/051): the admin's, for the whole installation (owner 0), and a
// branded reseller's, for the mails its clients get (owner = its account). The only place with
// their SQL; what a wording may say is mail/template.h's.

#include <optional>
#include <string>
#include <vector>

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::mail {

// A mail's wording: the subject line and the body, with __name__ placeholders.
struct Wording {
  std::string subject, body;
};

struct StoredWording {
  std::string kind, lang;
  Wording wording;
  std::string updated_at, updated_by;
};

// Wordings as the composer reads them; MySqlMailTemplates is the one implementation (handler
// unit tests use one without rows).
class MailTemplates {
 public:
  virtual ~MailTemplates() = default;
  // `owner`'s wording of kind in lang, else the installation's; nullopt: the shipped one.
  virtual std::optional<Wording> Find(long long owner, const std::string& kind,
                                      const std::string& lang) = 0;
};

class MySqlMailTemplates final : public MailTemplates {
 public:
  explicit MySqlMailTemplates(db::Connection& connection) : connection_(connection) {}

  std::optional<Wording> Find(long long owner, const std::string& kind,
                              const std::string& lang) override;
  // `owner`'s own wordings (0: the installation's), by kind and language.
  std::vector<StoredWording> List(long long owner);
  std::optional<StoredWording> Own(long long owner, const std::string& kind,
                                   const std::string& lang);
  void Put(long long owner, const std::string& kind, const std::string& lang,
           const Wording& wording, const std::string& by);
  // Back to the wording above: true when `owner` had its own.
  bool Remove(long long owner, const std::string& kind, const std::string& lang);

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::mail
