// A small synchronous HTTP/1.1 client over Beast for the integration tests:
// one keep-alive connection to 127.0.0.1:<port>.
//
// Thread-safety: one client per thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace readout::integration {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

using Response = http::response<http::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(unsigned short port) : stream_(ioc_) {
    stream_.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  ~HttpClient() {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  }

  // Sends one request on the connection and reads the response. Throws
  // beast::system_error on a transport failure (a test failure, not a product error).
  Response Send(http::verb method, const std::string& target, const std::string& body = "", const Headers& headers = {},
                const std::string& content_type = "application/json") {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty()) {
      req.set(http::field::content_type, content_type);
      req.body() = body;
    }
    req.prepare_payload();
    http::write(stream_, req);
    Response res;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    http::read(stream_, buffer_, parser);
    return parser.release();
  }

  // Writes raw bytes and reads one response (for malformed and oversized requests).
  Response SendRaw(const std::string& bytes) {
    net::write(stream_.socket(), net::buffer(bytes));
    http::response_parser<http::string_body> parser;
    http::read(stream_, buffer_, parser);
    return parser.release();
  }

  Response Get(const std::string& target, const Headers& headers = {}) {
    return Send(http::verb::get, target, "", headers);
  }

 private:
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

}  // namespace readout::integration
