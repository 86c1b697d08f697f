#pragma once
// Files built once when results are published (election files, open data), served from then on.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cabildo::engine {

class published_repository {
public:
    virtual ~published_repository() = default;

    // Election files and open data built once when results are published, served from then on.
    virtual void store_published_export(std::int64_t challenge_id, std::string_view format, std::string_view digest,
                                        std::string_view body) = 0;
    struct published_export {
        std::string digest; // content_digest(body)
        std::string body;
    };
    virtual std::optional<published_export> find_published_export(std::int64_t challenge_id,
                                                                  std::string_view format) = 0;
    // After a moderation changes what the published files may show; the next request rebuilds.
    virtual void drop_published_exports(std::int64_t challenge_id) = 0;
    virtual void drop_published_export(std::int64_t challenge_id, std::string_view format) = 0;
};

} // namespace cabildo::engine
