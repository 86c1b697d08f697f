#pragma once
// `cabildo migrate --from data/cabildo.db --to postgresql://...`: a city's SQLite database copied
// into an empty PostgreSQL one, then checked: every table's rows counted on both sides, every
// challenge counted again on both sides and the two results documents compared byte for byte.
// Prints what it moved; exit 0 when every check holds, 1 when one does not, 2 when it refused.

#include <ostream>
#include <string>

namespace cabildo::app {

struct migrate_options {
    std::string from; // the SQLite file
    std::string to;   // a postgresql:// URI (or CABILDO_DB)
};

int run_migrate(const migrate_options& opts, std::ostream& out, std::ostream& err);

} // namespace cabildo::app
