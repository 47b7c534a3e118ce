// The broadcast's background work: a batch of due recipients at a time, each told as
// reseller.message tells an account (ticket::Tell: a ticket at its own centre and a mail), marked
// done in the same transaction. A host that dies mid-batch rolls it back whole; another host's
// pass skips the rows this one holds (SKIP LOCKED), and on Galera two hosts taking the same row
// cannot both commit. So each recipient is told once; the mails then go out through the mail
// queue, which retries while the relay is away.

#include "broadcast/delivery.h"

#include "base/errors.h"
#include "base/log.h"
#include "broadcast/broadcast_store.h"
#include "changes/changes.h"
#include "core/deps.h"
#include "db/transaction.h"
#include "ticket/ticket_functions.h"

namespace resellermgr::broadcast {

bool DeliverBroadcasts(const Deps& deps) {
  BroadcastStore& store = deps.Get<BroadcastStore>();
  db::Transaction tx(deps.db);
  const std::vector<Due> due = store.TakeDue(kBroadcastBatch);
  std::vector<const Due*> finished;
  for (const Due& d : due) {
    ticket::Told told;
    try {
      told = ticket::Tell(deps, {d.account_id, d.sender_account_id, d.subject, "medium",
                                 "broadcast", d.body, d.sender, d.sender_account});
    } catch (const base::PluginError& e) {
      // An account that can no longer be told is passed over, never retried for ever.
      LOG_WARNING("broadcast " << d.broadcast_id << ": account " << d.account_id << ": "
                               << e.object() << " " << e.detail());
    }
    store.Done(d, told.ticket_id, told.mail_id);
    if (finished.empty() || finished.back()->broadcast_id != d.broadcast_id) finished.push_back(&d);
  }
  for (const Due* d : finished) {
    if (store.FinishIfDone(d->broadcast_id)) {
      deps.changes.RecordJob(
          "broadcast", d->sender_account_id, d->sender_account,
          {"broadcast " + std::to_string(d->broadcast_id), "sent", "", "broadcast.sent", {}});
    }
  }
  tx.Commit();
  return static_cast<int>(due.size()) == kBroadcastBatch;
}

}  // namespace resellermgr::broadcast
