#include "web/http.h"

namespace readout::web {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string PercentDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < in.size()) {
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
      } else {
        out.push_back(c);
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string_view CookieValue(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    std::size_t semi = cookie_header.find(';');
    std::string_view pair = Trim(cookie_header.substr(0, semi));
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && Trim(pair.substr(0, eq)) == name) {
      std::string_view value = Trim(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return value;
    }
    if (semi == std::string_view::npos) break;
    cookie_header.remove_prefix(semi + 1);
  }
  return {};
}

std::optional<std::string> Request::QueryParam(std::string_view name) const { return FormValue(query, name); }

std::string FormField(const Request& request, std::string_view name) {
  return FormValue(request.http.body(), name).value_or("");
}

std::optional<std::string> FormValue(std::string_view body, std::string_view name) {
  std::string_view rest = body;
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    std::size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    if (PercentDecode(key) == name) {
      return eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string_view Request::Header(http::field field) const {
  auto it = http.find(field);
  if (it == http.end()) return {};
  return {it->value().data(), it->value().size()};
}

std::string_view Request::Header(std::string_view name) const {
  auto it = http.find(boost::beast::string_view(name.data(), name.size()));
  if (it == http.end()) return {};
  return {it->value().data(), it->value().size()};
}

}  // namespace readout::web

namespace readout::web {

bool Caller::MayRead(core::Visibility visibility, std::string_view id) const {
  if (static_cast<int>(visibility) <= static_cast<int>(reader)) return true;
  for (const std::string& granted : granted_record_ids) {
    if (granted == id) return true;
  }
  return false;
}

}  // namespace readout::web
