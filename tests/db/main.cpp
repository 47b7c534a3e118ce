#define BOOST_TEST_MODULE resellermgr_db
#include <boost/test/unit_test.hpp>
