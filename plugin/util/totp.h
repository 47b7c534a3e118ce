#pragma once
// TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits, what authenticator apps use) through
// liboath, and its enrolment QR code through libqrencode.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace resellermgr::util {

// 20 random bytes (160 bits, RFC 4226's recommendation).
std::string NewTotpSecret();
// RFC 4648 base32 without padding, as authenticator apps take a secret.
std::string Base32(std::string_view bytes);
// The time step `code` matches for `secret` at `now` (one step of clock drift either way), or
// nullopt; a code that is not six digits never matches.
std::optional<std::uint64_t> MatchTotp(std::string_view secret, std::string_view code,
                                       std::int64_t now);
// The current code (for tests and resellerctl).
std::string TotpCode(std::string_view secret, std::int64_t now);
// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER (Key Uri Format).
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view secret);
// `text` as a QR code: an SVG image in a data: URI, for an <img>.
std::string QrDataUri(std::string_view text);

}  // namespace resellermgr::util
