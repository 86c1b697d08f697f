#include "engine/identity/reference.hpp"

#include <boost/test/unit_test.hpp>

using cabildo::engine::canonical_reference;

BOOST_AUTO_TEST_SUITE(reference)

BOOST_AUTO_TEST_CASE(spaces_hyphens_and_case_make_one_person)
{
    BOOST_TEST(*canonical_reference("abc-123") == "ABC123");
    BOOST_TEST(*canonical_reference("ABC 123") == "ABC123");
    BOOST_TEST(*canonical_reference("  abc123\t") == "ABC123");
    BOOST_TEST(*canonical_reference("a\u00A0b\u2013c\u2212d") == "ABCD"); // no-break space, en dash, minus
    BOOST_TEST(*canonical_reference("GODE561231HDFRRN09") == "GODE561231HDFRRN09");
}

BOOST_AUTO_TEST_CASE(unicode_forms_are_one_person)
{
    // "Peña" with a precomposed ñ and with n + combining tilde; lower and upper case.
    const auto composed = canonical_reference("pe\u00F1a-01");
    const auto decomposed = canonical_reference("PEN\u0303A 01");
    BOOST_REQUIRE(composed && decomposed);
    BOOST_TEST(*composed == *decomposed);
    BOOST_TEST(*composed == "PE\u00D1A01");
}

BOOST_AUTO_TEST_CASE(distinct_references_stay_distinct)
{
    BOOST_TEST(*canonical_reference("ABC123") != *canonical_reference("ABC124"));
    BOOST_TEST(*canonical_reference("A.B") == "A.B"); // only spaces and hyphens go
}

BOOST_AUTO_TEST_CASE(invalid_text_is_refused)
{
    BOOST_TEST(!canonical_reference("abc\xff"));
    BOOST_TEST(!canonical_reference("abc\x01"
                                    "def"));
    BOOST_TEST(!canonical_reference(std::string_view("ab\0c", 4)));
    BOOST_TEST(canonical_reference(" - ")->empty());
}

BOOST_AUTO_TEST_SUITE_END()
