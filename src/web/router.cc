#include "web/router.h"

#include <array>
#include <stdexcept>

namespace readout::web {

namespace {

constexpr std::size_t kMaxSegments = 16;

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {}. Returns false if too deep.
bool SplitPath(std::string_view path, std::array<std::string_view, kMaxSegments>& out, std::size_t& count) {
  count = 0;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return true;
  while (true) {
    std::size_t slash = path.find('/');
    if (count == kMaxSegments) return false;
    out[count++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

std::string_view MethodName(http::verb method) {
  auto name = http::to_string(method);
  return {name.data(), name.size()};
}

}  // namespace

RouteDoc PageRouteDoc(std::string summary, std::string operation_id, std::string tag, auth::Permission permission) {
  RouteDoc d;
  d.summary = std::move(summary);
  d.operation_id = std::move(operation_id);
  d.api = false;
  d.tag = std::move(tag);
  d.permission = permission;
  return d;
}

void Router::Add(http::verb method, std::string pattern, Handler handler, RouteDoc doc) {
  if (pattern.empty() || pattern.front() != '/') throw std::logic_error("route pattern must start with '/': " + pattern);
  for (const Route& r : routes_) {
    if (r.method == method && r.pattern == pattern) throw std::logic_error("route registered twice: " + pattern);
  }
  Route route;
  route.method = method;
  route.pattern = pattern;
  std::array<std::string_view, kMaxSegments> parts;
  std::size_t count = 0;
  if (!SplitPath(route.pattern, parts, count)) throw std::logic_error("route pattern too deep: " + pattern);
  for (std::size_t i = 0; i < count; ++i) route.segments.emplace_back(parts[i]);
  route.handler = std::move(handler);
  route.doc = std::move(doc);
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(http::verb method, std::string_view path, RouteParams& params) const {
  Match match;
  std::array<std::string_view, kMaxSegments> parts;
  std::size_t count = 0;
  if (!SplitPath(path, parts, count)) return match;
  const http::verb wanted = method == http::verb::head ? http::verb::get : method;
  for (const Route& route : routes_) {
    if (route.segments.size() != count) continue;
    bool ok = true;
    for (std::size_t i = 0; i < count && ok; ++i) {
      const std::string& seg = route.segments[i];
      ok = IsParam(seg) ? !parts[i].empty() : seg == parts[i];
    }
    if (!ok) continue;
    if (route.method == wanted) {
      params.Clear();
      for (std::size_t i = 0; i < count; ++i) {
        const std::string& seg = route.segments[i];
        if (IsParam(seg)) params.Add(std::string_view(seg).substr(1, seg.size() - 2), parts[i]);
      }
      match.outcome = Outcome::kFound;
      match.route = &route;
      match.allow.clear();
      return match;
    }
    match.outcome = Outcome::kMethodNotAllowed;
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += MethodName(route.method);
    if (route.method == http::verb::get) match.allow += ", HEAD";
  }
  return match;
}

}  // namespace readout::web
