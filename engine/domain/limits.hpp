#pragma once
// Every limit the engine keeps, defined once: the API checks a request's shape against the same
// numbers before the engine checks its meaning. README's "Limits" table lists them (and the API
// tests read it, so the two cannot drift apart).

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace cabildo::engine {

// Text fields, in Unicode code points.
struct text_limit {
    std::size_t min, max;
};
inline constexpr text_limit municipality_name_limit{1, 200};
inline constexpr text_limit municipality_state_limit{0, 200};
inline constexpr text_limit challenge_title_limit{1, 200};
inline constexpr text_limit challenge_description_limit{1, 10000};
inline constexpr text_limit category_limit{1, 80};
inline constexpr text_limit tie_break_seed_limit{1, 256};
inline constexpr text_limit identity_reference_limit{1, 256};
// A key's label and a card batch's label, for people to tell them apart.
inline constexpr text_limit key_label_limit{0, 200};
inline constexpr text_limit batch_label_limit{0, 200};
inline constexpr text_limit idea_title_limit{3, 200};
inline constexpr text_limit idea_description_limit{1, 5000};
inline constexpr text_limit idea_category_limit{0, 80};
inline constexpr std::size_t moderation_reason_max = 500; // required (1..) to hide, optional to restore

// A challenge elects from 1 to this many winners.
inline constexpr std::size_t max_winners = 1000;
// A token may upload from 1 to this many ideas (the challenge sets how many; 5 unless it says).
inline constexpr std::size_t max_ideas_per_token_limit = 100;
inline constexpr std::size_t default_ideas_per_token = 5;
// Ideas per challenge: 500 unless it says, at most this many, so every count (Schulze is cubic
// in it) and ballot check is bounded.
inline constexpr std::size_t default_max_ideas = 500;
inline constexpr std::size_t max_max_ideas = 2000;
// Budgets and costs are whole currency units up to 10^15 (a quadrillion pesos), so the cost of a
// basket of up to 1,000 ideas, or any sum the counting methods form, stays far inside int64.
inline constexpr std::int64_t max_budget = 1'000'000'000'000'000;

// A ballot names at most this many ideas (choices, ranks, or ideas given points).
inline constexpr std::size_t max_ballot_ideas = 1000;
// A points ballot distributes at most this many points.
inline constexpr std::int64_t max_points_total = 1'000'000;
// A token may cast this many ballots over the voting window (its first and its replacements), so
// one participant cannot fill the disk or hold up everyone else's ballots; its last one counts.
inline constexpr std::int64_t max_ballots_per_token = 100;
// Replaced ballots kept per token; older ones are deleted and counted (the export says how many).
inline constexpr std::size_t replaced_ballots_kept = 10;

inline constexpr std::size_t max_tokens_per_request = 10000;
// Blind challenges' RSA keys: RFC 9474 suggests 2048 at least; 3072 on request.
inline constexpr unsigned default_blind_key_bits = 2048;
// In blind challenges ideas and ballots are stored with their time cut to this, so the time a
// desk signed a person's token cannot be matched to the time a ballot was cast.
using anonymous_time_granularity = std::chrono::hours;
inline constexpr std::size_t max_page_size = 200;

// Commitments of the action plan (the development window).
inline constexpr text_limit commitment_title_limit{3, 200};
inline constexpr text_limit commitment_text_limit{1, 5000}; // objective
inline constexpr text_limit commitment_field_limit{1, 300}; // responsible office, indicator, target
inline constexpr text_limit milestone_title_limit{1, 200};
inline constexpr text_limit commitment_note_limit{0, 2000};
inline constexpr std::size_t max_milestones = 50;
inline constexpr std::size_t max_commitment_topics = 10;
inline constexpr std::size_t max_commitments = 200; // per challenge
inline constexpr std::size_t evidence_url_max = 2000;
// Notes one key may add to one commitment, and entries a commitment's history holds at most: the
// history is append-only, so what is written can never be taken out; a bound keeps one key from
// growing a commitment (and every report that prints it) without end.
inline constexpr std::size_t max_notes_per_key = 50;
inline constexpr std::size_t max_history_entries = 1000;
// Notes from every key together fill at most half of it: status changes, milestones and
// verification always have room (many verifier keys could otherwise freeze a commitment).
inline constexpr std::size_t max_notes_per_commitment = max_history_entries / 2;
// History entries a report prints per commitment: the newest ones; the whole history is paged
// on the commitment's own document.
inline constexpr std::size_t report_history_entries = 20;

// The consultation's survey.
inline constexpr std::size_t max_questions = 50;
inline constexpr std::size_t max_question_options = 50;
inline constexpr text_limit question_prompt_limit{1, 500};
inline constexpr text_limit question_option_limit{1, 200};
inline constexpr text_limit scale_label_limit{0, 80};
inline constexpr int max_scale_points = 10;
inline constexpr int max_text_answer = 2000;
// A token may answer the survey this many times (its first response and its replacements), like
// ballots: one participant cannot churn the disk or the moderators' queue; its last one counts.
inline constexpr std::int64_t max_survey_responses_per_token = 100;
// Published free text in the results document, per question; the rest page by page.
inline constexpr std::size_t published_texts_in_results = 50;
inline constexpr std::size_t default_page_size = 50;

// In-person tables (issue 22).
inline constexpr text_limit table_name_limit{1, 200};
inline constexpr text_limit table_address_limit{1, 500};
inline constexpr text_limit table_district_limit{1, 120};
inline constexpr text_limit observer_text_limit{1, 200};
inline constexpr std::size_t max_observers = 50;
inline constexpr std::size_t max_tables = 5000;               // per challenge
inline constexpr std::int64_t max_ballots_per_table = 100000; // positions an act may hold
inline constexpr text_limit correction_reason_limit{1, 1000};

} // namespace cabildo::engine
