#pragma once
// Services in MySQL (sql/023): the catalogue, what each reseller resells, each client's
// services with their statuses, The only place with their SQL.
// Vendor settings and support routing are contacts' (contacts/contacts.h).
//
// A reseller (or the admin, for the host's own clients) resells every catalogue service and
// shows it to its clients unless its reseller_service row says otherwise; a client's
// client_service row overrides the visibility and carries the status.

#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "service/service_status.h"

namespace resellermgr::service {

struct Service {
  long long id = 0;
  std::string name, title_en, title_ru;
  bool builtin = false;
  // The owner's offer (for the account asking): resold, shown to clients by default.
  bool resells = true, default_visible = true;
  long long in_use = 0;  // the owner's clients (the admin: all clients) using it
  const std::string& Title(std::string_view lang) const {
    return lang == "ru" ? title_ru : title_en;
  }
};

struct ClientService {
  Service service;
  std::string visibility = "default";  // "default", "shown", "hidden"
  bool visible = false;                // what the client sees, all rules applied
  Status status = Status::kNew;
  std::optional<Status> previous;
  std::string changed_at;
};

// The service family's store (catalogue, offers, clients' services). MySqlServiceStore is the one
// implementation; handler unit tests use a fake (tests/fakes/service/).
class ServiceStore {
 public:
  virtual ~ServiceStore() = default;

  // The catalogue with `owner_id`'s offer and how many of its clients use each service (the
  // admin, `all_clients`: every client).
  virtual std::vector<Service> Catalogue(long long owner_id, bool all_clients) = 0;
  virtual std::optional<Service> Find(const std::string& name, long long owner_id,
                                      bool all_clients) = 0;
  virtual long long Create(const std::string& name, const std::string& title_en,
                           const std::string& title_ru) = 0;
  virtual void Rename(long long service_id, const std::string& title_en,
                      const std::string& title_ru) = 0;
  // Removes a service no client uses; false when some client has a row for it.
  virtual bool Delete(long long service_id) = 0;

  virtual void SetOffer(long long owner_id, long long service_id, bool resells,
                        bool default_visible) = 0;
  // The owner's clients that use the service and would lose sight of it with this offer.
  virtual long long InUseHiddenBy(long long owner_id, long long service_id, bool resells,
                                  bool default_visible) = 0;

  // A client's services (those its owner resells), locked when `lock`.
  virtual std::vector<ClientService> ForClient(long long client_id, long long owner_id) = 0;
  virtual std::optional<ClientService> ForClient(long long client_id, long long owner_id,
                                                 long long service_id, bool lock) = 0;
  virtual void SetVisibility(long long client_id, long long service_id,
                             const std::string& visibility) = 0;
  virtual void SetStatus(long long client_id, long long service_id, Status from, Status to) = 0;
};

class MySqlServiceStore final : public ServiceStore {
 public:
  explicit MySqlServiceStore(db::Connection& connection) : connection_(connection) {}

  std::vector<Service> Catalogue(long long owner_id, bool all_clients) override;
  std::optional<Service> Find(const std::string& name, long long owner_id,
                              bool all_clients) override;
  long long Create(const std::string& name, const std::string& title_en,
                   const std::string& title_ru) override;
  void Rename(long long service_id, const std::string& title_en,
              const std::string& title_ru) override;
  bool Delete(long long service_id) override;
  void SetOffer(long long owner_id, long long service_id, bool resells,
                bool default_visible) override;
  long long InUseHiddenBy(long long owner_id, long long service_id, bool resells,
                          bool default_visible) override;
  std::vector<ClientService> ForClient(long long client_id, long long owner_id) override;
  std::optional<ClientService> ForClient(long long client_id, long long owner_id,
                                         long long service_id, bool lock) override;
  void SetVisibility(long long client_id, long long service_id,
                     const std::string& visibility) override;
  void SetStatus(long long client_id, long long service_id, Status from, Status to) override;

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::service
