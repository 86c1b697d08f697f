#include "engine/storage/sqlite_store.hpp"

#include "engine/storage/schema.hpp"
#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/sqlite_session.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>

namespace cabildo::engine {

namespace {

// How long a connection waits for another's lock (a backup, a second process) before failing.
constexpr int busy_timeout_ms = 5000;

void migrate(SQLite::Database& db)
{
    const auto migrations = schema_migrations();
    auto version = static_cast<std::size_t>(db.execAndGet("PRAGMA user_version").getInt());
    if (version > migrations.size())
        throw std::runtime_error("the database was written by a newer cabildo (schema " + std::to_string(version) +
                                 ")");
    for (; version < migrations.size(); ++version) {
        SQLite::Transaction tx(db);
        db.exec(std::string(migrations[version]));
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        tx.commit();
    }
}

// Creates `path` empty with mode 0600 when it does not exist, and takes group and other access
// away from it (and from its -wal and -shm files) when it does: SQLite gives the files it creates
// beside a database the database's own mode.
void owner_only(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot open " + path.string());
    const bool ok = ::fchmod(fd, 0600) == 0;
    ::close(fd);
    if (!ok)
        throw std::runtime_error("cannot make " + path.string() + " private (mode 0600)");
    for (const char* suffix : {"-wal", "-shm"}) {
        const auto beside = path.string() + suffix;
        if (std::filesystem::exists(beside))
            ::chmod(beside.c_str(), 0600);
    }
}

} // namespace

struct sqlite_store::connection {
    explicit connection(std::unique_ptr<SQLite::Database> database)
        : db(std::move(database)), session(db->getHandle()), repo(session)
    {}
    std::unique_ptr<SQLite::Database> db;
    sql::sqlite_session session;
    sql_repository repo;
};

sqlite_store::sqlite_store(sqlite_options options) : options_(std::move(options))
{
    if (options_.path.has_parent_path() && !std::filesystem::exists(options_.path.parent_path())) {
        std::filesystem::create_directories(options_.path.parent_path());
        std::filesystem::permissions(options_.path.parent_path(), std::filesystem::perms::owner_all);
    }
    owner_only(options_.path);
    auto writer_db =
        std::make_unique<SQLite::Database>(options_.path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    writer_db->exec("PRAGMA journal_mode = WAL");
    writer_db->exec("PRAGMA synchronous = FULL");
    writer_db->exec("PRAGMA foreign_keys = ON");
    writer_db->exec("PRAGMA secure_delete = ON");
    writer_db->setBusyTimeout(busy_timeout_ms);
    migrate(*writer_db);
    writer_ = std::make_unique<connection>(std::move(writer_db));

    for (std::size_t i = 0; i < options_.readers; ++i) {
        auto db = std::make_unique<SQLite::Database>(options_.path.string(), SQLite::OPEN_READONLY);
        db->setBusyTimeout(busy_timeout_ms);
        readers_.push_back(std::make_unique<connection>(std::move(db)));
    }
    read_started_ = std::make_unique<std::atomic<std::int64_t>[]>(options_.readers);
    for (std::size_t i = 0; i < options_.readers; ++i)
        read_started_[i].store(0);
    writer_thread_ = std::thread([this] { writer_loop(); });
    for (std::size_t i = 0; i < options_.readers; ++i)
        reader_threads_.emplace_back([this, i] { reader_loop(i); });
}

sqlite_store::~sqlite_store() { close(); }

void sqlite_store::close()
{
    stop();
    if (const auto busy = load().reads_running; busy > 0)
        spdlog::info("waiting for {} read{} still running (a count, a batch of signatures)", busy,
                     busy == 1 ? "" : "s");
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
    }
    read_ready_.notify_all();
    for (auto& t : reader_threads_)
        if (t.joinable())
            t.join();
}

store_load sqlite_store::load() const
{
    store_load out;
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    for (std::size_t i = 0; i < options_.readers; ++i)
        if (const auto started = read_started_[i].load(); started > 0) {
            ++out.reads_running;
            out.oldest_read_ms = std::max(out.oldest_read_ms, now - started);
        }
    const std::lock_guard lock(mutex_);
    out.reads_queued = reads_.size();
    out.writes_queued = writes_.size();
    return out;
}

void sqlite_store::rewrite_clean()
{
    std::lock_guard writer_lock(writer_db_mutex_);
    writer_->db->exec("VACUUM");
    writer_->db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

void sqlite_store::read(read_job job)
{
    {
        std::lock_guard lock(mutex_);
        reads_.push_back(std::move(job));
    }
    read_ready_.notify_one();
}

void sqlite_store::offload(std::function<void()> job, std::function<void(job_failure)> failed)
{
    read({[job = std::move(job)](repository&) { job(); }, std::move(failed)});
}

void sqlite_store::write(write_job job)
{
    {
        std::unique_lock lock(mutex_);
        if (stopping_) {
            lock.unlock();
            job.done(write_status::shutting_down);
            return;
        }
        writes_.push_back(std::move(job));
    }
    write_ready_.notify_one();
}

void sqlite_store::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    write_ready_.notify_all();
    if (writer_thread_.joinable())
        writer_thread_.join();
}

void sqlite_store::run_now(const std::function<void(repository&)>& job)
{
    std::lock_guard writer_lock(writer_db_mutex_);
    sql::transaction tx(writer_->session, sql::begin_mode::write);
    job(writer_->repo);
    tx.commit();
}

bool sqlite_store::next_batch(std::vector<write_job>& batch)
{
    batch.clear();
    std::unique_lock lock(mutex_);
    write_ready_.wait(lock, [&] { return stopping_ || !writes_.empty(); });
    if (writes_.empty() && stopping_)
        return false;
    while (!writes_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(writes_.front()));
        writes_.pop_front();
    }
    return true;
}

write_status sqlite_store::run_in_savepoint(write_job& job)
{
    sql::savepoint savepoint(writer_->session, "job");
    write_status status = write_status::committed;
    bool keep = false;
    try {
        keep = job.run(writer_->repo);
    } catch (const sql::error& e) {
        spdlog::error("a write failed in the database: {}", e.what());
        status = write_status::failed;
    } catch (const std::exception& e) {
        spdlog::error("a write threw: {}", e.what());
        status = write_status::threw;
    }
    // A job that refused (returned false) or threw leaves nothing; the others in the batch stay.
    if (keep && status == write_status::committed)
        savepoint.release();
    else
        savepoint.rollback();
    return status;
}

bool sqlite_store::commit_batch(std::vector<write_job>& batch, std::vector<write_status>& outcome)
{
    try {
        sql::transaction tx(writer_->session, sql::begin_mode::write);
        for (std::size_t i = 0; i < batch.size(); ++i)
            outcome[i] = run_in_savepoint(batch[i]);
        tx.commit();
        return true;
    } catch (const std::exception& e) {
        spdlog::error("a batch of {} writes could not be committed: {}", batch.size(), e.what());
        return false;
    }
}

void sqlite_store::writer_loop()
{
    std::vector<write_job> batch;
    std::vector<write_status> outcome;
    while (next_batch(batch)) {
        outcome.assign(batch.size(), write_status::committed);
        {
            std::lock_guard writer_lock(writer_db_mutex_);
            if (!commit_batch(batch, outcome))
                for (auto& status : outcome)
                    if (status == write_status::committed)
                        status = write_status::failed;
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            try {
                batch[i].done(outcome[i]);
            } catch (const std::exception& e) {
                spdlog::error("a write's completion threw: {}", e.what());
            }
        }
    }
}

void sqlite_store::reader_loop(std::size_t index)
{
    auto& reader = *readers_[index];
    for (;;) {
        read_job job;
        {
            std::unique_lock lock(mutex_);
            read_ready_.wait(lock, [&] { return closing_ || !reads_.empty(); });
            if (closing_)
                return; // reads still queued are dropped with their callbacks
            job = std::move(reads_.front());
            reads_.pop_front();
        }
        read_started_[index].store(std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                 std::chrono::steady_clock::now().time_since_epoch())
                                                                 .count()));
        std::optional<job_failure> failure;
        try {
            // One snapshot per job, so a listing never mixes two states of the database.
            // Ended by a rollback, which first resets every statement, even when the job throws.
            const sql::transaction tx(reader.session, sql::begin_mode::read);
            job.run(reader.repo);
        } catch (const sql::error& e) {
            spdlog::error("a read failed in the database: {}", e.what());
            failure = job_failure::storage;
        } catch (const std::exception& e) {
            spdlog::error("a read threw: {}", e.what());
            failure = job_failure::bug;
        }
        read_started_[index].store(0);
        if (failure && job.failed) {
            try {
                job.failed(*failure);
            } catch (const std::exception& e) {
                spdlog::error("a read's failure handler threw: {}", e.what());
            }
        }
    }
}

void sqlite_store::backup(const std::filesystem::path& source, const std::filesystem::path& target)
{
    SQLite::Database src(source.string(), SQLite::OPEN_READONLY);
    src.setBusyTimeout(busy_timeout_ms);
    // The copy holds what the database does: created private before SQLite writes to it.
    const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw std::runtime_error("cannot create " + target.string());
    ::close(fd);
    SQLite::Database dst(target.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup b(dst, src);
    // Copy in steps so a live server's writer is never locked out for long; BUSY and LOCKED come
    // back as codes, not exceptions, so retry them and fail on anything else.
    for (int attempts = 0;;) {
        const int rc = b.executeStep(1024);
        if (rc == SQLITE_DONE)
            return;
        if (rc == SQLITE_OK)
            continue;
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++attempts < 100) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        throw std::runtime_error("backup failed with SQLite code " + std::to_string(rc));
    }
}

} // namespace cabildo::engine
