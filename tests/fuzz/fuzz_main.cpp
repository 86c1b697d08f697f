// cabildo_fuzz TARGET [libFuzzer arguments...]: one executable for every target, so CI links once
// (tests/fuzz/README.md). libFuzzer's own main() runs; LLVMFuzzerInitialize takes the target's name
// off the command line before libFuzzer reads its flags, and LLVMFuzzerTestOneInput calls that
// target for every input.

#include "tests/fuzz/targets.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace cabildo::fuzz {

namespace {

constexpr std::array main_targets{
    target{"json_body", fuzz_json_body},
    target{"router", fuzz_router},
    target{"query", fuzz_query},
    target{"rfc3339", fuzz_rfc3339},
    target{"pabulib", fuzz_pabulib},
    target{"preflib", fuzz_preflib},
    target{"jws_token", fuzz_jws_token},
    target{"blind_token", fuzz_blind_token},
    target{"board_entry", fuzz_board_entry},
    target{"board_file", fuzz_board_file},
    target{"table_entry", fuzz_table_entry},
};

// libFuzzer starts child processes of its own (-fork, -jobs, -merge, -minimize_crash) with the
// command line it was given minus our first argument; they find the target here.
constexpr const char* main_target_variable = "CABILDO_FUZZ_TARGET";

target_fn main_chosen = nullptr;

const target* main_find(std::string_view name)
{
    for (const auto& t : main_targets)
        if (t.name == name)
            return &t;
    return nullptr;
}

[[noreturn]] void main_usage(const char* program, std::string_view given)
{
    if (!given.empty())
        std::fprintf(stderr, "cabildo_fuzz: no target named \"%.*s\"\n", static_cast<int>(given.size()), given.data());
    std::fprintf(stderr, "usage: %s TARGET [libFuzzer arguments...]\ntargets:", program);
    for (const auto& t : main_targets)
        std::fprintf(stderr, " %.*s", static_cast<int>(t.name.size()), t.name.data());
    std::fprintf(stderr, "\n");
    std::exit(2);
}

} // namespace

std::span<const target> targets() { return main_targets; }

void broken(std::string_view what, std::string_view input)
{
    std::fprintf(stderr, "cabildo_fuzz: invariant broken: %.*s\ninput (%zu bytes): ", static_cast<int>(what.size()),
                 what.data(), input.size());
    for (const char ch : input.substr(0, 512)) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte >= 0x20 && byte < 0x7f && byte != '\\')
            std::fputc(byte, stderr);
        else
            std::fprintf(stderr, "\\x%02x", byte);
    }
    std::fprintf(stderr, "\n");
    std::abort();
}

} // namespace cabildo::fuzz

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    using namespace cabildo::fuzz;
    char** args = *argv;
    const char* program = *argc > 0 ? args[0] : "cabildo_fuzz";
    if (*argc > 1) {
        if (const target* t = main_find(args[1])) {
            main_chosen = t->run;
            ::setenv(main_target_variable, args[1], 1);
            // libFuzzer must see neither the name nor a changed argv[0]: shift the rest down.
            for (int i = 1; i + 1 < *argc; ++i)
                args[i] = args[i + 1];
            --*argc;
            args[*argc] = nullptr;
            return 0;
        }
    }
    if (const char* inherited = std::getenv(main_target_variable))
        if (const target* t = main_find(inherited)) {
            main_chosen = t->run;
            return 0;
        }
    main_usage(program, *argc > 1 ? std::string_view(args[1]) : std::string_view());
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    cabildo::fuzz::main_chosen(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
