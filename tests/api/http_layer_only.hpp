#pragma once
// What the HTTP layer alone decides (framing, limits, caching headers, TLS, static files) is the
// same on either storage backend: those suites run once, in the SQLite run, and the PostgreSQL run
// (CABILDO_TEST_BACKEND=postgresql) skips them, which saves `make test` about half a minute.

#include "tests/support/postgresql_server.hpp"

#include <boost/test/unit_test.hpp>

namespace cabildo::test {

inline boost::test_tools::assertion_result http_layer_only(boost::unit_test::test_unit_id)
{
    boost::test_tools::assertion_result r(!testing_postgresql());
    r.message() << "the HTTP layer alone, the same on either backend (the SQLite run)";
    return r;
}

} // namespace cabildo::test
