#pragma once
// mail::MailQueue as a list: what a handler queued, for handler unit tests.

#include <vector>

#include "mail/mail.h"

namespace resellermgr::fakes {

class RecordedMail : public mail::MailQueue {
 public:
  bool Enqueue(const mail::Mail& mail) override {
    queued.push_back(mail);
    return true;
  }
  void EnqueueNothing(const mail::Mail&) override {}
  std::vector<mail::Mail> queued;
};

}  // namespace resellermgr::fakes
