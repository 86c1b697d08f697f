#include "engine/domain/time_zone.hpp"

#include "engine/domain/rfc3339.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>
#include <vector>

using namespace cabildo::engine;

namespace {

time_point utc(const char* rfc3339)
{
    const auto t = parse_rfc3339(rfc3339);
    BOOST_REQUIRE_MESSAGE(t, rfc3339);
    return *t;
}

// The offset in hours, or a value no zone has when the zone is unknown.
double hours(std::string_view zone, const char* when)
{
    const auto offset = utc_offset(zone, utc(when));
    return offset ? static_cast<double>(offset->count()) / 3600 : 99;
}

} // namespace

BOOST_AUTO_TEST_SUITE(time_zone)

BOOST_AUTO_TEST_CASE(mexico_city_keeps_standard_time_after_2022)
{
    BOOST_TEST(hours("America/Mexico_City", "2026-01-15T12:00:00Z") == -6);
    BOOST_TEST(hours("America/Mexico_City", "2026-07-15T12:00:00Z") == -6);
    // Before the 2022 abolition it had summer time.
    BOOST_TEST(hours("America/Mexico_City", "2021-07-15T12:00:00Z") == -5);
    // Before the first transition (1922) the first time type applies: local mean time, -6:36:36.
    BOOST_TEST(hours("America/Mexico_City", "1900-01-01T12:00:00Z") * 3600 == -23796);
}

BOOST_AUTO_TEST_CASE(hermosillo_is_utc_minus_7_all_year)
{
    BOOST_TEST(hours("America/Hermosillo", "2026-01-15T12:00:00Z") == -7);
    BOOST_TEST(hours("America/Hermosillo", "2026-07-15T12:00:00Z") == -7);
    BOOST_TEST(hours("America/Hermosillo", "2040-07-15T12:00:00Z") == -7);
}

BOOST_AUTO_TEST_CASE(tijuana_follows_the_us_rule_in_2027)
{
    BOOST_TEST(hours("America/Tijuana", "2027-07-15T12:00:00Z") == -7);
    BOOST_TEST(hours("America/Tijuana", "2027-01-15T12:00:00Z") == -8);
    // 2027: second Sunday of March is the 14th, first Sunday of November the 7th; both at 02:00 local.
    BOOST_TEST(hours("America/Tijuana", "2027-03-14T09:59:59Z") == -8);
    BOOST_TEST(hours("America/Tijuana", "2027-03-14T10:00:00Z") == -7);
    BOOST_TEST(hours("America/Tijuana", "2027-11-07T08:59:59Z") == -7);
    BOOST_TEST(hours("America/Tijuana", "2027-11-07T09:00:00Z") == -8);
}

BOOST_AUTO_TEST_CASE(madrid_has_summer_and_winter_time)
{
    BOOST_TEST(hours("Europe/Madrid", "2026-07-01T12:00:00Z") == 2);
    BOOST_TEST(hours("Europe/Madrid", "2026-12-01T12:00:00Z") == 1);
    // Last Sunday of October 2030 is the 27th, the change at 03:00 summer time = 01:00 UTC.
    BOOST_TEST(hours("Europe/Madrid", "2030-10-27T00:59:59Z") == 2);
    BOOST_TEST(hours("Europe/Madrid", "2030-10-27T01:00:00Z") == 1);
}

BOOST_AUTO_TEST_CASE(after_the_last_transition_the_footer_rule_decides)
{
    // Debian's files list transitions up to 2037; later instants follow the POSIX TZ footer.
    BOOST_TEST(hours("America/Tijuana", "2045-03-12T09:59:59Z") == -8);
    BOOST_TEST(hours("America/Tijuana", "2045-03-12T10:00:00Z") == -7);
    BOOST_TEST(hours("America/Tijuana", "2045-11-05T08:59:59Z") == -7);
    BOOST_TEST(hours("America/Tijuana", "2045-11-05T09:00:00Z") == -8);
    BOOST_TEST(hours("Europe/Madrid", "2050-03-27T00:59:59Z") == 1);
    BOOST_TEST(hours("Europe/Madrid", "2050-03-27T01:00:00Z") == 2);
    BOOST_TEST(hours("Europe/Madrid", "2050-10-30T00:59:59Z") == 2);
    BOOST_TEST(hours("Europe/Madrid", "2050-10-30T01:00:00Z") == 1);
    BOOST_TEST(hours("America/Mexico_City", "2050-07-01T12:00:00Z") == -6);
}

BOOST_AUTO_TEST_CASE(southern_summer_spans_the_new_year)
{
    // Santiago de Chile, "<-04>4<-03>,M9.1.6/24,M4.1.6/24": summer time from September to April.
    BOOST_TEST(hours("America/Santiago", "2040-01-15T12:00:00Z") == -3);
    BOOST_TEST(hours("America/Santiago", "2040-06-15T12:00:00Z") == -4);
    BOOST_TEST(hours("America/Santiago", "2040-12-15T12:00:00Z") == -3);
    // 24:00 on the first Saturday of the month, i.e. the start of the Sunday.
    BOOST_TEST(hours("America/Santiago", "2041-04-07T02:59:59Z") == -3);
    BOOST_TEST(hours("America/Santiago", "2041-04-07T03:00:00Z") == -4);
    BOOST_TEST(hours("America/Santiago", "2041-09-08T03:59:59Z") == -4);
    BOOST_TEST(hours("America/Santiago", "2041-09-08T04:00:00Z") == -3);
}

BOOST_AUTO_TEST_CASE(utc_is_zero)
{
    BOOST_TEST(hours("UTC", "2026-07-01T12:00:00Z") == 0);
    BOOST_TEST(hours("Etc/UTC", "1960-07-01T12:00:00Z") == 0);
}

BOOST_AUTO_TEST_CASE(unknown_zones_have_no_offset)
{
    BOOST_TEST(!utc_offset("America/Atlantis", utc("2026-07-01T12:00:00Z")));
    BOOST_TEST(!utc_offset("America", utc("2026-07-01T12:00:00Z"))); // a directory
    BOOST_TEST(!format_local_es(utc("2026-07-01T12:00:00Z"), "Mars/Olympus_Mons"));
}

BOOST_AUTO_TEST_CASE(hostile_names_are_refused_before_touching_the_disk)
{
    for (const char* bad :
         {"", "/etc/passwd", "../../../etc/passwd", "America/../../etc/passwd", "America//Mexico_City",
          "America/Mexico_City/", "./UTC", "zone.tab", "-UTC", "UTC\n", "America/Mexico City"}) {
        BOOST_TEST(!is_zone_name(bad), bad);
        BOOST_TEST(!utc_offset(bad, utc("2026-07-01T12:00:00Z")), bad);
    }
    for (const char* good : {"UTC", "America/Hermosillo", "America/Argentina/Buenos_Aires", "Etc/GMT+7", "EST5EDT"})
        BOOST_TEST(is_zone_name(good), good);
}

BOOST_AUTO_TEST_CASE(local_time_is_written_in_spanish)
{
    BOOST_TEST(format_local_es(utc("2026-12-16T06:59:00Z"), "America/Hermosillo").value_or("") ==
               "15 de diciembre de 2026, 23:59 (hora local, UTC\u22127)");
    BOOST_TEST(format_local_es(utc("2027-07-04T08:05:00Z"), "America/Tijuana").value_or("") ==
               "4 de julio de 2027, 01:05 (hora local, UTC\u22127)");
    BOOST_TEST(format_local_es(utc("2026-01-01T00:00:00Z"), "UTC").value_or("") ==
               "1 de enero de 2026, 00:00 (hora local, UTC)");
    // Issue 18: residents were shown IANA names; the offset is what a person reads.
    BOOST_TEST(format_local_es(utc("2026-01-01T00:00:00Z"), "Asia/Kolkata").value_or("") ==
               "1 de enero de 2026, 05:30 (hora local, UTC+5:30)");
    BOOST_TEST(format_local_es(utc("2026-01-01T00:00:00Z"), "America/Mexico_City").value_or("").find("America") ==
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(concurrent_first_reads_agree)
{
    std::vector<std::thread> threads;
    std::vector<long> offsets(8);
    for (auto& slot : offsets)
        threads.emplace_back([&slot] {
            const auto offset = utc_offset("America/Chihuahua", time_point{std::chrono::seconds{1798761600}});
            slot = offset ? static_cast<long>(offset->count()) : 1;
        });
    for (auto& t : threads)
        t.join();
    for (const long offset : offsets)
        BOOST_TEST(offset == -6 * 3600);
}

BOOST_AUTO_TEST_SUITE_END()
