#include "engine/storage/sql_store.hpp"

#include "engine/domain/names.hpp"
#include "engine/storage/sql/repository.hpp"
#include "engine/storage/sql/session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

namespace cabildo::engine {

namespace {

constexpr std::array<std::pair<shared_change, std::string_view>, 3> shared_change_names{{
    {shared_change::access_keys, "access_keys"},
    {shared_change::test_clock, "test_clock"},
    {shared_change::everything, "everything"},
}};

} // namespace

std::string_view name_of(shared_change c) { return name_in<shared_change>(shared_change_names, c); }
std::optional<shared_change> shared_change_named(std::string_view name)
{
    return value_in<shared_change>(shared_change_names, name);
}

struct sql_store::connection {
    explicit connection(std::unique_ptr<sql::session> s) : session(std::move(s)), repo(*session) {}
    std::unique_ptr<sql::session> session;
    sql_repository repo;
};

sql_store::sql_store(connector connect, sizes size)
    : connect_(std::move(connect))
    , max_batch_(size.max_batch)
    , gather_(size.gather)
    , max_queued_writes_(size.max_queued_writes)
    , max_queued_reads_(size.max_queued_reads)
{
    const auto readers = size.readers;
    writer_ = std::make_unique<connection>(connect_(connection_role::writer));
    for (std::size_t i = 0; i < readers; ++i)
        readers_.push_back(std::make_unique<connection>(connect_(connection_role::reader)));
    read_started_ = std::make_unique<std::atomic<std::int64_t>[]>(readers);
    for (std::size_t i = 0; i < readers; ++i)
        read_started_[i].store(0);
    writer_thread_ = std::thread([this] { writer_loop(); });
    for (std::size_t i = 0; i < readers; ++i)
        reader_threads_.emplace_back([this, i] { reader_loop(i); });
}

sql_store::~sql_store() { close(); }

sql_store::connection& sql_store::usable(std::unique_ptr<connection>& c, connection_role role)
{
    if (!c || c->session->broken()) {
        c.reset();
        c = std::make_unique<connection>(connect_(role));
        spdlog::info("{} connection to the database is open again",
                     role == connection_role::writer ? "the writer's" : "a reader's");
    }
    return *c;
}

std::pair<sql_store::connection*, std::unique_ptr<sql::transaction>>
sql_store::begin_on(std::unique_ptr<connection>& c, connection_role role, sql::begin_mode mode)
{
    for (int attempt = 0;; ++attempt) {
        auto& conn = usable(c, role);
        try {
            return {&conn, std::make_unique<sql::transaction>(*conn.session, mode)};
        } catch (const sql::error& e) {
            // Found lost only now (the database restarted since this connection's last job):
            // nothing ran on it yet, so it is opened again once.
            if (e.kind() != sql::failure::unavailable || attempt > 0)
                throw;
            c.reset();
        }
    }
}

void sql_store::close()
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

store_load sql_store::load() const
{
    store_load out;
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    for (std::size_t i = 0; i < readers_.size(); ++i)
        if (const auto started = read_started_[i].load(); started > 0) {
            ++out.reads_running;
            out.oldest_read_ms = std::max(out.oldest_read_ms, now - started);
        }
    const std::lock_guard lock(mutex_);
    out.reads_queued = reads_.size();
    out.writes_queued = writes_.size();
    out.commits = commits_.load();
    out.writes_committed = writes_committed_.load();
    out.batches_run_again = batches_run_again_.load();
    out.writes_refused = writes_refused_.load();
    out.reads_refused = reads_refused_.load();
    out.batch_sizes = batch_sizes_;
    out.commit_seconds = commit_seconds_;
    out.database_bytes = database_bytes_.load();
    return out;
}

void sql_store::with_writer_session(const std::function<void(sql::session&)>& f)
{
    std::lock_guard writer_lock(writer_db_mutex_);
    f(*usable(writer_, connection_role::writer).session);
}

void sql_store::read(read_job job)
{
    {
        std::unique_lock lock(mutex_);
        if (max_queued_reads_ != 0 && reads_.size() >= max_queued_reads_) {
            lock.unlock();
            ++reads_refused_;
            if (job.failed)
                job.failed(job_failure::overloaded);
            return;
        }
        reads_.push_back(std::move(job));
    }
    read_ready_.notify_one();
}

void sql_store::offload(std::function<void()> job, std::function<void(job_failure)> failed)
{
    read({[job = std::move(job)](repository&) { job(); }, std::move(failed)});
}

void sql_store::write(write_job job)
{
    {
        std::unique_lock lock(mutex_);
        if (stopping_) {
            lock.unlock();
            job.done(write_status::shutting_down);
            return;
        }
        if (max_queued_writes_ != 0 && writes_.size() >= max_queued_writes_) {
            lock.unlock();
            ++writes_refused_;
            job.done(write_status::overloaded);
            return;
        }
        writes_.push_back(std::move(job));
        writes_waiting_.store(writes_.size(), std::memory_order_relaxed);
    }
    write_ready_.notify_one();
}

void sql_store::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    write_ready_.notify_all();
    if (writer_thread_.joinable())
        writer_thread_.join();
}

void sql_store::run_now(const std::function<void(repository&)>& job)
{
    std::lock_guard writer_lock(writer_db_mutex_);
    // Two nodes starting at once write the same settings: the one that meets the other's
    // transaction runs its job again.
    for (int attempt = 1;; ++attempt) {
        try {
            auto [c, tx] = begin_on(writer_, connection_role::writer, sql::begin_mode::write);
            job(c->repo);
            tx->commit();
            return;
        } catch (const sql::error& e) {
            if (e.kind() != sql::failure::conflict || attempt >= 6)
                throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
        }
    }
}

bool sql_store::next_batch(std::vector<write_job>& batch)
{
    batch.clear();
    std::unique_lock lock(mutex_);
    write_ready_.wait(lock, [&] { return stopping_ || !writes_.empty(); });
    if (writes_.empty() && stopping_)
        return false;
    // Under load, a short sleep (not a wait on write_ready_, which every queued write would wake)
    // lets the threads that take requests queue more writes for this batch.
    if (gather_.count() > 0 && last_batch_ > 1 && writes_.size() < max_batch_ && !stopping_) {
        lock.unlock();
        std::this_thread::sleep_for(gather_);
        lock.lock();
    }
    while (!writes_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(writes_.front()));
        writes_.pop_front();
    }
    writes_waiting_.store(writes_.size(), std::memory_order_relaxed);
    last_batch_ = batch.size();
    return true;
}

write_status sql_store::run_in_savepoint(write_job& job)
{
    sql::savepoint savepoint(*writer_->session, "job");
    write_status status = write_status::committed;
    bool keep = false;
    try {
        keep = job.run(writer_->repo);
    } catch (const sql::error& e) {
        if (e.kind() == sql::failure::conflict)
            throw; // another node's transaction: the whole batch runs again (commit_batch)
        spdlog::error("a write failed in the database: {}", e.what());
        status = e.kind() == sql::failure::unavailable ? write_status::unavailable : write_status::failed;
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

std::optional<write_status> sql_store::commit_batch(std::vector<write_job>& batch, std::vector<write_status>& outcome)
{
    // A batch that meets another transaction (another node's, under PostgreSQL's serializable
    // isolation; a backup's lock on SQLite) runs again whole, a few times, a little later each
    // time: its jobs have not been answered yet, and each reads the database afresh.
    constexpr int attempts = 6;
    static thread_local std::minstd_rand jitter(std::random_device{}());
    for (int attempt = 1;; ++attempt) {
        try {
            auto [c, tx] = begin_on(writer_, connection_role::writer, sql::begin_mode::write);
            for (std::size_t i = 0; i < batch.size(); ++i)
                outcome[i] = run_in_savepoint(batch[i]);
            run_before_commit();
            try {
                tx->commit();
            } catch (const sql::error& e) {
                // Lost while committing, the database may have committed: never "nothing stored",
                // unless a refused COMMIT is known to roll back (SQLite's disk full).
                if (e.kind() != sql::failure::unavailable || failed_commit_rolls_back())
                    throw;
                spdlog::error("the connection was lost while a batch of {} writes committed: {}", batch.size(),
                              e.what());
                return write_status::unknown;
            }
            return std::nullopt;
        } catch (const sql::error& e) {
            if (e.kind() == sql::failure::conflict && attempt < attempts) {
                ++batches_run_again_;
                std::this_thread::sleep_for(std::chrono::milliseconds((2 << attempt) + jitter() % 8));
                continue;
            }
            spdlog::error("a batch of {} writes could not be committed: {}", batch.size(), e.what());
            return e.kind() == sql::failure::unavailable ? write_status::unavailable : write_status::failed;
        } catch (const std::exception& e) {
            spdlog::error("a batch of {} writes could not be committed: {}", batch.size(), e.what());
            return write_status::failed;
        }
    }
}

std::uint64_t sql_store::before_commit(std::function<void(repository&)> f)
{
    const std::lock_guard lock(before_commit_mutex_);
    before_commit_.emplace_back(next_before_commit_, std::move(f));
    return next_before_commit_++;
}

void sql_store::remove_before_commit(std::uint64_t id)
{
    const std::lock_guard lock(before_commit_mutex_);
    std::erase_if(before_commit_, [id](const auto& f) { return f.first == id; });
}

void sql_store::run_before_commit()
{
    const std::lock_guard lock(before_commit_mutex_);
    for (const auto& [id, f] : before_commit_) {
        sql::savepoint savepoint(*writer_->session, "before_commit");
        try {
            f(writer_->repo);
            savepoint.release();
        } catch (const sql::error& e) {
            if (e.kind() == sql::failure::conflict)
                throw; // the whole batch runs again
            spdlog::error("the batch's closing step failed in the database: {}", e.what());
            savepoint.rollback();
        } catch (const std::exception& e) {
            spdlog::error("the batch's closing step threw: {}", e.what());
            savepoint.rollback();
        }
    }
}

namespace {

template <std::size_t N>
void observe(histogram_counts<N>& h, const std::array<double, N>& bounds, double value)
{
    const auto at = std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin();
    ++h.buckets[static_cast<std::size_t>(at)];
    h.sum += value;
}

} // namespace

void sql_store::measure_size()
{
    const auto now = std::chrono::steady_clock::now();
    if (database_bytes_.load() >= 0 && now - size_measured_ < std::chrono::seconds(10))
        return;
    size_measured_ = now;
    try {
        std::lock_guard writer_lock(writer_db_mutex_);
        database_bytes_ = database_bytes(*usable(writer_, connection_role::writer).session);
    } catch (const std::exception& e) {
        spdlog::warn("the database's size could not be measured: {}", e.what());
    }
}

void sql_store::writer_loop()
{
    std::vector<write_job> batch;
    std::vector<write_status> outcome;
    // Measured after batches only: this thread starts in sql_store's constructor, before the
    // derived store (its file's path) is constructed, and database_bytes() is that store's.
    while (next_batch(batch)) {
        outcome.assign(batch.size(), write_status::committed);
        {
            std::lock_guard writer_lock(writer_db_mutex_);
            const auto began = std::chrono::steady_clock::now();
            if (const auto failed = commit_batch(batch, outcome)) {
                for (auto& status : outcome)
                    if (status == write_status::committed)
                        status = *failed;
            } else {
                const std::chrono::duration<double> took = std::chrono::steady_clock::now() - began;
                const std::lock_guard lock(mutex_);
                ++commits_;
                writes_committed_ +=
                    static_cast<std::uint64_t>(std::count(outcome.begin(), outcome.end(), write_status::committed));
                observe(batch_sizes_, batch_size_bounds, static_cast<double>(batch.size()));
                observe(commit_seconds_, commit_seconds_bounds, took.count());
            }
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            try {
                batch[i].done(outcome[i]);
            } catch (const std::exception& e) {
                spdlog::error("a write's completion threw: {}", e.what());
            }
        }
        measure_size(); // after the answers, which it would otherwise hold up
    }
}

void sql_store::reader_loop(std::size_t index)
{
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
            // Ended by a rollback, which first resets every statement, even when the job throws.
            const auto [reader, tx] = begin_on(readers_[index], connection_role::reader, sql::begin_mode::read);
            job.run(reader->repo);
        } catch (const sql::error& e) {
            spdlog::error("a read failed in the database: {}", e.what());
            failure = e.kind() == sql::failure::unavailable ? job_failure::unavailable : job_failure::storage;
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

} // namespace cabildo::engine
