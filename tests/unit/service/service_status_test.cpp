#include "service/service_status.h"

#include <boost/test/unit_test.hpp>

using namespace resellermgr;

BOOST_AUTO_TEST_SUITE(service_status)

BOOST_AUTO_TEST_CASE(service_statuses_move_along_their_table_only) {
  using service::Status;
  // Every name reads back as itself; an unknown one is none.
  for (std::string_view name : service::kStatusNames)
    BOOST_TEST(service::StatusName(*service::ParseStatus(name)) == name);
  BOOST_TEST(!service::ParseStatus("running").has_value());
  // API.md's table (client.service.status), in full.
  const std::vector<std::pair<Status, std::vector<Status>>> table = {
      {Status::kNew, {Status::kTrial, Status::kActivating, Status::kActive, Status::kDeleted}},
      {Status::kTrial, {Status::kTrialEnd, Status::kActive, Status::kPaused, Status::kDeleted}},
      {Status::kTrialEnd, {Status::kActivating, Status::kActive, Status::kDeleted}},
      {Status::kActivating, {Status::kActive, Status::kNew, Status::kDeleted}},
      {Status::kActive, {Status::kPaused, Status::kDeleted}},
      {Status::kPaused, {Status::kActive, Status::kDeleted}},
      {Status::kDeleted, {Status::kNew}}};
  int allowed = 0;
  for (const auto& [from, tos] : table) {
    for (std::string_view to_name : service::kStatusNames) {
      const Status to = *service::ParseStatus(to_name);
      const bool listed = std::find(tos.begin(), tos.end(), to) != tos.end();
      BOOST_TEST(service::MayMove(from, to) == listed, service::StatusName(from)
                                                           << " -> " << to_name);
      allowed += listed;
    }
    BOOST_TEST(!service::MayMove(from, from));
  }
  BOOST_TEST(allowed == 19);
  BOOST_TEST(service::InUse(Status::kActive));
  BOOST_TEST(service::InUse(Status::kTrial));
  BOOST_TEST(!service::InUse(Status::kPaused));
}

BOOST_AUTO_TEST_SUITE_END()
