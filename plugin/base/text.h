#pragma once
// Text rules shared by the request parser and the reply builder. Every reply is an XML document in
// UTF-8, so:
// - requests must be well-formed UTF-8 without characters XML 1.0 cannot carry (params.cpp
//   refuses them with a typed error);
// - a reply value that breaks either rule anyway (a row stored before a rule existed, such as an
//   audit row that can never be rewritten) is shown with U+FFFD in place of each bad part
//   (core::Element), so one bad value never makes a whole reply ill-formed;
// - values quoted back in errors are cut on character boundaries (Utf8Prefix).

#include <string>
#include <string_view>
#include <vector>

namespace resellermgr::base {

// Well-formed UTF-8 without NUL: no overlong forms, UTF-16 surrogates or code points past
// U+10FFFF, no truncated sequence.
bool IsValidUtf8(std::string_view text);
// Valid UTF-8 without a character XML 1.0 cannot carry (a C0 control other than tab, LF and
// CR, or U+FFFE / U+FFFF): text XML can carry as it stands.
bool IsXmlText(std::string_view text);
// IsXmlText without DEL and the C1 controls (U+0080..U+009F) either: what a request parameter
// may hold.
bool IsInputText(std::string_view text);
// `text` with each byte that is not part of a valid UTF-8 character, and each character XML
// cannot carry, replaced by U+FFFD.
std::string ToXmlText(std::string_view text);
// The longest prefix of `text` of at most `max_bytes` that does not split a UTF-8 character.
std::string Utf8Prefix(std::string_view text, std::size_t max_bytes);
// The number of characters in UTF-8 `text` (what a form's maxlength counts).
std::size_t Utf8Length(std::string_view text);

// The parts of a list kept as text ("a,b,c" -> {"a", "b", "c"}; "" -> {}), as the stores keep
// denied groups, the su stack and a list's limits ("limit_quota=1024,limit_ssl=1"). Empty parts
// name nothing and are dropped wherever they are ("a,,b," -> {"a", "b"}; the fuzz run found
// that a trailing one was dropped and one before it kept).
std::vector<std::string_view> SplitList(std::string_view text, char separator = ',');

// The names of a group elid ("a, b,c" -> {"a", "b", "c"}), taken exactly: only the space of a
// ", " separator is dropped, and empty parts stay (for the caller to refuse).
std::vector<std::string> SplitNames(std::string_view text);

// `text` percent-encoded for a URL's query or path: every byte but RFC 3986's unreserved
// characters (ASCII letters and digits, '-', '.', '_', '~') as %XX.
std::string PercentEncode(std::string_view text);

// `text` with its ASCII letters in lower case (host names, account names, hex digits); other
// bytes, UTF-8 included, as they are.
std::string AsciiLower(std::string_view text);

// `text` with every `marker` replaced by `value` (message placeholders such as __value__).
std::string ReplaceAll(std::string text, std::string_view marker, std::string_view value);

// Whether `name` can be an element name as it stands, for any parser (namespace-aware ones too):
// an ASCII letter or '_', then letters, digits, '_', '-' and '.'. Request parameters are echoed
// in <tparams> as elements, and only under such names: a client may send any name at all.
bool IsPlainXmlName(std::string_view name);

}  // namespace resellermgr::base
