#include "api/static_files.hpp"

#include <algorithm>
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

// The page may load only what its own origin serves: no inline script or style, no plugin, no
// framing by another site, no <base> that would redirect its relative links. QR codes on the
// receipt may be data: images.
constexpr std::string_view content_security_policy =
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'";

std::string read_file(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    return body.str();
}

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return out;
}

} // namespace

bool accepts_gzip(std::string_view header)
{
    // "gzip, deflate, br" or "gzip;q=0.8" or "*": each coding, with an optional weight.
    std::size_t start = 0;
    while (start <= header.size()) {
        const auto end = std::min(header.find(',', start), header.size());
        auto item = lower(header.substr(start, end - start));
        std::erase(item, ' ');
        std::erase(item, '\t');
        const auto semicolon = item.find(';');
        const auto coding = item.substr(0, semicolon);
        // "q=0", "q=0.0", "q=0.000": refused; any other weight (q=0.05 too) accepts it.
        const auto weight = semicolon == std::string::npos ? std::string() : item.substr(semicolon + 1);
        const bool refused =
            weight.starts_with("q=") && weight.size() > 2 && weight.find_first_not_of("0.", 2) == std::string::npos;
        if ((coding == "gzip" || coding == "*") && !refused)
            return true;
        start = end + 1;
    }
    return false;
}

static_files::static_files(const std::filesystem::path& root)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec))
        return;
    std::unordered_map<std::string, std::string> gzipped;
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file() || it->file_size() > max_file_size)
            continue;
        const auto rel = std::filesystem::relative(it->path(), root).generic_string();
        if (rel.empty() || rel.front() == '.' || rel.find("/.") != std::string::npos)
            continue; // dotfiles are not part of the app
        if (rel.ends_with(".gz")) {
            gzipped[std::string("/").append(rel, 0, rel.size() - 3)] = read_file(it->path());
            continue;
        }
        files_[std::string("/").append(rel)] = {
            read_file(it->path()), {}, content_type_of(it->path()), rel.starts_with("assets/")};
    }
    for (auto& [path, body] : gzipped)
        if (auto it = files_.find(path); it != files_.end() && body.size() < it->second.body.size())
            it->second.gzipped = std::move(body);
}

const static_files::file* static_files::find(std::string_view path) const
{
    std::string key(path);
    if (key.empty() || key.back() == '/')
        key += "index.html";
    if (auto it = files_.find(key); it != files_.end())
        return &it->second;
    const auto last = path.substr(path.rfind('/') + 1);
    if (last.find('.') != std::string_view::npos)
        return nullptr;
    const auto index = files_.find("/index.html");
    return index == files_.end() ? nullptr : &index->second;
}

std::optional<response> static_files::get(std::string_view path, bool head, bool gzip) const
{
    const file* f = find(path);
    if (!f)
        return std::nullopt;
    response res{http::status::ok, 11};
    res.set(http::field::content_type, f->content_type);
    res.set(http::field::cache_control, f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    res.set("Content-Security-Policy", content_security_policy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    const bool packed = gzip && !f->gzipped.empty();
    if (!f->gzipped.empty())
        res.set(http::field::vary, "Accept-Encoding");
    if (packed)
        res.set(http::field::content_encoding, "gzip");
    const auto& body = packed ? f->gzipped : f->body;
    if (head)
        res.content_length(body.size());
    else {
        res.body() = body;
        res.prepare_payload();
    }
    return res;
}

} // namespace cabildo::api
