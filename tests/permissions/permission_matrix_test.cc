// The permission matrix (issue 7, docs/security.md "Tests that try to break
// it"): every route of the App's router × {the public, contributor, editor,
// reviewer, admin} × the visibility of the record a {param} names, generated
// from app.router().routes(), so a new route without a rule fails here.
//
// One world is built for the whole suite: a web::App over the in-memory
// record store (the demo data, plus internal, restricted and
// restricted-and-granted copies of one record of each kind, every text of a
// copy carrying a canary) and an auth::AccountService on the in-memory
// account store with one user per role. Every user has an API token (and a
// TOTP secret, which editors and above need before they may have one); the
// contributor holds a grant to the granted copies. Requests go through
// App::Handle with the token, so the access decision is the App's alone.
//
// The walk sends GET and HEAD before any change, and a change sends an empty
// JSON object (or an empty form): the point is the decision at the gate, so
// 400/404/409/412/422/428 count as "allowed past it".
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/accounts.h"
#include "auth/permissions.h"
#include "auth/testing/memory_account_store.h"
#include "auth/totp.h"
#include "core/record.h"
#include "core/record_service.h"
#include "io/records_file.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "web/app.h"
#include "web/memory_store_for_test.h"

namespace readout {
namespace {

using nlohmann::json;
namespace http = web::http;

// The callers, in the order of the matrix's columns.
struct CallerSpec {
  std::string name;
  std::optional<auth::Role> role;
};
const std::array<CallerSpec, 5> kCallers = {{{"public", std::nullopt},
                                            {"contributor", auth::Role::kContributor},
                                            {"editor", auth::Role::kEditor},
                                            {"reviewer", auth::Role::kReviewer},
                                            {"admin", auth::Role::kAdmin}}};

// The record variants a {param} can name.
enum class Variant { kPublic, kInternal, kRestricted, kGranted };
constexpr std::array<Variant, 4> kVariants = {Variant::kPublic, Variant::kInternal, Variant::kRestricted,
                                              Variant::kGranted};
std::string_view VariantCode(Variant v) {
  switch (v) {
    case Variant::kPublic: return "pub";
    case Variant::kInternal: return "int";
    case Variant::kRestricted: return "res";
    case Variant::kGranted: return "grant";
  }
  return "?";
}
core::Visibility VisibilityOf(Variant v) {
  switch (v) {
    case Variant::kPublic: return core::Visibility::kPublic;
    case Variant::kInternal: return core::Visibility::kInternal;
    default: return core::Visibility::kRestricted;
  }
}
// Every text of a copy carries its variant's canary.
std::string CanaryOf(Variant v) { return "MXCANARY" + std::string(VariantCode(v)) + "Q"; }

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Appends `canary` to every bilingual text and name of a record.
void AddCanary(json& value, const std::string& canary) {
  if (value.is_object()) {
    for (auto& [key, item] : value.items()) {
      if ((key == "en" || key == "zh_hans" || key == "text") && item.is_string()) {
        item = item.get<std::string>() + " " + canary;
      } else {
        AddCanary(item, canary);
      }
    }
  } else if (value.is_array()) {
    for (auto& item : value) AddCanary(item, canary);
  }
}

// One cell of the matrix.
struct Cell {
  int status = 0;
  std::string location;
  std::string problem;  // what is wrong; empty when the cell is right
};

struct Row {
  std::string route;  // "GET /api/v1/cases/{id}"
  std::string rule;   // the route's permission
  std::map<std::string, Cell> cells;  // key: "<caller>" or "<caller>/<variant>"
  bool failed = false;
};

class PermissionMatrixTest : public ::testing::Test {
 protected:
  struct World {
    web::testing::MemoryStore store;
    core::RecordService records{store};
    publish::Catalogs catalogs;
    std::unique_ptr<publish::Site> site;
    auth::testing::MemoryAccountStore account_store;
    std::unique_ptr<auth::AccountService> accounts;
    std::unique_ptr<web::App> app;
    std::map<std::string, std::string> tokens;  // caller name -> API token
    std::string victim_user_id;                  // for /admin/users/{id}: never one of the callers
    // kind name -> variant -> record id (only kinds the demo has a record of)
    std::map<std::string, std::map<Variant, std::string>> ids;
    std::string setup_error;
  };
  static inline World* world_ = nullptr;
  static inline std::vector<Row>* rows_ = nullptr;
  static inline std::vector<std::string>* unset_routes_ = nullptr;

  static void SetUpTestSuite() {
    world_ = new World();
    rows_ = new std::vector<Row>();
    unset_routes_ = new std::vector<std::string>();
    BuildWorld(*world_);
    if (world_->setup_error.empty()) Walk(*world_, *rows_, *unset_routes_);
  }
  static void TearDownTestSuite() {
    delete rows_;
    delete unset_routes_;
    delete world_;
  }
  void SetUp() override { ASSERT_EQ(world_->setup_error, "") << "the matrix world could not be built"; }

  static void BuildWorld(World& w) {
    json demo = json::parse(ReadFile(READOUT_SOURCE_DIR "/data/demo/us-china.json"));
    auto loaded = io::LoadRecordsFile(demo.dump(), w.records, core::Actor{"matrix"});
    if (!loaded) {
      w.setup_error = "demo data: " + loaded.error().message;
      return;
    }
    // One public record of each kind, and three copies of it that are not public.
    std::set<std::string> done;
    for (const json& record : demo["records"]) {
      const std::string kind = record.value("kind", "");
      if (done.count(kind) || record.value("visibility", "public") != "public") continue;
      done.insert(kind);
      w.ids[kind][Variant::kPublic] = record["id"];
      for (Variant v : {Variant::kInternal, Variant::kRestricted, Variant::kGranted}) {
        json copy = record;
        copy["id"] = record["id"].get<std::string>() + "-mx" + std::string(VariantCode(v));
        copy["visibility"] = std::string(core::ToCode(VisibilityOf(v)));
        AddCanary(copy, CanaryOf(v));
        json file = {{"format", "readout-records"}, {"version", 1}, {"records", json::array({copy})}};
        if (io::LoadRecordsFile(file.dump(), w.records, core::Actor{"matrix"})) w.ids[kind][v] = copy["id"];
      }
    }

    publish::SiteOptions site_options;
    site_options.today = [] { return core::CivilDay{2024, 1, 1}; };
    w.site = std::make_unique<publish::Site>(w.records, w.catalogs, site_options);
    w.accounts = std::make_unique<auth::AccountService>(w.account_store);

    for (const CallerSpec& caller : kCallers) {
      if (!caller.role) continue;
      auto added = w.accounts->AddUser("mx-" + caller.name, "Matrix " + caller.name, *caller.role);
      if (!added) {
        w.setup_error = "add user " + caller.name + ": " + added.error().message;
        return;
      }
      const std::string user_id = added->first.id;
      // A second factor, written as enrolment would leave it (tokens need one from editors up).
      auto doc = w.account_store.GetDocument(auth::kUsers, user_id);
      if (!doc || !*doc) {
        w.setup_error = "user document of " + caller.name + " is missing";
        return;
      }
      auto user = auth::DecodeUser((*doc)->body);
      if (!user) {
        w.setup_error = "decode user: " + user.error().message;
        return;
      }
      user->totp_secret = auth::NewTotpSecret();
      user->must_change_password = false;
      if (auto put = w.account_store.PutDocument(auth::kUsers, user_id, (*doc)->version, auth::EncodeUser(*user));
          !put) {
        w.setup_error = "store user " + caller.name + ": " + put.error().message;
        return;
      }
      if (caller.role == auth::Role::kContributor) {
        for (const auto& [kind, variants] : w.ids) {
          if (auto it = variants.find(Variant::kGranted); it != variants.end()) {
            if (auto granted = w.accounts->Grant(user_id, it->second); !granted) {
              w.setup_error = "grant " + it->second + ": " + granted.error().message;
              return;
            }
          }
        }
      }
      auto token = w.accounts->IssueApiToken(user_id, "permission matrix");
      if (!token) {
        w.setup_error = "API token of " + caller.name + ": " + token.error().message;
        return;
      }
      w.tokens[caller.name] = *token;
    }
    auto victim = w.accounts->AddUser("mx-victim", "Matrix victim", auth::Role::kContributor);
    if (!victim) {
      w.setup_error = "add victim: " + victim.error().message;
      return;
    }
    w.victim_user_id = victim->first.id;

    web::AppOptions options;
    options.accounts = w.accounts.get();
    options.cache_entries = 0;  // every request reaches its handler
    w.app = std::make_unique<web::App>(w.records, *w.site, options);
  }

  // The record kind a route's {id} names, from its RouteDoc or the path
  // segment before it ("/people/{id}", "/api/v1/legal_events/{id}/...").
  static std::optional<std::string> KindOfRoute(const web::Route& route) {
    if (route.doc.kind) return std::string(core::KindName(*route.doc.kind));
    for (std::size_t i = 1; i < route.segments.size(); ++i) {
      if (route.segments[i] != "{id}") continue;
      const std::string& before = route.segments[i - 1];
      if (auto kind = core::ParseKindPlural(before)) return std::string(core::KindName(*kind));
      if (before == "records") return std::string("person");  // any record: history
      return std::nullopt;
    }
    return std::nullopt;
  }

  static bool IsAdminPath(const web::Route& route) { return route.pattern.starts_with("/admin/"); }

  // The target for a route with its {params} filled; nullopt when the
  // variant has no record for this route's kind.
  static std::optional<std::string> Fill(const World& w, const web::Route& route, std::optional<Variant> variant) {
    std::string out;
    for (std::size_t i = 0; i < route.segments.size(); ++i) {  // the router's segments have no leading "".
      const std::string& segment = route.segments[i];
      out += '/';
      if (segment.size() < 2 || segment.front() != '{' || segment.back() != '}') {
        out += segment;
        continue;
      }
      if (segment == "{id}" && IsAdminPath(route) && route.pattern.starts_with("/admin/users/")) {
        out += w.victim_user_id;
      } else if (segment == "{id}" && variant) {
        auto kind = KindOfRoute(route);
        if (!kind) return std::nullopt;
        auto it = w.ids.find(*kind);
        if (it == w.ids.end()) return std::nullopt;
        auto v = it->second.find(*variant);
        if (v == it->second.end()) return std::nullopt;
        out += v->second;
      } else if (auto kind = KindOfRoute(route); kind && segment == "{id}") {
        // A well-formed id that names nothing: 404 past the gate.
        out += std::string(core::IdPrefix(*core::ParseKindName(*kind))) + "_mx-unknown";
      } else {
        out += "mx-unknown";
      }
    }
    if (out.empty()) out = "/";
    return out;
  }

  // True when the route's {id} is a record whose visibility matters.
  static bool HasRecordParam(const World& w, const web::Route& route) {
    if (IsAdminPath(route)) return false;
    if (std::find(route.segments.begin(), route.segments.end(), "{id}") == route.segments.end()) return false;
    auto kind = KindOfRoute(route);
    return kind && w.ids.count(*kind) > 0;  // kinds the demo has no record of: the gate only
  }

  static web::HttpResponse Send(World& w, const web::Route& route, const std::string& target,
                                const CallerSpec& caller) {
    web::HttpRequest req{route.method, target, 11};
    req.set(http::field::host, "readout.test");
    req.set(http::field::origin, "http://readout.test");
    if (caller.role) req.set(http::field::authorization, "Bearer " + w.tokens[caller.name]);
    if (route.method != http::verb::get && route.method != http::verb::head) {
      if (route.doc.api || route.doc.has_body) {
        req.set(http::field::content_type, "application/json");
        req.body() = "{}";
      } else {
        req.set(http::field::content_type, "application/x-www-form-urlencoded");
      }
    }
    req.prepare_payload();
    web::HttpResponse res;
    w.app->Handle(req, res, "192.0.2.7");
    return res;
  }

  // What is wrong with a response, or "".
  static std::string Judge(const web::Route& route, const CallerSpec& caller, std::optional<Variant> variant,
                           const web::HttpResponse& res) {
    const int status = res.result_int();
    const bool allowed = auth::Allows(route.doc.permission, caller.role);
    const std::string body = res.body();
    const std::string location(res[http::field::location]);
    const bool reauth_asked = (status == 403 && body.find("reauthentication_required") != std::string::npos) ||
                              (status == 303 && location.starts_with("/account/reauth"));
    if (!allowed) {
      if (!caller.role) {
        const bool to_login = status == 303 && location.starts_with("/login");
        if (route.doc.api ? status != 401 : !(to_login || status == 401)) {
          return "the public must get " + std::string(route.doc.api ? "401" : "303 to /login");
        }
      } else if (status != 403 || reauth_asked) {
        return "a role without the permission must get 403";
      }
    } else if ((status == 401 || status == 403) && !(route.doc.reauth && reauth_asked)) {
      return "a caller with the permission was turned away";
    }
    if (variant && status == 200 && (route.method == http::verb::get || route.method == http::verb::head)) {
      const core::Visibility vis = VisibilityOf(*variant);
      const bool granted = *variant == Variant::kGranted && caller.role == auth::Role::kContributor;
      if (vis > auth::ReaderVisibility(caller.role) && !granted) {
        return "a " + std::string(core::ToCode(vis)) + " record was served to a reader below it";
      }
    }
    // Canaries: what the caller may read by role and grant, and nothing more.
    for (Variant v : {Variant::kInternal, Variant::kRestricted, Variant::kGranted}) {
      if (body.find(CanaryOf(v)) == std::string::npos) continue;
      const bool granted = v == Variant::kGranted && caller.role == auth::Role::kContributor;
      if (VisibilityOf(v) > auth::ReaderVisibility(caller.role) && !granted) {
        return "the body carries the " + std::string(VariantCode(v)) + " canary";
      }
    }
    return "";
  }

  static void Walk(World& w, std::vector<Row>& rows, std::vector<std::string>& unset) {
    const auto& routes = w.app->router().routes();
    // Reads first, so no change made by the walk can hide a read's answer.
    std::vector<const web::Route*> order;
    for (const auto& route : routes) order.push_back(&route);
    std::stable_partition(order.begin(), order.end(), [](const web::Route* r) {
      return r->method == http::verb::get || r->method == http::verb::head;
    });
    for (const web::Route* route : order) {
      Row row;
      row.route = std::string(http::to_string(route->method)) + " " + route->pattern;
      row.rule = std::string(auth::ToCode(route->doc.permission));
      if (route->doc.permission == auth::Permission::kUnset) unset.push_back(row.route);
      std::vector<std::optional<Variant>> variants;
      if (HasRecordParam(w, *route)) {
        for (Variant v : kVariants) variants.push_back(v);
      } else {
        variants.push_back(std::nullopt);
      }
      for (const CallerSpec& caller : kCallers) {
        for (const auto& variant : variants) {
          auto target = Fill(w, *route, variant);
          if (!target) continue;
          const std::string key = caller.name + (variant ? "/" + std::string(VariantCode(*variant)) : "");
          web::HttpResponse res = Send(w, *route, *target, caller);
          Cell cell{static_cast<int>(res.result_int()), std::string(res[http::field::location]), Judge(*route, caller, variant, res)};
          if (!cell.problem.empty()) {
            cell.problem += " (" + *target + ")";
            row.failed = true;
          }
          row.cells[key] = cell;
        }
      }
      rows.push_back(std::move(row));
    }
  }

  // The rows that failed, one line each, then every problem.
  static std::string Matrix(bool failed_only) {
    std::ostringstream out;
    out << "status per caller (pub/con/edi/rev/adm), per record variant where the route names a record; "
           "'!' marks a wrong cell\n";
    for (const Row& row : *rows_) {
      if (failed_only && !row.failed) continue;
      out << row.route << " [" << row.rule << "]:";
      for (const CallerSpec& caller : kCallers) {
        out << "  " << caller.name.substr(0, 3) << " ";
        bool first = true;
        for (const auto& [key, cell] : row.cells) {
          if (key != caller.name && !key.starts_with(caller.name + "/")) continue;
          if (!first) out << '/';
          first = false;
          out << cell.status << (cell.problem.empty() ? "" : "!");
        }
      }
      out << '\n';
      for (const auto& [key, cell] : row.cells) {
        if (!cell.problem.empty()) out << "    " << key << ": " << cell.problem << '\n';
      }
    }
    return out.str();
  }
};

TEST_F(PermissionMatrixTest, EveryRouteStatesItsPermission) {
  std::string names;
  for (const auto& route : *unset_routes_) names += "  " + route + "\n";
  EXPECT_TRUE(unset_routes_->empty()) << "routes registered without RouteDoc::permission (deny by default is "
                                         "admin-only; state the rule):\n"
                                      << names;
}

TEST_F(PermissionMatrixTest, TheWalkCoversEveryRouteAndEveryRecordVariant) {
  EXPECT_EQ(rows_->size(), world_->app->router().routes().size());
  // Without copies of each visibility the record checks would pass vacuously.
  for (const char* kind : {"dialogue", "round", "person", "case"}) {
    ASSERT_TRUE(world_->ids.count(kind)) << kind;
    EXPECT_EQ(world_->ids.at(kind).size(), kVariants.size()) << "copies of a " << kind << " did not load";
  }
}

TEST_F(PermissionMatrixTest, EachCallerGetsExactlyWhatTheRouteAndRecordAllow) {
  bool failed = false;
  for (const Row& row : *rows_) failed = failed || row.failed;
  EXPECT_FALSE(failed) << Matrix(/*failed_only=*/true);
}

TEST_F(PermissionMatrixTest, ThePublicReachesOnlyPublicRoutesWithoutAnAccount) {
  // The issue's "done when": without an account only kPublic and kPublicInput routes answer.
  std::string wrong;
  for (const Row& row : *rows_) {
    if (row.rule == "public" || row.rule == "public_input") continue;
    for (const auto& [key, cell] : row.cells) {
      if (key != "public" && !key.starts_with("public/")) continue;
      if (cell.status != 401 && !(cell.status == 303 && cell.location.starts_with("/login"))) {
        wrong += "  " + row.route + " [" + row.rule + "] answered " + std::to_string(cell.status) + "\n";
      }
    }
  }
  EXPECT_EQ(wrong, "");
}

}  // namespace
}  // namespace readout
