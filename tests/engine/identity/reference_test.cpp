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

// Issue 18: GOMA800101HDFRRN09 and its full-width spelling got two live tokens. Each
// compatibility folding NFKC makes, and each case folding, one test.
BOOST_AUTO_TEST_CASE(full_width_letters_and_digits_are_the_ascii_ones)
{
    BOOST_TEST(*canonical_reference("\uFF27\uFF2F\uFF2D\uFF21\uFF18\uFF10\uFF10\uFF11\uFF10\uFF11\uFF28\uFF24"
                                    "\uFF26\uFF32\uFF32\uFF2E\uFF10\uFF19") == "GOMA800101HDFRRN09");
    BOOST_TEST(*canonical_reference("\uFF47\uFF4F\uFF4D\uFF41 800101") == "GOMA800101"); // full-width lower case
}

BOOST_AUTO_TEST_CASE(ligatures_superscripts_and_circled_digits_fold)
{
    BOOST_TEST(*canonical_reference("\uFB01lo-1") == "FILO1"); // the ligature fi
    BOOST_TEST(*canonical_reference("AB\u00B2") == "AB2");     // superscript two
    BOOST_TEST(*canonical_reference("AB\u2460") == "AB1");     // circled digit one
    BOOST_TEST(*canonical_reference("\u216B") == "XII");       // Roman numeral twelve
    BOOST_TEST(*canonical_reference("\uFF76") == "\u30AB");    // half-width katakana ka
    BOOST_TEST(*canonical_reference("A\u2002B") == "AB");      // en space, a separator
}

BOOST_AUTO_TEST_CASE(case_folds_to_one_upper_case_form)
{
    BOOST_TEST(*canonical_reference("stra\u00DFe") == *canonical_reference("STRASSE"));       // sharp s
    BOOST_TEST(*canonical_reference("\u017Fan") == "SAN");                                    // long s
    BOOST_TEST(*canonical_reference("\u03C3\u03C2") == *canonical_reference("\u03A3\u03A3")); // sigma, final sigma
    BOOST_TEST(*canonical_reference("\u1E9E") == "SS"); // capital sharp s folds like ß
}

BOOST_AUTO_TEST_CASE(the_canonical_form_is_its_own_canonical_form)
{
    for (const char* ref : {"GOMA800101HDFRRN09", "pe\u00F1a-01", "stra\u00DFe", "\uFB01lo", "\u216B", "\u1E9E",
                            "\uFF47\uFF4F\uFF4D\uFF41", "I\u0307stanbul"}) {
        const auto once = canonical_reference(ref);
        BOOST_REQUIRE(once);
        BOOST_TEST(*canonical_reference(*once) == *once, ref);
    }
}

BOOST_AUTO_TEST_CASE(the_previous_form_finds_tokens_issued_before_nfkc)
{
    // Plain references were hashed the same way before: their tokens are found at once.
    BOOST_TEST(*cabildo::engine::nfc_reference("abc-123") == *canonical_reference("abc-123"));
    // A full-width one was hashed as typed (upper-cased): nfc_reference gives that old form.
    BOOST_TEST(*cabildo::engine::nfc_reference("\uFF41\uFF42") == "\uFF21\uFF22");
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
