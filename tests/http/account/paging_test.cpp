// Deep pages (issue 14, item 3): the admin's whole lists remember where their pages begin and
// seek there (account/page_places.h). Whatever a worker remembers, every page must be exactly
// the slice of the whole list that p_num and p_cnt name, before and after the order changes
// through the API or behind it (SQL written straight into the database).

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "http/api.h"
#include "support/test_env.h"

namespace resellermgr::testing {
namespace {

constexpr int kPageSize = 3;

std::vector<std::string> Names(const pugi::xml_document& page) {
  std::vector<std::string> names;
  for (pugi::xml_node row : page.child("doc").children("elem"))
    names.push_back(row.child_value("name"));
  return names;
}

struct Order {
  const char* query;  // the list's parameters
  const char* sql;    // the same order, read from the database itself
};
const Order kOrders[] = {
    {"p_sort=name", "name, id"},
    {"p_sort=name&p_order=desc", "name DESC, id DESC"},
    {"p_sort=users", "users_count, id"},
    {"p_sort=users&p_order=desc", "users_count DESC, id DESC"},
};

// Every reseller in `order`, straight from the database: the reference no page read disturbs.
std::vector<std::string> AllInOrder(const Order& order) {
  auto db = ConnectAsTestSuperuser(TestEnv("DB_NAME"));
  std::unique_ptr<sql::Statement> statement(db->createStatement());
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
      std::string("SELECT name FROM account WHERE level = 24 AND deleted_at IS NULL ORDER BY ") +
      order.sql));
  std::vector<std::string> names;
  while (rows->next()) names.push_back(rows->getString(1));
  return names;
}

// Each page, last to first and back, four times over so that each of the stack's workers uses
// places it remembered before the order last changed (a first page remembers anew).
void RequirePagesAreSlices(const Order& order) {
  const std::vector<std::string> all = AllInOrder(order);
  BOOST_REQUIRE_GT(all.size(), 4u * kPageSize);
  const int pages = static_cast<int>((all.size() + kPageSize - 1) / kPageSize);
  std::vector<int> walk;
  for (int round = 0; round < 4; ++round) {
    for (int p = pages + 1; p >= 1; --p) walk.push_back(p);  // one past the end too
    for (int p = 2; p <= pages; ++p) walk.push_back(p);
  }
  for (int p : walk) {
    const pugi::xml_document page = As::Admin().Call(
        "reseller", std::string(order.query) + "&p_cnt=" + std::to_string(kPageSize) +
                        "&p_num=" + std::to_string(p));
    const std::size_t first = std::min(all.size(), static_cast<std::size_t>(p - 1) * kPageSize);
    const std::vector<std::string> want(all.begin() + first,
                                        all.begin() + std::min(all.size(), first + kPageSize));
    BOOST_TEST(Names(page) == want, order.query << " page " << p);
    BOOST_TEST(page.child("doc").child_value("p_elems") == std::to_string(all.size()));
  }
}

void RequireAllOrders() {
  for (const Order& order : kOrders) RequirePagesAreSlices(order);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(paging)

BOOST_AUTO_TEST_CASE(every_page_is_the_slice_it_names_while_the_order_changes) {
  std::vector<std::string> resellers;
  for (int i = 0; i < 14; ++i) {
    resellers.push_back(Unique("pg"));
    MakeReseller(resellers.back());
  }
  RequireAllOrders();

  // A new reseller that sorts before the others by name, and users that move one up the users
  // order.
  MakeReseller("a" + Unique("pg"));
  const std::string busy = Unique("pg");
  MakeReseller(busy);
  std::vector<std::string> busy_users;
  for (int i = 0; i < 3; ++i) {
    busy_users.push_back(Unique("pgu"));
    MakeUser(As::Login(busy, kPassword), busy_users.back());
  }
  RequireAllOrders();

  // A reseller deleted.
  const std::string gone = Unique("pg");
  MakeReseller(gone);
  RequireAllOrders();
  BOOST_TEST(IsOk(As::Admin().Call("reseller.delete", "elid=" + gone)));
  RequireAllOrders();

  // Users moved to one of the first resellers: two owners' counts change, and with them the
  // users order, where every row after that reseller moves up a place (no trigger watches
  // account updates since sql/050; the move says so itself).
  for (int i = 0; i < 2; ++i) {
    BOOST_TEST_REQUIRE(IsOk(As::Admin().Call(
        "user.move", "sok=ok&elid=" + busy_users[i] + "&owner=" + resellers.front())));
  }
  RequireAllOrders();
}

// Issue 26: a reseller without sub-resellers pages its users off its own indexes (by name, disk
// and traffic use, status) with the count it keeps; one with a sub-reseller pages its whole
// subtree.
// Both give the same slices in every such order and both directions, and the same total the rows
// add up to.
BOOST_AUTO_TEST_CASE(a_reseller_s_user_pages_are_the_same_with_a_sub_reseller_below_or_not) {
  const std::string r = Unique("pgr");
  MakeReseller(r, "limit_users=50&limit_quota=5000&may_resell=on");
  const As reseller = As::Login(r, kPassword);
  // Each user's disk and traffic use, distinct and in orders of their own (not the names').
  std::map<std::string, std::pair<int, int>> usage;
  std::map<std::string, int> created;  // the order they were made in: their ids' order
  std::set<std::string> suspended;
  const auto make_user = [&](const As& owner, const std::string& name) {
    MakeUser(owner, name);
    const int n = static_cast<int>(usage.size());
    created[name] = n;
    usage[name] = {100 + (n * 7) % 17, 50 + (n * 11) % 17};
    BOOST_REQUIRE(IsOk(As::Admin().Call(
        "usage.report", "elid=" + name + "&quota_used=" + std::to_string(usage[name].first) +
                            "&traff_used=" + std::to_string(usage[name].second))));
  };
  std::vector<std::string> users;
  for (int i = 0; i < 13; ++i) {
    users.push_back(Unique("pgu"));
    make_user(reseller, users.back());
  }
  for (int i : {1, 4, 7, 12}) {
    BOOST_REQUIRE(IsOk(reseller.Call("user.suspend", "elid=" + users[i])));
    suspended.insert(users[i]);
  }
  const auto check = [&](std::vector<std::string> expected) {
    for (const std::string sort : {"name", "quota", "traffic", "active"}) {
      std::sort(expected.begin(), expected.end(), [&](const std::string& a, const std::string& b) {
        if (sort == "quota") return usage[a].first < usage[b].first;
        if (sort == "traffic") return usage[a].second < usage[b].second;
        if (sort == "active")  // active first, then suspended; each in the order they were made
          return std::pair(suspended.count(a), created[a]) <
                 std::pair(suspended.count(b), created[b]);
        return a < b;
      });
      for (const char* order : {"asc", "desc"}) {
        if (std::string(order) == "desc") std::reverse(expected.begin(), expected.end());
        std::vector<std::string> all;
        for (int page = 1; page <= 4; ++page) {
          const pugi::xml_document doc =
              reseller.Call("user", "p_cnt=5&p_sort=" + sort + "&p_order=" + order +
                                        "&p_num=" + std::to_string(page));
          BOOST_REQUIRE_MESSAGE(!ErrorOf(doc), ErrorOf(doc).child_value("msg"));
          BOOST_TEST(doc.child("doc").child_value("p_elems") == std::to_string(expected.size()));
          for (const std::string& name : Names(doc)) all.push_back(name);
        }
        BOOST_TEST(all == expected, sort << " " << order);
      }
    }
  };
  check(users);
  // A sub-reseller with two users of its own: the reseller's list is its whole subtree.
  const std::string s = Unique("pgs");
  BOOST_REQUIRE(
      IsOk(reseller.Call("reseller.edit", "sok=ok&name=" + s + "&passwd=" + std::string(kPassword) +
                                              "&limit_quota=100")));
  std::vector<std::string> subtree = users;
  for (int i = 0; i < 2; ++i) {
    subtree.push_back(Unique("pgv"));
    make_user(As::Login(s, kPassword), subtree.back());
  }
  check(subtree);
  // One user gone: both ways count it out.
  BOOST_TEST(IsOk(reseller.Call("user.delete", "elid=" + users.front())));
  subtree.erase(subtree.begin());
  check(subtree);
  BOOST_TEST(IsOk(reseller.Call("reseller.delete", "elid=" + s + "&cascade=on")));
  users.erase(users.begin());
  check(users);
}

// Issue 26: a deep page of a reseller's own users (from row 200 on) takes its ids off the order's
// index alone; its own client account (which sorts before every user here) is never one of them.
BOOST_AUTO_TEST_CASE(a_reseller_s_deep_user_pages_are_the_same_slices) {
  const std::string r = Unique("pgdr");
  MakeReseller(r, "limit_users=300&email=" + r + "%40own.test&company=Deep%20Co");
  const As reseller = As::Login(r, kPassword);
  BOOST_TEST_REQUIRE(static_cast<bool>(reseller.Call("user", "elid=" + r + "-own")
                                           .child("doc")
                                           .child("elem")));  // it has an own client account
  std::vector<std::string> users;  // in the order they were made: their ids' order
  for (int i = 0; i < 212; ++i) {
    users.push_back(Unique("pgdu"));
    MakeUser(reseller, users.back());
  }
  std::vector<std::string> by_name = users;
  std::sort(by_name.begin(), by_name.end());
  // By quota, all at zero: the ids' order.
  for (const auto& [sort, ascending] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{{"name", by_name},
                                                                     {"quota", users}}) {
    for (const char* order : {"asc", "desc"}) {
      std::vector<std::string> expected = ascending;
      if (std::string(order) == "desc") std::reverse(expected.begin(), expected.end());
      const std::string query = "p_sort=" + sort + "&p_order=" + order;
      std::vector<std::string> all;
      for (int page = 1; page <= 5; ++page) {
        const pugi::xml_document doc =
            reseller.Call("user", query + "&p_cnt=50&p_num=" + std::to_string(page));
        BOOST_REQUIRE_MESSAGE(!ErrorOf(doc), ErrorOf(doc).child_value("msg"));
        BOOST_TEST(doc.child("doc").child_value("p_elems") == std::string("212"));
        for (const std::string& name : Names(doc)) all.push_back(name);
      }
      BOOST_TEST(all == expected, query);
      const pugi::xml_document deep = reseller.Call("user", query + "&p_cnt=7&p_num=30");
      BOOST_TEST(
          Names(deep) == std::vector<std::string>(expected.begin() + 203, expected.begin() + 210),
          query << " rows 204-210");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace resellermgr::testing
