#include "engine/identity/key_vault.hpp"

#include "engine/identity/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>
#include <stdexcept>

namespace cabildo::engine {

namespace {

constexpr char version = 0x01;
constexpr std::size_t nonce_size = 12;
constexpr std::size_t tag_size = 16;

// HKDF-SHA-256 (RFC 5869), extract and expand, through OpenSSL's EVP_KDF.
std::string hkdf_sha256(std::string_view secret, std::string_view salt, std::string_view info, std::size_t length)
{
    std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr), EVP_KDF_free);
    if (!kdf)
        throw std::runtime_error("HKDF is not available");
    std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()), EVP_KDF_CTX_free);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(secret.data()), secret.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
        OSSL_PARAM_construct_end(),
    };
    std::string out(length, '\0');
    if (!ctx || EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) != 1)
        throw std::runtime_error("HKDF failed");
    return out;
}

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

} // namespace

key_vault::key_vault(std::string_view server_secret)
    : key_(hkdf_sha256(server_secret, "cabildo", "issuer signing keys at rest, AES-256-GCM, v1", 32))
{}

std::string key_vault::seal(std::string_view private_key, std::string_view public_key) const
{
    const std::string nonce = random_bytes(nonce_size);
    std::string sealed(1 + nonce_size + private_key.size() + tag_size, '\0');
    sealed[0] = version;
    sealed.replace(1, nonce_size, nonce);
    cipher_ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int len = 0;
    unsigned char* ciphertext = bytes(sealed) + 1 + nonce_size;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(public_key), static_cast<int>(public_key.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), ciphertext, &len, bytes(private_key), static_cast<int>(private_key.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), ciphertext + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size),
                            ciphertext + private_key.size()) != 1)
        throw std::runtime_error("sealing a signing key failed");
    return sealed;
}

std::optional<std::string> key_vault::open(std::string_view sealed, std::string_view public_key) const
{
    if (sealed.size() <= 1 + nonce_size + tag_size || sealed[0] != version)
        return std::nullopt;
    const std::string_view nonce = sealed.substr(1, nonce_size);
    const std::string_view ciphertext = sealed.substr(1 + nonce_size, sealed.size() - 1 - nonce_size - tag_size);
    std::string tag(sealed.substr(sealed.size() - tag_size));
    std::string plain(ciphertext.size(), '\0');
    cipher_ctx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int len = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(public_key), static_cast<int>(public_key.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, bytes(ciphertext), static_cast<int>(ciphertext.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size), tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + len, &len) != 1)
        return std::nullopt;
    return plain;
}

} // namespace cabildo::engine
