// The API's contract: every reply of /api/v1/ that any HTTP test receives is
// checked against the OpenAPI document (src/web/openapi.json), so the
// document describes what the server really sends.
//
// A reply conforms when the document has an operation for its method and
// path (or, for a path or method the API does not have, it is an Error);
// its status is one of the operation's responses or the operation has a
// `default`; and its JSON body is valid against that response's schema.
//
// The schema check covers what the document uses of OpenAPI 3.0: $ref,
// allOf, oneOf, nullable, enum, type, items, required, properties and
// additionalProperties. One rule is stricter than JSON Schema's: an
// object schema that lists properties allows no others unless it says
// additionalProperties (a schema, or true). So a field the server adds
// without documenting it fails the tests.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "harness.h"

namespace bc::test {

inline const nlohmann::json& openapi_document() {
  static const nlohmann::json doc =
      nlohmann::json::parse(read_file(fs::path(BC_SOURCE_DIR) / "src/web/openapi.json"));
  return doc;
}

inline const nlohmann::json& resolve_ref(const nlohmann::json& doc, const nlohmann::json& schema) {
  static const nlohmann::json kNothing = nlohmann::json::object();
  if (!schema.contains("$ref")) return schema;
  const std::string ref = schema["$ref"];
  const std::string prefix = "#/components/schemas/";
  if (ref.rfind(prefix, 0) != 0 ||
      !doc["components"]["schemas"].contains(ref.substr(prefix.size())))
    return kNothing;
  return resolve_ref(doc, doc["components"]["schemas"][ref.substr(prefix.size())]);
}

// allOf's members joined into one object schema: their properties and
// required fields together (each member alone would call the others'
// properties undeclared).
inline nlohmann::json joined_all_of(const nlohmann::json& doc, const nlohmann::json& schema) {
  nlohmann::json out = {{"type", "object"},
                        {"properties", nlohmann::json::object()},
                        {"required", nlohmann::json::array()}};
  for (const auto& member : schema["allOf"]) {
    nlohmann::json m = resolve_ref(doc, member);
    if (m.contains("allOf")) m = joined_all_of(doc, m);
    if (m.contains("properties")) out["properties"].update(m["properties"]);
    if (m.contains("required")) {
      for (const auto& r : m["required"]) out["required"].push_back(r);
    }
    if (m.value("nullable", false)) out["nullable"] = true;
  }
  return out;
}

// "" when v is valid against schema, else the first problem, at `where`
// (a JSON pointer into the reply).
inline std::string schema_problem(const nlohmann::json& doc, const nlohmann::json& schema_in,
                                  const nlohmann::json& v, const std::string& where) {
  const nlohmann::json& schema = resolve_ref(doc, schema_in);
  if (schema.contains("allOf")) return schema_problem(doc, joined_all_of(doc, schema), v, where);
  auto problem = [&](const std::string& what) {
    return (where.empty() ? "/" : where) + ": " + what + " (" + v.dump().substr(0, 120) + ")";
  };
  if (schema.contains("oneOf")) {
    int n = 0;
    for (const auto& alt : schema["oneOf"]) n += schema_problem(doc, alt, v, where).empty() ? 1 : 0;
    return n == 1 ? "" : problem(std::to_string(n) + " of oneOf's alternatives match, not 1");
  }
  if (v.is_null()) return schema.value("nullable", false) ? "" : problem("null is not nullable");
  if (schema.contains("enum")) {
    bool in = false;
    for (const auto& e : schema["enum"]) in |= e == v;
    if (!in) return problem("not one of " + schema["enum"].dump());
  }
  const std::string type = schema.value("type", "");
  if (type == "number" && !v.is_number()) return problem("not a number");
  if (type == "integer" && !(v.is_number_integer() || v.is_number_unsigned()))
    return problem("not an integer");
  if (type == "string" && !v.is_string()) return problem("not a string");
  if (type == "boolean" && !v.is_boolean()) return problem("not a boolean");
  if (type == "array") {
    if (!v.is_array()) return problem("not an array");
    if (!schema.contains("items")) return "";
    for (size_t i = 0; i < v.size(); ++i) {
      std::string p = schema_problem(doc, schema["items"], v[i], where + "/" + std::to_string(i));
      if (!p.empty()) return p;
    }
    return "";
  }
  if (type == "object") {
    if (!v.is_object()) return problem("not an object");
    for (const auto& key : schema.value("required", nlohmann::json::array())) {
      if (!v.contains(key.get<std::string>())) return problem("no " + key.get<std::string>());
    }
    const nlohmann::json props = schema.value("properties", nlohmann::json::object());
    const nlohmann::json extra = schema.value("additionalProperties", nlohmann::json());
    for (const auto& [key, value] : v.items()) {
      std::string p;
      if (props.contains(key)) {
        p = schema_problem(doc, props[key], value, where + "/" + key);
      } else if (extra.is_object()) {
        p = schema_problem(doc, extra, value, where + "/" + key);
      } else if (!props.empty() && extra != true) {
        p = problem(key + " is not in the document");
      }
      if (!p.empty()) return p;
    }
  }
  return "";
}

// Whether a concrete path matches a templated one: the same segments,
// "{name}" standing for any one non-empty segment. By segments, not with a
// regex: std::regex recurses per character and overflows the stack on the
// overlong paths the malformed-request tests send.
inline bool path_matches(std::string_view templ, std::string_view path) {
  while (!templ.empty() && !path.empty()) {
    const size_t t = templ.find('/', 1), p = path.find('/', 1);
    const std::string_view ts = templ.substr(0, t), ps = path.substr(0, p);
    const bool param = ts.size() > 2 && ts[1] == '{' && ts.back() == '}';
    if (param ? ps.size() < 2 : ts != ps) return false;
    templ = t == std::string_view::npos ? std::string_view() : templ.substr(t);
    path = p == std::string_view::npos ? std::string_view() : path.substr(p);
  }
  return templ.empty() && path.empty();
}

// The operation of the document for method (lower case) and path (no
// query), or null.
inline const nlohmann::json* operation_for(const std::string& method, const std::string& path) {
  const nlohmann::json& doc = openapi_document();
  for (const auto& [templ, ops] : doc["paths"].items()) {
    if (path_matches(templ, path)) return ops.contains(method) ? &ops[method] : nullptr;
  }
  return nullptr;
}

// "" when the reply to METHOD PATH conforms to the document, else what
// does not. Only /api/v1/ replies are checked.
inline std::string contract_problem(const std::string& method, const std::string& target,
                                    int status, const std::string& content_type,
                                    const std::string& body) {
  const std::string path = target.substr(0, target.find('?'));
  if (path.rfind("/api/v1/", 0) != 0 || status == 0) return "";
  const nlohmann::json& doc = openapi_document();
  std::string lower = method;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const nlohmann::json* op = operation_for(lower, path);
  nlohmann::json schema = {{"$ref", "#/components/schemas/Error"}};  // no such route or method
  if (op != nullptr) {
    const nlohmann::json& responses = (*op)["responses"];
    const std::string code = std::to_string(status);
    const nlohmann::json* response = responses.contains(code)        ? &responses[code]
                                     : responses.contains("default") ? &responses["default"]
                                                                     : nullptr;
    if (response == nullptr) return "status " + code + " is not among the operation's responses";
    if (response->contains("$ref")) {
      const std::string ref = (*response)["$ref"];
      response = &doc.at("components").at("responses").at(ref.substr(ref.rfind('/') + 1));
    }
    if (!response->contains("content")) return "";
    if (!(*response)["content"].contains("application/json"))
      return content_type.rfind("application/json", 0) == 0
                 ? "JSON where the document declares " + (*response)["content"].begin().key()
                 : "";
    schema = (*response)["content"]["application/json"].value("schema", nlohmann::json::object());
  }
  if (content_type.rfind("application/json", 0) != 0) {
    return "a " + (content_type.empty() ? std::string("body without a type") : content_type) +
           " reply where the document declares JSON";
  }
  nlohmann::json v = nlohmann::json::parse(body, nullptr, false);
  if (v.is_discarded()) return "the body is not JSON";
  return schema_problem(doc, schema, v, "");
}

}  // namespace bc::test
