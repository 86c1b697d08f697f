// The hybrid vote (issue 22) through the API and `cabildo verify`, on the backend the suite runs on:
// a whole day on the test clock with online voting, three in-person tables on a separate day (as
// Mexico City did), check-ins under each policy, double entry with a mismatch resolved, nulls and
// blanks, one act corrected, the results by channel and district, the reconciliation (its figures
// worked out by hand below), the board verified, and the refusals of bad input.

#include "engine/identity/crypto.hpp"
#include "engine/identity/officer_key.hpp"
#include "engine/publication/canonical_json.hpp"
#include "tests/api/challenge_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

namespace cabildo::test {
namespace {

const std::string tables_base = mcc_base + "/tables";

// Three tables for the in-person day, 28 October 2020 (online voting closed on the 26th).
const std::string tables_csv =
    "name,address,district,opens,closes\n"
    "Mesa Centro,\"Plaza Zaragoza, Centro\",Centro,2020-10-28T14:00:00Z,2020-10-28T23:00:00Z\n"
    "Mesa Norte,Parque Madero,Norte,2020-10-28T14:00:00Z,2020-10-28T23:00:00Z\n"
    "Mesa Sur,Biblioteca del Sur,,2020-10-28T14:00:00Z,2020-10-28T23:00:00Z\n";

// An officer's key as shown: its bearer part (sent) and its signing secret (never sent).
struct officer {
    std::int64_t id = 0;
    std::string key;
    std::string secret;
};

officer officer_of(const json& created)
{
    const auto shown = created["key"].get<std::string>();
    const auto parts = engine::split_officer_key(shown);
    BOOST_REQUIRE_MESSAGE(parts, "an officer's key is <bearer>.<secret>: " + shown);
    return {created["id"], std::string(parts->bearer), std::string(parts->secret)};
}

struct hybrid_day : challenge_fixture {
    std::map<std::string, std::string> token; // by person's reference
    std::int64_t a = 0, b = 0, c = 0;
    std::vector<std::int64_t> table; // ids of Centro, Norte, Sur
    std::vector<std::array<officer, 2>> officers;

    hybrid_day()
    {
        std::vector<json> people;
        for (const auto* ref : {"HEAA800101", "HEAB800101", "HEAC800101", "HEAD800101", "HEAE800101", "HEAF800101"})
            people.push_back({{"ref", ref}});
        const auto issued = server.post(mcc_base + "/tokens", {{"participants", people}}, organiser);
        BOOST_REQUIRE_MESSAGE(issued.status == 201, issued.body);
        const auto body = issued.json_body();
        for (const auto& t : body["tokens"])
            token[t["ref"].get<std::string>()] = t["token"];

        const auto made = server.post(tables_base, {{"csv", tables_csv}}, organiser);
        BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
        const auto listed = made.json_body();
        for (const auto& t : listed["tables"])
            table.push_back(t["id"]);
        BOOST_REQUIRE_EQUAL(table.size(), 3U);
        for (const auto t : table) {
            std::array<officer, 2> pair;
            for (auto& o : pair) {
                const auto r = server.post(tables_base + "/" + std::to_string(t) + "/officers",
                                           {{"label", "Funcionario"}}, organiser);
                BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
                o = officer_of(r.json_body());
                // The published key is the one the officer's own secret derives.
                BOOST_TEST(r.json_body()["signing_key"] ==
                           engine::base64url_encode(engine::officer_signing_key(o.secret).public_raw()));
                // The whole key as shown is not a bearer key: only its first part is.
                BOOST_TEST(server.get("/api/v1/whoami", r.json_body()["key"]).status == 401);
                BOOST_TEST(r.json_body()["role"] == "officer");
            }
            officers.push_back(pair);
        }

        server.set_clock("2020-10-02T12:00:00Z");
        a = idea(token["HEAA800101"], "Mercado de productores");
        b = idea(token["HEAB800101"], "Bolsa de trabajo");
        c = idea(token["HEAC800101"], "Ciclovía al centro");
        // Online: A {a,b}, B {b}, C {c}, D {a}, F {b}; E does not vote online.
        for (const auto& [ref, choices] : std::vector<std::pair<std::string, json>>{{"HEAA800101", {a, b}},
                                                                                    {"HEAB800101", {b}},
                                                                                    {"HEAC800101", {c}},
                                                                                    {"HEAD800101", {a}},
                                                                                    {"HEAF800101", {b}}}) {
            const auto r = vote(token[ref], choices);
            BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        }
    }

    std::string at(std::int64_t t, const std::string& rest = {}) const
    {
        return tables_base + "/" + std::to_string(t) + rest;
    }

    http_reply check_in(std::size_t t, const std::string& ref, int officer = 0)
    {
        return server.post(at(table[t], "/check-ins"), {{"ref", ref}}, officers[t][officer].key);
    }

    void enter(std::size_t t, int officer, std::int64_t position, const json& mark, const std::string& status = {})
    {
        const auto r = server.put(at(table[t], "/ballots/" + std::to_string(position)), mark, officers[t][officer].key);
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        if (!status.empty())
            BOOST_TEST(r.json_body()["status"] == status, r.body);
    }

    // Both officers enter the same marks, in order.
    void enter_all(std::size_t t, const std::vector<json>& marks)
    {
        for (int o = 0; o < 2; ++o)
            for (std::size_t i = 0; i < marks.size(); ++i)
                enter(t, o, static_cast<std::int64_t>(i + 1), marks[i], o == 0 ? "single" : "agreed");
    }

    json sign(std::size_t t, int officer, const json& act)
    {
        const auto key = engine::officer_signing_key(officers[t][officer].secret);
        const auto sig = key.sign(act["message"].get<std::string>());
        const auto r = server.post(at(table[t], "/act/signatures"), {{"signature", engine::base64url_encode(sig)}},
                                   officers[t][officer].key);
        BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
        return r.json_body();
    }

    // Drafts the act and has both officers sign it: it closes.
    json close_act(std::size_t t, std::int64_t in_box, const std::string& photo = std::string(64, 'a'))
    {
        const auto draft = server.post(at(table[t], "/act"), {{"ballots_in_box", in_box}, {"photo_sha256", photo}},
                                       officers[t][0].key);
        BOOST_REQUIRE_MESSAGE(draft.status == 201, draft.body);
        BOOST_TEST(draft.json_body()["closed"] == false);
        sign(t, 0, draft.json_body());
        // The other officer drafts the same act (its page queued it too): the signature stays.
        const auto again = server.post(at(table[t], "/act"), {{"ballots_in_box", in_box}, {"photo_sha256", photo}},
                                       officers[t][1].key);
        BOOST_REQUIRE_MESSAGE(again.status == 201, again.body);
        BOOST_TEST(again.json_body()["signatures"].size() == 1U);
        auto closed = sign(t, 1, draft.json_body());
        BOOST_TEST(closed["closed"] == true);
        return closed;
    }
};

// `cabildo verify` over a board written to a file: its exit status and what it printed.
exit_report verify_file(const std::string& body)
{
    const auto path =
        std::filesystem::temp_directory_path() / ("cabildo-tables-" + std::to_string(::getpid()) + ".jsonl");
    {
        std::ofstream f(path);
        f << body;
    }
    auto r = server_process::run_to_exit({"verify", path.string()});
    std::filesystem::remove(path);
    return r;
}

json by_table(const json& reconciliation, std::int64_t id)
{
    for (const auto& line : reconciliation["tables"])
        if (line["table"] == id)
            return line;
    BOOST_FAIL("no reconciliation line for table " + std::to_string(id));
    return {};
}

} // namespace

BOOST_AUTO_TEST_SUITE(in_person_tables)

BOOST_FIXTURE_TEST_CASE(a_whole_hybrid_day_counts_every_paper_ballot_once_and_verifies, hybrid_day)
{
    // Online voting has closed, the tables' day is to come: no live count for the organiser (a
    // check-in would change it, and so tell who had voted online), and the board's entries wait for
    // the last table (the online ballots must not be public while people still vote).
    server.set_clock("2020-10-27T12:00:00Z");
    expect_error(server.get(mcc_base + "/results", organiser), 409, "phase_not_open");
    expect_error(server.get(mcc_base + "/board/file"), 409, "phase_not_open");
    BOOST_TEST(server.get(mcc_base + "/board").json_body()["entries_public"] == false);
    // Before the tables open: no check-in; an officer of another table is told which field is wrong.
    server.set_clock("2020-10-28T13:00:00Z");
    expect_error(check_in(0, "HEAE800101"), 409, "phase_not_open", "opens");
    server.set_clock("2020-10-28T15:00:00Z");
    expect_error(server.post(at(table[0], "/check-ins"), {{"ref", "HEAE800101"}}, officers[1][0].key), 403, "forbidden",
                 "table");
    expect_error(server.post(at(table[0], "/check-ins"), {{"ref", "HEAE800101"}}, organiser), 403, "forbidden");

    // Centro: A voted online (paper_replaces_online: the paper ballot counts, the online one is set
    // aside), E did not vote online. Norte: G has no token at all; E tries a second table.
    auto r = check_in(0, "HEAA800101");
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    BOOST_TEST(r.json_body()["may_vote"] == true);
    BOOST_TEST(r.json_body()["checked_in"] == 1);
    BOOST_TEST(check_in(0, "heaa800101", 1).error_code() == "already_voted"); // any spelling of the reference
    BOOST_TEST(check_in(0, "HEAE800101", 1).json_body()["checked_in"] == 2);
    BOOST_TEST(check_in(1, "HEAG800101").status == 200);
    expect_error(check_in(1, "HEAE800101"), 409, "already_voted", "ref");
    BOOST_TEST(check_in(2, "HEAH800101").status == 200);
    // The database holds no reference in clear.
    const auto bytes = server.database_bytes();
    BOOST_TEST(bytes.find("HEAG800101") == std::string::npos);
    BOOST_TEST(bytes.find("HEAE800101") == std::string::npos);

    // The box is opened once the table closes.
    expect_error(server.put(at(table[0], "/ballots/1"), {{"choices", {a}}}, officers[0][0].key), 409, "phase_not_open",
                 "closes");
    server.set_clock("2020-10-29T01:00:00Z");
    expect_error(check_in(0, "HEAZ800101"), 409, "phase_closed", "closes");

    // Centro's box: 3 ballots for 2 people checked in (stated, not refused). Ballot 2 is entered
    // differently by the two officers and resolved by them; ballot 3 marks three ideas: refused as
    // valid, entered as null with its reason.
    enter(0, 0, 1, {{"choices", {a, b}}}, "single");
    enter(0, 1, 1, {{"choices", {b, a}}}, "agreed"); // choices are a set: read in any order
    enter(0, 0, 2, {{"choices", {a}}});
    enter(0, 1, 2, {{"choices", {c}}}, "mismatch");
    auto entries = server.get(at(table[0], "/ballots"), officers[0][0].key).json_body();
    BOOST_TEST(entries["ballots"][1]["status"] == "mismatch");
    BOOST_TEST(entries["ballots"][1]["mine"] == json({{"choices", {a}}}));
    BOOST_TEST(entries["ballots"][1]["others"] == json::array({{{"choices", {c}}}}));
    BOOST_TEST(!entries["ballots"][0].contains("others")); // agreed: nobody is shown another's entry
    expect_error(server.post(at(table[0], "/act"), {{"ballots_in_box", 3}, {"photo_sha256", std::string(64, 'a')}},
                             officers[0][0].key),
                 409, "wrong_status", "ballots");
    enter(0, 1, 2, {{"choices", {a}}}, "agreed");
    const auto over = server.put(at(table[0], "/ballots/3"), {{"choices", {a, b, c}}}, officers[0][0].key);
    expect_error(over, 400, "invalid_field", "choices");
    BOOST_TEST(over.json_body()["error"]["message"].get<std::string>().find("too_many_choices") != std::string::npos);
    enter(0, 0, 3, {{"null", "too_many_choices"}});
    enter(0, 1, 3, {{"null", "too_many_choices"}}, "agreed");
    expect_error(server.put(at(table[0], "/ballots/4"), {{"null", "smudged"}}, officers[0][0].key), 400,
                 "invalid_field", "null");

    // The act: a signature by the wrong key is refused; both officers sign; then nothing changes.
    const auto draft = server.post(at(table[0], "/act"),
                                   {{"ballots_in_box", 3}, {"photo_sha256", std::string(64, 'c')}}, officers[0][0].key);
    BOOST_REQUIRE_MESSAGE(draft.status == 201, draft.body);
    auto act = draft.json_body();
    BOOST_TEST(act["checked_in"] == 2);
    BOOST_TEST(act["ballots_in_box"] == 3);
    BOOST_TEST(act["difference"] == 1);
    BOOST_TEST(act["valid"] == 2);
    BOOST_TEST(act["null"] == json({{"too_many_choices", 1}}));
    BOOST_TEST(act["votes"] == json({{std::to_string(a), 2}, {std::to_string(b), 1}}));
    const auto wrong_key = engine::officer_signing_key(officers[1][0].secret).sign(act["message"].get<std::string>());
    expect_error(server.post(at(table[0], "/act/signatures"), {{"signature", engine::base64url_encode(wrong_key)}},
                             officers[0][0].key),
                 400, "invalid_field", "signature");
    BOOST_TEST(sign(0, 0, act)["closed"] == false);
    BOOST_TEST(sign(0, 1, act)["closed"] == true);
    expect_error(server.put(at(table[0], "/ballots/1"), {{"blank", true}}, officers[0][0].key), 409, "act_closed",
                 "position");

    // Norte: ballot 2 read as blank, then corrected (a mark in b was missed): both acts kept.
    enter_all(1, {{{"choices", {b}}}, {{"blank", true}}});
    const auto first = close_act(1, 2);
    BOOST_TEST(first["blank"] == 1);
    const auto opened =
        server.post(at(table[1], "/corrections"), {{"reason", "la boleta 2 tenía una marca en b"}}, officers[1][0].key);
    BOOST_REQUIRE_MESSAGE(opened.status == 201, opened.body);
    BOOST_TEST(opened.json_body()["edition"] == 2);
    enter(1, 0, 2, {{"choices", {b}}}, "mismatch");
    enter(1, 1, 2, {{"choices", {b}}}, "agreed");
    const auto second = close_act(1, 2, std::string(64, 'b'));
    BOOST_TEST(second["supersedes"] == 1);
    BOOST_TEST(second["reason"] == "la boleta 2 tenía una marca en b");
    BOOST_TEST(second["valid"] == 2);

    // Results wait for Sur.
    server.set_clock("2020-11-02T00:00:00Z");
    expect_error(server.get(mcc_base + "/results"), 409, "phase_not_open", "missing_tables");
    enter_all(2, {{{"choices", {c}}}});
    close_act(2, 1);

    // Reconciliation, by hand: Centro 2 checked in, 3 in the box (+1), A's online ballot set aside,
    // A refused the second time; Norte 1 and 2 (+1), E refused; Sur 1 and 1.
    // Until the results are out the online ballots set aside are not shown: an officer would read
    // them before and after a check-in and learn whether that person had voted online.
    auto rec = server.get(mcc_base + "/reconciliation").json_body();
    BOOST_TEST(rec["total"]["online_set_aside"].is_null());
    BOOST_TEST(by_table(rec, table[0])["online_set_aside"].is_null());
    // The board shows no revocation yet either: it comes with the tally, apart from the check-in.
    BOOST_TEST(server.get(mcc_base + "/board/file").body.find("\"revocation\"") == std::string::npos);
    const auto centro = by_table(rec, table[0]), norte = by_table(rec, table[1]), sur = by_table(rec, table[2]);
    BOOST_TEST(centro["checked_in"] == 2);
    BOOST_TEST(centro["ballots_in_box"] == 3);
    BOOST_TEST(centro["difference"] == 1);
    BOOST_TEST(centro["null"] == 1);
    BOOST_TEST(norte["refused"] == 1);
    BOOST_TEST(norte["difference"] == 1);
    BOOST_TEST(norte["edition"] == 2);
    BOOST_TEST(sur["difference"] == 0);
    BOOST_TEST(rec["total"]["checked_in"] == 4);
    BOOST_TEST(rec["total"]["ballots_in_box"] == 6);
    BOOST_TEST(rec["total"]["difference"] == 2);
    BOOST_TEST(rec["total"]["valid"] == 5);
    BOOST_TEST(rec["total"]["null"] == 1);
    BOOST_TEST(centro["refused"] == 1); // A, again, at the same table
    BOOST_TEST(rec["total"]["refused"] == 2);
    BOOST_TEST(rec["missing"] == json::array());
    BOOST_TEST(server.get(at(table[1], "/acts")).json_body()["acts"].size() == 2U);

    // Results: online B {b}, C {c}, D {a}, F {b} (A's set aside); paper {a,b} {a} | {b} {b} | {c}.
    // a 1+2, b 2+3, c 1+1: winners b and a.
    const auto results = server.get(mcc_base + "/results");
    BOOST_REQUIRE_MESSAGE(results.status == 200, results.body);
    const auto doc = results.json_body();
    BOOST_TEST(doc["ballots"] == 9);
    BOOST_TEST(doc["ranking"][0]["idea"] == b);
    BOOST_TEST(doc["ranking"][0]["score"] == 5);
    BOOST_TEST(doc["ranking"][1]["idea"] == a);
    BOOST_TEST(doc["ranking"][1]["score"] == 3);
    BOOST_TEST(doc["channels"]["online"]["ballots"] == 4);
    BOOST_TEST(doc["channels"]["in_person"]["ballots"] == 5);
    BOOST_TEST(doc["channels"]["in_person"]["blank"] == 0);
    BOOST_TEST(doc["channels"]["in_person"]["null"] == 1);
    BOOST_TEST(doc["channels"]["in_person"]["share"].get<double>() == 5.0 / 9.0, boost::test_tools::tolerance(1e-9));
    for (const auto& line : doc["by_channel"])
        if (line["idea"] == a)
            BOOST_TEST((line["online"] == 1 && line["in_person"] == 2), line.dump());
    BOOST_REQUIRE_EQUAL(doc["districts"].size(), 2U);
    BOOST_TEST(doc["districts"][0]["district"] == "Centro");
    BOOST_TEST(doc["districts"][0]["ballots"] == 2);
    BOOST_TEST(doc["districts"][1]["district"] == "Norte");
    BOOST_TEST(doc["missing_tables"] == json::array());
    rec = server.get(mcc_base + "/reconciliation").json_body();
    BOOST_TEST(by_table(rec, table[0])["online_set_aside"] == 1);
    BOOST_TEST(rec["total"]["online_set_aside"] == 1);

    // The exports carry the channel; the election file holds every counted ballot.
    const auto csv = server.get(mcc_base + "/export?format=csv").body;
    BOOST_TEST(csv.starts_with("receipt,choices,channel,table\n"));
    BOOST_TEST(std::count(csv.begin(), csv.end(), '\n') == 10);
    const auto pabulib = server.get(mcc_base + "/export?format=pabulib").body;
    BOOST_TEST(pabulib.find("num_votes;9\n") != std::string::npos);
    BOOST_TEST(pabulib.find("VOTES\nvoter_id;vote;channel\n") != std::string::npos);

    // The board: a check-in names no one; `cabildo verify` recounts both channels and every act.
    const auto file = server.get(mcc_base + "/board/file");
    BOOST_REQUIRE_EQUAL(file.status, 200);
    std::istringstream lines(file.body);
    std::size_t check_ins = 0;
    for (std::string line; std::getline(lines, line);) {
        const auto e = json::parse(line);
        if (e.value("type", "") == "check_in") {
            ++check_ins;
            BOOST_TEST(e.size() == 6U, line); // challenge, seq, type, at, table, checked_in
        }
    }
    BOOST_TEST(check_ins == 4U);
    BOOST_TEST(file.body.find("\"revocation\"") != std::string::npos); // A's, with the tally
    const auto v = verify_file(file.body);
    BOOST_TEST(v.status == 0, v.out << v.err);
    BOOST_TEST(v.out.find("tables 3\n") != std::string::npos, v.out);
    BOOST_TEST(v.out.find("acts 4\n") != std::string::npos, v.out);
    BOOST_TEST(v.out.find("the board holds") != std::string::npos, v.out);
}

BOOST_FIXTURE_TEST_CASE(a_changed_paper_ballot_or_act_is_found_by_verify, hybrid_day)
{
    server.set_clock("2020-10-28T15:00:00Z");
    BOOST_REQUIRE_EQUAL(check_in(0, "HEAE800101").status, 200);
    server.set_clock("2020-10-29T01:00:00Z");
    enter_all(0, {{{"choices", {a}}}, {{"choices", {b}}}});
    close_act(0, 2);
    for (std::size_t t = 1; t < 3; ++t)
        close_act(t, 0);
    server.set_clock("2020-11-02T00:00:00Z");
    BOOST_REQUIRE_EQUAL(server.get(mcc_base + "/results").status, 200);
    const auto body = server.get(mcc_base + "/board/file").body;
    BOOST_TEST(verify_file(body).status == 0);
    // A paper ballot changed (and its leaf hash with it): the head no longer covers it; its act's
    // figures changed and canonically rewritten: the act's signatures no longer hold.
    std::vector<std::string> lines;
    std::istringstream in(body);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    for (const auto* type : {"paper_ballot", "act"}) {
        auto tampered = lines;
        for (auto& line : tampered) {
            auto e = json::parse(line);
            if (e.value("type", "") != type)
                continue;
            if (std::string(type) == "act")
                e["valid"] = 3;
            else
                e["ideas"] = {c};
            line = engine::canonical_json(e);
            break;
        }
        std::string joined;
        for (const auto& l : tampered)
            joined += l + "\n";
        const auto v = verify_file(joined);
        BOOST_TEST(v.status == 1, type << ": " << v.out << v.err);
    }
}

BOOST_AUTO_TEST_CASE(first_counts_refuses_a_person_who_voted_online)
{
    challenge_fixture f;
    auto ch = mcc_challenge();
    ch["slug"] = "primera";
    ch["in_person_policy"] = "first_counts";
    const auto made = f.server.post("/api/v1/municipalities/hermosillo/challenges", ch, f.organiser);
    BOOST_REQUIRE_MESSAGE(made.status == 201, made.body);
    BOOST_TEST(made.json_body()["in_person_policy"] == "first_counts");
    const std::string base = "/api/v1/municipalities/hermosillo/challenges/primera";
    const auto issued =
        f.server.post(base + "/tokens", {{"participants", {{{"ref", "P1"}}, {{"ref", "P2"}}}}}, f.organiser);
    BOOST_REQUIRE_EQUAL(issued.status, 201);
    const auto tokens = issued.json_body()["tokens"];
    const auto t = f.server.post(base + "/tables",
                                 {{"name", "Mesa única"},
                                  {"address", "Palacio municipal"},
                                  {"opens", "2020-10-03T14:00:00Z"},
                                  {"closes", "2020-10-03T23:00:00Z"},
                                  {"observers", {{{"name", "Ana"}, {"organisation", "Observatorio ciudadano"}}}}},
                                 f.organiser);
    BOOST_REQUIRE_MESSAGE(t.status == 201, t.body);
    BOOST_TEST(t.json_body()["observers"][0]["organisation"] == "Observatorio ciudadano");
    const auto table = base + "/tables/" + std::to_string(t.json_body()["id"].get<std::int64_t>());
    const auto key = officer_of(f.server.post(table + "/officers", json::object(), f.organiser).json_body()).key;
    f.server.set_clock("2020-10-02T12:00:00Z");
    const auto idea = f.server.post(
        base + "/ideas",
        {{"token", tokens[0]["token"]}, {"title", "Alumbrado"}, {"description", "Más luz"}, {"category", "comercio"}});
    BOOST_REQUIRE_EQUAL(idea.status, 201);
    BOOST_REQUIRE_EQUAL(
        f.server.put(base + "/ballot", {{"token", tokens[0]["token"]}, {"choices", {idea.json_body()["id"]}}}).status,
        200);
    f.server.set_clock("2020-10-03T15:00:00Z");
    // P1 voted online: refused, told only that they voted. P2 had a token and no ballot: may vote,
    // and the token stops working.
    expect_error(f.server.post(table + "/check-ins", {{"ref", "P1"}}, key), 409, "already_voted", "ref");
    BOOST_TEST(f.server.post(table + "/check-ins", {{"ref", "P2"}}, key).status == 200);
    expect_error(f.server.put(base + "/ballot", {{"token", tokens[1]["token"]}, {"choices", {idea.json_body()["id"]}}}),
                 401, "token_revoked");
    // Nor can a desk give P2 another.
    expect_error(f.server.post(base + "/tokens", {{"participants", {{{"ref", "P2"}}}}}, f.organiser), 409,
                 "already_voted", "participants[0].ref");
    const auto line = f.server.get(base + "/reconciliation").json_body()["tables"][0];
    BOOST_TEST(line["refused"] == 1);
    BOOST_TEST(line["checked_in"] == 1);
    BOOST_TEST(line["online_set_aside"].is_null()); // shown once the results are out
    BOOST_TEST(line["reported"] == false);
}

BOOST_FIXTURE_TEST_CASE(an_organiser_publishes_without_a_table_only_by_naming_it, hybrid_day)
{
    server.set_clock("2020-10-29T01:00:00Z");
    close_act(0, 0);
    close_act(1, 0);
    server.set_clock("2020-11-02T00:00:00Z");
    expect_error(server.post(mcc_base + "/announcement", json::object(), organiser), 409, "phase_not_open",
                 "missing_tables");
    expect_error(server.post(mcc_base + "/announcement", {{"missing_tables", {table[1]}}}, organiser), 409,
                 "phase_not_open", "missing_tables");
    const auto r = server.post(mcc_base + "/announcement", {{"missing_tables", {table[2]}}}, organiser);
    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
    BOOST_TEST(r.json_body()["missing_tables"] == json::array({table[2]}));
    BOOST_TEST(server.get(mcc_base + "/reconciliation").json_body()["missing"] == json::array({table[2]}));
    // Published: nobody checks in any more, not even from a paper roll.
    expect_error(
        server.post(at(table[2], "/check-ins"), {{"ref", "HEAE800101"}, {"from_roll", true}}, officers[2][0].key), 409,
        "phase_closed");
    BOOST_TEST(verify_file(server.get(mcc_base + "/board/file").body).status == 0);
}

// A lost phone: its officer's key is revoked, their entries stop counting, a new officer enters the
// box again and signs; the act never waits for a key that no longer exists.
BOOST_FIXTURE_TEST_CASE(a_revoked_officer_neither_agrees_nor_signs, hybrid_day)
{
    server.set_clock("2020-10-29T01:00:00Z");
    enter_all(2, {{{"choices", {a}}}});
    const auto draft = server.post(at(table[2], "/act"),
                                   {{"ballots_in_box", 1}, {"photo_sha256", std::string(64, 'd')}}, officers[2][0].key);
    BOOST_REQUIRE_EQUAL(draft.status, 201);
    BOOST_REQUIRE_EQUAL(
        server.request("DELETE", at(table[2], "/officers/" + std::to_string(officers[2][1].id)), {}, organiser).status,
        204);
    // The draft waits for a signer who has no key: refused, to be drafted again.
    const auto sig =
        engine::officer_signing_key(officers[2][0].secret).sign(draft.json_body()["message"].get<std::string>());
    expect_error(server.post(at(table[2], "/act/signatures"), {{"signature", engine::base64url_encode(sig)}},
                             officers[2][0].key),
                 409, "wrong_status", "signature");
    expect_error(server.post(at(table[2], "/act"), {{"ballots_in_box", 1}, {"photo_sha256", std::string(64, 'd')}},
                             officers[2][0].key),
                 409, "wrong_status", "ballots");
    const auto made = server.post(at(table[2], "/officers"), {{"label", "Suplente"}}, organiser);
    BOOST_REQUIRE_EQUAL(made.status, 201);
    officers[2][1] = officer_of(made.json_body());
    enter(2, 1, 1, {{"choices", {a}}}, "agreed");
    const auto closed = close_act(2, 1);
    BOOST_TEST(closed["signers"] == json::array({officers[2][0].id, officers[2][1].id}));
}

BOOST_FIXTURE_TEST_CASE(bad_tables_are_refused_with_the_field_and_nothing_stored, hybrid_day)
{
    const auto before = server.get(tables_base).body;
    const std::string bad_row = "name,address,district,opens,closes\n"
                                "Mesa 4,Plaza,,2020-10-28T14:00:00Z,2020-10-28T23:00:00Z\n"
                                "Mesa 5,Plaza,,2020-10-28T14:00:00Z,ayer\n";
    expect_error(server.post(tables_base, {{"csv", bad_row}}, organiser), 400, "invalid_field", "rows[2].closes");
    expect_error(server.post(tables_base, {{"csv", "nombre,direccion\n"}}, organiser), 400, "invalid_field", "csv");
    expect_error(server.post(tables_base,
                             {{"name", "Tarde"},
                              {"address", "X"},
                              {"opens", "2020-11-05T00:00:00Z"},
                              {"closes", "2020-11-06T00:00:00Z"}},
                             organiser),
                 400, "invalid_field", "closes");
    expect_error(server.post(tables_base, {{"name", "Sin hora"}, {"address", "X"}}, organiser), 400, "invalid_field",
                 "opens");
    BOOST_TEST(server.get(tables_base).body == before);
    // Only organisers make tables and officers; an officer's key does nothing else.
    expect_error(server.post(tables_base, {{"csv", tables_csv}}, officers[0][0].key), 403, "forbidden");
    expect_error(server.post(mcc_base + "/tokens", {{"count", 1}}, officers[0][0].key), 403, "forbidden");
    expect_error(
        server.post("/api/v1/municipalities/hermosillo/keys", {{"role", "officer"}}, server_process::admin_key()), 400,
        "invalid_field", "role");
    const auto who = server.get("/api/v1/whoami", officers[2][1].key).json_body();
    BOOST_TEST(who["role"] == "officer");
    BOOST_TEST(who["challenge"] == "reactivacion");
    BOOST_TEST(who["table"] == table[2]);
    // A revoked officer's key stops working.
    BOOST_TEST(server.request("DELETE", at(table[2], "/officers/" + std::to_string(officers[2][1].id)), {}, organiser)
                   .status == 204);
    BOOST_TEST(server.get("/api/v1/whoami", officers[2][1].key).status == 401);
    // Acts are public once voting has closed, not before (their votes would be a partial count).
    expect_error(server.get(at(table[0], "/acts")), 409, "phase_not_open");

    // Hostile entries: each refused with its field, nothing stored.
    server.set_clock("2020-10-29T01:00:00Z");
    const auto& key = officers[0][0].key;
    expect_error(server.put(at(table[0], "/ballots/0"), {{"blank", true}}, key), 400, "invalid_field", "position");
    expect_error(server.put(at(table[0], "/ballots/x"), {{"blank", true}}, key), 400, "invalid_field", "position");
    expect_error(server.put(at(table[0], "/ballots/100001"), {{"blank", true}}, key), 400, "invalid_field", "position");
    expect_error(server.put(at(table[0], "/ballots/1"), {{"choices", {a}}, {"blank", true}}, key), 400, "invalid_field",
                 "choices");
    expect_error(server.put(at(table[0], "/ballots/1"), {{"blank", false}}, key), 400, "invalid_field", "blank");
    expect_error(server.put(at(table[0], "/ballots/1"), {{"ranking", {a}}}, key), 400, "invalid_field", "choices");
    expect_error(server.put(at(table[0], "/ballots/1"), {{"choices", {999}}}, key), 400, "unknown_idea");
    expect_error(server.post(at(table[0], "/act"), {{"ballots_in_box", 0}, {"photo_sha256", "abc"}}, key), 400,
                 "invalid_field", "photo_sha256");
    expect_error(
        server.post(at(table[0], "/act"), {{"ballots_in_box", -1}, {"photo_sha256", std::string(64, 'a')}}, key), 400,
        "invalid_field", "ballots_in_box");
    expect_error(server.post(at(table[0], "/act/signatures"), {{"signature", "not base64!"}}, key), 400,
                 "invalid_field", "signature");
    expect_error(server.post(at(table[0], "/corrections"), {{"reason", "otra vez"}}, key), 409, "wrong_status");
    expect_error(server.post(at(table[0], "/corrections"), {{"reason", ""}}, key), 400, "invalid_field", "reason");
    expect_error(server.post(at(table[0], "/check-ins"), {{"ref", ""}}, key), 400, "invalid_field", "ref");
    BOOST_TEST(server.get(at(table[0], "/ballots"), key).json_body()["ballots"] == json::array());
}

// Paper ballots of every kind count as online ones do: Schulze and IRV rankings, Equal Shares
// baskets, points. Each challenge has one table during voting; its two paper ballots and one online
// ballot make the count, the election file holds all three and recounts to the published winners,
// and the board verifies.
BOOST_AUTO_TEST_CASE(paper_ballots_of_every_kind_count_and_recount)
{
    struct kind_case {
        std::string slug;
        json ballot;
        std::optional<std::int64_t> budget;
        // The online ballot's field, then the two paper ballots, by the ideas' order a, b, c.
        std::string field;
        std::function<json(const std::vector<std::int64_t>&, int)> ballot_of;
    };
    const auto ids = [](const std::vector<std::int64_t>& i, std::vector<int> which) {
        json out = json::array();
        for (const int k : which)
            out.push_back(i[static_cast<std::size_t>(k)]);
        return out;
    };
    const std::vector<kind_case> cases{
        {"schulze",
         {{"kind", "ranking"}, {"method", "schulze"}},
         std::nullopt,
         "ranking",
         [&](const auto& i, int n) {
             return ids(i, n == 0 ? std::vector{0, 1} : std::vector{2, 1});
         }},
        {"irv",
         {{"kind", "ranking"}, {"method", "irv"}},
         std::nullopt,
         "ranking",
         [&](const auto& i, int n) {
             return ids(i, n == 0 ? std::vector{0} : std::vector{1, 0});
         }},
        {"equal-shares",
         {{"kind", "budget"}, {"method", "equal_shares"}},
         100,
         "choices",
         [&](const auto& i, int n) {
             return ids(i, n == 0 ? std::vector{0, 2} : std::vector{1, 2});
         }},
        {"puntos",
         {{"kind", "points"}, {"points_total", 10}, {"max_per_idea", 6}},
         std::nullopt,
         "points",
         [&](const auto& i, int n) {
             return n == 0 ? json{{std::to_string(i[0]), 6}, {std::to_string(i[1]), 4}}
                           : json{{std::to_string(i[2]), 5}};
         }},
    };
    for (const auto& k : cases) {
        BOOST_TEST_CONTEXT(k.slug)
        {
            challenge_fixture f; // a server each: the test clock only moves forward
            auto def = mcc_challenge();
            def["slug"] = k.slug;
            def["ballot"] = k.ballot;
            def.erase("winners");
            if (k.budget)
                def["budget"] = *k.budget;
            else
                def["winners"] = 1;
            BOOST_REQUIRE_EQUAL(f.server.post("/api/v1/municipalities/hermosillo/challenges", def, f.organiser).status,
                                201);
            const std::string base = "/api/v1/municipalities/hermosillo/challenges/" + k.slug;
            const auto t = f.server.post(base + "/tables",
                                         {{"name", "Mesa"},
                                          {"address", "Plaza"},
                                          {"opens", "2020-10-03T14:00:00Z"},
                                          {"closes", "2020-10-03T23:00:00Z"}},
                                         f.organiser);
            BOOST_REQUIRE_EQUAL(t.status, 201);
            const auto table = base + "/tables/" + std::to_string(t.json_body()["id"].get<std::int64_t>());
            std::vector<officer> officers;
            for (int o = 0; o < 2; ++o)
                officers.push_back(
                    officer_of(f.server.post(table + "/officers", json::object(), f.organiser).json_body()));
            const auto card =
                f.server.post(base + "/tokens", {{"count", 1}}, f.organiser).json_body()["tokens"][0]["token"];
            f.server.set_clock("2020-10-02T12:00:00Z");
            std::vector<std::int64_t> i;
            for (const auto* title : {"Mercado", "Bolsa de trabajo", "Ciclovía"}) {
                json idea{{"token", card}, {"title", title}, {"description", "Propuesta"}, {"category", "empleo"}};
                if (k.budget)
                    idea["cost"] = 50;
                const auto r = f.server.post(base + "/ideas", idea);
                BOOST_REQUIRE_MESSAGE(r.status == 201, r.body);
                i.push_back(r.json_body()["id"]);
            }
            const auto online = f.server.put(base + "/ballot", {{"token", card}, {k.field, k.ballot_of(i, 0)}});
            BOOST_REQUIRE_MESSAGE(online.status == 200, online.body);
            f.server.set_clock("2020-10-04T01:00:00Z");
            for (const auto& [id, key, secret] : officers)
                for (int n = 0; n < 2; ++n) {
                    const auto r =
                        f.server.put(table + "/ballots/" + std::to_string(n + 1), {{k.field, k.ballot_of(i, n)}}, key);
                    BOOST_REQUIRE_MESSAGE(r.status == 200, r.body);
                }
            const auto draft = f.server.post(
                table + "/act", {{"ballots_in_box", 2}, {"photo_sha256", std::string(64, 'e')}}, officers[0].key);
            BOOST_REQUIRE_MESSAGE(draft.status == 201, draft.body);
            // Voting is open: the draft's votes are a partial count, its officers' and no organiser's.
            BOOST_TEST(f.server.get(table + "/act", officers[1].key).status == 200);
            expect_error(f.server.get(table + "/act", f.organiser), 409, "phase_not_open");
            for (const auto& [id, key, secret] : officers) {
                const auto sig =
                    engine::officer_signing_key(secret).sign(draft.json_body()["message"].get<std::string>());
                BOOST_REQUIRE_EQUAL(
                    f.server.post(table + "/act/signatures", {{"signature", engine::base64url_encode(sig)}}, key)
                        .status,
                    200);
            }
            f.server.set_clock("2020-10-27T00:00:00Z");
            const auto published = f.server.post(base + "/announcement", json::object(), f.organiser);
            BOOST_REQUIRE_MESSAGE(published.status == 200, published.body);
            const auto doc = published.json_body();
            BOOST_TEST(doc["ballots"] == 3);
            BOOST_TEST(doc["channels"]["in_person"]["ballots"] == 2);
            // The election file holds all three ballots and recounts to the published winners.
            const auto file = f.server.get(base + "/export?format=pabulib");
            BOOST_REQUIRE_EQUAL(file.status, 200);
            BOOST_TEST(file.body.find("num_votes;3\n") != std::string::npos);
            const auto path = std::filesystem::temp_directory_path() /
                              ("cabildo-tables-" + std::to_string(::getpid()) + "-" + k.slug + ".pb");
            std::ofstream(path) << file.body;
            const auto counted = server_process::run_to_exit({"count", path.string()});
            std::filesystem::remove(path);
            BOOST_REQUIRE_MESSAGE(counted.status == 0, counted.out << counted.err);
            std::set<std::int64_t> selected, winners;
            const auto recount = json::parse(counted.out);
            for (const auto& r : recount["ranking"])
                if (r.value("winner", false) || r.value("selected", false)) // elected, or funded
                    selected.insert(std::stoll(r["project"].get<std::string>()));
            for (const auto& r : doc["ranking"])
                if (r["winner"])
                    winners.insert(r["idea"].get<std::int64_t>());
            BOOST_TEST(selected == winners, counted.out);
            const auto v = verify_file(f.server.get(base + "/board/file").body);
            BOOST_TEST(v.status == 0, v.out << v.err);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace cabildo::test
