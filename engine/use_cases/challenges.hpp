#pragma once
// Challenges and their ideas (service_challenges.cpp, service_ideas.cpp): launched and edited by
// organisers, every change in the public audit log; ideas uploaded with a participant token inside
// the submission window and moderated with a reason.

#include "engine/domain/ballot_rules.hpp"
#include "engine/publication/documents.hpp"
#include "engine/use_cases/runner.hpp"

#include <string>
#include <vector>

namespace cabildo::engine {

struct challenge_input {
    std::string slug, title, description;
    std::vector<std::string> categories;
    engine::timeline timeline;
    ballot_patch ballot; // the fields the request sent; the kind's defaults fill in the rest
    std::size_t winners = 1;
    std::optional<std::int64_t> budget;
    std::optional<std::string> tie_break_seed;
    std::size_t max_ideas_per_token = default_ideas_per_token;
    std::size_t max_ideas = default_max_ideas;
    engine::anonymity anonymity = anonymity::signed_tokens;
    unsigned blind_key_bits = default_blind_key_bits;
    // Unset: paper_replaces_online, or first_counts in a blind challenge (the only one it can keep).
    std::optional<engine::in_person_policy> in_person_policy;
};

struct window_patch {
    std::optional<time_point> opens, closes;
};

struct challenge_patch {
    std::optional<std::string> title, description;
    std::optional<std::vector<std::string>> categories;
    std::optional<window_patch> consultation, submission, voting, development;
    std::optional<time_point> announcement;
    std::optional<ballot_patch> ballot;
    std::optional<std::size_t> winners;
    std::optional<std::string> tie_break_seed;
    std::optional<std::size_t> max_ideas_per_token;
    std::optional<std::size_t> max_ideas;
};

struct challenge_view {
    engine::challenge challenge;
    time_point now;
    std::vector<std::string> open_phases;
};

struct idea_input {
    std::string token, title, description, category;
    std::optional<std::int64_t> cost;
    std::optional<engine::location> location;
};

struct idea_page {
    std::vector<idea> ideas;
    std::optional<idea_id> next_after; // cursor for the next page, if any
};

class challenge_use_cases {
public:
    explicit challenge_use_cases(use_case_runner& runner);

    void create_challenge(const caller& who, std::string m, challenge_input in, callback<challenge_view> cb);
    void list_challenges(std::string m, callback<std::vector<challenge_view>> cb);
    void get_challenge(challenge_ref which, callback<challenge_view> cb);
    void patch_challenge(const caller& who, challenge_ref which, challenge_patch patch, callback<challenge_view> cb);
    // Public: every organiser change to a challenge is an act the public may inspect. Pages of
    // at most `limit` entries after the entry id `after`.
    void audit_log(challenge_ref which, std::int64_t after, std::size_t limit, callback<audit_page> cb);
    // The challenge's verification keys (the handler writes them as a JWKS, RFC 7517).
    void challenge_keys(challenge_ref which, callback<verification_keys> cb);
    void submit_idea(challenge_ref which, idea_input in, callback<idea> cb);
    void list_ideas(const caller& who, challenge_ref which, idea_id after, std::size_t limit, bool include_hidden,
                    callback<idea_page> cb);
    void get_idea(const caller& who, challenge_ref which, idea_id id, callback<idea> cb);
    void moderate_idea(const caller& who, challenge_ref which, idea_id id, bool hide, std::string reason,
                       callback<idea> cb);

private:
    struct blind_material {
        std::string sealed, public_der; // a blind challenge's RSA key: PKCS#8 sealed, and SPKI
    };
    void insert_challenge(const caller& who, std::string m, challenge_input in, ballot_rules rules,
                          blind_material blind, callback<challenge_view> cb);

    use_case_runner& runner_;
    const engine::clock& clock_;
};

} // namespace cabildo::engine
