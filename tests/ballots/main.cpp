#define BOOST_TEST_MODULE cabildo_ballots
#include <boost/test/unit_test.hpp>
