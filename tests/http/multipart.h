#pragma once
// A multipart/form-data POST to /ispmgr, as a browser sends a form with files.

#include <string>
#include <vector>

#include "http/api.h"
#include "http/http_fixture.h"

namespace resellermgr::testing {

struct Part {
  std::string name, value, filename, type;
};

inline HttpResponse PostMultipart(const std::vector<Part>& parts) {
  const std::string boundary = "----rmtest" + Unique("b");
  std::string body;
  for (const Part& part : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
    if (!part.filename.empty()) body += "; filename=\"" + part.filename + "\"";
    body += "\r\n";
    if (!part.type.empty()) body += "Content-Type: " + part.type + "\r\n";
    body += "\r\n" + part.value + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  HttpOptions options;
  options.content_type = "multipart/form-data; boundary=" + boundary;
  return HttpPost(TestEnv("BASE_URL") + "/ispmgr", body, options);
}

}  // namespace resellermgr::testing
