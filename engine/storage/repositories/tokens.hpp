#pragma once
// Participant tokens: issued ones, card batches and their short codes, blind issuances, revocations.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

class tokens_repository {
public:
    virtual ~tokens_repository() = default;

    virtual void insert_token(std::int64_t challenge_id, const issued_token& t) = 0;
    // A blind token's row, made when it is first used (the server never saw it before): false if
    // it was there already.
    virtual bool insert_token_if_absent(std::int64_t challenge_id, const issued_token& t) = 0;
    virtual void insert_batch(token_batch& b) = 0; // sets b.id
    virtual std::optional<token_batch> find_batch(std::int64_t challenge_id, std::int64_t id) = 0;
    // With each batch's used and revoked tokens counted.
    virtual std::vector<token_batch> list_batches(std::int64_t challenge_id) = 0;
    virtual std::vector<issued_token> batch_tokens(std::int64_t challenge_id, std::int64_t batch_id) = 0;
    // The digest of the blinded message signed for a person (by the HMAC of their reference).
    virtual std::optional<std::string> blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac) = 0;
    virtual void insert_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                       std::string_view blinded_digest, time_point at) = 0;
    // A person's earlier blind signature is void (a relayed one their page never fetched): the
    // digest of the message signed now replaces it.
    virtual void replace_blind_issuance(std::int64_t challenge_id, std::string_view ref_hmac,
                                        std::string_view blinded_digest, time_point at) = 0;
    virtual std::optional<issued_token> live_token_for_ref(std::int64_t challenge_id, std::string_view ref_hmac) = 0;
    virtual std::optional<issued_token> token_by_jti(std::int64_t challenge_id, std::string_view jti) = 0;
    // Cards' short codes: the HMAC of a token's code (set once: a token's code never changes), and
    // the token it stands for.
    virtual void set_token_code(std::int64_t challenge_id, std::string_view jti, std::string_view code_hmac) = 0;
    virtual std::optional<issued_token> token_by_code(std::int64_t challenge_id, std::string_view code_hmac) = 0;
    virtual bool revoke_token(std::int64_t challenge_id, std::string_view jti,
                              time_point at) = 0; // false if unknown or already revoked
};

} // namespace cabildo::engine
