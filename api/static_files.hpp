#pragma once
// The web app's files, read into memory at start so serving them never touches the disk from an
// io thread. Only files found under the root at start are served: no path from a request is ever
// joined to the filesystem, so traversal has nothing to reach.
//
// What the build (scripts/build-web.mjs) lays out and this class relies on:
// - assets/ holds only files named by their content's hash: a browser may keep them a year
//   (`immutable`); everything else is revalidated (`no-cache`) so a new build shows at once;
// - `x.gz` beside `x` is x gzipped: sent instead of x to a client that accepts gzip;
// - index.html is the single page: a GET for a path that names no file and whose last segment has
//   no dot (`/hermosillo/presupuesto/vote`) is answered with it, so the app's addresses can be
//   bookmarked and shared; a missing file (`/app.js`) is still 404.

#include "api/http_types.hpp"

#include <filesystem>
#include <string>
#include <unordered_map>

namespace cabildo::api {

class static_files {
public:
    static_files() = default;
    explicit static_files(const std::filesystem::path& root);

    // `path` is the decoded URL path, e.g. "/" or "/app.js"; `gzip` whether the client accepts it.
    std::optional<response> get(std::string_view path, bool head, bool gzip = false) const;
    std::size_t size() const { return files_.size(); }

private:
    struct file {
        std::string body;
        std::string gzipped; // empty when the build wrote no smaller .gz
        std::string content_type;
        bool immutable = false;
    };
    const file* find(std::string_view path) const;
    std::unordered_map<std::string, file> files_;
};

// Whether an Accept-Encoding header value accepts gzip (named, or *, without q=0).
bool accepts_gzip(std::string_view accept_encoding);

} // namespace cabildo::api
