#include "api/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace cabildo::api {

namespace {

// A label value as the format writes it: backslash, quote and line feed escaped.
std::string label(std::string_view v)
{
    std::string out;
    for (const char ch : v) {
        if (ch == '\\' || ch == '"')
            out += '\\';
        if (ch == '\n') {
            out += "\\n";
            continue;
        }
        out += ch;
    }
    return out;
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

} // namespace

metrics::metrics(std::vector<std::string> routes) : names_(std::move(routes))
{
    names_.emplace_back("files");
    names_.emplace_back("unmatched");
    stats_ = std::make_unique<route_stats[]>(names_.size());
}

void metrics::observe(std::size_t route, unsigned status, std::chrono::steady_clock::duration took)
{
    if (route >= names_.size())
        route = unmatched_route();
    auto& s = stats_[route];
    const auto at = std::find(statuses.begin(), statuses.end() - 1, status);
    s.by_status[static_cast<std::size_t>(at - statuses.begin())].fetch_add(1, std::memory_order_relaxed);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
    const double seconds = static_cast<double>(micros) / 1e6;
    const auto bucket = std::lower_bound(buckets.begin(), buckets.end(), seconds) - buckets.begin();
    s.latency[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
    s.micros.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(0, micros)), std::memory_order_relaxed);
}

void metrics::ballot_cast(bool replaced)
{
    ballots_.fetch_add(1, std::memory_order_relaxed);
    if (replaced)
        replaced_.fetch_add(1, std::memory_order_relaxed);
}

void metrics::tokens_issued(std::size_t n) { tokens_.fetch_add(n, std::memory_order_relaxed); }

std::string metrics::exposition(const engine::store_load& load, std::size_t connections) const
{
    std::string out;
    const auto metric = [&](std::string_view name, std::string_view type, std::string_view help) {
        out.append("# HELP ").append(name).append(" ").append(help).append("\n");
        out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    };
    const auto sample = [&](std::string_view name, std::string_view labels, std::string value) {
        out.append(name);
        if (!labels.empty())
            out.append("{").append(labels).append("}");
        out.append(" ").append(value).append("\n");
    };

    metric("cabildo_http_requests_total", "counter", "Requests answered, by route template and status.");
    for (std::size_t r = 0; r < names_.size(); ++r)
        for (std::size_t k = 0; k < statuses.size(); ++k)
            if (const auto n = stats_[r].by_status[k].load(std::memory_order_relaxed); n > 0)
                sample("cabildo_http_requests_total",
                       "route=\"" + label(names_[r]) + "\",status=\"" +
                           (statuses[k] == 0 ? std::string("other") : std::to_string(statuses[k])) + "\"",
                       std::to_string(n));
    metric("cabildo_http_request_duration_seconds", "histogram",
           "Time from a request's arrival at the router to its answer being built, by route template.");
    for (std::size_t r = 0; r < names_.size(); ++r) {
        const auto& s = stats_[r];
        std::uint64_t count = 0;
        for (const auto& b : s.latency)
            count += b.load(std::memory_order_relaxed);
        if (count == 0)
            continue;
        const auto route = "route=\"" + label(names_[r]) + "\"";
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b <= buckets.size(); ++b) {
            cumulative += s.latency[b].load(std::memory_order_relaxed);
            sample("cabildo_http_request_duration_seconds_bucket",
                   route + ",le=\"" + (b < buckets.size() ? number(buckets[b]) : std::string("+Inf")) + "\"",
                   std::to_string(cumulative));
        }
        sample("cabildo_http_request_duration_seconds_sum", route,
               number(static_cast<double>(s.micros.load(std::memory_order_relaxed)) / 1e6));
        sample("cabildo_http_request_duration_seconds_count", route, std::to_string(cumulative));
    }
    metric("cabildo_ballots_cast_total", "counter", "Ballots stored (each acknowledged with a 200).");
    sample("cabildo_ballots_cast_total", "", std::to_string(ballots_.load()));
    metric("cabildo_ballots_replaced_total", "counter", "Ballots that replaced their token's earlier ballot.");
    sample("cabildo_ballots_replaced_total", "", std::to_string(replaced_.load()));
    metric("cabildo_tokens_issued_total", "counter", "Participant tokens handed out by desks (cards included).");
    sample("cabildo_tokens_issued_total", "", std::to_string(tokens_.load()));
    metric("cabildo_open_connections", "gauge", "Open client connections.");
    sample("cabildo_open_connections", "", std::to_string(connections));
    metric("cabildo_store_reads_running", "gauge", "Reads running on the storage's reader threads.");
    sample("cabildo_store_reads_running", "", std::to_string(load.reads_running));
    metric("cabildo_store_oldest_read_seconds", "gauge", "How long the longest-running read has run.");
    sample("cabildo_store_oldest_read_seconds", "", number(static_cast<double>(load.oldest_read_ms) / 1e3));
    metric("cabildo_store_reads_queued", "gauge", "Reads waiting for a reader.");
    sample("cabildo_store_reads_queued", "", std::to_string(load.reads_queued));
    metric("cabildo_store_writes_queued", "gauge", "Writes waiting for the writer (the next group commit).");
    sample("cabildo_store_writes_queued", "", std::to_string(load.writes_queued));
    metric("cabildo_store_commits_total", "counter", "Transactions the writer committed (one a batch of writes).");
    sample("cabildo_store_commits_total", "", std::to_string(load.commits));
    metric("cabildo_store_writes_committed_total", "counter",
           "Writes those commits held: over cabildo_store_commits_total, the batch size.");
    sample("cabildo_store_writes_committed_total", "", std::to_string(load.writes_committed));
    metric("cabildo_store_batches_run_again_total", "counter",
           "Batches run again after meeting another transaction (another node's, on PostgreSQL).");
    sample("cabildo_store_batches_run_again_total", "", std::to_string(load.batches_run_again));
    metric("cabildo_store_refused_total", "counter",
           "Jobs refused at once because their queue was full (answered 503 overloaded), by queue.");
    sample("cabildo_store_refused_total", "queue=\"write\"", std::to_string(load.writes_refused));
    sample("cabildo_store_refused_total", "queue=\"read\"", std::to_string(load.reads_refused));
    const auto histogram = [&](std::string_view name, std::string_view help, const auto& bounds, const auto& h) {
        metric(name, "histogram", help);
        std::uint64_t cumulative = 0;
        for (std::size_t b = 0; b <= bounds.size(); ++b) {
            cumulative += h.buckets[b];
            sample(std::string(name) + "_bucket",
                   "le=\"" + (b < bounds.size() ? number(bounds[b]) : std::string("+Inf")) + "\"",
                   std::to_string(cumulative));
        }
        sample(std::string(name) + "_sum", "", number(h.sum));
        sample(std::string(name) + "_count", "", std::to_string(cumulative));
    };
    histogram("cabildo_store_batch_size", "Writes one group commit held.", engine::batch_size_bounds, load.batch_sizes);
    histogram("cabildo_store_commit_seconds", "Time one group commit took, from BEGIN to the end of COMMIT.",
              engine::commit_seconds_bounds, load.commit_seconds);
    metric("cabildo_database_bytes", "gauge",
           "The database's size (SQLite: the file and its WAL; PostgreSQL: pg_database_size), measured every 10 s "
           "while the server writes; -1 before the first measure.");
    sample("cabildo_database_bytes", "", std::to_string(load.database_bytes));
    return out;
}

} // namespace cabildo::api
