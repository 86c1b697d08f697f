// Request bodies turned into the engine's inputs: JSON parsing with its nesting bound, the typed
// field readers, and each body reader refusing wrong types and out-of-range numbers by field.

#include "api/inputs.hpp"

#include "api/json_body.hpp"
#include "engine/domain/rfc3339.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace api = cabildo::api;
namespace engine = cabildo::engine;
using json = nlohmann::json;

namespace {

template <class T>
void expect_refused(const engine::result<T>& r, const std::string& field)
{
    BOOST_REQUIRE_MESSAGE(!r.ok(), "accepted, expected a refusal of " << field);
    BOOST_TEST(r.error().code == engine::errc::invalid_field);
    BOOST_TEST(r.error().field == field);
    BOOST_TEST(!r.error().message.empty());
}

// A copy: the result is usually a temporary.
template <class T>
T expect_ok(const engine::result<T>& r)
{
    if (!r.ok()) // the message's operands are evaluated even when the check passes
        BOOST_FAIL("refused: " << r.error().field << ": " << r.error().message);
    return *r;
}

// `{"a":{"a":...1...}}`, `levels` objects deep.
std::string nested(std::size_t levels)
{
    std::string out;
    for (std::size_t i = 0; i < levels; ++i)
        out.append("{\"a\":");
    out.append("1");
    out.append(levels, '}');
    return out;
}

json a_challenge()
{
    return {{"slug", "reactivacion"},
            {"title", "Reactivación económica"},
            {"description", "Ideas para reactivar la economía local"},
            {"timeline",
             {{"submission", {{"opens", "2020-10-01T06:00:00Z"}, {"closes", "2020-10-22T06:00:00Z"}}},
              {"voting", {{"opens", "2020-10-01T06:00:00Z"}, {"closes", "2020-10-26T06:00:00Z"}}},
              {"announcement", "2020-11-01T18:00:00Z"}}}};
}

json with(json body, const json::json_pointer& at, json value)
{
    body[at] = std::move(value);
    return body;
}

json without(json body, const std::string& key)
{
    body.erase(key);
    return body;
}

const json::json_pointer ptr(const char* p) { return json::json_pointer(p); }

} // namespace

BOOST_AUTO_TEST_SUITE(json_body)

BOOST_AUTO_TEST_CASE(a_body_must_be_one_json_object)
{
    BOOST_TEST(expect_ok(api::parse_object("{}")).empty());
    BOOST_TEST(expect_ok(api::parse_object(R"({"slug":"hermosillo"})"))["slug"] == "hermosillo");
    for (const char* bad : {"", "[]", "[1,2]", "42", "\"text\"", "null", "true", "{", "{not json", "{\"a\":1}{\"b\":2}",
                            "{\"a\":1,}", "{'a':1}"}) {
        BOOST_TEST_CONTEXT("body " << bad) { expect_refused(api::parse_object(bad), "body"); }
    }
}

BOOST_AUTO_TEST_CASE(a_body_is_valid_utf8_without_nul)
{
    expect_refused(api::parse_object("{\"slug\":\"a\xff\"}"), "body");
    expect_refused(api::parse_object(std::string("{\"a\":1}\0", 8)), "body");
    expect_refused(api::parse_object(std::string("{\"a\":\"x\0y\"}", 11)), "body");
    BOOST_TEST(expect_ok(api::parse_object("{\"a\":\"ñandú\"}"))["a"] == "ñandú");
}

BOOST_AUTO_TEST_CASE(nesting_beyond_max_json_depth_is_refused_before_parsing)
{
    BOOST_TEST(expect_ok(api::parse_object(nested(api::max_json_depth))).contains("a"));
    const auto deep = api::parse_object(nested(api::max_json_depth + 1));
    expect_refused(deep, "body");
    BOOST_TEST(deep.error().message.find(std::to_string(api::max_json_depth)) != std::string::npos);
    // Far deeper than any stack would take, refused all the same.
    expect_refused(api::parse_object(std::string(1'000'000, '[')), "body");
    std::string arrays = "{\"a\":";
    arrays.append(api::max_json_depth, '[');
    arrays.append(api::max_json_depth, ']');
    arrays.append("}");
    expect_refused(api::parse_object(arrays), "body"); // 33 levels with the object
}

BOOST_AUTO_TEST_CASE(brackets_inside_strings_do_not_count_as_nesting)
{
    std::string text = "{\"a\":\"";
    text.append(100, '[');
    text.append("\\\"");
    text.append(100, '{');
    text.append("\"}");
    const auto r = api::parse_object(text);
    BOOST_TEST(expect_ok(r)["a"].get<std::string>().size() == 201u);
}

BOOST_AUTO_TEST_CASE(field_reader_names_the_field_and_keeps_the_first_refusal)
{
    const json body = {{"name", 7}, {"count", "3"}, {"ok", "yes"}, {"nothing", nullptr}};
    api::field_reader r(body, "outer");
    BOOST_TEST(!r.text("name", true).has_value());
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.error().field == "outer.name");
    BOOST_TEST(r.error().message.find("must be a string") != std::string::npos);
    // Later reads return nothing and keep the first refusal.
    BOOST_TEST(!r.text("ok", true).has_value());
    BOOST_TEST(!r.integer("count", true, 0, 10).has_value());
    BOOST_TEST(r.error().field == "outer.name");

    api::field_reader fresh(body);
    BOOST_TEST(!fresh.has("nothing")); // null is as good as absent
    BOOST_TEST(!fresh.has("missing"));
    BOOST_TEST(fresh.has("ok"));
    BOOST_TEST(!fresh.text("nothing", false).has_value());
    BOOST_TEST(fresh.ok());
    BOOST_TEST(!fresh.text("missing", true).has_value());
    BOOST_TEST(fresh.error().field == "missing");
    BOOST_TEST(fresh.error().message.find("required") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(integers_are_whole_numbers_within_their_range)
{
    const json body = json::parse(R"({"zero":0,"ten":10,"neg":-1,"frac":2.5,"whole_float":3.0,"text":"3","yes":true,
        "huge":18446744073709551615,"big":9223372036854775807,"list":[1]})");
    const auto read = [&](const char* name, std::int64_t min, std::int64_t max) {
        api::field_reader r(body);
        const auto v = r.integer(name, true, min, max);
        BOOST_TEST(v.has_value() == r.ok());
        if (!r.ok())
            BOOST_TEST(r.error().field == name);
        return v;
    };
    BOOST_TEST(read("zero", 0, 10).value_or(-99) == 0);
    BOOST_TEST(read("ten", 0, 10).value_or(-99) == 10);
    BOOST_TEST(!read("ten", 0, 9).has_value());
    BOOST_TEST(!read("zero", 1, 10).has_value());
    BOOST_TEST(read("neg", -5, 5).value_or(-99) == -1);
    BOOST_TEST(!read("neg", 0, 5).has_value());
    BOOST_TEST(!read("frac", 0, 10).has_value());
    BOOST_TEST(!read("whole_float", 0, 10).has_value());
    BOOST_TEST(!read("text", 0, 10).has_value());
    BOOST_TEST(!read("yes", 0, 10).has_value());
    BOOST_TEST(!read("list", 0, 10).has_value());
    BOOST_TEST(!read("huge", 0, INT64_MAX).has_value());
    BOOST_TEST(read("big", 0, INT64_MAX).value_or(-99) == INT64_MAX);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(inputs)

BOOST_AUTO_TEST_CASE(municipality_fields_are_typed_and_locale_defaults)
{
    const json good = {{"slug", "hermosillo"}, {"name", "Hermosillo"}, {"timezone", "America/Hermosillo"}};
    const auto& in = expect_ok(api::read_municipality(good));
    BOOST_TEST(in.slug == "hermosillo");
    BOOST_TEST(in.locale == "es-MX");
    BOOST_TEST(in.state.empty());
    expect_refused(api::read_municipality(with(good, ptr("/slug"), 7)), "slug");
    expect_refused(api::read_municipality(without(good, "slug")), "slug");
    expect_refused(api::read_municipality(without(good, "name")), "name");
    expect_refused(api::read_municipality(without(good, "timezone")), "timezone");
    expect_refused(api::read_municipality(with(good, ptr("/state"), json::array())), "state");
    expect_refused(api::read_municipality(with(good, ptr("/locale"), 1)), "locale");
    // The shape only: what a slug or a zone may be is the engine's to check.
    BOOST_TEST(api::read_municipality(with(good, ptr("/slug"), "Not A Slug")).ok());
}

BOOST_AUTO_TEST_CASE(unknown_fields_are_ignored)
{
    const json m = {{"slug", "hermosillo"}, {"name", "Hermosillo"}, {"timezone", "UTC"}, {"mayor", "someone"}};
    BOOST_TEST(api::read_municipality(m).ok());
    auto c = a_challenge();
    c["colour"] = "red";
    c["ballot"] = {{"kind", "approval"}, {"shape", "round"}};
    c["timeline"]["sunset"] = 12;
    const auto& in = expect_ok(api::read_challenge(c));
    BOOST_TEST(in.ballot.kind.value_or("") == "approval");
}

BOOST_AUTO_TEST_CASE(a_challenge_is_read_with_its_defaults)
{
    const auto& in = expect_ok(api::read_challenge(a_challenge()));
    BOOST_TEST(in.slug == "reactivacion");
    BOOST_TEST(in.winners == 1u);
    BOOST_TEST(!in.budget.has_value());
    BOOST_TEST(in.max_ideas_per_token == engine::default_ideas_per_token);
    BOOST_TEST(in.max_ideas == engine::default_max_ideas);
    BOOST_TEST(!in.ballot.kind.has_value());
    BOOST_TEST(!in.tie_break_seed.has_value());
    BOOST_TEST(engine::format_rfc3339(in.timeline.voting.closes) == "2020-10-26T06:00:00Z");
    BOOST_TEST(!in.timeline.consultation.has_value());
}

BOOST_AUTO_TEST_CASE(challenge_numbers_out_of_range_name_their_field)
{
    const auto c = a_challenge();
    expect_refused(api::read_challenge(with(c, ptr("/winners"), 0)), "winners");
    expect_refused(api::read_challenge(with(c, ptr("/winners"), engine::max_winners + 1)), "winners");
    expect_refused(api::read_challenge(with(c, ptr("/winners"), -1)), "winners");
    expect_refused(api::read_challenge(with(c, ptr("/winners"), 2.5)), "winners");
    expect_refused(api::read_challenge(with(c, ptr("/winners"), "3")), "winners");
    BOOST_TEST(expect_ok(api::read_challenge(with(c, ptr("/winners"), engine::max_winners))).winners ==
               engine::max_winners);
    BOOST_TEST(expect_ok(api::read_challenge(with(c, ptr("/winners"), nullptr))).winners == 1u);

    expect_refused(api::read_challenge(with(c, ptr("/max_ideas_per_token"), engine::max_ideas_per_token_limit + 1)),
                   "max_ideas_per_token");
    expect_refused(api::read_challenge(with(c, ptr("/max_ideas_per_token"), 0)), "max_ideas_per_token");
    BOOST_TEST(expect_ok(api::read_challenge(with(c, ptr("/max_ideas_per_token"), 100))).max_ideas_per_token == 100u);
    expect_refused(api::read_challenge(with(c, ptr("/max_ideas"), engine::max_max_ideas + 1)), "max_ideas");
    expect_refused(api::read_challenge(with(c, ptr("/max_ideas"), true)), "max_ideas");

    expect_refused(api::read_challenge(with(c, ptr("/budget"), 0)), "budget");
    expect_refused(api::read_challenge(with(c, ptr("/budget"), engine::max_budget + 1)), "budget");
    BOOST_TEST(expect_ok(api::read_challenge(with(c, ptr("/budget"), engine::max_budget))).budget.value_or(0) ==
               engine::max_budget);
    auto both = with(c, ptr("/budget"), 1000);
    both["winners"] = 3;
    expect_refused(api::read_challenge(both), "budget");
}

BOOST_AUTO_TEST_CASE(ballot_limits_out_of_range_name_ballot_fields)
{
    const auto c = a_challenge();
    const auto ballot = [&](const char* name, json value) {
        auto body = c;
        body["ballot"] = {{name, std::move(value)}};
        return api::read_challenge(body);
    };
    expect_refused(ballot("max_choices", 0), "ballot.max_choices");
    expect_refused(ballot("max_choices", engine::max_ballot_ideas + 1), "ballot.max_choices");
    expect_refused(ballot("max_choices", "3"), "ballot.max_choices");
    expect_refused(ballot("max_ranks", engine::max_ballot_ideas + 1), "ballot.max_ranks");
    expect_refused(ballot("points_total", engine::max_points_total + 1), "ballot.points_total");
    expect_refused(ballot("max_per_idea", 0), "ballot.max_per_idea");
    expect_refused(ballot("threshold", -1), "ballot.threshold");
    expect_refused(ballot("kind", 5), "ballot.kind");
    expect_refused(ballot("method", json::array({"schulze"})), "ballot.method");
    BOOST_TEST(expect_ok(ballot("max_choices", engine::max_ballot_ideas)).ballot.max_choices.value_or(0) ==
               engine::max_ballot_ideas);
    BOOST_TEST(expect_ok(ballot("threshold", 0)).ballot.threshold.value_or(-1) == 0);
    auto not_an_object = c;
    not_an_object["ballot"] = "approval";
    expect_refused(api::read_challenge(not_an_object), "ballot");
}

BOOST_AUTO_TEST_CASE(challenge_texts_and_times_name_their_field)
{
    const auto c = a_challenge();
    expect_refused(api::read_challenge(without(c, "slug")), "slug");
    expect_refused(api::read_challenge(with(c, ptr("/title"), false)), "title");
    expect_refused(api::read_challenge(without(c, "description")), "description");
    expect_refused(api::read_challenge(with(c, ptr("/categories"), "comercio")), "categories");
    expect_refused(api::read_challenge(with(c, ptr("/categories"), json::array({"comercio", 7}))), "categories[1]");
    expect_refused(api::read_challenge(with(c, ptr("/tie_break_seed"), 12)), "tie_break_seed");
    expect_refused(api::read_challenge(without(c, "timeline")), "timeline");
    expect_refused(api::read_challenge(with(c, ptr("/timeline"), "soon")), "timeline");
    expect_refused(api::read_challenge(with(c, ptr("/timeline/voting/opens"), "tomorrow")), "timeline.voting.opens");
    expect_refused(api::read_challenge(with(c, ptr("/timeline/voting/closes"), 1601532000)), "timeline.voting.closes");
    expect_refused(api::read_challenge(with(c, ptr("/timeline/submission"), nullptr)), "timeline.submission");
    expect_refused(api::read_challenge(with(c, ptr("/timeline/announcement"), "2020-13-01T00:00:00Z")),
                   "timeline.announcement");
    expect_refused(api::read_challenge(with(c, ptr("/timeline/consultation"), {{"opens", "2020-09-20T00:00:00Z"}})),
                   "timeline.consultation.closes");
    // The first problem in reading order is the one reported.
    auto two = with(c, ptr("/slug"), 1);
    two["winners"] = 0;
    expect_refused(api::read_challenge(two), "slug");
}

BOOST_AUTO_TEST_CASE(a_challenge_patch_names_only_what_changes)
{
    const auto& empty = expect_ok(api::read_challenge_patch(json::object()));
    BOOST_TEST(!empty.title.has_value());
    BOOST_TEST(!empty.ballot.has_value());
    BOOST_TEST(!empty.voting.has_value());
    BOOST_TEST(!empty.winners.has_value());

    const json half = {{"timeline", {{"voting", {{"closes", "2020-10-27T06:00:00Z"}}}}}, {"winners", 2}};
    const auto& p = expect_ok(api::read_challenge_patch(half));
    BOOST_REQUIRE(p.voting.has_value());
    BOOST_TEST(!p.voting->opens.has_value());
    BOOST_REQUIRE(p.voting->closes.has_value());
    BOOST_TEST(engine::format_rfc3339(*p.voting->closes) == "2020-10-27T06:00:00Z");
    BOOST_TEST(p.winners.value_or(0) == 2u);

    expect_refused(api::read_challenge_patch({{"slug", "otro"}}), "slug");
    expect_refused(api::read_challenge_patch({{"budget", 1000}}), "budget");
    expect_refused(api::read_challenge_patch({{"winners", engine::max_winners + 1}}), "winners");
    expect_refused(api::read_challenge_patch({{"max_ideas_per_token", engine::max_ideas_per_token_limit + 1}}),
                   "max_ideas_per_token");
    expect_refused(api::read_challenge_patch({{"max_ideas", 0}}), "max_ideas");
    expect_refused(api::read_challenge_patch({{"ballot", {{"max_ranks", 0}}}}), "ballot.max_ranks");
    expect_refused(api::read_challenge_patch({{"timeline", {{"voting", {{"opens", "ayer"}}}}}}),
                   "timeline.voting.opens");
    expect_refused(api::read_challenge_patch({{"title", nullptr}, {"description", 3}}), "description");
}

BOOST_AUTO_TEST_CASE(token_requests_name_the_participant)
{
    const auto& refs =
        expect_ok(api::read_token_request({{"participants", {{{"ref", "CURP-1"}}, {{"ref", "CURP-2"}}}}}));
    BOOST_TEST(refs.refs.size() == 2u);
    BOOST_TEST(refs.refs[1] == "CURP-2");
    BOOST_TEST(expect_ok(api::read_token_request({{"count", 10}})).count == 10u);

    expect_refused(api::read_token_request({{"participants", "CURP-1"}}), "participants");
    expect_refused(api::read_token_request({{"participants", {{{"ref", "CURP-1"}}, "CURP-2"}}}), "participants[1]");
    expect_refused(api::read_token_request({{"participants", {{{"name", "Ana"}}}}}), "participants[0].ref");
    expect_refused(api::read_token_request({{"participants", {{{"ref", 7}}}}}), "participants[0].ref");
    expect_refused(api::read_token_request({{"count", 0}}), "count");
    expect_refused(api::read_token_request({{"count", engine::max_tokens_per_request + 1}}), "count");
    json many = json::array();
    for (std::size_t i = 0; i <= engine::max_tokens_per_request; ++i)
        many.push_back({{"ref", "r"}});
    expect_refused(api::read_token_request({{"participants", many}}), "participants");
}

BOOST_AUTO_TEST_CASE(revocations_are_lists_of_strings)
{
    const auto& in = expect_ok(api::read_revoke_request({{"tokens", {"a", "b"}}, {"refs", {"CURP-1"}}}));
    BOOST_TEST(in.tokens.size() == 2u);
    BOOST_TEST(in.refs.size() == 1u);
    expect_refused(api::read_revoke_request({{"tokens", {"a", 1}}}), "tokens[1]");
    expect_refused(api::read_revoke_request({{"refs", "CURP-1"}}), "refs");
}

BOOST_AUTO_TEST_CASE(idea_fields_are_typed_and_costs_within_the_budget_limit)
{
    const json good = {{"token", "t"}, {"title", "Parque"}, {"description", "Un parque"}};
    const auto& in = expect_ok(api::read_idea(good));
    BOOST_TEST(in.category.empty());
    BOOST_TEST(!in.cost.has_value());
    BOOST_TEST(!in.location.has_value());
    expect_refused(api::read_idea(without(good, "token")), "token");
    expect_refused(api::read_idea(with(good, ptr("/title"), 3)), "title");
    expect_refused(api::read_idea(with(good, ptr("/cost"), -1)), "cost");
    expect_refused(api::read_idea(with(good, ptr("/cost"), engine::max_budget + 1)), "cost");
    expect_refused(api::read_idea(with(good, ptr("/cost"), 10.5)), "cost");
    BOOST_TEST(expect_ok(api::read_idea(with(good, ptr("/cost"), 0))).cost.value_or(-1) == 0);
    expect_refused(api::read_idea(with(good, ptr("/location"), "centro")), "location");
    expect_refused(api::read_idea(with(good, ptr("/location"), {{"latitude", "29.07"}, {"longitude", -110.95}})),
                   "location.latitude");
    expect_refused(api::read_idea(with(good, ptr("/location"), {{"latitude", 29.07}})), "location.longitude");
    const auto& located =
        expect_ok(api::read_idea(with(good, ptr("/location"), {{"latitude", 29.07}, {"longitude", -110}})));
    BOOST_REQUIRE(located.location.has_value());
    BOOST_TEST(located.location->latitude == 29.07);
    BOOST_TEST(located.location->longitude == -110.0);
}

BOOST_AUTO_TEST_CASE(a_ballot_comes_in_exactly_one_field)
{
    const auto& choices = expect_ok(api::read_ballot({{"token", "t"}, {"choices", {3, 1}}}));
    BOOST_TEST(choices.field == "choices");
    BOOST_TEST((choices.content.ideas == std::vector<engine::idea_id>{3, 1}));
    const auto& ranking = expect_ok(api::read_ballot({{"token", "t"}, {"ranking", {2}}}));
    BOOST_TEST(ranking.field == "ranking");
    BOOST_TEST(expect_ok(api::read_ballot({{"token", "t"}, {"choices", json::array()}})).content.ideas.empty());

    expect_refused(api::read_ballot({{"choices", {1}}}), "token");
    expect_refused(api::read_ballot({{"token", "t"}}), "choices");
    expect_refused(api::read_ballot({{"token", "t"}, {"choices", {1}}, {"ranking", {1}}}), "choices");
    expect_refused(api::read_ballot({{"token", "t"}, {"choices", {1, "2"}}}), "choices[1]");
    expect_refused(api::read_ballot({{"token", "t"}, {"choices", {1.5}}}), "choices[0]");
    expect_refused(api::read_ballot({{"token", "t"}, {"choices", json::parse("[18446744073709551615]")}}),
                   "choices[0]");
    expect_refused(api::read_ballot({{"token", "t"}, {"ranking", "1,2"}}), "ranking");
    json many = json::array();
    for (std::size_t i = 1; i <= engine::max_ballot_ideas + 1; ++i)
        many.push_back(i);
    expect_refused(api::read_ballot({{"token", "t"}, {"choices", many}}), "choices");
}

BOOST_AUTO_TEST_CASE(points_are_keyed_by_idea_id)
{
    const auto& in = expect_ok(api::read_ballot({{"token", "t"}, {"points", {{"3", 2}, {"1", 5}}}}));
    BOOST_TEST(in.field == "points");
    BOOST_TEST(in.content.ideas.size() == 2u);
    BOOST_TEST(in.content.points.size() == 2u);
    for (std::size_t i = 0; i < in.content.ideas.size(); ++i)
        BOOST_TEST(in.content.points[i] == (in.content.ideas[i] == 3 ? 2 : 5));

    expect_refused(api::read_ballot({{"token", "t"}, {"points", {{"abc", 1}}}}), "points.abc");
    expect_refused(api::read_ballot({{"token", "t"}, {"points", {{"0", 1}}}}), "points.0");
    expect_refused(api::read_ballot({{"token", "t"}, {"points", {{"-4", 1}}}}), "points.-4");
    expect_refused(api::read_ballot({{"token", "t"}, {"points", {{"3x", 1}}}}), "points.3x");
    expect_refused(api::read_ballot({{"token", "t"}, {"points", {{"3", 1.5}}}}), "points.3");
    expect_refused(api::read_ballot({{"token", "t"}, {"points", {{"3", "1"}}}}), "points.3");
    expect_refused(api::read_ballot({{"token", "t"}, {"points", {1, 2}}}), "points");
    // A number beyond int64 is kept as the largest, which every points limit refuses.
    const auto& huge =
        expect_ok(api::read_ballot({{"token", "t"}, {"points", json::parse(R"({"3":18446744073709551615})")}}));
    BOOST_TEST(huge.content.points.at(0) == INT64_MAX);
}

BOOST_AUTO_TEST_CASE(moderation_is_hide_with_a_reason_or_restore)
{
    const auto& hide = expect_ok(api::read_moderation({{"action", "hide"}, {"reason", "spam"}}));
    BOOST_TEST(hide.hide);
    BOOST_TEST(hide.reason == "spam");
    const auto& restore = expect_ok(api::read_moderation({{"action", "restore"}}));
    BOOST_TEST(!restore.hide);
    expect_refused(api::read_moderation({{"action", "hide"}}), "reason");
    expect_refused(api::read_moderation({{"action", "delete"}}), "action");
    expect_refused(api::read_moderation(json::object()), "action");
    expect_refused(api::read_moderation({{"action", true}}), "action");
}

BOOST_AUTO_TEST_SUITE_END()
