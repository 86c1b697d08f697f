// The published contract: api/openapi.json, embedded in the binary at build time.

#include "api/handlers.hpp"
#include "engine/identity/crypto.hpp"

#include <string>

namespace cabildo::api {

// Defined in the source the build generates from api/openapi.json (api/embed_file.cmake).
extern const unsigned char openapi_document[];
extern const std::size_t openapi_document_size;

namespace handlers {

void openapi(call& c)
{
    static const std::string document(reinterpret_cast<const char*>(openapi_document), openapi_document_size);
    // The document changes only with the binary: clients revalidate (no-cache) by this tag.
    static const std::string etag = std::string("\"").append(engine::content_digest(document)).append("\"");
    response res{http::status::ok, 11};
    res.set(http::field::etag, etag);
    if (etag_matches(c.if_none_match, etag)) {
        res.result(http::status::not_modified);
    } else {
        res.set(http::field::content_type, "application/json; charset=utf-8");
        res.body() = document;
    }
    res.prepare_payload();
    c.respond(std::move(res));
}

} // namespace handlers

} // namespace cabildo::api
