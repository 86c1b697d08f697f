// The field checks every use case shares: slugs, text lengths in code points, control
// characters, time zones and language tags.

#include "engine/domain/validation.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

using namespace cabildo::engine;

namespace {

void check_refused(const std::optional<failure>& f, const std::string& field)
{
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->code == errc::invalid_field);
    BOOST_TEST(f->field == field);
    BOOST_TEST(!f->message.empty());
}

bool tz_database_present() { return std::filesystem::is_directory("/usr/share/zoneinfo"); }

} // namespace

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(slugs_are_lower_case_letters_digits_and_dashes_up_to_64)
{
    for (const char* good : {"hermosillo", "a", "0", "-", "reactivacion-2020", "mcc-mexico"})
        BOOST_CHECK_MESSAGE(is_slug(good), good);
    BOOST_TEST(is_slug(std::string(64, 'a')));
    BOOST_TEST(!is_slug(std::string(65, 'a')));
    for (const char* bad : {"", "Hermosillo", "a_b", "a b", "a/b", "a.b", "ñandu", "..", "a\n"})
        BOOST_CHECK_MESSAGE(!is_slug(bad), bad);
    BOOST_TEST(!is_slug(std::string_view("a\0b", 3)));
}

BOOST_AUTO_TEST_CASE(check_slug_names_the_field)
{
    BOOST_TEST(!check_slug("hermosillo", "slug").has_value());
    check_refused(check_slug("Hermosillo", "slug"), "slug");
    check_refused(check_slug("", "municipality"), "municipality");
}

BOOST_AUTO_TEST_CASE(utf8_length_counts_code_points)
{
    BOOST_TEST(utf8_length("") == 0u);
    BOOST_TEST(utf8_length("abc") == 3u);
    BOOST_TEST(utf8_length("ñandú") == 5u);            // 7 bytes
    BOOST_TEST(utf8_length("日本") == 2u);             // 6 bytes
    BOOST_TEST(utf8_length("\xF0\x9F\x98\x80") == 1u); // U+1F600, 4 bytes
    BOOST_TEST(utf8_length("Reactivación económica") == 22u);
}

BOOST_AUTO_TEST_CASE(text_length_is_measured_in_code_points)
{
    BOOST_TEST(!check_text("ñññ", "title", 1, 3).has_value()); // 6 bytes, 3 characters
    check_refused(check_text("ññññ", "title", 1, 3), "title");
    BOOST_TEST(!check_text("日本", "title", 2, 2).has_value());
    check_refused(check_text("ñ", "title", 3, 200), "title"); // 2 bytes, still 1 character
    const auto short_one = check_text("ab", "title", 3, 200);
    check_refused(short_one, "title");
    BOOST_TEST(short_one->message.find("at least 3") != std::string::npos);
    const auto empty = check_text("", "name", 1, 10);
    check_refused(empty, "name");
    BOOST_TEST(empty->message.find("must not be empty") != std::string::npos);
    BOOST_TEST(!check_text("", "state", 0, 10).has_value());
}

BOOST_AUTO_TEST_CASE(the_limits_of_limits_hpp_apply_through_the_overload)
{
    BOOST_TEST(!check_text("Parque", "title", idea_title_limit).has_value());
    check_refused(check_text("ab", "title", idea_title_limit), "title");
    BOOST_TEST(!check_text(std::string(200, 'x'), "title", idea_title_limit).has_value());
    check_refused(check_text(std::string(201, 'x'), "title", idea_title_limit), "title");
    // 200 two-byte characters are 400 bytes, and within the limit.
    std::string accents;
    for (int i = 0; i < 200; ++i)
        accents += "é";
    BOOST_TEST(!check_text(accents, "title", idea_title_limit).has_value());
    check_refused(check_text(accents + "é", "title", idea_title_limit), "title");
}

BOOST_AUTO_TEST_CASE(control_characters_are_refused)
{
    for (const char* bad : {"a\x01"
                            "b",
                            "a\x1b[31m", "x\x7f", "\x1f"}) {
        const auto f = check_text(bad, "description", 1, 100, true);
        check_refused(f, "description");
        BOOST_TEST(f->message.find("control characters") != std::string::npos);
    }
    check_refused(check_text(std::string_view("a\0b", 3), "title", 1, 100), "title");
    check_refused(check_text(std::string_view("a\0b", 3), "title", 1, 100, true), "title");
}

BOOST_AUTO_TEST_CASE(newlines_and_tabs_only_in_multiline_text)
{
    check_refused(check_text("línea uno\nlínea dos", "title", 1, 100), "title");
    check_refused(check_text("a\tb", "title", 1, 100), "title");
    check_refused(check_text("a\r\nb", "title", 1, 100), "title");
    BOOST_TEST(!check_text("línea uno\nlínea dos", "description", 1, 100, true).has_value());
    BOOST_TEST(!check_text("a\tb", "description", 1, 100, true).has_value());
    BOOST_TEST(!check_text("a\r\nb", "description", 1, 100, true).has_value());
}

BOOST_AUTO_TEST_CASE(time_zones_are_iana_names)
{
    for (const char* good : {"America/Hermosillo", "America/Mexico_City", "UTC", "Etc/GMT+7"})
        BOOST_CHECK_MESSAGE(!check_timezone(good, "timezone").has_value(), good);
    for (const char* bad : {"", "/etc/passwd", "../etc/passwd", "America/../../etc/passwd", "America/Hermosillo ",
                            "America\\Hermosillo", "America/Hermosillo\n", "Amé rica"})
        check_refused(check_timezone(bad, "timezone"), "timezone");
    check_refused(check_timezone(std::string(65, 'A'), "municipality.timezone"), "municipality.timezone");
}

BOOST_AUTO_TEST_CASE(time_zones_must_be_in_the_systems_database)
{
    if (!tz_database_present()) {
        BOOST_TEST_MESSAGE("no /usr/share/zoneinfo here: only the shape of a zone is checked");
        return;
    }
    check_refused(check_timezone("America/Nowhere", "timezone"), "timezone");
    check_refused(check_timezone("Mars/Olympus_Mons", "timezone"), "timezone");
    check_refused(check_timezone("America", "timezone"), "timezone"); // a folder, not a zone
}

BOOST_AUTO_TEST_CASE(locales_are_simple_language_tags)
{
    for (const char* good : {"es-MX", "es", "en-US", "EN", "yue", "zh-Hant-TW", "es-419", "de-CH-1996"})
        BOOST_CHECK_MESSAGE(!check_locale(good, "locale").has_value(), good);
    for (const char* bad : {"", "e", "espa", "es-", "-MX", "es_MX", "1s", "e1", "es-M", "es-abcdefghi", "es--MX",
                            "es MX", "es-MX\n", "ñu"})
        check_refused(check_locale(bad, "locale"), "locale");
    // 35 characters at most.
    const std::string long_tag = "es-abcdefgh-abcdefgh-abcdefgh-abcde"; // 35
    BOOST_REQUIRE(long_tag.size() == 35u);
    BOOST_TEST(!check_locale(long_tag, "locale").has_value());
    check_refused(check_locale(long_tag + "f", "locale"), "locale");
}

BOOST_AUTO_TEST_SUITE_END()
