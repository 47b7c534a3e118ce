#pragma once
// Broadcasts in MySQL (sql/052): the only place with their SQL.

#include <optional>
#include <string>
#include <vector>

#include "tenancy/tenancy.h"

namespace resellermgr::db {
class Connection;
}

namespace resellermgr::broadcast {

// Whom a broadcast reaches: the users (not own-client accounts, not deleted) below the sender,
// narrowed by a subtree (a sub-reseller's, or for the admin any reseller's), the template their
// limits came from, and whether they are suspended ("" for any of these).
struct Audience {
  std::string subtree;  // a tenancy::SubtreePattern, or "" for the sender's whole reach
  std::string preset;
  std::string status;  // "", "active", "suspended"
};

struct NewBroadcast {
  long long account_id;
  std::string sender, sender_account, subject, body, audience;
};

// A broadcast as its sender sees it: how far it got.
struct Progress {
  long long id = 0;
  std::string subject, audience, created_at, finished_at;
  long long total = 0, done = 0, mailed = 0, mail_waiting = 0, mail_failed = 0;
};

// One recipient due, with what it is sent.
struct Due {
  long long broadcast_id, account_id, sender_account_id;
  std::string sender, sender_account, subject, body;
};

class MySqlBroadcastStore {
 public:
  explicit MySqlBroadcastStore(db::Connection& connection) : connection_(connection) {}

  long long Count(const tenancy::Reach& reach, const Audience& audience);
  // The broadcast and one row per recipient (the audience frozen now); returns its number and
  // sets `total`.
  long long Create(const tenancy::Reach& reach, const Audience& audience,
                   const NewBroadcast& broadcast, long long& total);
  std::vector<Progress> List(long long account_id);
  std::optional<Progress> Find(long long account_id, long long id);

  // Recipients not done yet, in order, locked (others skip them).
  std::vector<Due> TakeDue(int batch);
  void Done(const Due& due, long long ticket_id, long long mail_id);
  // Marks `id` finished when no recipient is left; true when it did now.
  bool FinishIfDone(long long id);

 private:
  db::Connection& connection_;
};

using BroadcastStore = MySqlBroadcastStore;

}  // namespace resellermgr::broadcast
