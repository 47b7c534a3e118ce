#include "util/totp.h"

#include <liboath/oath.h>
#include <openssl/evp.h>
#include <qrencode.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "base/text.h"
#include "util/crypto.h"

namespace resellermgr::util {
namespace {

constexpr unsigned kStepSeconds = 30;
constexpr unsigned kDigits = 6;
constexpr std::size_t kWindow = 1;

void InitOath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath failed to initialise");
  });
}

}  // namespace

std::string NewTotpSecret() { return RandomBytes(20); }

std::string Base32(std::string_view bytes) {
  InitOath();
  char* out = nullptr;
  std::size_t length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &out, &length) != OATH_OK)
    throw std::runtime_error("base32 encoding failed");
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  std::string encoded(out, length);
  encoded.erase(std::remove(encoded.begin(), encoded.end(), '='), encoded.end());
  return encoded;
}

std::optional<std::uint64_t> MatchTotp(std::string_view secret, std::string_view code,
                                       std::int64_t now) {
  if (code.size() != kDigits ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  InitOath();
  const std::string otp(code);
  std::uint64_t counter = 0;
  int position = 0;
  const int result =
      oath_totp_validate3(secret.data(), secret.size(), static_cast<time_t>(now), kStepSeconds,
                          OATH_TOTP_DEFAULT_START_TIME, kWindow, &position, &counter, otp.c_str());
  if (result < 0) return std::nullopt;
  return counter;
}

std::string TotpCode(std::string_view secret, std::int64_t now) {
  InitOath();
  char otp[kDigits + 1] = {};
  if (oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(now), kStepSeconds,
                         OATH_TOTP_DEFAULT_START_TIME, kDigits, otp) != OATH_OK)
    throw std::runtime_error("TOTP generation failed");
  return otp;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  return "otpauth://totp/" + base::PercentEncode(issuer) + ":" + base::PercentEncode(account) +
         "?secret=" + Base32(secret) + "&issuer=" + base::PercentEncode(issuer) +
         "&algorithm=SHA1&digits=6&period=30";
}

std::string QrDataUri(std::string_view text) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) throw std::runtime_error("QR encoding failed");
  const int width = code->width;
  constexpr int kMargin = 4;
  const int size = width + 2 * kMargin;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if (code->data[y * width + x] & 1) {
        svg += "M" + std::to_string(x + kMargin) + " " + std::to_string(y + kMargin) + "h1v1h-1z";
      }
    }
  }
  svg += "\"/></svg>";
  return "data:image/svg+xml;base64," + Base64(svg);
}

}  // namespace resellermgr::util
