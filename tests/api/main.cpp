#define BOOST_TEST_MODULE cabildo_api
#include <boost/test/unit_test.hpp>
