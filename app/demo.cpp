#include "app/demo.hpp"

#include "app/demo_past_edition.hpp"
#include "engine/use_cases/await_result.hpp"

#include <stdexcept>

namespace cabildo::app {

using namespace cabildo::engine;

namespace {

struct demo_city {
    municipality_input municipality;
    const char* slug;
    const char* title;
    const char* description;
    std::vector<std::string> categories;
    std::vector<std::pair<const char*, const char*>> ideas; // title, description
};

std::vector<demo_city> cities()
{
    return {
        {{"hermosillo", "Hermosillo", "Sonora", "America/Hermosillo", "es-MX"},
         "reactivacion-economica",
         "Reactivación económica después del COVID-19",
         "¿Cómo apoyamos a los pequeños negocios y al empleo local mientras la ciudad se recupera de la pandemia?",
         {"comercio local", "empleo", "turismo"},
         {{"Mercado nocturno de productores locales", "Cerrar una calle del centro los viernes para que productores y "
                                                      "cocineras vendan sin pagar local."},
          {"Bolsa de trabajo municipal en línea", "Un sitio donde negocios de la ciudad publiquen vacantes temporales "
                                                  "para personas que perdieron su empleo."},
          {"Compra local en las licitaciones", "Dar puntos extra a proveedores de Hermosillo en las compras del "
                                               "municipio durante 2021."}}},
        {{"reynosa", "Reynosa", "Tamaulipas", "America/Matamoros", "es-MX"},
         "reapertura-segura",
         "Frenar los contagios durante la reapertura",
         "Ideas para que la reapertura de comercios, escuelas y transporte no dispare los contagios.",
         {"salud", "transporte", "comercio"},
         {{"Estaciones de lavado de manos en paradas", "Lavamanos de pedal en las 30 paradas de camión con más "
                                                       "pasajeros."},
          {"Semáforo de aforo en mercados", "Un letrero en cada entrada que muestre cuántas personas hay dentro."},
          {"Cubrebocas gratuitos en el transporte", "Entregar cubrebocas en las rutas que cruzan la ciudad."}}},
        {{"san-nicolas", "San Nicolás de los Garza", "Nuevo León", "America/Monterrey", "es-MX"},
         "movilidad-urbana",
         "Movilidad urbana",
         "¿Cómo nos movemos mejor y con menos riesgo por San Nicolás?",
         {"bicicleta", "peatones", "transporte público"},
         {{"Ciclovía en Avenida Universidad",
           "Un carril confinado para bicicletas de Manuel L. Barragán a Los Ángeles."},
          {"Cruces peatonales elevados junto a escuelas", "Reductores de velocidad a nivel de banqueta frente a las "
                                                          "primarias."},
          {"Rutas alimentadoras al Metro",
           "Microbuses que conecten las colonias del norte con la estación más cercana."}}},
        {{"san-pedro", "San Pedro Garza García", "Nuevo León", "America/Monterrey", "es-MX"},
         "contaminacion",
         "Menos contaminación",
         "Propuestas para reducir la contaminación del aire, el ruido y la basura en San Pedro.",
         {"aire", "residuos", "áreas verdes"},
         {{"Mil árboles en camellones",
           "Plantar especies nativas en los camellones de Calzada del Valle y Vasconcelos."},
          {"Centro de acopio de reciclables por colonia", "Un punto de acopio semanal en cada parque de colonia."},
          {"Monitoreo del aire en escuelas", "Sensores de partículas en escuelas públicas con datos abiertos."}}},
        {{"torreon", "Torreón", "Coahuila", "America/Monterrey", "es-MX"},
         "inclusion-adultos-mayores",
         "Inclusión social de las personas adultas mayores",
         "Ideas para que las personas adultas mayores participen y estén acompañadas en la vida de la ciudad.",
         {"salud", "cultura", "tecnología"},
         {{"Clubes de lectura en bibliotecas", "Sesiones semanales en las bibliotecas municipales con transporte "
                                               "incluido."},
          {"Taller de teléfono inteligente", "Jóvenes voluntarios enseñan videollamadas y pagos en línea."},
          {"Red de vecinos que acompañan", "Una llamada diaria a personas mayores que viven solas."}}},
    };
}

} // namespace

bool seed_demo(service& svc, store* storage, const std::string& hmac_secret)
{
    if (await_result<municipality>([&](auto cb) { svc.admin().get_municipality("hermosillo", cb); }).ok())
        return false;
    const caller admin{role::admin, 0};
    const auto now = svc.clock().now();
    const auto day = std::chrono::days{1};
    for (auto& city : cities()) {
        const std::string m = city.municipality.slug;
        value_or_throw(
            await_result<municipality>([&](auto cb) { svc.admin().create_municipality(admin, city.municipality, cb); }),
            m);
        challenge_input in;
        in.slug = city.slug;
        in.title = city.title;
        in.description = city.description;
        in.categories = city.categories;
        // Upload and voting open together, as in the 2020 challenge; voting runs a week longer.
        in.timeline.submission = {now - 3 * day, now + 14 * day};
        in.timeline.voting = {now - 3 * day, now + 21 * day};
        in.timeline.announcement = now + 28 * day;
        in.timeline.development = window{now + 36 * day, now + 63 * day};
        in.ballot.max_choices = 2;
        in.winners = 2;
        value_or_throw(
            await_result<challenge_view>([&](auto cb) { svc.challenges().create_challenge(admin, m, in, cb); }),
            m + " challenge");
        const auto cards =
            value_or_throw(await_result<issuance>([&](auto cb) {
                               svc.participants().issue_tokens(admin, {m, city.slug}, {{}, 6, false, "demo"}, cb);
                           }),
                           m + " tokens")
                .tokens;
        std::vector<idea_id> ids;
        for (std::size_t i = 0; i < city.ideas.size(); ++i) {
            idea_input idea{cards[i].token,       city.ideas[i].first,
                            city.ideas[i].second, city.categories[i % city.categories.size()],
                            std::nullopt,         std::nullopt};
            ids.push_back(value_or_throw(await_result<engine::idea>([&](auto cb) {
                                             svc.challenges().submit_idea({m, city.slug}, idea, cb);
                                         }),
                                         m + " idea")
                              .id);
        }
        // Six residents vote: the first idea leads, the others follow.
        const std::vector<std::vector<idea_id>> ballots{{ids[0]},         {ids[0], ids[1]}, {ids[1], ids[2]},
                                                        {ids[0], ids[2]}, {ids[2]},         {ids[0]}};
        for (std::size_t i = 0; i < ballots.size(); ++i)
            value_or_throw(
                await_result<ballot_receipt>([&](auto cb) {
                    svc.ballots().cast_ballot({m, city.slug}, {cards[i].token, "choices", {ballots[i], {}}}, cb);
                }),
                m + " ballot");
    }
    if (storage)
        seed_past_edition(*storage, hmac_secret, now);
    return true;
}

} // namespace cabildo::app
