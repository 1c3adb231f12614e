#include "web/admin_page_handler.h"

#include <ctime>
#include <functional>
#include <optional>
#include <vector>
#include <utility>

#include <spdlog/spdlog.h>

#include "auth/permissions.h"
#include "web/problem.h"

namespace readout::web {

namespace mustache = kainjow::mustache;

namespace {

constexpr std::string_view kUserActions[] = {"disable", "enable", "reset-second-factor", "reset-password",
                                             "role",    "grant",  "revoke"};
// What ?done= may say, mapped to catalog ids admin.done.<value>.
constexpr std::string_view kDoneValues[] = {"disable", "enable", "reset-second-factor", "role", "grant",
                                            "revoke",  "purge-request", "purge-confirm", "purge-cancel"};

// "2026-11-29 16:05 UTC": admins compare times across places, so UTC.
std::string FormatUnix(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

mustache::data RoleOptions(const StaffPages& pages, const Request& req, std::optional<auth::Role> selected) {
  mustache::data list(mustache::data::type::list);
  for (auth::Role role : {auth::Role::kContributor, auth::Role::kEditor, auth::Role::kReviewer, auth::Role::kAdmin}) {
    mustache::data o;
    const std::string code(auth::ToCode(role));
    o["code"] = mustache::data(code);
    o["label"] = mustache::data(pages.Text(req, "account.role." + code));
    o["selected"] = mustache::data(selected == role);
    list.push_back(std::move(o));
  }
  return list;
}

RouteDoc AdminDoc(std::string summary, std::string operation_id) {
  return PageRouteDoc(std::move(summary), std::move(operation_id), "admin", auth::Permission::kAdmin);
}

}  // namespace

AdminPageHandler::AdminPageHandler(auth::AccountService* accounts, auth::AuditLog* audit, auth::PurgeService* purge,
                                   const PageHandler& pages)
    : accounts_(accounts), audit_(audit), purge_(purge), pages_(pages) {}

void AdminPageHandler::Register(Router& router, std::shared_ptr<const void> keep_alive) {
  auto get = [&](std::string pattern, auto method, std::string summary, std::string op,
                 std::vector<std::string> query) {
    RouteDoc d = AdminDoc(std::move(summary), std::move(op));
    d.query_params = std::move(query);
    router.Add(http::verb::get, std::move(pattern),
               [this, method, keep_alive](Request& q, HttpResponse& r) { (this->*method)(q, r); }, std::move(d));
  };
  auto post = [&](std::string pattern, std::function<void(Request&, HttpResponse&)> handler, std::string summary,
                  std::string op, bool reauth = false) {
    RouteDoc d = AdminDoc(std::move(summary), std::move(op));
    d.success_status = 303;
    d.reauth = reauth;
    router.Add(http::verb::post, std::move(pattern), std::move(handler), std::move(d));
  };
  get("/admin/users", &AdminPageHandler::Users, "Users: role, second factor, disabled; the add form",
      "page_admin_users", {"lang", "done"});
  post("/admin/users", [this, keep_alive](Request& q, HttpResponse& r) { AddUser(q, r); },
       "Add a user (the one-time password is shown once)", "adminAddUser");
  get("/admin/users/{id}", &AdminPageHandler::UserPage, "One user and the forms that change it", "page_admin_user",
      {"lang", "done"});
  for (std::string_view action : kUserActions) {
    std::string op = "adminUser";
    bool upper = true;
    for (char c : action) {
      if (c == '-') {
        upper = true;
        continue;
      }
      op += upper ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
    post("/admin/users/{id}/" + std::string(action),
         [this, keep_alive, action](Request& q, HttpResponse& r) { UserAction(action, q, r); },
         "User: " + std::string(action), std::move(op));
  }
  get("/admin/audit", &AdminPageHandler::Audit, "The audit log, newest first; ?verify=1 checks the hash chain",
      "page_admin_audit", {"lang", "before", "verify"});
  get("/admin/purge", &AdminPageHandler::PurgePage, "Pending purge requests and the request form",
      "page_admin_purge", {"lang", "done"});
  post("/admin/purge", [this, keep_alive](Request& q, HttpResponse& r) { RequestPurge(q, r); },
       "Request the purge of a record (a second admin confirms)", "adminRequestPurge");
  post("/admin/purge/{id}/confirm", [this, keep_alive](Request& q, HttpResponse& r) { ConfirmPurge(q, r); },
       "Confirm a purge requested by another admin", "adminConfirmPurge", /*reauth=*/true);
  post("/admin/purge/{id}/cancel", [this, keep_alive](Request& q, HttpResponse& r) { CancelPurge(q, r); },
       "Cancel a purge request", "adminCancelPurge");
}

void AdminPageHandler::RecordAudit(const Request& req, std::string_view action, std::string_view target_id,
                                   std::string_view detail) const {
  if (audit_ == nullptr) return;
  if (auto recorded = audit_->Record(req.caller.username, action, target_id, detail); !recorded) {
    spdlog::error("audit {} failed: {}", action, recorded.error().message);
  }
}

std::string AdminPageHandler::DoneText(const Request& req) const {
  const std::string done = req.QueryParam("done").value_or("");
  for (std::string_view known : kDoneValues) {
    if (done == known) return pages_.Text(req, "admin.done." + done);
  }
  return "";
}

// ---- users ----

void AdminPageHandler::WriteUsers(http::status status, const Request& req, const std::string& error,
                                  HttpResponse& res) const {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  auto users = accounts_->ListUsers();
  if (!users) return pages_.WriteError(HttpStatusFor(users.error().code), req, res);
  mustache::data rows(mustache::data::type::list);
  for (const auth::User& u : *users) {
    mustache::data row;
    row["id"] = mustache::data(u.id);
    row["username"] = mustache::data(u.username);
    row["display_name"] = mustache::data(u.display_name);
    row["role"] = mustache::data(pages_.Text(req, "account.role." + std::string(auth::ToCode(u.role))));
    row["second_factor"] = mustache::data(!u.totp_secret.empty());
    row["disabled"] = mustache::data(u.disabled);
    rows.push_back(std::move(row));
  }
  mustache::data d;
  d["users"] = std::move(rows);
  d["roles"] = RoleOptions(pages_, req, auth::Role::kContributor);
  if (!error.empty()) d["error"] = mustache::data(error);
  if (std::string done = DoneText(req); !done.empty()) d["done"] = mustache::data(done);
  pages_.Write(status, "admin_users", "admin.users.title", std::move(d), req, res);
}

void AdminPageHandler::Users(const Request& req, HttpResponse& res) const {
  WriteUsers(http::status::ok, req, "", res);
}

void AdminPageHandler::WriteOneTimePassword(const Request& req, const auth::User& user, const std::string& password,
                                            HttpResponse& res) const {
  mustache::data d;
  d["id"] = mustache::data(user.id);
  d["username"] = mustache::data(user.username);
  d["password"] = mustache::data(password);
  pages_.Write(http::status::ok, "admin_one_time_password", "admin.one_time.title", std::move(d), req, res);
}

void AdminPageHandler::AddUser(Request& req, HttpResponse& res) {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  auto role = auth::ParseRole(FormField(req, "role"));
  if (!role) return WriteUsers(http::status::bad_request, req, pages_.ErrorText(req, role.error()), res);
  auto added = accounts_->AddUser(FormField(req, "username"), FormField(req, "display_name"), *role);
  if (!added) return WriteUsers(HttpStatusFor(added.error().code), req, pages_.ErrorText(req, added.error()), res);
  WriteOneTimePassword(req, added->first, added->second, res);
}

void AdminPageHandler::WriteUser(http::status status, const Request& req, std::string_view user_id,
                                 const std::string& error, HttpResponse& res) const {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  auto user = accounts_->FindUser(user_id);
  if (!user) return pages_.WriteError(HttpStatusFor(user.error().code), req, res);
  mustache::data d;
  d["id"] = mustache::data(user->id);
  d["username"] = mustache::data(user->username);
  d["display_name"] = mustache::data(user->display_name);
  d["role"] = mustache::data(pages_.Text(req, "account.role." + std::string(auth::ToCode(user->role))));
  d["roles"] = RoleOptions(pages_, req, user->role);
  d["second_factor"] = mustache::data(!user->totp_secret.empty());
  d["disabled"] = mustache::data(user->disabled);
  d["must_change_password"] = mustache::data(user->must_change_password);
  d["self"] = mustache::data(user->id == req.caller.user_id);
  mustache::data grants(mustache::data::type::list);
  for (const std::string& id : user->granted_record_ids) grants.push_back(mustache::data(id));
  d["grants"] = std::move(grants);
  d["has_grants"] = mustache::data(!user->granted_record_ids.empty());
  if (!error.empty()) d["error"] = mustache::data(error);
  if (std::string done = DoneText(req); !done.empty()) d["done"] = mustache::data(done);
  pages_.Write(status, "admin_user", "admin.user.title", std::move(d), req, res);
}

void AdminPageHandler::UserPage(const Request& req, HttpResponse& res) const {
  WriteUser(http::status::ok, req, req.params.Get("id"), "", res);
}

void AdminPageHandler::UserAction(std::string_view action, Request& req, HttpResponse& res) {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  const std::string id(req.params.Get("id"));
  auto user = accounts_->FindUser(id);
  if (!user) return pages_.WriteError(HttpStatusFor(user.error().code), req, res);
  const bool self = id == req.caller.user_id;
  core::Status status;
  if (action == "reset-password") {
    auto password = accounts_->ResetPassword(id);
    if (!password) return WriteUser(HttpStatusFor(password.error().code), req, id,
                                    pages_.ErrorText(req, password.error()), res);
    return WriteOneTimePassword(req, *user, *password, res);
  }
  if (action == "disable" || action == "enable") {
    if (self && action == "disable") {
      return WriteUser(http::status::conflict, req, id, pages_.Text(req, "admin.user.error_self"), res);
    }
    status = accounts_->SetDisabled(id, action == "disable");
  } else if (action == "reset-second-factor") {
    status = accounts_->ResetSecondFactor(id);
  } else if (action == "role") {
    auto role = auth::ParseRole(FormField(req, "role"));
    if (!role) return WriteUser(http::status::bad_request, req, id, pages_.ErrorText(req, role.error()), res);
    if (self && *role != auth::Role::kAdmin) {
      return WriteUser(http::status::conflict, req, id, pages_.Text(req, "admin.user.error_self"), res);
    }
    status = accounts_->SetRole(id, *role);
  } else {  // grant, revoke
    const std::string record_id = FormField(req, "record_id");
    if (record_id.empty()) {
      return WriteUser(http::status::bad_request, req, id,
                       pages_.ErrorText(req, core::Error::Invalid("record_id", "is required")), res);
    }
    status = action == "grant" ? accounts_->Grant(id, record_id) : accounts_->Revoke(id, record_id);
  }
  if (!status) return WriteUser(HttpStatusFor(status.error().code), req, id, pages_.ErrorText(req, status.error()), res);
  const bool grant = action == "grant" || action == "revoke";
  std::string detail = "user " + id;
  if (action == "role") detail += " role " + FormField(req, "role");
  RecordAudit(req, "user." + std::string(action), grant ? FormField(req, "record_id") : std::string(), detail);
  WriteSeeOther("/admin/users/" + PercentEncode(id) + "?done=" + std::string(action), res);
}

// ---- audit ----

void AdminPageHandler::Audit(const Request& req, HttpResponse& res) const {
  if (audit_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  std::int64_t before = 0;
  if (auto text = req.QueryParam("before"); text && !text->empty()) {
    if (text->size() > 18) return pages_.WriteError(http::status::bad_request, req, res);
    for (char c : *text) {
      if (c < '0' || c > '9') return pages_.WriteError(http::status::bad_request, req, res);
      before = before * 10 + (c - '0');
    }
  }
  auto rows = audit_->Recent(before, kAuditPageSize);
  if (!rows) return pages_.WriteError(HttpStatusFor(rows.error().code), req, res);
  mustache::data list(mustache::data::type::list);
  for (const auth::AuditView& row : *rows) {
    mustache::data r;
    r["sequence"] = mustache::data(std::to_string(row.sequence));
    r["at"] = mustache::data(row.entry.at);
    r["actor"] = mustache::data(row.entry.actor);
    r["action"] = mustache::data(row.entry.action);
    if (!row.target_id.empty()) r["target"] = mustache::data(row.target_id);
    r["purged"] = mustache::data(row.target_purged);
    r["detail"] = mustache::data(row.entry.detail);
    list.push_back(std::move(r));
  }
  mustache::data d;
  d["rows"] = std::move(list);
  d["empty"] = mustache::data(rows->empty());
  if (static_cast<int>(rows->size()) == kAuditPageSize && rows->back().sequence > 1) {
    d["older_href"] = mustache::data("/admin/audit?before=" + std::to_string(rows->back().sequence));
  }
  if (before != 0) d["newest_href"] = mustache::data(std::string("/admin/audit"));
  if (req.QueryParam("verify").value_or("") == "1") {
    auto verified = audit_->Verify();
    if (!verified) return pages_.WriteError(HttpStatusFor(verified.error().code), req, res);
    mustache::data v;
    v["intact"] = mustache::data(verified->intact);
    v["rows"] = mustache::data(std::to_string(verified->rows));
    v["first_broken"] = mustache::data(std::to_string(verified->first_broken_sequence));
    v["problem"] = mustache::data(verified->problem);
    d["verification"] = std::move(v);
  }
  pages_.Write(http::status::ok, "admin_audit", "admin.audit.title", std::move(d), req, res);
}

// ---- purge ----

void AdminPageHandler::WritePurge(http::status status, const Request& req, const std::string& error,
                                  HttpResponse& res) const {
  if (purge_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  auto pending = purge_->Pending();
  if (!pending) return pages_.WriteError(HttpStatusFor(pending.error().code), req, res);
  mustache::data list(mustache::data::type::list);
  for (const auth::PurgeRequest& p : *pending) {
    mustache::data r;
    r["id"] = mustache::data(p.id);
    r["record_id"] = mustache::data(p.record_id);
    r["requested_by"] = mustache::data(p.requested_by_name);
    r["requested_at"] = mustache::data(FormatUnix(p.requested_at));
    // The requester can only cancel; confirming takes a second admin.
    r["own"] = mustache::data(p.requested_by == req.caller.user_id);
    list.push_back(std::move(r));
  }
  mustache::data d;
  d["requests"] = std::move(list);
  d["empty"] = mustache::data(pending->empty());
  if (!error.empty()) d["error"] = mustache::data(error);
  if (std::string done = DoneText(req); !done.empty()) d["done"] = mustache::data(done);
  pages_.Write(status, "admin_purge", "admin.purge.title", std::move(d), req, res);
}

void AdminPageHandler::PurgePage(const Request& req, HttpResponse& res) const {
  WritePurge(http::status::ok, req, "", res);
}

void AdminPageHandler::RequestPurge(Request& req, HttpResponse& res) {
  if (purge_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  const std::string record_id = FormField(req, "record_id");
  if (record_id.empty()) {
    return WritePurge(http::status::bad_request, req,
                      pages_.ErrorText(req, core::Error::Invalid("record_id", "is required")), res);
  }
  auto requested = purge_->Request(record_id, req.caller.user_id, req.caller.display_name);
  if (!requested) {
    return WritePurge(HttpStatusFor(requested.error().code), req, pages_.ErrorText(req, requested.error()), res);
  }
  WriteSeeOther("/admin/purge?done=purge-request", res);
}

void AdminPageHandler::ConfirmPurge(Request& req, HttpResponse& res) {
  if (purge_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  auto confirmed = purge_->Confirm(req.params.Get("id"), req.caller.user_id, req.caller.display_name);
  if (!confirmed) {
    const core::Error& error = confirmed.error();
    const std::string text = error.code == core::ErrorCode::kPermissionDenied
                                 ? pages_.Text(req, "admin.purge.error_same_admin")
                                 : pages_.ErrorText(req, error);
    return WritePurge(HttpStatusFor(error.code), req, text, res);
  }
  WriteSeeOther("/admin/purge?done=purge-confirm", res);
}

void AdminPageHandler::CancelPurge(Request& req, HttpResponse& res) {
  if (purge_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  auto cancelled = purge_->Cancel(req.params.Get("id"), req.caller.display_name);
  if (!cancelled) {
    return WritePurge(HttpStatusFor(cancelled.error().code), req, pages_.ErrorText(req, cancelled.error()), res);
  }
  WriteSeeOther("/admin/purge?done=purge-cancel", res);
}

}  // namespace readout::web
