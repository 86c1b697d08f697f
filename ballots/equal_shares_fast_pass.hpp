#pragma once
// Internal to the Method of Equal Shares: the fast pass of one MES run, the arithmetic the step
// loop (equal_shares_run.cpp) runs on first.
//
// Doubles, each voter's budget with a bound on its distance from the exact budget. Funding a
// project moves money, and so error, from its supporters' budgets: a supporter who pays all they
// have ends at exactly 0 (no error left), one who pays q * w inherits q's error, which is the poor
// supporters' errors spread over the weight of the full payers. So the bounds stay near the
// rounding of the operations instead of compounding. Any decision the bounds cannot settle (a tie,
// a near tie, a supporter too close to the payment line) sends the run to the exact pass.
//
// Reach (unit weights, integer per-voter budget x; what lets add1 skip budgets): as long as a run
// takes the same decisions and puts each supporter on the same side of each payment line, every
// quantity in it is an affine function of x. A full payer keeps budget - q, q = (cost - paid) /
// rest with the partial payers' `paid` and the full payers' weight `rest` fixed, so each budget,
// sum, q and rho moves with x at a fixed rate. The fast pass carries that rate (the slope) with an
// error bound beside each value, and for every decision it certified, a positive quantity (money
// short of a cost, a gap between two rho, a supporter's distance from the payment line), computes
// how far x can grow before that quantity could reach 0. Up to the smallest such distance the
// run with x + k takes exactly the decisions of the run with x, so has the same outcome: that is
// `run_result::stable`. Rates are all a run needs, the run is not redone.

#include "ballots/equal_shares_instance.hpp"
#include "ballots/equal_shares_run.hpp"
#include "ballots/equal_shares_tallies.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace cabildo::ballots::mes_detail {

struct fast_eval {
    enum { affordable, unaffordable, unsure } state = unsure;
    double q = 0;     // payment per unit of weight asked of the paying supporters
    double q_err = 0; // bound on |q - exact q|
    double rho = 0;   // q / scale: payment per unit of utility
    double rho_err = 0;
    bool clean = false; // every supporter certainly pays in full: rho is exactly cost/(W*scale)
    // Rates of change with x and their error bounds (tracked runs only, see "Reach").
    double q_slope = 0;
    double q_slope_err = 0;
    double rho_slope = 0;
    double rho_slope_err = 0;
};

// One run's state in the fast pass; the member functions under "The step loop's" are what
// run_steps in equal_shares_run.cpp asks of a pass.
class fast_pass {
public:
    // track: compute `stable` (unit weights and integer x only; it costs some 15% more).
    // tallies: the supporters' groups kept from earlier runs (unit weights), or null to tally
    // this run's own budget classes supporter by supporter (the same entries, see
    // equal_shares_tallies.hpp; cheaper for a single run).
    fast_pass(const instance& in, std::int64_t num, std::int64_t den, bool track, supporter_tallies* tallies);

    // The step loop's: the candidates' last known rho, a lower bound of the current one (budgets
    // only shrink, so rho only grows).
    const std::vector<double>& keys() const { return key_; }
    // The step loop's: p's rho can only have grown since its key was computed: if even that bound
    // is certainly above the best, so is every later candidate's.
    bool behind(std::size_t p, std::size_t best) const
    {
        return key_[p] - key_err_[p] > eval_[best].rho + eval_[best].rho_err;
    }
    verdict evaluate(std::size_t p);
    rho_order compare(std::size_t p, std::size_t best) const;
    // The step loop's, once a step chose `best`: how far x can grow with the same choice.
    void certify_step(std::size_t best, std::span<const std::size_t> tied, std::span<const std::size_t> kept,
                      std::span<const std::size_t> unevaluated);
    void fund(std::size_t p, std::size_t step);
    std::int64_t stable() const;

private:
    // Supporters with equal standing, as the water-filling sees them: `count` voters, each with
    // `budget` (error bound `error`) and weight `unit` for this project, `weight` = count * unit.
    struct entry {
        // Left uninitialised, so that resizing scratch_ to fill it writes each entry once.
        entry() {} // NOLINT(modernize-use-equals-default): `= default` would zero on resize
        entry(double r, double b, double e, double n, double u, double w, std::uint32_t c)
            : ratio(r), budget(b), error(e), count(n), unit(u), weight(w), cls(c)
        {}
        double ratio; // budget / unit
        double budget;
        double error;
        double count;
        double unit;
        double weight;
        std::uint32_t cls; // its pattern (unit weights), whose rate it has
    };

    // The supporters' money for one project, each sum with its error bound and rate (see "Reach").
    struct support_sum {
        double sum = 0;
        double sum_err = 0;
        double sum_slope = 0;
        double sum_slope_err = 0;
        double min_ratio = std::numeric_limits<double>::infinity(); // certain lower bound
    };

    // The water-filling's payment line: scratch_[0, first_full) pay all they have (`paid`, with
    // its error bound and rate), the others q per unit of weight, `rest` weight in all.
    struct payment_line {
        double paid = 0;
        double paid_err = 0;
        double paid_slope = 0;
        double paid_slope_err = 0;
        double rest = 0;
        std::size_t first_full = 0;
        double q = 0;
    };

    void limit(double value, double err, double slope, double slope_err);
    int compare(const fast_eval& a, std::size_t pa, const fast_eval& b, std::size_t pb) const;
    support_sum gather(std::size_t p);
    void gather_classes(std::size_t lo, std::size_t hi);
    support_sum gather_patterns(std::size_t p);
    template <bool track>
    support_sum gather_patterns(std::size_t p);
    void gather_voters(std::size_t lo, std::size_t hi);
    support_sum sum_support() const;
    fast_eval evaluate_at(std::size_t p);
    std::optional<fast_eval> evaluate_near(std::size_t p);
    template <class E>
    fast_eval price(std::vector<E>& entries, std::size_t p, double min_ratio);
    template <class E>
    fast_eval all_pay_in_full(const std::vector<E>& entries, double q0, double cost, double total_w, double scale);
    template <class E>
    bool find_line(std::vector<E>& entries, double q0, double cost, double total_w, payment_line& line);
    template <class E>
    fast_eval certify_line(const std::vector<E>& entries, const payment_line& line, double cost, double scale);
    void pay_classes(std::size_t p, const fast_eval& e, std::size_t step);
    void pay_patterns(std::size_t p, const fast_eval& e);
    // The rate of an entry's class or pattern (`entry::cls`).
    pattern_rate rate(std::uint32_t cls) const
    {
        return tallies_ != nullptr ? tallies_->rates()[cls] : class_rates_[cls];
    }
    void pay_voters(std::size_t p, const fast_eval& e);

    const instance& in_;
    double x_;
    bool track_; // compute reach_ (unit weights, integer x)
    double reach_ = std::numeric_limits<double>::infinity();
    // By project position: the last evaluation, and its rho as the sorting key. A key from an
    // evaluation is rho at that step, affine in x while that evaluation's decisions hold; the
    // starting key cost / (W * scale) is a constant lower bound.
    std::vector<fast_eval> eval_;
    std::vector<double> key_;
    std::vector<double> key_err_;
    std::vector<double> key_slope_;
    std::vector<double> key_slope_err_;
    // Unit weights with a cache: budgets per pattern (see equal_shares_tallies.hpp), kept in the
    // cache, and the run's path through the funded sets.
    supporter_tallies* tallies_ = nullptr;
    std::vector<std::uint32_t> path_nodes_;
    std::vector<std::size_t> path_funded_;
    // Unit weights without a cache: budgets per class, every voter who supported the same funded
    // projects in one class (or in class 0, nothing left), classes tallied supporter by supporter.
    std::vector<std::uint32_t> type_class_;
    std::vector<pattern_budget> classes_;
    std::vector<pattern_rate> class_rates_;  // beside classes_ when tracking
    std::vector<std::uint32_t> tally_;       // voters per class: below 2^32 (voter indices are 32-bit)
    std::vector<std::uint32_t> other_tally_; // the same for the second half of a supporter list
    struct class_move {
        std::uint32_t step; // the funding step the move below belongs to
        std::uint32_t next; // where the class's paying supporters go
    };
    std::vector<class_move> moves_;
    std::vector<std::uint32_t> touched_;
    // Other weights: budgets per ballot type.
    std::vector<double> budget_;
    std::vector<double> error_;
    std::vector<entry> scratch_;
    // Unit weights with a cache: the entries as groups of one pattern, unit 1 (so ratio = budget
    // and weight = count), in their own slimmer records.
    struct group_entry {
        group_entry() {} // NOLINT(modernize-use-equals-default): left uninitialised, as entry
        group_entry(double b, double e, double n, std::uint32_t c) : budget(b), error(e), count(n), cls(c) {}
        double budget;
        double error;
        double count;
        std::uint32_t cls;
    };
    std::vector<group_entry> groups_;
    double max_err_ = 0; // the largest error of a budget the run wrote in the cache
};

} // namespace cabildo::ballots::mes_detail
