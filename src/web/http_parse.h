// The parts of reading a request that the server and parse_request()
// share: Beast's parser configured with the limits, the head's own checks,
// and the status a parse error is answered with. Internal to web/.
#pragma once

#include <boost/beast/http.hpp>

#include "web/http_server.h"

namespace bc::web::http_parse {

namespace beast = boost::beast;
namespace http = beast::http;

using Parser = http::request_parser<http::string_body>;

// The parser's limits: header bytes and body bytes, whatever the encoding.
void configure(Parser& p, const HttpLimits& limits);
// The head's own limits, checked before any of the body is read: 414 for
// a long target, 431 for too many fields; 0 when within them.
int check_head(const Parser& p, const HttpLimits& limits);
// The status a parse error is answered with (431, 413, else 400).
int status_for(const beast::error_code& ec);
// What an error page says for a status the server refuses with.
const char* why_for(int status);
// The head's fields as the handlers see them.
httplib::Headers headers_of(const http::request<http::string_body>& m);

}  // namespace bc::web::http_parse
