#pragma once
// Characters XML 1.0 cannot carry: C0 controls other than tab, LF and CR, and U+FFFE / U+FFFF.
// Every reply is an XML document, so requests holding one are refused (params.cpp), and a value
// that holds one anyway (stored before that rule, such as an old audit row) is shown with U+FFFD
// in its place (reply.cpp): one bad value never makes a whole reply ill-formed.

#include <string>
#include <string_view>

namespace resellermgr::core {

bool HasNonXmlCharacters(std::string_view text);
// `text` with each such character replaced by U+FFFD.
std::string ReplaceNonXmlCharacters(std::string_view text);

// Whether `name` can be an element name as it stands, for any parser (namespace-aware ones too):
// an ASCII letter or '_', then letters, digits, '_', '-' and '.'. Request parameters are echoed
// in <tparams> as elements, and only under such names: a client may send any name at all.
bool IsPlainXmlName(std::string_view name);

}  // namespace resellermgr::core
