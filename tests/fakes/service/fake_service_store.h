#pragma once
// service::ServiceStore in memory: a catalogue every owner resells and shows, clients' rows made
// on first use, and SetStatus that changes a row only from the state it is in (as the store's
// statement does).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/service_store.h"

namespace resellermgr::fakes {

class FakeServiceStore : public service::ServiceStore {
 public:
  long long AddService(const std::string& name) {
    service::Service s;
    s.id = static_cast<long long>(catalogue.size()) + 1;
    s.name = name;
    s.title_en = s.title_ru = name;
    catalogue.push_back(s);
    return s.id;
  }
  service::ClientService& Row(long long client_id, long long service_id) {
    auto [it, added] = rows.try_emplace({client_id, service_id});
    if (added) it->second.service = catalogue.at(service_id - 1);
    return it->second;
  }

  std::vector<service::Service> Catalogue(long long, bool) override { return catalogue; }
  std::optional<service::Service> Find(const std::string& name, long long, bool) override {
    for (const service::Service& s : catalogue)
      if (s.name == name) return s;
    return std::nullopt;
  }
  long long Create(const std::string& name, const std::string&, const std::string&) override {
    return AddService(name);
  }
  void Rename(long long, const std::string&, const std::string&) override {}
  bool Delete(long long) override { return false; }
  void SetOffer(long long, long long, bool, bool) override {}
  long long InUseHiddenBy(long long, long long, bool, bool) override { return 0; }
  std::vector<service::ClientService> ForClient(long long, long long) override { return {}; }
  std::optional<service::ClientService> ForClient(long long client_id, long long,
                                                  long long service_id, bool) override {
    service::ClientService& row = Row(client_id, service_id);
    row.visible =
        row.visibility == "shown" || (row.visibility == "default" && row.service.default_visible);
    return row;
  }
  void SetVisibility(long long client_id, long long service_id,
                     const std::string& visibility) override {
    Row(client_id, service_id).visibility = visibility;
  }
  void SetStatus(long long client_id, long long service_id, service::Status from,
                 service::Status to) override {
    service::ClientService& row = Row(client_id, service_id);
    if (row.status != from) return;
    row.previous = from;
    row.status = to;
  }

  std::vector<service::Service> catalogue;
  std::map<std::pair<long long, long long>, service::ClientService> rows;
};

}  // namespace resellermgr::fakes
