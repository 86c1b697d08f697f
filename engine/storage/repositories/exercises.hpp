#pragma once
// Open-government exercises, their public history and their issued reports.
// One of the area repositories storage/repository.hpp gathers; a backend implements each.

#include "engine/domain/exercise.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cabildo::engine {

class exercises_repository {
public:
    virtual ~exercises_repository() = default;

    // Open-government exercises, their public history and their issued reports.
    virtual void insert_exercise(exercise& e) = 0; // sets e.id
    virtual void update_exercise(const exercise& e) = 0;
    virtual std::optional<exercise> find_exercise(std::int64_t municipality_id, std::string_view slug) = 0;
    // A page of a municipality's exercises, by id after `after`.
    virtual std::vector<exercise> list_exercises(std::int64_t municipality_id, std::int64_t after,
                                                 std::size_t limit) = 0;
    virtual void append_exercise_update(exercise_update& u) = 0; // sets u.id; the schema refuses changes
    virtual std::vector<exercise_update> exercise_history(std::int64_t exercise_id, std::int64_t after,
                                                          std::size_t limit) = 0;
    struct issued_report {
        time_point issued_at;
        std::string body;                      // the report's JSON as issued
        std::int64_t last_history_id = 0;      // the newest commitment history entry it saw
        std::string digest;                    // SHA-256 of its sealed form (exercise_report.hpp)
        std::int64_t last_exercise_update = 0; // the newest entry of the exercise's history it saw
    };
    virtual void store_report(std::int64_t exercise_id, report_kind kind, const issued_report& r) = 0;
    virtual std::optional<issued_report> find_report(std::int64_t exercise_id, report_kind kind) = 0;
};

} // namespace cabildo::engine
