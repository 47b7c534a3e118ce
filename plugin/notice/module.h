#pragma once
// Notices: the mails the product sends as its users see them. The wording of each mail per
// language, edited by the admin and by branded resellers for their clients (mail.template*),
// and the welcome mail that invites a new login. Composing and sending are the mail floor's
// (mail/mail.h, mail/template.h).

#include "core/module.h"

namespace resellermgr::notice {

extern const core::Module kModule;

}  // namespace resellermgr::notice
