#include "web/form_fields.h"

#include <fmt/format.h>

#include <set>

#include "present/html_escape.h"
#include "web/pages_internal.h"

namespace bc::web {

using present::html_escape;

std::string form_field(const FormState& st, const std::string& form, const std::string& name,
                       const std::string& label, const std::string& type, const std::string& hint,
                       const std::vector<std::pair<std::string, std::string>>& options, int rows) {
  const std::string id = form + "-" + name;
  const bool mine = st.which == form;
  auto err = mine ? st.errors.find(name) : st.errors.end();
  const bool invalid = mine && err != st.errors.end();
  const std::string value = mine ? st.value(name) : "";
  std::string described;
  std::string out = fmt::format("<div class=\"field{}\"><label for=\"{}\">{}</label>",
                                invalid ? " invalid" : "", html_escape(id), html_escape(label));
  if (!hint.empty()) {
    out +=
        fmt::format("<p class=\"hint\" id=\"{}-hint\">{}</p>", html_escape(id), html_escape(hint));
    described += id + "-hint";
  }
  if (invalid) {
    out += fmt::format("<p class=\"field-error\" id=\"{}-error\">{}</p>", html_escape(id),
                       html_escape(err->second));
    described += (described.empty() ? "" : " ") + id + "-error";
  }
  const std::string attrs =
      fmt::format("id=\"{}\" name=\"{}\"{}{}", html_escape(id), html_escape(name),
                  described.empty() ? "" : " aria-describedby=\"" + html_escape(described) + "\"",
                  invalid ? " aria-invalid=\"true\"" : "");
  if (type == "textarea") {
    out += fmt::format("<textarea class=\"plain\" {} rows=\"{}\">{}</textarea>", attrs, rows,
                       html_escape(value));
  } else if (type == "select") {
    out += "<select " + attrs + ">";
    for (const auto& [v, words] : options) {
      out += fmt::format("<option value=\"{}\"{}>{}</option>", html_escape(v),
                         v == value ? " selected" : "", html_escape(words));
    }
    out += "</select>";
  } else {
    out += fmt::format("<input type=\"{}\" {} value=\"{}\">", html_escape(type), attrs,
                       html_escape(value));
  }
  return out + "</div>\n";
}

std::string error_summary_html(const FormState& st, const FieldLabels& labels,
                               const std::string& title) {
  if (st.errors.empty()) return "";
  std::string out =
      "<div class=\"form-error\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><h2>" +
      html_escape(title) + "</h2><ul>";
  auto item = [&](const std::string& name, const std::string& words) {
    out += fmt::format("<li><a href=\"#{}-{}\">{}</a></li>", html_escape(st.which),
                       html_escape(name), html_escape(words + ": " + st.errors.at(name)));
  };
  std::set<std::string> listed;
  for (const auto& [name, label] : labels) {
    if (st.errors.count(name) == 0 || !listed.insert(name).second) continue;
    item(name, label);
  }
  for (const auto& refusal : st.errors)
    if (listed.count(refusal.first) == 0) item(refusal.first, refusal.first);
  return out + "</ul></div>\n";
}

Result<FormState> read_form_fields(const Ctx& ctx, const std::string& which,
                                   const std::vector<std::string>& names, size_t max_bytes) {
  FormState st;
  st.which = which;
  for (const auto& n : names) {
    auto v = long_field(ctx, n, max_bytes);
    if (!v.ok()) return v.status();
    st.values[n] = v->value_or("");
  }
  return st;
}

std::optional<Date> form_date(FormState& st, const std::string& name, bool required) {
  const std::string v = st.value(name);
  if (v.empty()) {
    if (required) st.errors[name] = "required";
    return std::nullopt;
  }
  auto d = Date::parse(v);
  if (!d.ok()) {
    st.errors[name] = d.error();
    return std::nullopt;
  }
  return *d;
}

}  // namespace bc::web
