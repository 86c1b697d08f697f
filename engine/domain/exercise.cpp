#include "engine/domain/exercise.hpp"

#include <utility>

namespace cabildo::engine {

const std::array<strategy_step, strategy_step_count>& local_strategy()
{
    static const std::array<strategy_step, strategy_step_count> steps{{
        {1, "declaratoria", "Firma de la Declaratoria de Gobierno Abierto", "Las personas firmamos un documento"},
        {2, "convocatoria_stl", "Convocatoria abierta para conformar el Secretariado Técnico Local",
         "Un espacio para platicar"},
        {3, "facilitador", "Convocatoria para incorporar a una persona facilitadora",
         "Una persona que nos facilite el diálogo"},
        {4, "acta_instalacion", "Acta de instalación del Secretariado Técnico Local", "Conocer qué haremos"},
        {5, "consulta", "Consulta, encuesta o recolección de opiniones", "Las personas identificamos problemas"},
        {6, "arbol_problemas", "Árbol de problemas y de soluciones", "Dibujemos un árbol"},
        {7, "convocatoria_mesas", "Convocatoria abierta para participar en las mesas de cocreación",
         "Invitamos a la comunidad a participar"},
        {8, "talleres", "Talleres de sensibilización", "Expliquemos qué estamos haciendo"},
        {9, "mesas_cocreacion", "Instalación de mesas de cocreación", "Manos a la obra"},
        {10, "acta_resultados", "Acta de resultados de las mesas de cocreación", "Ahora comprometámonos"},
        {11, "plan_accion", "Publicación del Plan de Acción", "Publiquemos nuestro trabajo"},
        {12, "pagina_avances", "Página web con la información del ejercicio y avances del Plan de Acción",
         "Difundamos nuestro trabajo"},
        {13, "informes", "Informe intermedio y final de cumplimiento del Plan de Acción", "Recordemos nuestro trabajo"},
    }};
    return steps;
}

namespace {

constexpr std::array<std::pair<step_status, std::string_view>, 3> step_statuses{{
    {step_status::pending, "pending"},
    {step_status::in_progress, "in_progress"},
    {step_status::done, "done"},
}};

constexpr std::pair<report_kind, std::string_view> report_kind_names[] = {{report_kind::interim, "interim"},
                                                                          {report_kind::final_report, "final"}};

} // namespace

name_table<step_status> step_status_names() { return step_statuses; }
std::string_view name_of(step_status s) { return name_in<step_status>(step_statuses, s); }
std::optional<step_status> step_status_named(std::string_view name)
{
    return value_in<step_status>(step_statuses, name);
}

std::string_view name_of(report_kind k) { return name_in<report_kind>(report_kind_names, k); }

std::optional<report_kind> report_kind_named(std::string_view name)
{
    return value_in<report_kind>(report_kind_names, name);
}

std::vector<exercise_step> pending_steps()
{
    std::vector<exercise_step> out;
    for (const auto& s : local_strategy())
        out.push_back({s.n, step_status::pending, std::nullopt, {}, {}});
    return out;
}

} // namespace cabildo::engine
