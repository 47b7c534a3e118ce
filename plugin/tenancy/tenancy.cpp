#include "tenancy/tenancy.h"

#include <charconv>
#include <stdexcept>

namespace resellermgr::tenancy {

int Depth(std::string_view tree_path) {
  int slashes = 0;
  for (char c : tree_path) slashes += c == '/';
  return slashes < 2 ? 0 : slashes - 2;
}

int Scope::depth() const { return Depth(path); }

std::string SubtreePattern(const std::string& tree_path) {
  if (tree_path.size() < 3 || tree_path.front() != '/' || tree_path.back() != '/')
    throw std::logic_error("an account without a tree path");
  return tree_path + "_%";
}

std::string SubtreePatternOrNone(const std::string& tree_path) {
  return tree_path.empty() ? std::string("-") : SubtreePattern(tree_path);
}

std::vector<long long> PathIds(std::string_view tree_path) {
  std::vector<long long> ids;
  std::size_t start = 0;
  while (start < tree_path.size()) {
    const std::size_t slash = tree_path.find('/', start);
    const std::string_view part = tree_path.substr(start, slash - start);
    long long id = 0;
    if (!part.empty() &&
        std::from_chars(part.data(), part.data() + part.size(), id).ec == std::errc())
      ids.push_back(id);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return ids;
}

}  // namespace resellermgr::tenancy
