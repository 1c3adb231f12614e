// Server: the HTTP server of Readout, an asynchronous Boost.Beast server with
// keep-alive, a pool of I/O threads, header and body limits and request
// timeouts, in front of App (web/app.h), which does the actual work.
//
// The CLI (`readout serve`) and the integration tests create one. This is the
// only public header of the web module.
//
// Thread-safety: Start, Stop and Wait are called from one controlling
// thread; port() is safe once Start has returned.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"
#include "publish/site.h"

namespace readout::search {
class SearchIndex;
}  // namespace readout::search

namespace readout::auth {
class AccountService;
class AuditLog;
class PurgeService;
}  // namespace readout::auth

namespace readout::intake {
class IntakeService;
}  // namespace readout::intake

namespace readout::web {

struct ServerOptions {
  std::string bind = "127.0.0.1";   // address to listen on; "0.0.0.0" for every interface
  unsigned short port = 8080;       // 0: any free port (see Server::port())
  int threads = 2;                  // I/O threads; 1-2 suit this workload on a small machine
  std::size_t max_body_bytes = 1 << 20;  // larger request bodies get 413
  // Larger limit for the one route that takes a file (evidence upload); the
  // JSON routes keep max_body_bytes. The whole file is held in memory while
  // it is hashed and stored, so this bounds memory per upload.
  std::size_t max_upload_bytes = 32 << 20;
  // Accounts, audit log and purges (see AppOptions); null accounts: every
  // request is the public. Must outlive the server.
  auth::AccountService* accounts = nullptr;
  auth::AuditLog* audit = nullptr;
  auth::PurgeService* purge = nullptr;
  intake::IntakeService* intake = nullptr;  // the public input form (AppOptions::intake)
  // "https://readout.example.org" behind a TLS proxy: Secure cookies, HSTS and the Origin rule (AppOptions).
  std::string public_origin{};
  // Requests per minute per client address; more get 429 with Retry-After. 0: no limit.
  int requests_per_minute = 600;
  // The search index, opened by the caller (see AppOptions); null: search answers 503.
  search::SearchIndex* search_index = nullptr;
  std::string search_unavailable{};  // why there is no index, for the 503
};

class Server {
 public:
  // `records`, `site` and `catalogs` must outlive the server.
  Server(core::RecordService& records, const publish::Site& site, const publish::Catalogs& catalogs,
         ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the I/O threads; returns at once. kUnavailable
  // (with the address and the reason) when the address cannot be bound.
  core::Status Start();
  // The port actually bound (useful with port 0); 0 before Start.
  unsigned short port() const;
  // Stops accepting and ends every connection; returns at once.
  void Stop();
  // Blocks until the I/O threads have ended (after Stop).
  void Wait();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace readout::web
