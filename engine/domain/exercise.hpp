#pragma once
// A municipality's open-government exercise (ejercicio de apertura): the challenges it groups and
// the 13 steps of INAI's local strategy ("Cocreación desde lo local"), each with a status, a date
// and an optional published document.

#include "engine/domain/clock.hpp"
#include "engine/domain/commitment.hpp"
#include "engine/domain/names.hpp"
#include "engine/domain/result.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

// One step of the strategy: its number, a key, the official Spanish name and the plain-language
// phrase the strategy gives it. Source: INAI, "Cocreación desde lo local": pasos para implementar
// la estrategia local de gobierno abierto (micrositios.inai.org.mx/gobiernoabierto).
struct strategy_step {
    int n;
    std::string_view key, name, plain;
};
inline constexpr std::size_t strategy_step_count = 13;
const std::array<strategy_step, strategy_step_count>& local_strategy();

// Where a step stands.
enum class step_status { pending, in_progress, done };
name_table<step_status> step_status_names();
std::string_view name_of(step_status s);
std::optional<step_status> step_status_named(std::string_view name);

// The two reports of an exercise: the interim one, always current, and the final one, frozen
// when issued.
enum class report_kind { interim, final_report };
std::string_view name_of(report_kind k); // "interim", "final"
std::optional<report_kind> report_kind_named(std::string_view name);

struct exercise_step {
    int n = 0;
    step_status status = step_status::pending;
    std::optional<time_point> date;
    evidence document; // a published document: its URL and/or SHA-256
    std::string note;
};

struct exercise {
    std::int64_t id = 0;
    std::int64_t municipality_id = 0;
    std::string slug, title;
    std::vector<std::int64_t> challenges;
    std::vector<exercise_step> steps; // always the 13, in order
    time_point created_at, updated_at;
};

// One public, dated entry of an exercise's history: what an edit changed, as
// {"title":{"from","to"}, "challenges":{"from","to"}, "steps":[{"n", "<field>":{"from","to"}}]}
// (JSON). Entries are only ever appended (the schema refuses UPDATE and DELETE).
struct exercise_update {
    std::int64_t id = 0;
    std::int64_t exercise_id = 0;
    time_point at;
    role by = role::organiser; // the role that acted: organiser or admin
    std::string changes;       // JSON
};

// The 13 steps, pending, for a new exercise.
std::vector<exercise_step> pending_steps();

} // namespace cabildo::engine
