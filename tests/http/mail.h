#pragma once
// Mail as the tests' SMTP server on loopback received it (tests/support/smtp_sink.py writes each
// message to $SMTP_DIR as NNNNNN.eml): the envelope recipient, the decoded headers and body.

#include <openssl/evp.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/http_fixture.h"

namespace resellermgr::testing {

inline std::string Decode64(const std::string& text) {
  std::string out(text.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '\0' && text.ends_with("=")) out.pop_back();
  return out;
}

// "=?UTF-8?B?...?=" -> the text.
inline std::string Unword(const std::string& header) {
  const auto start = header.find("=?UTF-8?B?");
  if (start == std::string::npos) return header;
  const auto end = header.find("?=", start + 10);
  return header.substr(0, start) + Decode64(header.substr(start + 10, end - start - 10)) +
         header.substr(end + 2);
}

struct Received {
  std::string to, from, subject, body, kind, message_id;
};

// Every message the loopback SMTP server has taken so far.
inline std::vector<Received> Inbox() {
  std::vector<Received> mails;
  std::set<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(TestEnv("SMTP_DIR")))
    if (entry.path().extension() == ".eml") files.insert(entry.path());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string line, body64;
    Received mail;
    bool in_body = false;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (in_body) {
        body64 += line;
      } else if (line.empty()) {
        in_body = true;
      } else if (line.starts_with("X-Envelope-To: ")) {
        mail.to = line.substr(15);
      } else if (line.starts_with("From: ")) {
        mail.from = Unword(line.substr(6));
      } else if (line.starts_with("Subject: ")) {
        mail.subject = Unword(line.substr(9));
      } else if (line.starts_with("X-Resellermgr-Mail: ")) {
        mail.kind = line.substr(20);
      } else if (line.starts_with("Message-ID: ")) {
        mail.message_id = line.substr(12);
      }
    }
    mail.body = Decode64(body64);
    mails.push_back(mail);
  }
  return mails;
}

// The messages to `to` whose subject has `part`, waiting up to 15 s for at least `count`.
inline std::vector<Received> MailTo(const std::string& to, const std::string& part,
                                    std::size_t count = 1) {
  std::vector<Received> found;
  for (int i = 0; i < 150; ++i) {
    found.clear();
    for (const Received& mail : Inbox())
      if (mail.to == to && mail.subject.find(part) != std::string::npos) found.push_back(mail);
    if (found.size() >= count) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return found;
}

}  // namespace resellermgr::testing
