#pragma once
// What handlers may use (the Handler signature, core/function_registry.h), built once per worker
// thread (see worker.h) and passed by const&: the floors every family stands on, named here only
// by forward declaration, and the stores the modules offered (deps.Get<T>()).

#include "core/stores.h"

namespace resellermgr {

namespace base {
struct Config;
}
namespace core {
class Messages;
class Gatekeeper;
class ReplayLog;
class House;
}  // namespace core
namespace db {
class Connection;
}
namespace audit {
class AuditLog;
}
namespace changes {
class Changes;
}
namespace mail {
class MailQueue;
}

struct Deps {
  const base::Config& config;
  const core::Messages& messages;
  db::Connection& db;
  audit::AuditLog& audit;
  // The change funnel: audit row and outbox event of a change (changes/changes.h).
  changes::Changes& changes;
  // Mail written in the change's transaction, sent after commit (mail/mail.h).
  mail::MailQueue& mail;
  // The dispatcher's view of identity, module access and idempotency records (core/gatekeeper.h).
  core::Gatekeeper& gate;
  core::ReplayLog& replays;
  // The modules: their stores on this worker's connection, and what they bring to the home page.
  const core::Stores& stores;
  const core::House& house;

  template <class T>
  T& Get() const {
    return stores.Get<T>();
  }
};

}  // namespace resellermgr
