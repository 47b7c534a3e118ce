#include "mail/mail.h"

#include <curl/curl.h>

#include <cstring>
#include <ctime>
#include <memory>
#include <vector>

#include "base/log.h"
#include "base/text.h"
#include "db/columns.h"
#include "db/transaction.h"
#include "mail/template.h"
#include "util/crypto.h"

namespace resellermgr::mail {
namespace {

constexpr char kInsert[] = R"sql(
    INSERT INTO mail_message (kind, recipient, sender_name, subject, body)
    VALUES (?, ?, ?, ?, ?))sql";
// Enqueue's statement that queues nothing: a request that must take as long whether or not it
// sends (a password reset for a name that is no login) makes it instead.
constexpr char kInsertNothing[] = R"sql(
    INSERT INTO mail_message (kind, recipient, sender_name, subject, body)
    SELECT ?, ?, ?, ?, ? FROM DUAL WHERE FALSE)sql";
constexpr char kDue[] = R"sql(
    SELECT id, kind, recipient, sender_name, subject, body FROM mail_message
    WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= UTC_TIMESTAMP(6)
    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)sql";
constexpr auto kDueColumns = db::Columns::Of(kDue);
constexpr char kClaim[] = R"sql(
    UPDATE mail_message SET next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND, claimed_by = ?
    WHERE id = ?)sql";
constexpr char kSent[] = R"sql(
    UPDATE mail_message SET sent_at = UTC_TIMESTAMP(6), attempts = attempts + 1, last_error = ''
    WHERE id = ?)sql";
// After the last attempt the message is given up.
constexpr char kFailed[] = R"sql(
    UPDATE mail_message SET attempts = attempts + 1, last_error = ?, )sql" RM_BACKOFF R"sql(,
           failed_at = IF(attempts >= ?, UTC_TIMESTAMP(6), NULL)
    WHERE id = ?)sql";

// RFC 2047: a header value in UTF-8, whatever it holds (no line break can get through).
std::string EncodedWord(std::string_view text) { return "=?UTF-8?B?" + util::Base64(text) + "?="; }

std::string Wrapped(const std::string& base64) {
  std::string out;
  for (std::size_t i = 0; i < base64.size(); i += 76) out += base64.substr(i, 76) + "\r\n";
  return out;
}

struct Upload {
  std::string data;
  std::size_t offset = 0;
};

size_t Read(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

Wording Composer::Shipped(const std::string& kind, std::string_view lang) const {
  return {messages_.Find(lang, "mail", kind + "_subject").value_or(kind),
          messages_.Find(lang, "mail", kind + "_body").value_or("")};
}

Wording Composer::WordingFor(long long templates_of, const std::string& kind,
                             std::string_view lang) const {
  const std::string language(lang == "ru" ? "ru" : "en");
  if (std::optional<Wording> edited = templates_.Find(templates_of, kind, language)) return *edited;
  return Shipped(kind, language);
}

Mail Composer::Fill(const std::string& kind, const Wording& wording,
                    const std::map<std::string, std::string>& values) {
  Mail mail;
  mail.kind = kind;
  mail.subject = Template::Read(wording.subject).Render(values, Template::Context::kSubject);
  mail.body = Template::Read(wording.body).Render(values, Template::Context::kBody);
  return mail;
}

std::string Composer::PanelUrl(const contacts::Contact& to) const {
  return to.brand_domain.empty() ? config_.panel_url : "https://" + to.brand_domain + "/ispmgr";
}

Mail Composer::ComposeTo(const contacts::Contact& to, const std::string& kind,
                         std::map<std::string, std::string> values) const {
  values["brand"] = to.brand.empty() ? "resellermgr" : to.brand;
  values["panel"] = PanelUrl(to);
  Mail mail = Fill(kind, WordingFor(to.templates_of, kind, to.lang), values);
  mail.recipient = to.email;
  mail.sender_name = to.brand;
  return mail;
}

bool IsAddress(std::string_view address) {
  const auto at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= address.size() || address.size() > 254)
    return false;
  for (char c : address) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' ||
        c == ';' || c == '(' || c == ')' || c == '\\' || c == 0x7f)
      return false;
  }
  return address.find('@', at + 1) == std::string_view::npos;
}

void MySqlMailQueue::EnqueueNothing(const Mail& mail) {
  db::Query(connection_, kInsertNothing, mail.kind, mail.recipient,
            base::Utf8Prefix(mail.sender_name, 255), base::Utf8Prefix(mail.subject, 255), mail.body)
      .executeUpdate();
  connection_.LastInsertId();  // as Enqueue reads the number: the same round trips
}

long long MySqlMailQueue::Enqueue(const Mail& mail) {
  if (!IsAddress(mail.recipient)) return 0;
  db::Query(connection_, kInsert, mail.kind, mail.recipient,
            base::Utf8Prefix(mail.sender_name, 255), base::Utf8Prefix(mail.subject, 255), mail.body)
      .executeUpdate();
  return connection_.LastInsertId();
}

std::string MailQueueDelivery::Send(const Item& item, std::string&) const {
  const long long id = item.id;
  const Mail& mail = item.mail;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return "curl_easy_init failed";
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  Upload upload;
  upload.data =
      "From: " + EncodedWord(mail.sender_name.empty() ? "resellermgr" : mail.sender_name) + " <" +
      config_.smtp_from + ">\r\n" + "To: <" + mail.recipient + ">\r\n" +
      "Subject: " + EncodedWord(mail.subject) + "\r\n" + "Date: " + date + "\r\n" +
      "Message-ID: <" + std::to_string(id) + "." + util::RandomToken().substr(0, 16) +
      "@resellermgr>\r\n" + "X-Resellermgr-Mail: " + mail.kind + "\r\n" + "MIME-Version: 1.0\r\n" +
      "Content-Type: text/plain; charset=utf-8\r\n" + "Content-Transfer-Encoding: base64\r\n\r\n" +
      Wrapped(util::Base64(mail.body));
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + mail.recipient + ">").c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(recipients,
                                                                    &curl_slist_free_all);
  const std::string from = "<" + config_.smtp_from + ">";
  curl_easy_setopt(curl.get(), CURLOPT_URL, config_.smtp_url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, &Read);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(kMailSendSeconds));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  const CURLcode result = curl_easy_perform(curl.get());
  return result == CURLE_OK ? std::string() : curl_easy_strerror(result);
}

std::vector<MailQueueDelivery::Item> MailQueueDelivery::TakeDue(int batch) {
  std::vector<Item> due;
  auto rows = db::Select(db::Query(connection_, kDue, batch));
  constexpr const db::Columns& k = kDueColumns;
  while (rows->next()) {
    due.push_back({rows->getInt64(k["id"]),
                   {rows->getString(k["kind"]), rows->getString(k["recipient"]),
                    rows->getString(k["sender_name"]), rows->getString(k["subject"]),
                    rows->getString(k["body"])}});
  }
  return due;
}

void MailQueueDelivery::Claim(const Item& item, int seconds, const std::string& host) {
  db::Query(connection_, kClaim, seconds, host, item.id).executeUpdate();
}

void MailQueueDelivery::Sent(const Item& item, const std::string&) {
  db::Query(connection_, kSent, item.id).executeUpdate();
}

void MailQueueDelivery::Failed(const Item& item, const std::string& error) {
  db::Query(connection_, kFailed, error, config_.outbox_retry_seconds,
            config_.outbox_max_attempts - 1, item.id)
      .executeUpdate();
}

}  // namespace resellermgr::mail
