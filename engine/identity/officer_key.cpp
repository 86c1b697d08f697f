#include "engine/identity/officer_key.hpp"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <string>

namespace cabildo::engine {

namespace {

constexpr std::string_view salt = "cabildo officer";
constexpr std::string_view info = "act signature";

} // namespace

std::optional<officer_key_parts> split_officer_key(std::string_view shown)
{
    const auto dot = shown.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == shown.size() ||
        shown.find('.', dot + 1) != std::string_view::npos)
        return std::nullopt;
    return officer_key_parts{shown.substr(0, dot), shown.substr(dot + 1)};
}

ed25519_key officer_signing_key(std::string_view secret)
{
    const std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr), EVP_KDF_free);
    if (!kdf)
        throw std::runtime_error("OpenSSL has no HKDF");
    const std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()), EVP_KDF_CTX_free);
    std::string digest = "SHA256";
    std::string ikm(secret), s(salt), i(info);
    const std::array params{
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.data(), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm.data(), ikm.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, s.data(), s.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, i.data(), i.size()),
        OSSL_PARAM_construct_end(),
    };
    std::array<unsigned char, 32> seed{};
    if (!ctx || EVP_KDF_derive(ctx.get(), seed.data(), seed.size(), params.data()) != 1)
        throw std::runtime_error("HKDF failed");
    auto key = ed25519_key::from_private(std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()));
    if (!key)
        throw std::runtime_error("an Ed25519 key could not be made from the derived seed");
    return std::move(*key);
}

} // namespace cabildo::engine
