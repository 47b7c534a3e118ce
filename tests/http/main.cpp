#define BOOST_TEST_MODULE resellermgr_http
#include <boost/test/unit_test.hpp>
