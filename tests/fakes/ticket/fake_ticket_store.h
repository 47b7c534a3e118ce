#pragma once
// ticket::TicketStore that keeps the tickets it is asked to open, for handler unit tests.

#include <optional>
#include <vector>

#include "ticket/ticket_store.h"

namespace resellermgr::fakes {

class FakeTicketStore : public ticket::TicketStore {
 public:
  long long Open(const ticket::NewTicket& ticket) override {
    opened.push_back(ticket);
    return static_cast<long long>(opened.size());
  }
  std::vector<ticket::Ticket> List(const ticket::Viewer&, bool,
                                   const ticket::TicketFilter&) override {
    return {};
  }
  std::optional<ticket::Ticket> Find(const ticket::Viewer&, long long) override {
    return std::nullopt;
  }
  ticket::Ticket Reply(const ticket::Viewer&, long long, const ticket::Message&,
                       const std::optional<ticket::NewAttachment>&) override {
    return {};
  }
  void Close(const ticket::Viewer&, long long) override {}
  void Assign(const ticket::Viewer&, long long, const std::string&) override {}
  std::optional<ticket::AttachmentFile> Attachment(const ticket::Viewer&, long long) override {
    return std::nullopt;
  }
  long long Awaiting(long long) override { return 0; }

  std::vector<ticket::NewTicket> opened;
};

}  // namespace resellermgr::fakes
