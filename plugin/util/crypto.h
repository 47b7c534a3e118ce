#pragma once
// Cryptographic helpers over OpenSSL and libxcrypt. All functions are thread-safe.

#include <string>
#include <string_view>

namespace resellermgr::util {

// `bytes` bytes from OpenSSL's CSPRNG; throws std::runtime_error if it fails.
std::string RandomBytes(std::size_t bytes);
// 256-bit random token as 64 lowercase hex characters (session ids, CSRF tokens).
std::string RandomToken();

std::string Sha256(std::string_view data);     // 32 raw bytes
std::string Sha256Hex(std::string_view data);  // the same as 64 lower-case hex digits
std::string HmacSha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string HexEncode(std::string_view bytes);
std::string Base64(std::string_view bytes);  // standard alphabet, padded, one line
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// A new yescrypt hash ("$y$...") of `password` with a random salt. Throws on failure.
std::string HashPassword(std::string_view password);
// Verifies against any hash libxcrypt knows: yescrypt, bcrypt ($2y$/$2b$), sha512-crypt ($6$), ...
// Returns false for a malformed hash.
bool VerifyPassword(std::string_view password, const std::string& hash);
// A valid hash of nothing anyone knows, to spend the same time when a login does not exist.
const std::string& DummyPasswordHash();

}  // namespace resellermgr::util
