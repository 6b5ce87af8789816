#include "metamc/reports/json_writer.hpp"
#include "metamc/reports/report.hpp"
#include "metamc/version.hpp"

namespace metamc {
namespace {

void write_interval(JsonWriter& json, const std::optional<Interval>& interval) {
  if (interval)
    json.inline_array({interval->lower, interval->upper});
  else
    json.null();
}

void write_fit(JsonWriter& json, const FrequentistFit& fit) {
  json.begin_object();
  json.key("mu").value(fit.mu);
  json.key("se").value(fit.se);
  json.key("ci");
  write_interval(json, fit.ci);
  json.key("p").value(fit.p);
  json.key("tau2").value(fit.tau2);
  json.key("tau2_ci");
  write_interval(json, fit.tau2_ci);
  json.key("Q").value(fit.Q);
  json.key("df").value(fit.df);
  json.key("Q_p").value(fit.Q_p);
  json.key("I2").value(fit.I2);
  json.key("H2").value(fit.H2);
  json.key("hksj_ci");
  write_interval(json, fit.hksj_ci);
  json.key("pi");
  write_interval(json, fit.pi);
  json.end_object();
}

void write_config(JsonWriter& json, const RunConfig& config) {
  json.begin_object();
  json.key("input").value(config.input);
  json.key("by").begin_array();
  for (const auto& column : config.by) json.value(column);
  json.end_array();
  json.key("measure").value(to_string(config.default_measure));
  json.key("benefit").value(to_string(config.default_benefit));
  json.key("level").value(config.level);
  json.end_object();
}

void write_group(JsonWriter& json, const GroupResult& result) {
  const Group& g = result.group;
  json.begin_object();
  json.key("key").begin_object();
  for (const auto& [column, value] : g.key) json.key(column).value(value);
  json.end_object();
  json.key("measure").value(to_string(g.measure));
  json.key("benefit").value(to_string(g.benefit));
  json.key("k").value(g.k());
  json.key("studies").begin_array();
  for (const Study& s : g.studies) {
    json.begin_object();
    json.key("study").value(s.label);
    json.key("yi").value(s.yi);
    json.key("sei").value(s.sei);
    json.end_object();
  }
  json.end_array();
  json.key("notes").begin_array();
  for (const auto& note : g.notes) json.value(note);
  json.end_array();
  json.key("dl");
  write_fit(json, result.dl);
  json.key("reml");
  write_fit(json, result.reml);
  json.key("pm");
  write_fit(json, result.pm);
  json.end_object();
}

}  // namespace

void write_json(std::ostream& out, const AnalysisReport& report) {
  JsonWriter json(out);
  json.begin_object();
  json.key("metamc").begin_object().key("version").value(kVersion).end_object();
  json.key("config");
  write_config(json, report.config);
  json.key("warnings").begin_array();
  for (const auto& w : report.warnings) json.value(w);
  json.end_array();
  json.key("groups").begin_array();
  for (const auto& group : report.groups) write_group(json, group);
  json.end_array();
  json.end_object();
}

}  // namespace metamc
