#define BOOST_TEST_MODULE cabildo_engine
#include <boost/test/unit_test.hpp>
