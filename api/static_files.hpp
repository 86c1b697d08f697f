#pragma once
// The web app's files, read into memory at start so serving them never touches the disk from an
// io thread. Only files found under the root at start are served: no path from a request is ever
// joined to the filesystem, so traversal has nothing to reach.

#include "api/http_types.hpp"

#include <filesystem>
#include <string>
#include <unordered_map>

namespace cabildo::api {

class static_files {
public:
    static_files() = default;
    explicit static_files(const std::filesystem::path& root);

    // `path` is the decoded URL path, e.g. "/" or "/app.js".
    std::optional<response> get(std::string_view path, bool head) const;
    std::size_t size() const { return files_.size(); }

private:
    struct file {
        std::string body;
        std::string content_type;
    };
    std::unordered_map<std::string, file> files_;
};

} // namespace cabildo::api
