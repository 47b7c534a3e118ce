#pragma once
// mail::MailQueue as a list: what a handler queued, for handler unit tests.

#include <vector>

#include "mail/mail.h"

namespace resellermgr::fakes {

class RecordedMail : public mail::MailQueue {
 public:
  long long Enqueue(const mail::Mail& mail) override {
    queued.push_back(mail);
    return static_cast<long long>(queued.size());
  }
  void EnqueueNothing(const mail::Mail&) override {}
  std::vector<mail::Mail> queued;
};

// No edited wordings: every mail is worded as shipped.
class NoMailTemplates : public mail::MailTemplates {
 public:
  std::optional<mail::Wording> Find(long long, const std::string&, const std::string&) override {
    return std::nullopt;
  }
};

}  // namespace resellermgr::fakes
