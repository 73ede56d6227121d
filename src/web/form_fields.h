// The plain forms of the web application (a care plan's, a scheme report's):
// the values a person typed and the refusals by field, a labelled field
// that shows both and ties its error to it for screen readers, and the
// summary of what was refused at the top of the page, each linking to its
// field. A refused form is shown again, as typed, with status 422; nothing
// of it is saved. Internal to web/.
//
// Thread safety: pure functions of their arguments and the request.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "web/context.h"

namespace bc::web {

struct FormState {
  std::map<std::string, std::string> values;  // by field name, as typed
  std::map<std::string, std::string> errors;  // by field name: what is wrong with it
  std::string which;                          // the form they belong to, when a page has several
  std::string value(const std::string& k) const {
    auto it = values.find(k);
    return it == values.end() ? "" : it->second;
  }
};

// The field `name` of the form `form` (its id is form-name): its label, hint,
// error and control, holding the value typed when st is that form's.
// `type`: an <input> type, "textarea" (of `rows`) or "select" (of
// `options`, each (value, words)); `hint` shown under the label.
std::string form_field(const FormState& st, const std::string& form, const std::string& name,
                       const std::string& label, const std::string& type,
                       const std::string& hint = "",
                       const std::vector<std::pair<std::string, std::string>>& options = {},
                       int rows = 3);

// Fields' names and labels, in the order a form shows them.
using FieldLabels = std::vector<std::pair<std::string, std::string>>;

// "Nothing was saved" (or `title`) and each refusal, linking to its field
// (#form-name): those `labels` names first, in its order, worded "label:
// message", then any others in name order, worded "name: message"; "" when
// nothing was refused.
std::string error_summary_html(const FormState& st, const FieldLabels& labels = {},
                               const std::string& title = "Nothing was saved");

// The named fields of a posted form, as typed (absent ones empty); each at
// most max_bytes (InvalidArgument beyond).
Result<FormState> read_form_fields(const Ctx& ctx, const std::string& which,
                                   const std::vector<std::string>& names, size_t max_bytes);

// A date field's value: nullopt when empty (a refusal recorded when
// required) or when not a date (its refusal recorded).
std::optional<Date> form_date(FormState& st, const std::string& name, bool required);

}  // namespace bc::web
