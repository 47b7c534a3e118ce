#pragma once
// The change funnel's events as one ordered stream (issue 25 item 1, DESIGN.md "Events"). Every
// event is written in its change's transaction without a number; the seal pass numbers the
// committed ones afterwards (`seq`), in one order that every reader shares, so a reader that
// asks for what follows the last number it saw never misses an event that committed late. The
// pull feed (`event after=N`) and the webhooks' fan-out both read the stream by that number.

#include <string>
#include <vector>

#include "db/connection.h"

namespace resellermgr::changes {

inline constexpr int kSealBatch = 500;  // events one seal pass numbers

// One sealed event, as the feed shows it.
struct Event {
  long long seq = 0;
  std::string at;  // "YYYY-MM-DD HH:MM:SS" UTC
  std::string kind, target, subject_path;
  std::string payload;  // the JSON the funnel wrote
};

// Numbers the committed events that have none yet, up to kSealBatch of them, in one short
// transaction (the one-row counter event_seal is its lock: on a cluster two hosts' passes
// conflict and one runs again later). Returns how many it numbered.
int SealEvents(db::Connection& connection);

// The sealed events, read by number.
class EventLog {
 public:
  virtual ~EventLog() = default;
  // The events after `after`, in order, at most `limit`; of the subtree at `path` (its own
  // account's and those below), or every event for `path` "".
  virtual std::vector<Event> After(const std::string& path, long long after, int limit) = 0;
  // The latest `limit` events of the same, in order (oldest first).
  virtual std::vector<Event> Latest(const std::string& path, int limit) = 0;
  // The highest number given so far.
  virtual long long LastSealed() = 0;
};

class MySqlEventLog final : public EventLog {
 public:
  explicit MySqlEventLog(db::Connection& connection) : connection_(connection) {}
  std::vector<Event> After(const std::string& path, long long after, int limit) override;
  std::vector<Event> Latest(const std::string& path, int limit) override;
  long long LastSealed() override;

 private:
  db::Connection& connection_;
};

}  // namespace resellermgr::changes
