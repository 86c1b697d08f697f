#pragma once
// Pieces shared by the service's source files; not part of the engine's interface.

#include "engine/use_cases/service.hpp"

namespace cabildo::engine::detail {

result<municipality> load_municipality(repository& repo, std::string_view m);
result<challenge> load_challenge(repository& repo, std::string_view m, std::string_view c);
// Admin anywhere; an organiser only in their own municipality.
std::optional<failure> require_organiser(const caller& who, std::int64_t municipality_id);
std::optional<failure> require_admin(const caller& who);
std::string actor_name(const caller& who);
void audit(repository& repo, time_point at, const caller& who, std::int64_t municipality_id,
           std::optional<std::int64_t> challenge_id, std::string action, const nlohmann::json& detail);
challenge_view view_of(challenge c, time_point now);

} // namespace cabildo::engine::detail

namespace cabildo::engine {

template <class T>
void service::read_use_case(std::function<result<T>(repository&)> run, callback<T> cb)
{
    store_.read([run = std::move(run), cb = std::move(cb)](repository& repo) {
        std::optional<result<T>> out;
        try {
            out.emplace(run(repo));
        } catch (const std::exception& e) {
            out.emplace(fail(errc::storage_failure, "", "the database could not be read"));
        }
        cb(std::move(*out));
    });
}

template <class T>
void service::write_use_case(std::function<result<T>(repository&)> run, callback<T> cb)
{
    auto out = std::make_shared<std::optional<result<T>>>();
    store_.write({[run = std::move(run), out](repository& repo) {
                      out->emplace(run(repo));
                      return (*out)->ok();
                  },
                  [out, cb = std::move(cb)](write_status status) {
                      if (status == write_status::shutting_down)
                          cb(fail(errc::shutting_down, "", "the server is shutting down; nothing was stored, try again"));
                      else if (*out && !(*out)->ok())
                          cb(std::move(**out));
                      else if (status != write_status::committed || !*out)
                          cb(fail(errc::storage_failure, "", "the change could not be stored; nothing was changed"));
                      else
                          cb(std::move(**out));
                  }});
}

} // namespace cabildo::engine
