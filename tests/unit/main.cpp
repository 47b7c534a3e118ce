#define BOOST_TEST_MODULE resellermgr_unit
#include <boost/test/unit_test.hpp>
