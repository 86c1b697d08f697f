#define BOOST_TEST_MODULE cabildo_app
#include <boost/test/unit_test.hpp>
