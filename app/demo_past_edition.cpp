#include "app/demo_past_edition.hpp"

#include "engine/identity/crypto.hpp"
#include "engine/identity/officer_key.hpp"
#include "engine/use_cases/await_result.hpp"
#include "engine/use_cases/service.hpp"

#include <map>
#include <stdexcept>

namespace cabildo::app {

using namespace cabildo::engine;
using namespace std::chrono;

namespace {

struct calendar {
    int year;
    // 06:00 UTC is midnight in Monterrey (UTC-6): the day starts there.
    time_point on(unsigned month, unsigned day, int hour = 6) const
    {
        return time_point_cast<seconds>(sys_days{std::chrono::year{year} / month / day} + hours{hour});
    }
};

const std::vector<std::pair<const char*, const char*>> past_ideas{
    {"Semáforos peatonales con cuenta regresiva", "En los 20 cruces con más atropellos de la ciudad."},
    {"Ciclovía recreativa dominical", "Cerrar Avenida Universidad a los coches los domingos de 8 a 14 h."},
    {"Paradas de camión con techo y banca", "Sombra y asiento en las 40 paradas más usadas."},
    {"Banquetas accesibles en el primer cuadro", "Rampas y banquetas sin obstáculos alrededor de la plaza."},
    {"Bicicletas públicas en la estación Universidad", "Un módulo de préstamo junto al Metro."},
};

struct plan_item {
    const char* title;
    const char* responsible;
    const char* indicator;
    const char* target;
    const char* topic;
    std::vector<std::pair<const char*, int>> milestones;
};

const std::vector<plan_item> past_plan{
    {"Semáforos peatonales en 20 cruces",
     "Secretaría de Movilidad",
     "Cruces con semáforo peatonal",
     "20 cruces",
     "Agenda 2030 de Desarrollo Sostenible",
     {{"Diagnóstico de cruces", 20}, {"Licitación publicada", 30}, {"Semáforos instalados", 50}}},
    {"Ciclovía recreativa cada domingo",
     "Dirección de Deporte",
     "Domingos con ciclovía",
     "4 domingos",
     "Perspectiva de género",
     {{"Ruta y señalización", 40}, {"Primer domingo", 30}, {"Cuatro domingos", 30}}},
    {"Paradas dignas de camión",
     "Secretaría de Obras Públicas",
     "Paradas con techo y banca",
     "40 paradas",
     "Seguimiento de recursos públicos en el ámbito local",
     {{"Diseño aprobado", 25}, {"10 paradas", 25}, {"25 paradas", 25}, {"40 paradas", 25}}},
    {"Primer cuadro accesible",
     "Secretaría de Obras Públicas",
     "Metros de banqueta accesible",
     "1,200 m",
     "Fortalecimiento de los sistemas locales anticorrupción",
     {{"Proyecto ejecutivo", 30}, {"Obra terminada", 70}}},
};

class past_edition {
public:
    past_edition(store& storage, const std::string& secret, int year)
        : clock_(time_point{})
        , svc_(storage, clock_, secret, "", {})
        , cal_{year}
        , slug_("movilidad-urbana-" + std::to_string(year))
    {}

    void run()
    {
        clock_.set(cal_.on(9, 10));
        const auto muni =
            value_or_throw(await_result<municipality>([&](auto cb) { svc_.admin().get_municipality(m_, cb); }), m_);
        organiser_ = {role::organiser, muni.id, 0};
        verifier_ = {role::verifier, muni.id, 0};
        launch();
        consult();
        vote();
        in_person();
        clock_.set(cal_.on(11, 1, 18));
        value_or_throw(await_result<challenge_results>([&](auto cb) {
                           svc_.ballots().announce(organiser_, {m_, slug_}, cb);
                       }),
                       "announce");
        commit();
        plan();
    }

private:
    void launch()
    {
        challenge_input in;
        in.slug = slug_;
        in.title = "Movilidad urbana " + std::to_string(cal_.year);
        in.description = "La edición anterior: ¿cómo nos movemos mejor y con menos riesgo por San Nicolás? Sus "
                         "ideas ganadoras son hoy compromisos del plan de acción local.";
        // No categories yet: the consultation's most-named problems become them.
        in.timeline.consultation = window{cal_.on(9, 15), cal_.on(9, 30)};
        in.timeline.submission = {cal_.on(10, 1), cal_.on(10, 22)};
        in.timeline.voting = {cal_.on(10, 1), cal_.on(10, 26)};
        in.timeline.announcement = cal_.on(11, 1, 18);
        in.timeline.development = window{cal_.on(11, 9), cal_.on(12, 5)};
        in.ballot.max_choices = 3;
        in.winners = 4;
        in.tie_break_seed = "san-nicolas-" + std::to_string(cal_.year);
        value_or_throw(
            await_result<challenge_view>([&](auto cb) { svc_.challenges().create_challenge(organiser_, m_, in, cb); }),
            "launch");
    }

    static question ask(const char* id, question_kind kind, const char* prompt, std::vector<std::string> options = {})
    {
        question q;
        q.id = id;
        q.kind = kind;
        q.prompt = prompt;
        q.options = std::move(options);
        return q;
    }

    static std::vector<question> survey()
    {
        auto problema =
            ask("problema", question_kind::single, "¿Cuál es el mayor problema para moverte por San Nicolás?",
                {"peatones", "bicicleta", "transporte público", "contaminación"});
        problema.required = true;
        auto seguridad = ask("seguridad", question_kind::scale, "¿Qué tan seguro te sientes al cruzar la calle?");
        seguridad.min_label = "nada seguro";
        seguridad.max_label = "muy seguro";
        auto prioridad = ask("prioridad", question_kind::ranking, "Ordena lo que el municipio debería atender primero",
                             {"banquetas", "semáforos", "paradas de camión", "ciclovías"});
        auto comentario = ask("comentario", question_kind::text, "¿Algo más que debamos saber?");
        comentario.max_length = 300;
        return {problema, seguridad, prioridad, comentario};
    }

    // Ten residents answer in the second half of September; the organiser publishes their words
    // but one off topic, and the three problems most named become the challenge's categories.
    void consult()
    {
        value_or_throw(await_result<survey_view>([&](auto cb) {
                           svc_.consultation().put_survey(organiser_, {m_, slug_}, survey(), cb);
                       }),
                       "survey");
        clock_.set(cal_.on(9, 14));
        cards_ =
            value_or_throw(
                await_result<issuance>([&](auto cb) {
                    svc_.participants().issue_tokens(organiser_, {m_, slug_}, {{}, 10, false, "mesa del parque"}, cb);
                }),
                "cards")
                .tokens;
        clock_.set(cal_.on(9, 20));
        const int problem[] = {0, 0, 2, 1, 0, 2, 3, 0, 2, 1};
        const int safe[] = {1, 2, 2, 3, 1, 4, 2, 1, 3, 2};
        const std::vector<std::vector<int>> order{{1, 0, 2, 3}, {0, 1}, {2, 0}, {3, 0, 1}, {1, 0},
                                                  {2, 1, 0},    {3},    {0, 1}, {2, 0, 1}, {3, 1}};
        const std::map<std::size_t, const char*> words{{0, "En la avenida Universidad no hay por dónde cruzar."},
                                                       {2, "Los camiones pasan cada 40 minutos."},
                                                       {4, "Faltan rampas para sillas de ruedas."},
                                                       {6, "¿Cuándo abren el nuevo estadio?"}};
        for (std::size_t i = 0; i < cards_.size(); ++i) {
            std::vector<answer> as{{"problema", problem[i], {}, std::nullopt},
                                   {"seguridad", safe[i], {}, std::nullopt},
                                   {"prioridad", std::nullopt, order[i], std::nullopt}};
            if (const auto w = words.find(i); w != words.end())
                as.push_back({"comentario", std::nullopt, {}, std::string(w->second)});
            value_or_throw(await_result<ballot_receipt>([&](auto cb) {
                               svc_.consultation().answer_survey({m_, slug_}, {cards_[i].token, as}, cb);
                           }),
                           "survey response");
        }
        clock_.set(cal_.on(9, 30, 16));
        const auto texts =
            value_or_throw(await_result<std::vector<survey_text>>([&](auto cb) {
                               svc_.consultation().survey_texts(organiser_, {m_, slug_}, std::nullopt, cb);
                           }),
                           "texts");
        for (const auto& t : texts) {
            const bool off_topic = t.body.find("estadio") != std::string::npos;
            value_or_throw(await_result<survey_text>([&](auto cb) {
                               svc_.consultation().moderate_survey_text(organiser_, {m_, slug_}, t.id, !off_topic,
                                                                        off_topic ? "No trata de movilidad" : "", cb);
                           }),
                           "moderation");
        }
        value_or_throw(await_result<challenge_view>([&](auto cb) {
                           svc_.consultation().seed_categories(organiser_, {m_, slug_}, "problema", 3, cb);
                       }),
                       "categories");
    }

    void vote()
    {
        clock_.set(cal_.on(10, 2));
        const auto& cards = cards_;
        for (std::size_t i = 0; i < past_ideas.size(); ++i) {
            static const char* const category[] = {"peatones", "bicicleta", "transporte público", "peatones",
                                                   "bicicleta"};
            const idea_input in{cards[i].token, past_ideas[i].first, past_ideas[i].second, category[i], {}, {}};
            ideas_.push_back(value_or_throw(await_result<idea>([&](auto cb) {
                                                svc_.challenges().submit_idea({m_, slug_}, in, cb);
                                            }),
                                            "idea")
                                 .id);
        }
        clock_.set(cal_.on(10, 20));
        // 8, 7, 6, 5 and 2 approvals: four clear winners.
        const std::vector<std::vector<int>> ballots{{0, 1, 2}, {0, 1, 2}, {0, 1, 2}, {0, 1, 3}, {0, 1, 3},
                                                    {0, 2, 3}, {0, 2, 3}, {0, 1, 4}, {1, 2},    {3, 4}};
        for (std::size_t b = 0; b < ballots.size(); ++b) {
            std::vector<idea_id> choices;
            for (int i : ballots[b])
                choices.push_back(ideas_[static_cast<std::size_t>(i)]);
            value_or_throw(await_result<ballot_receipt>([&](auto cb) {
                               svc_.ballots().cast_ballot({m_, slug_}, {cards[b].token, "choices", {choices, {}}}, cb);
                           }),
                           "ballot");
        }
    }

    // The in-person day, 28 October, after online voting closed (as Mexico City did): two tables,
    // each with two officers who check people in, enter every ballot of the box twice, and sign the
    // act. Their paper ballots leave the four winners as they were.
    void in_person()
    {
        struct table_plan {
            const char* name;
            const char* address;
            const char* district;
            std::vector<const char*> people;
            std::vector<std::vector<int>> box; // -1: blank, -2: null (illegible)
        };
        const std::vector<table_plan> plans{
            {"Mesa Parque Tolteca",
             "Parque Tolteca, Centro",
             "Centro",
             {"SNG-0101", "SNG-0102", "SNG-0103"},
             {{0, 1, 2}, {0, 3}, {-1}}},
            {"Mesa Biblioteca Anáhuac",
             "Biblioteca Anáhuac, Av. Regina",
             "Anáhuac",
             {"SNG-0201", "SNG-0202"},
             {{1, 2}, {-2}}},
        };
        const challenge_ref which{m_, slug_};
        for (const auto& plan : plans) {
            clock_.set(cal_.on(10, 21));
            polling_table t;
            t.name = plan.name;
            t.address = plan.address;
            t.district = plan.district;
            t.opens = cal_.on(10, 28, 14);
            t.closes = cal_.on(10, 28, 23);
            t.observers = {{"María Elena Garza", "Observatorio Ciudadano de San Nicolás"}};
            const auto made = value_or_throw(await_result<std::vector<table_view>>([&](auto cb) {
                                                 svc_.tables().create_tables(organiser_, which, {t}, false, cb);
                                             }),
                                             "table");
            const auto id = made.front().table.id;
            std::vector<std::pair<caller, std::string>> officers;
            for (const char* label : {"Presidencia de mesa", "Secretaría de mesa"}) {
                const auto k = value_or_throw(await_result<created_key>([&](auto cb) {
                                                  svc_.admin().create_key(
                                                      organiser_, m_, svc_.tables().officer_key(which, id, label), cb);
                                              }),
                                              "officer");
                officers.push_back(
                    {{role::officer, organiser_.municipality_id, k.record.id, *k.record.challenge_id, id}, k.key});
            }
            clock_.set(cal_.on(10, 28, 16));
            for (const char* ref : plan.people)
                value_or_throw(await_result<check_in_outcome>([&](auto cb) {
                                   svc_.tables().check_in(officers[0].first, which, id, {ref, false}, cb);
                               }),
                               "check-in");
            clock_.set(cal_.on(10, 29, 1));
            for (const auto& o : officers)
                for (std::size_t p = 0; p < plan.box.size(); ++p) {
                    paper_mark m;
                    if (plan.box[p].front() == -1) {
                        m.kind = mark_kind::blank;
                    } else if (plan.box[p].front() == -2) {
                        m.kind = mark_kind::null;
                        m.reason = null_reason::illegible;
                    } else {
                        m.kind = mark_kind::valid;
                        for (int i : plan.box[p])
                            m.content.ideas.push_back(ideas_[static_cast<std::size_t>(i)]);
                    }
                    value_or_throw(await_result<entry_outcome>([&](auto cb) {
                                       svc_.tables().enter_ballot(o.first, which, id, static_cast<std::int64_t>(p + 1),
                                                                  m, "choices", cb);
                                   }),
                                   "paper ballot");
                }
            const auto act =
                value_or_throw(await_result<act_view>([&](auto cb) {
                                   svc_.tables().draft_act(officers[0].first, which, id,
                                                           {static_cast<std::int64_t>(plan.box.size()),
                                                            to_hex(sha256(std::string("Acta de ") + plan.name))},
                                                           cb);
                               }),
                               "act");
            for (const auto& o : officers)
                value_or_throw(await_result<act_view>([&](auto cb) {
                                   svc_.tables().sign_act(
                                       o.first, which, id,
                                       officer_signing_key(split_officer_key(o.second)->secret).sign(act.act.message),
                                       cb);
                               }),
                               "signature");
        }
    }

    std::int64_t make(std::size_t i)
    {
        const auto& p = past_plan[i];
        commitment_input in{
            p.title,        "Llevar a cabo la idea ganadora «" + std::string(past_ideas[i].first) + "».",
            p.responsible,  p.indicator,
            p.target,       cal_.on(11, 9),
            cal_.on(12, 4), {p.topic},
            {ideas_[i]},    {}};
        for (const auto& [title, weight] : p.milestones)
            in.milestones.push_back({title, weight, std::nullopt, std::nullopt});
        return value_or_throw(await_result<commitment_view>([&](auto cb) {
                                  svc_.action_plan().create_commitment(organiser_, {m_, slug_}, in, cb);
                              }),
                              "commitment")
            .commitment.id;
    }

    void act(const caller& who, std::int64_t id, commitment_action a, unsigned month, unsigned day)
    {
        clock_.set(cal_.on(month, day, 17));
        value_or_throw(await_result<commitment_change>([&](auto cb) {
                           svc_.action_plan().update_commitment(who, {m_, slug_}, id, a, cb);
                       }),
                       "update " + std::string(name_of(a.action)));
    }

    void complete(std::int64_t id, int milestone, unsigned month, unsigned day)
    {
        act(organiser_, id, {commitment_act::complete_milestone, milestone, "", {}}, month, day);
    }

    // One commitment at each status: verified with a document's digest, completed after a
    // rejection, started, and not started.
    void commit()
    {
        clock_.set(cal_.on(11, 10, 16));
        std::vector<std::int64_t> ids;
        for (std::size_t i = 0; i < past_plan.size(); ++i)
            ids.push_back(make(i));
        // In date order, so the history and the audit log read as the weeks went.
        const evidence acta{"", to_hex(sha256("Acta de entrega-recepción de 20 semáforos peatonales"))};
        act(organiser_, ids[1], {commitment_act::start, {}, "Ruta acordada con los vecinos de Anáhuac.", {}}, 11, 11);
        complete(ids[0], 1, 11, 12);
        complete(ids[1], 1, 11, 13);
        complete(ids[1], 2, 11, 15);
        complete(ids[0], 2, 11, 20);
        complete(ids[2], 1, 11, 25);
        complete(ids[1], 3, 11, 29);
        complete(ids[0], 3, 11, 30);
        act(verifier_, ids[1], {commitment_act::reject, {}, "Faltan las fotos del tercer y cuarto domingo.", {}}, 12,
            1);
        act(verifier_, ids[0],
            {commitment_act::verify, {}, "El Secretariado Técnico Local revisó el acta y visitó 5 cruces.", acta}, 12,
            2);
        act(organiser_, ids[1],
            {commitment_act::complete_milestone, 3, "Fotos publicadas en el sitio del municipio.", {}}, 12, 3);
    }

    // San Nicolás's exercise: the steps done so far with their dates, the consultation's and the
    // plan's published, the reports still to come; its interim report is the live one.
    void plan()
    {
        clock_.set(cal_.on(12, 4, 18));
        const auto y = std::to_string(cal_.year);
        value_or_throw(await_result<exercise_view>([&](auto cb) {
                           svc_.action_plan().create_exercise(
                               organiser_, m_, {"apertura-" + y, "Ejercicio local de gobierno abierto " + y, {slug_}},
                               cb);
                       }),
                       "exercise");
        exercise_patch p;
        const std::pair<unsigned, unsigned> done_on[] = {{8, 3},  {8, 10}, {8, 17},  {8, 31}, {9, 30}, {10, 2},
                                                         {10, 6}, {10, 8}, {10, 15}, {11, 1}, {11, 8}, {11, 9}};
        for (int n = 1; n <= 12; ++n) {
            const auto [month, day] = done_on[n - 1];
            p.steps.push_back({n, std::string("done"), std::nullopt, cal_.on(month, day, 17), std::nullopt});
        }
        p.steps[0].document = evidence{"", to_hex(sha256("Declaratoria de Gobierno Abierto de San Nicolás"))};
        p.steps[12 - 1].note = "La página de avances es la de este sitio.";
        p.steps.push_back({13, std::string("in_progress"), std::string("Informe intermedio al cierre del desarrollo."),
                           std::nullopt, std::nullopt});
        value_or_throw(await_result<exercise_view>([&](auto cb) {
                           svc_.action_plan().patch_exercise(organiser_, {m_, "apertura-" + y}, p, cb);
                       }),
                       "steps");
    }

    manual_clock clock_;
    service svc_;
    calendar cal_;
    std::string m_ = "san-nicolas";
    std::string slug_;
    caller organiser_, verifier_;
    std::vector<idea_id> ideas_;
    std::vector<issued> cards_;
};

} // namespace

void seed_past_edition(store& storage, const std::string& hmac_secret, time_point now)
{
    const int year = static_cast<int>(year_month_day{floor<days>(now)}.year()) - 1;
    past_edition(storage, hmac_secret, year).run();
}

} // namespace cabildo::app
