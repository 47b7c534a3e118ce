#pragma once
// What a caller may do, computed once when it is identified (DESIGN.md "Permissions"): the
// login's permission group (staff), the token's scope (API tokens) and the address ranges the
// company, the login and the token are locked to. The dispatcher's permission stage asks
// Permissions::Allows; reseller.access (modules per account) is checked beside it.
//
// A right is "area:action". Areas are the function groups the registry assigns (users,
// resellers, ...); actions say what a function does to them.

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace resellermgr::core {

enum class Action { kRead, kEdit, kSuspend, kDelete };

inline constexpr const char* kActionNames[] = {"read", "edit", "suspend", "delete"};

// The right areas are the function groups modules declare (core/module.h), numbered in the order
// the modules register them, before any worker starts; read-only afterwards. Registering a name
// again changes nothing. per_account: reseller.access can deny the group to one account.
void RegisterRightArea(std::string_view name, bool per_account = false);
const std::vector<std::string>& RightAreas();
// The areas reseller.access shows for an account, in registration order.
const std::vector<std::string>& PerAccountAreas();

// A set of rights, kept as bits (area number x action), as many words as there are areas.
class Rights {
 public:
  Rights() = default;
  static Rights All();
  // "users:read,users:edit" in any order, white space around items ignored; "area:*" is every
  // action of the area. nullopt for an unknown area or action.
  static std::optional<Rights> Parse(std::string_view csv);

  bool Has(std::string_view area, Action action) const;
  void Add(std::string_view area, Action action);
  bool Covers(const Rights& other) const;
  Rights Intersect(const Rights& other) const;
  Rights ReadOnly() const;  // the read rights only
  bool empty() const { return bits_.empty(); }
  // Canonical form: areas and actions in declaration order, comma-separated.
  std::string ToString() const;
  bool operator==(const Rights&) const = default;

 private:
  bool Bit(std::size_t bit) const;
  void SetBit(std::size_t bit);
  std::vector<std::uint64_t> bits_;  // no trailing zero words: equal sets compare equal
};

struct Permissions {
  // An owner login holds every right its account has: groups restrict staff, not owners.
  bool owner = true;
  Rights group;  // a staff login's group (empty without one: default deny)
  // Set when the caller came with an API token: what the token may do, on top of the login.
  std::optional<Rights> token;
  std::string token_name;
  // Address locks, normalised lists (core/ip_list.h); empty: any address.
  std::string company_ips, login_ips, token_ips;

  // Whether the caller may do `action` on `area`.
  bool Allows(std::string_view area, Action action) const;
  // Every right the caller holds (what it may grant to others).
  Rights Held() const;
  // An owner acting with its own password or session (not through a token): the only caller
  // that may change an owner login.
  bool FullOwner() const { return owner && !token; }
};

}  // namespace resellermgr::core
