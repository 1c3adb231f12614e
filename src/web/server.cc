#include "web/server.h"

#include <array>
#include <chrono>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "web/app.h"

namespace readout::web {

namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::uint32_t kHeaderLimit = 16 * 1024;
// A whole request (headers and body) must arrive within this time, and an idle
// keep-alive connection is closed after it.
constexpr std::chrono::seconds kRequestTimeout{30};
// How long, and how much, a refused request's remaining input is read before closing.
constexpr std::chrono::seconds kDrainTimeout{5};
constexpr std::size_t kMaxDrainBytes = 64 << 20;

AppOptions AppOptionsOf(const ServerOptions& options) {
  AppOptions app;
  app.accounts = options.accounts;
  app.audit = options.audit;
  app.purge = options.purge;
  app.intake = options.intake;
  app.public_origin = options.public_origin;
  app.requests_per_minute = options.requests_per_minute;
  app.max_upload_bytes = options.max_upload_bytes;
  app.search_index = options.search_index;
  app.search_unavailable = options.search_unavailable;
  return app;
}

// One connection: read a request, let App answer it, write, repeat while keep-alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, App& app, std::size_t max_body, std::size_t max_upload)
      : stream_(std::move(socket)), app_(app), max_body_(max_body), max_upload_(max_upload) {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) address_ = endpoint.address().to_string();
  }

  void Run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  // The header first, then the body: the body limit depends on the route
  // (a file upload may be larger than a JSON body), which is known only once
  // the request line is read.
  void Read() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    // Beast checks Content-Length against the limit while it finishes the
    // header, before we know the route; so no limit while reading the
    // header, and OnHeader applies the route's own before any body octet.
    parser_->body_limit(boost::none);
    stream_.expires_after(kRequestTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ReadFailed(ec)) return;
    const auto& req = parser_->get();
    const std::size_t limit = BodyLimit(req);
    if (const auto length = parser_->content_length(); length && *length > limit) {
      app_.WritePayloadTooLarge(req.version() == 10 ? 10 : 11, res_, limit);
      return Write(true, /*unread_input=*/true);
    }
    // Before any body octet is parsed, as Beast requires; a chunked body is
    // counted against it chunk by chunk.
    parser_->body_limit(limit);
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      // The client waits for this before sending a large body (curl does).
      continue_ = {http::status::continue_, req.version()};
      return http::async_write(stream_, continue_, [self = shared_from_this()](beast::error_code wec, std::size_t) {
        if (wec) return self->Close();
        self->ReadBody();
      });
    }
    ReadBody();
  }

  std::size_t BodyLimit(const HttpRequest& req) const {
    const std::string_view target(req.target().data(), req.target().size());
    return app_.TakesFileBody(req.method(), target) ? max_upload_ : max_body_;
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ReadFailed(ec)) return;
    // The address keys the rate limit only; it is never logged or stored.
    app_.Handle(parser_->get(), res_, address_);
    Write(!res_.keep_alive());
  }

  // Answers (or just closes) a failed read; false when there was no error.
  bool ReadFailed(beast::error_code ec) {
    if (!ec) return false;
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::eof) {
      Close();
      return true;
    }
    const unsigned version = parser_->get().version() == 10 ? 10 : 11;
    if (ec == http::error::body_limit) {
      app_.WritePayloadTooLarge(version, res_, parser_->is_header_done() ? BodyLimit(parser_->get()) : 0);
    } else if (ec == http::error::header_limit) {
      app_.WriteBadRequest(version, http::status::request_header_fields_too_large, res_);
    } else {
      app_.WriteBadRequest(version, http::status::bad_request, res_);
    }
    Write(true, /*unread_input=*/true);
    return true;
  }

  // `unread_input`: the client may still be sending (a refused body). Closing
  // a socket with unread input makes the kernel send RST, which can destroy
  // our error response before the client reads it; so shut down our side and
  // drain theirs first.
  void Write(bool close, bool unread_input = false) {
    stream_.expires_after(kRequestTimeout);
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this(), close, unread_input));
  }

  void OnWrite(bool close, bool unread_input, beast::error_code ec, std::size_t) {
    if (!ec && close && unread_input) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      stream_.expires_after(kDrainTimeout);
      return Drain();
    }
    if (ec || close) return Close();
    Read();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kMaxDrainBytes) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpResponse res_;  // reused across the connection's requests, keeping its buffer
  http::response<http::empty_body> continue_;
  App& app_;
  std::size_t max_body_;
  std::size_t max_upload_;
  std::array<char, 4096> drain_{};
  std::size_t drained_ = 0;
  std::string address_;  // the client's, for the rate limit
};

}  // namespace

class Server::Impl {
 public:
  Impl(core::RecordService& records, const publish::Site& site, ServerOptions options)
      : options_(std::move(options)),
        ioc_(options_.threads > 0 ? options_.threads : 1),
        acceptor_(net::make_strand(ioc_)),
        app_(records, site, AppOptionsOf(options_)) {}

  core::Status Start() {
    beast::error_code ec;
    auto address = net::ip::make_address(options_.bind, ec);
    if (ec) return core::Fail(core::Error::Unavailable("cannot listen on " + options_.bind + ": not an IP address"));
    tcp::endpoint endpoint(address, options_.port);
    auto fail = [&](const char* step) {
      return core::Fail(core::Error::Unavailable("cannot " + std::string(step) + " " + options_.bind + ":" +
                                                 std::to_string(options_.port) + ": " + ec.message()));
    };
    acceptor_.open(endpoint.protocol(), ec);
    if (ec) return fail("open a socket for");
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (ec) return fail("configure");
    acceptor_.bind(endpoint, ec);
    if (ec) return fail("bind");
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail("listen on");
    port_ = acceptor_.local_endpoint(ec).port();
    Accept();
    const int n = options_.threads > 0 ? options_.threads : 1;
    threads_.reserve(n);
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { ioc_.run(); });
    spdlog::info("serving on http://{}:{}/ with {} thread(s)", options_.bind, port_, n);
    return {};
  }

  void Stop() {
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
    ioc_.stop();
  }

  void Wait() {
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

  unsigned short port() const { return port_; }

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
      if (!ec) {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        std::make_shared<Session>(std::move(socket), app_, options_.max_body_bytes, options_.max_upload_bytes)->Run();
      } else {
        spdlog::warn("accept failed: {}", ec.message());
      }
      Accept();
    });
  }

  ServerOptions options_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  App app_;
  std::vector<std::thread> threads_;
  unsigned short port_ = 0;
};

Server::Server(core::RecordService& records, const publish::Site& site, const publish::Catalogs& /*catalogs*/,
               ServerOptions options)
    : impl_(std::make_unique<Impl>(records, site, std::move(options))) {}

Server::~Server() {
  Stop();
  Wait();
}

core::Status Server::Start() { return impl_->Start(); }
unsigned short Server::port() const { return impl_->port(); }
void Server::Stop() { impl_->Stop(); }
void Server::Wait() { impl_->Wait(); }

}  // namespace readout::web
