#pragma once
// The v1 endpoints, one function each; see DESIGN.md for the contract.

#include "api/call.hpp"

namespace cabildo::api::handlers {

void health(call& c);
void status(call& c);
void server_audit_log(call& c);
void create_municipality(call& c);
void list_municipalities(call& c);
void whoami(call& c);
void get_municipality(call& c);
void create_key(call& c);
// A key just made, shown once: {id, key, role, label}, and an officer's table and signing_key.
json key_document(const engine::created_key& k);
void list_keys(call& c);
void revoke_key(call& c);

void create_challenge(call& c);
void list_challenges(call& c);
void get_challenge(call& c);
void patch_challenge(call& c);
void audit_log(call& c);

void issue_tokens(call& c);
void revoke_tokens(call& c);
void redeem_card_code(call& c);
void blind_sign(call& c);
void sign_relayed_request(call& c); // blind_sign of {"ref","request"}: a page's relayed request
void open_blind_request(call& c);
void blind_request_status(call& c);
void collect_blind_request(call& c);
void list_batches(call& c);
void turnout(call& c);
void print_cards(call& c);
void challenge_keys(call& c);
void submit_idea(call& c);
void list_ideas(call& c);
void get_idea(call& c);
void moderate_idea(call& c);
void cast_ballot(call& c);
// The bulletin board (handlers_board.cpp); board_receipt is what a ballot's 200 adds: its
// members "leaf", "entry", "tracker" and "head" as JSON text, without the braces.
std::string board_receipt(const engine::challenge_ref& which, const engine::board_log::appended& a);
void board_head(call& c);
void board_proof(call& c);
void board_consistency(call& c);
void board_page(call& c);
void board_file(call& c);

void results(call& c);
void ballot_receipt(call& c);
void survey_receipt(call& c);
void announce(call& c);
void export_data(call& c);
void answer_survey(call& c);
// handlers_survey.cpp: the consultation.
void get_survey(call& c);
void put_survey(call& c);
void survey_results(call& c);
void survey_export(call& c);
void published_survey_texts(call& c);
void list_survey_texts(call& c);
void moderate_survey_text(call& c);
void seed_categories(call& c);
// handlers_exercises.cpp: the local action plan and its reports.
void create_exercise(call& c);
void list_exercises(call& c);
void get_exercise(call& c);
void exercise_history(call& c);
void patch_exercise(call& c);
void exercise_report(call& c);
void issue_report(call& c);
// handlers_commitments.cpp: the action plan.
void list_commitments(call& c);
void get_commitment(call& c);
void create_commitment(call& c);
void patch_commitment(call& c);
void update_commitment(call& c);
// In-person tables (handlers_tables.cpp).
void create_tables(call& c);
void list_tables(call& c);
void get_table(call& c);
void create_officer(call& c);
void revoke_officer(call& c);
void check_in(call& c);
void enter_paper_ballot(call& c);
void paper_ballots(call& c);
void draft_act(call& c);
void current_act(call& c);
void sign_act(call& c);
void open_correction(call& c);
void table_acts(call& c);
void reconciliation(call& c);
void openapi(call& c); // GET /openapi.json: api/openapi.json as built in

} // namespace cabildo::api::handlers
