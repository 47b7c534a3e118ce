#pragma once
// Where pages of a list begin, remembered by one worker (issue 14, item 3: deep pages cost what
// a first page costs). A place is the sort value and id of the row at an offset of one list
// order; a page at or after a remembered offset is read by seeking to that row in the sort
// index and skipping only the rows between, instead of every row before the page.
//
// A place holds only while the list's order is the same: each is kept with the stamp the list
// had when it was read (account_list_stamp, sql/029), and the statement that uses it reads the
// stamp again; a page read under another stamp is read again from the start. Bounded: a few
// orders of a few lists, at most kMaxPlaces places each. Not thread-safe (one per worker).

#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace resellermgr::account {

struct PagePlace {
  long long offset = 0;          // rows before it in the order
  std::string value;             // its sort column's value (a number as decimal text)
  long long id = 0;              // the tie-break, as the order uses it
  unsigned long long stamp = 0;  // the list's stamp when it was read
};

class PagePlaces {
 public:
  static constexpr std::size_t kMaxPlaces = 1024;

  // The nearest remembered place at or before `offset` in `order`, if any.
  std::optional<PagePlace> AtOrBefore(const std::string& order, long long offset) const;
  // Remembers `place`; a new stamp forgets the order's places read under the old one.
  void Remember(const std::string& order, const PagePlace& place);
  // The order changed under its places (a seek met another stamp): forget them.
  void Forget(const std::string& order) { orders_.erase(order); }

 private:
  struct Order {
    unsigned long long stamp = 0;
    std::map<long long, PagePlace> places;  // by offset
  };
  std::map<std::string, Order> orders_;
};

}  // namespace resellermgr::account
