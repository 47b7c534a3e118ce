// FastCGI from the web server's socket, read the way a worker reads it: core/fcgi_records.h
// takes the records as they arrive, in pieces of any size, core/fcgi_request.h the CGI
// parameters and the body, and core/request.h builds the request (parameters, cookies, host,
// origin, bearer token).
//
// The first byte picks the input's form. Even: the rest is the raw byte stream, anything at all
// (corpus/fcgi/libfcgi-* crashed libfcgi's reader). Odd: the rest is split at 0x00
// bytes into a control part (record size, padding, keep-connection, a GET_VALUES record first),
// then names and values in turn, an unpaired last part being the body, and framed as nginx
// frames a request: so the content clients control reaches the request builder. Properties: a
// body never passes the limit; a framed request always comes out whole, once; a request built
// has only valid UTF-8 parameters.

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/errors.h"
#include "base/text.h"
#include "core/fcgi_records.h"
#include "core/fcgi_request.h"
#include "core/request.h"
#include "fuzz/fuzz.h"
#include "support/fcgi_wire.h"

namespace {

constexpr std::size_t kMaxBody = 16384;
constexpr std::size_t kMaxInput = 32768;  // the stream stays well inside a socket pair's buffer

// A record of the request (id 1), as tests/support/fcgi_wire.h frames it.
void Record(std::string& out, unsigned type, std::string_view content, unsigned padding) {
  out += resellermgr::testing::FcgiRecord(type, 1, std::string(content), padding);
}

// `content` as records of at most `size` bytes, then the empty record that ends the stream.
void Stream(std::string& out, unsigned type, std::string_view content, std::size_t size,
            unsigned padding) {
  for (std::size_t at = 0; at < content.size(); at += size)
    Record(out, type, content.substr(at, size), padding);
  Record(out, type, "", 0);
}

// The byte stream nginx would send for the parts of `input`.
std::string Frame(std::string_view input) {
  std::vector<std::string_view> parts;
  for (std::size_t at = 0;;) {
    const std::size_t end = input.find('\0', at);
    parts.push_back(input.substr(at, end == std::string_view::npos ? end : end - at));
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  const std::string_view control = parts.front();
  const auto at = [&control](std::size_t i) {
    return i < control.size() ? static_cast<unsigned char>(control[i]) : 0u;
  };
  const std::size_t size = at(0) == 0 ? 65535 : at(0);
  const unsigned padding = at(1) % 8, flags = at(2);
  std::string pairs;
  std::size_t i = 1;
  for (; i + 1 < parts.size(); i += 2) {
    pairs += resellermgr::testing::FcgiPair(std::string(parts[i]), std::string(parts[i + 1]));
  }
  const std::string_view body = i < parts.size() ? parts[i] : std::string_view();

  std::string out;
  if (flags & 2) Record(out, 9, "\x0e\x00FCGI_MAX_CONNS", 2);  // nginx never asks, others may
  Record(out, 1, std::string("\0\1", 2) + static_cast<char>(flags & 1) + std::string(5, '\0'), 0);
  Stream(out, 4, pairs, size, padding);
  Stream(out, 5, body, size, padding);
  return out;
}

void Build(const resellermgr::core::RawRequest& raw) {
  resellermgr::core::ParamLimits limits;
  limits.max_params = 64;
  limits.max_field_bytes = 4096;
  limits.max_file_bytes = 8192;
  try {
    const resellermgr::core::Request request = resellermgr::core::Request::Parse(raw, limits);
    for (const auto& [name, value] : request.params()) {
      FUZZ_CHECK(resellermgr::base::IsValidUtf8(name));
      FUZZ_CHECK(resellermgr::base::IsValidUtf8(value));
    }
    (void)request.BearerToken();
    (void)request.CrossSite();
    (void)request.out();
  } catch (const resellermgr::base::PluginError&) {
    // refused with a typed error: what the server answers
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0 || size > kMaxInput) return 0;
  const bool framed = (data[0] & 1) != 0;
  const std::string_view rest = AsText(data + 1, size - 1);
  const std::string stream = framed ? Frame(rest) : std::string(rest);

  resellermgr::core::fcgi::Limits limits;
  limits.max_body_bytes = kMaxBody;
  resellermgr::core::fcgi::RecordReader reader(limits);
  // Arrives in pieces whose sizes the input's own bytes pick.
  int requests = 0;
  bool broken = false;
  for (std::size_t at = 0, piece = 0; at < stream.size() && !broken; ++piece) {
    const std::size_t length = std::min<std::size_t>(
        stream.size() - at, 1 + static_cast<unsigned char>(stream[piece % stream.size()]) * 7);
    reader.Append(std::string_view(stream).substr(at, length));
    at += length;
    for (;;) {
      const auto step = reader.Next();
      reader.replies().clear();
      if (step == resellermgr::core::fcgi::RecordReader::Step::kBroken) broken = true;
      if (step != resellermgr::core::fcgi::RecordReader::Step::kRequest) break;
      ++requests;
      resellermgr::core::FcgiRead read =
          resellermgr::core::ReadFcgiRequest(reader.request(), kMaxBody);
      if (read.refused == nullptr) {
        FUZZ_CHECK(read.raw.body.size() <= kMaxBody);
        Build(read.raw);
      }
    }
  }
  if (framed) FUZZ_CHECK(!broken && requests == 1 && reader.idle());
  return 0;
}
