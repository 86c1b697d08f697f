#include "api/static_files.hpp"

#include <fstream>
#include <sstream>

namespace cabildo::api {

namespace {

std::string content_type_of(const std::filesystem::path& p)
{
    const auto ext = p.extension().string();
    if (ext == ".html")
        return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs")
        return "text/javascript; charset=utf-8";
    if (ext == ".css")
        return "text/css; charset=utf-8";
    if (ext == ".json")
        return "application/json; charset=utf-8";
    if (ext == ".svg")
        return "image/svg+xml";
    if (ext == ".png")
        return "image/png";
    if (ext == ".ico")
        return "image/x-icon";
    if (ext == ".webmanifest")
        return "application/manifest+json";
    return "application/octet-stream";
}

constexpr std::uintmax_t max_file_size = 8u << 20;

} // namespace

static_files::static_files(const std::filesystem::path& root)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec))
        return;
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file() || it->file_size() > max_file_size)
            continue;
        const auto rel = std::filesystem::relative(it->path(), root).generic_string();
        if (rel.empty() || rel.front() == '.' || rel.find("/.") != std::string::npos)
            continue; // dotfiles are not part of the app
        std::ifstream in(it->path(), std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        files_["/" + rel] = {body.str(), content_type_of(it->path())};
    }
}

std::optional<response> static_files::get(std::string_view path, bool head) const
{
    std::string key(path);
    if (key.empty() || key.back() == '/')
        key += "index.html";
    auto it = files_.find(key);
    if (it == files_.end())
        return std::nullopt;
    response res{http::status::ok, 11};
    res.set(http::field::content_type, it->second.content_type);
    res.set(http::field::cache_control, "no-cache");
    if (head)
        res.content_length(it->second.body.size());
    else {
        res.body() = it->second.body;
        res.prepare_payload();
    }
    return res;
}

} // namespace cabildo::api
