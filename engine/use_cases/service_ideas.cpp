// Ideas: uploaded with a participant token inside the submission window, listed, moderated.

#include "engine/use_cases/challenges.hpp"

#include "engine/domain/validation.hpp"
#include "engine/use_cases/service_detail.hpp"

#include <algorithm>

namespace cabildo::engine {

using namespace detail;
using json = nlohmann::json;

void challenge_use_cases::submit_idea(challenge_ref which, idea_input in, callback<idea> cb)
{
    if (auto f = check_text(in.title, "title", idea_title_limit))
        return cb(*f);
    if (auto f = check_text(in.description, "description", idea_description_limit, true))
        return cb(*f);
    if (auto f = check_text(in.category, "category", idea_category_limit))
        return cb(*f);
    if (in.cost && (*in.cost < 0 || *in.cost > max_budget))
        return cb(fail(errc::invalid_field, "cost", "cost must be a whole amount from 0 to 10^15"));
    if (in.location && (!(in.location->latitude >= -90 && in.location->latitude <= 90) ||
                        !(in.location->longitude >= -180 && in.location->longitude <= 180)))
        return cb(
            fail(errc::invalid_field, "location", "location needs latitude in [-90, 90] and longitude in [-180, 180]"));

    const std::string token = in.token;
    runner_.as_participant<idea>(
        std::move(which), token,
        [](const timeline& t, time_point now) { return require_open(t.submission, "idea submission", now); },
        [this, in = std::move(in)](repository& repo, const challenge* ch, const std::string& jti,
                                   time_point now) -> result<idea> {
            if (!ch->categories.empty() || !in.category.empty()) {
                if (std::find(ch->categories.begin(), ch->categories.end(), in.category) == ch->categories.end())
                    return fail(errc::invalid_field, "category",
                                ch->categories.empty() ? "this challenge has no categories"
                                                       : "category must be one of the challenge's categories");
            }
            if (ch->budget && (!in.cost || *in.cost < 1 || *in.cost > *ch->budget))
                return fail(errc::invalid_field, "cost",
                            "ideas in this challenge need a cost from 1 to the budget of " +
                                std::to_string(*ch->budget));
            if (repo.count_ideas_by_author(ch->id, jti) >= ch->max_ideas_per_token)
                return fail(errc::limit_reached, "token",
                            "this token has already submitted " + std::to_string(ch->max_ideas_per_token) + " ideas");
            if (repo.count_ideas(ch->id) >= ch->max_ideas)
                return fail(errc::challenge_full, "",
                            "this challenge takes at most " + std::to_string(ch->max_ideas) + " ideas, and has them");
            idea i;
            i.challenge_id = ch->id;
            i.author_jti = jti;
            i.title = in.title;
            i.description = in.description;
            i.category = in.category;
            i.cost = in.cost;
            i.location = in.location;
            i.created_at = now;
            repo.insert_idea(i);
            runner_.board().append(repo, *ch, board_entry_type::idea, idea_body(i), now);
            return i;
        },
        std::move(cb));
}

void challenge_use_cases::list_ideas(const caller& who, challenge_ref which, idea_id after, std::size_t limit,
                                     bool include_hidden, callback<idea_page> cb)
{
    limit = std::clamp<std::size_t>(limit, 1, max_page_size);
    runner_.read<idea_page>(
        [who, which = std::move(which), after, limit, include_hidden](repository& repo) -> result<idea_page> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            if (include_hidden)
                if (auto f = refused(who, permission::organise, ch->municipality_id))
                    return *f;
            idea_page page;
            page.ideas = repo.list_ideas(ch->id, include_hidden, after, limit + 1);
            if (page.ideas.size() > limit) {
                page.ideas.pop_back();
                page.next_after = page.ideas.back().id;
            }
            return page;
        },
        std::move(cb));
}

void challenge_use_cases::get_idea(const caller&, challenge_ref which, idea_id id, callback<idea> cb)
{
    runner_.read<idea>(
        [which = std::move(which), id](repository& repo) -> result<idea> {
            auto ch = load_challenge(repo, which);
            if (!ch)
                return ch.error();
            if (auto i = repo.find_idea(ch->id, id))
                return std::move(*i);
            return fail(errc::not_found, "", "no idea " + std::to_string(id) + " in this challenge");
        },
        std::move(cb));
}

void challenge_use_cases::moderate_idea(const caller& who, challenge_ref which, idea_id id, bool hide,
                                        std::string reason, callback<idea> cb)
{
    if (who.kind == role::anonymous)
        return cb(*refused(who, permission::organise, 0));
    if (auto f = check_text(reason, "reason", hide ? 1 : 0, moderation_reason_max, true))
        return cb(*f);
    runner_.write<idea>(
        [this, who, which = std::move(which), id, hide, reason = std::move(reason)](repository& repo) -> result<idea> {
            auto ch = load_challenge_as_organiser(repo, who, which);
            if (!ch)
                return ch.error();
            auto i = repo.find_idea(ch->id, id);
            if (!i)
                return fail(errc::not_found, "", "no idea " + std::to_string(id) + " in this challenge");
            const auto now = clock_.now();
            // From the close of voting the count is frozen: moderation hides or shows the text, and
            // the ideas visible at the close stay counted (or not) whatever is done afterwards.
            const bool counted = ch->timeline.voting.closed_at(now) ? i->counted : !hide;
            repo.set_idea_moderation(id, hide, hide ? reason : std::string{}, counted);
            runner_.board().append(repo, *ch, board_entry_type::moderation, moderation_body(id, hide, counted), now);
            if (ch->announced_at)
                repo.drop_published_exports(ch->id); // rebuilt on request, with the text withheld
            audit(repo, now, who, ch->municipality_id, ch->id, hide ? "idea.hide" : "idea.restore",
                  {{"idea", id}, {"reason", reason}, {"counted", counted}});
            i->hidden = hide;
            i->hidden_reason = hide ? reason : std::string{};
            i->counted = counted;
            return std::move(*i);
        },
        std::move(cb));
}

} // namespace cabildo::engine
