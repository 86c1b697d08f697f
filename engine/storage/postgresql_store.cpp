#include "engine/storage/postgresql_store.hpp"

#include "engine/storage/schema.hpp"
#include "engine/storage/sql/postgresql_session.hpp"
#include "engine/storage/sql/rows.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

namespace cabildo::engine {

namespace {

// pg_advisory_xact_lock's key for the migrations: any constant of ours ("cabi" in ASCII).
constexpr std::int64_t migration_lock = 0x63616269;

const sql::query schema_version_sql{"SELECT version FROM cabildo_schema"};
const sql::query database_size_sql{"SELECT pg_database_size(current_database())"};

void migrate(sql::session& s)
{
    const auto migrations = postgresql_schema_migrations();
    // The lock is taken before the transaction begins, so the version read below is what the node
    // that migrated before it left (a serializable transaction's snapshot predates its first wait).
    s.execute("SELECT pg_advisory_lock(" + std::to_string(migration_lock) + ")");
    struct unlock {
        sql::session& s;
        ~unlock()
        {
            try {
                s.execute("SELECT pg_advisory_unlock(" + std::to_string(migration_lock) + ")");
            } catch (...) { // NOLINT(bugprone-empty-catch): the session's end releases it too
            }
        }
    } const unlocked{s};
    sql::transaction tx(s, sql::begin_mode::write);
    s.execute("CREATE TABLE IF NOT EXISTS cabildo_schema (version INTEGER NOT NULL);"
              "INSERT INTO cabildo_schema SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM cabildo_schema)");
    auto version = static_cast<std::size_t>(rows::scalar(s.prepare(schema_version_sql)));
    if (version > migrations.size())
        throw std::runtime_error("the database was written by a newer cabildo (schema " + std::to_string(version) +
                                 ")");
    for (; version < migrations.size(); ++version) {
        s.execute(std::string(migrations[version]));
        s.execute("UPDATE cabildo_schema SET version = " + std::to_string(version + 1));
    }
    tx.commit();
}

sql_store::connector postgresql_connector(const postgresql_options& options)
{
    {
        sql::postgresql_session first(options.uri);
        migrate(first);
    }
    // Every node's writer commits with synchronous_commit = remote_apply, with or without
    // --db-read: a synchronous standby has applied a write before the node answers it and before
    // the other nodes hear of it, so a node reading there finds a receipt right after its ballot and
    // a key another node made or revoked when it reloads its keys on the notice. (Each node only
    // knows its own reads: with `on`, a node without --db-read could let another node reload from a
    // standby that had stored a new key but not applied it yet.) Without a synchronous standby,
    // remote_apply is the same as on.
    return [uri = options.uri, read_uri = options.read_uri](connection_role role) -> std::unique_ptr<sql::session> {
        if (role == connection_role::reader)
            return std::make_unique<sql::postgresql_session>(read_uri.empty() ? uri : read_uri);
        auto writer = std::make_unique<sql::postgresql_session>(uri);
        writer->execute("SET synchronous_commit = remote_apply");
        return writer;
    };
}

} // namespace

std::int64_t postgresql_store::database_bytes(sql::session& writer) const
{
    auto& st = writer.prepare(database_size_sql);
    const auto bytes = rows::scalar(st);
    st.reset();
    return bytes;
}

postgresql_store::postgresql_store(const postgresql_options& options)
    : sql_store(postgresql_connector(options),
                {options.readers, options.max_batch, options.max_queued_writes, options.max_queued_reads})
    , uri_(options.uri)
{}

postgresql_store::~postgresql_store() { close(); }

void postgresql_store::close()
{
    // The store first (a count still running is waited for), then the listener, which may hand
    // the service a change until it is joined.
    sql_store::close();
    listening_ = false;
    if (listener_.joinable())
        listener_.join();
}

void postgresql_store::watch(std::function<void(shared_change)> f)
{
    // One listener, for the first service on the store (the server's). A second service on it (the
    // demo's past edition, which lives only while it seeds) hears nothing and never replaces it:
    // starting a second listener over the first stopped `serve --demo` at its start.
    if (listener_.joinable())
        return;
    listening_ = true;
    listener_ = std::thread([this, f = std::move(f)] { listen(f); });
    // The node serves once it hears the others (or has tried for 5 s), so nothing they change
    // after its start goes unheard.
    std::unique_lock lock(heard_mutex_);
    heard_.wait_for(lock, std::chrono::seconds(5), [this] { return first_attempt_done_; });
}

void postgresql_store::listen(const std::function<void(shared_change)>& f)
{
    std::unique_ptr<sql::postgresql_session> connection;
    bool lost = false;
    while (listening_) {
        try {
            if (!connection) {
                connection = std::make_unique<sql::postgresql_session>(uri_);
                connection->execute("LISTEN cabildo");
                attempted();
                if (lost)
                    spdlog::info("listening to the other nodes again");
                // What they changed before it listened (since the node read its keys at start, or
                // while the connection was lost) is unknown.
                f(shared_change::everything);
            }
            for (const auto& topic : connection->notifications(std::chrono::milliseconds(200)))
                if (const auto change = shared_change_named(topic)) {
                    spdlog::debug("a node changed {}", topic);
                    f(*change);
                }
        } catch (const std::exception& e) {
            if (!lost)
                spdlog::warn("lost the connection that listens to the other nodes: {}", e.what());
            lost = true;
            connection.reset();
            attempted();
            for (int i = 0; i < 5 && listening_; ++i) // a second before trying again
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    }
}

void postgresql_store::attempted()
{
    {
        const std::lock_guard lock(heard_mutex_);
        first_attempt_done_ = true;
    }
    heard_.notify_all();
}

bool is_postgresql_uri(std::string_view db) { return db.starts_with("postgresql://") || db.starts_with("postgres://"); }

} // namespace cabildo::engine
