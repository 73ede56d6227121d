#include "web/http_server.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "web/http_parse.h"

namespace bc::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// A fixed number of workers and a bounded queue that never blocks its
// caller: try_post says no when the queue is full.
class WorkerPool {
 public:
  WorkerPool(size_t threads, size_t max_queued) : max_queued_(std::max<size_t>(1, max_queued)) {
    for (size_t i = 0; i < std::max<size_t>(1, threads); ++i)
      workers_.emplace_back([this] { work(); });
  }
  ~WorkerPool() { shutdown(); }
  bool try_post(std::function<void()> fn) {
    std::lock_guard lock(mu_);
    if (stopping_ || jobs_.size() >= max_queued_) return false;
    jobs_.push_back(std::move(fn));
    ready_.notify_one();
    return true;
  }
  // Finishes the jobs being run; drops the ones still waiting.
  void shutdown() {
    {
      std::lock_guard lock(mu_);
      if (stopping_ && workers_.empty()) return;
      stopping_ = true;
      jobs_.clear();
    }
    ready_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [&] { return !jobs_.empty() || stopping_; });
        if (jobs_.empty()) return;
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }
  size_t max_queued_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

}  // namespace

// ---- The server ----------------------------------------------------------

class Conn;

struct HttpServer::Impl {
  explicit Impl(Options o)
      : opt(std::move(o)),
        general(opt.general.threads, opt.general.queue),
        sign_in(opt.sign_in.threads, opt.sign_in.queue),
        control(ioc.get_executor()),
        acceptor(control),
        grace(control) {}

  Options opt;
  WorkerPool general;
  WorkerPool sign_in;
  std::atomic<size_t> body_reserved{0};
  std::atomic<bool> stopping{false};
  std::mutex mu;  // guards conns
  std::list<std::weak_ptr<Conn>> conns;
  size_t open_count = 0;
  int port = 0;
  // Destroyed first (declared last): pending handlers that own connections
  // go before anything a connection refers to.
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> control;  // stopping and the grace timer
  tcp::acceptor acceptor;
  asio::steady_timer grace;

  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void begin_stop();
  // Registers a new connection; false when it must be refused.
  bool admit(const std::shared_ptr<Conn>& c);
  void forget(std::list<std::weak_ptr<Conn>>::iterator it);
  bool reserve_body(size_t n) {
    size_t cur = body_reserved.load();
    do {
      if (cur + n > opt.limits.body_budget_bytes) return false;
    } while (!body_reserved.compare_exchange_weak(cur, cur + n));
    return true;
  }
  void release_body(size_t n) { body_reserved.fetch_sub(n); }
};

namespace {

enum class State { kIdle, kReading, kWorking, kWriting, kClosing };

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

}  // namespace

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(HttpServer::Impl& srv, tcp::socket socket)
      : srv_(srv), stream_(std::move(socket)), buffer_(srv.opt.limits.max_header_bytes + 65536) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      auto a = ep.address();
      if (a.is_v6() && a.to_v6().is_v4_mapped())
        a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
      peer_ = a.to_string();
      peer_port_ = ep.port();
    }
  }
  ~Conn() { release_body(); }

  void start() { wait_request(); }

  State state() const { return state_.load(); }
  int64_t since() const { return since_.load(); }
  std::list<std::weak_ptr<Conn>>::iterator registered;

  // From another thread: closes the connection on its own strand.
  void post_close() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
  }
  // Stopping: idle and half-received connections close now; one being
  // answered closes after its response.
  void post_stop() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      State s = self->state();
      if (s == State::kIdle || s == State::kReading) {
        self->close();
      } else {
        self->close_after_ = true;
      }
    });
  }

 private:
  void set_state(State s) {
    state_ = s;
    since_ = now_ns();
  }

  void wait_request() {
    set_state(State::kIdle);
    if (srv_.stopping) return close();
    if (buffer_.size() > 0) return read_head();  // pipelined: the next request is here
    stream_.expires_after(srv_.opt.limits.keep_alive);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->read_head();
                            });
  }

  void read_head() {
    set_state(State::kReading);
    started_ = Clock::now();
    version_ = 11;
    head_ = false;
    parser_.emplace();
    http_parse::configure(*parser_, srv_.opt.limits);
    // The whole request, head and body, within one deadline.
    stream_.expires_after(srv_.opt.limits.request_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_head(ec); });
  }

  void on_head(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    version_ = parser_->get().version();
    head_ = parser_->get().method() == http::verb::head;
    if (int s = http_parse::check_head(*parser_, srv_.opt.limits); s != 0)
      return refuse(s, http_parse::why_for(s));
    const auto& m = parser_->get();
    if (m.method() != http::verb::get && m.method() != http::verb::head &&
        m.method() != http::verb::post) {
      return refuse(405, "only GET, HEAD and POST are served");
    }
    // Room for the body among everything being received at once.
    size_t need = 0;
    if (parser_->chunked()) {
      need = srv_.opt.limits.max_body_bytes;
    } else if (auto len = parser_->content_length()) {
      if (*len > srv_.opt.limits.max_body_bytes) return refuse(413, http_parse::why_for(413));
      need = static_cast<size_t>(*len);
    }
    if (need > 0) {
      if (!srv_.reserve_body(need)) {
        return refuse(503, "the server is receiving too much at once; try again shortly");
      }
      reserved_ = need;
    }
    if (parser_->is_done()) return on_body({});
    auto expect = m[http::field::expect];
    if (!expect.empty()) {
      if (!beast::iequals(expect, "100-continue")) return refuse(417, "unsupported Expect");
      continue_.emplace(http::status::continue_, m.version());
      return http::async_write(stream_, *continue_,
                               [self = shared_from_this()](beast::error_code ec2, size_t) {
                                 if (ec2) return self->close();
                                 self->read_body();
                               });
    }
    read_body();
  }

  void read_body() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
  }

  void on_read_error(beast::error_code ec) {
    // Closed, reset or out of time: nothing to answer (Beast has closed
    // the socket on a timeout).
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == http::error::partial_message) {
      return close();
    }
    int s = http_parse::status_for(ec);
    refuse(s, http_parse::why_for(s));
  }

  void on_body(beast::error_code ec) {
    stream_.expires_never();
    release_body();
    if (ec) return on_read_error(ec);
    auto m = parser_->release();
    parser_.reset();
    keep_alive_ = m.keep_alive();
    version_ = m.version();
    head_ = m.method() == http::verb::head;
    ParsedRequest p =
        to_request(std::string_view(m.method_string().data(), m.method_string().size()),
                   std::string_view(m.target().data(), m.target().size()),
                   http_parse::headers_of(m), std::move(m.body()), srv_.opt.limits);
    p.req.remote_addr = peer_;
    p.req.remote_port = peer_port_;
    if (p.status != 0) {
      req_ = std::make_shared<httplib::Request>(std::move(p.req));
      return refuse(p.status, p.why);
    }
    dispatch(std::make_shared<httplib::Request>(std::move(p.req)));
  }

  void dispatch(std::shared_ptr<httplib::Request> req) {
    req_ = req;
    set_state(State::kWorking);
    if ((req->method == "GET" || req->method == "HEAD") && req->path == "/healthz") {
      auto res = std::make_shared<httplib::Response>();
      res->status = 200;
      res->set_content("ok\n", "text/plain; charset=utf-8");
      return send(res, "", std::chrono::milliseconds(0));
    }
    const bool sign_in = srv_.opt.is_sign_in && srv_.opt.is_sign_in(*req);
    WorkerPool& lane = sign_in ? srv_.sign_in : srv_.general;
    auto self = shared_from_this();
    bool queued = lane.try_post([self, req] {
      auto res = std::make_shared<httplib::Response>();
      HttpServer::Finished done;
      try {
        self->srv_.opt.handler(*req, *res);
      } catch (const std::exception& e) {
        if (self->srv_.opt.log_error) self->srv_.opt.log_error(*req, e.what());
        *res = httplib::Response();
        res->status = 500;
      } catch (...) {
        if (self->srv_.opt.log_error) self->srv_.opt.log_error(*req, "unknown exception");
        *res = httplib::Response();
        res->status = 500;
      }
      if (self->srv_.opt.finished) done = self->srv_.opt.finished();
      asio::post(self->stream_.get_executor(),
                 [self, res, done] { self->send(res, done.user, done.delay); });
    });
    if (!queued) refuse(503, "the server is busy; try again shortly", /*close=*/false);
  }

  // Answers with an error the server makes itself.
  void refuse(int status, const std::string& why, bool close = true) {
    if (close) close_after_ = true;
    if (!req_) {
      req_ = std::make_shared<httplib::Request>();
      req_->remote_addr = peer_;
    }
    auto res = std::make_shared<httplib::Response>();
    res->status = status;
    if (srv_.opt.error_body) srv_.opt.error_body(*req_, *res, why);
    if (status == 405) res->set_header("Allow", "GET, HEAD, POST");
    send(res, "", std::chrono::milliseconds(0));
  }

  void send(std::shared_ptr<httplib::Response> res, std::string user,
            std::chrono::milliseconds delay) {
    if (state_ == State::kClosing) return;
    if (delay.count() > 0) {
      // Slowing a response (a failed sign-in) holds a timer, not a worker.
      auto timer = std::make_shared<asio::steady_timer>(stream_.get_executor(), delay);
      return timer->async_wait([self = shared_from_this(), res, user, timer](beast::error_code) {
        self->send(res, user, std::chrono::milliseconds(0));
      });
    }
    set_state(State::kWriting);
    if (res->status <= 0) res->status = 200;
    if (res->status >= 400 && res->body.empty() && srv_.opt.error_body) {
      srv_.opt.error_body(*req_, *res, "");
    }
    if (res->status == 503 && !res->has_header("Retry-After")) res->set_header("Retry-After", "5");
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(version_);
    out->result(static_cast<unsigned>(res->status));
    for (const auto& [k, v] : res->headers) out->insert(k, v);
    for (const auto& [k, v] : srv_.opt.default_headers) {
      if (!res->has_header(k)) out->insert(k, v);
    }
    const bool keep = keep_alive_ && !close_after_ && !srv_.stopping;
    out->keep_alive(keep);
    const size_t bytes = res->body.size();
    if (head_) {
      out->content_length(bytes);
    } else {
      out->body() = std::move(res->body);
      out->prepare_payload();
    }
    if (srv_.opt.access_log) {
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
      srv_.opt.access_log(*req_, res->status, bytes, ms, user);
    }
    req_.reset();
    stream_.expires_after(srv_.opt.limits.write_timeout);
    http::async_write(stream_, *out,
                      [self = shared_from_this(), out, keep](beast::error_code ec, size_t) {
                        if (ec) return self->close();
                        if (!keep) return self->lingering_close();
                        self->wait_request();
                      });
  }

  // After an answer that closes the connection: stop sending, then read
  // and drop what the client is still sending (a body it had begun before
  // the refusal) for up to 2 s or 8 MiB, so that it finishes sending and
  // reads the answer instead of a reset. Costs a socket, never a worker.
  void lingering_close() {
    set_state(State::kClosing);
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    stream_.expires_after(std::chrono::seconds(2));
    drain_ = 0;
    drain();
  }
  void drain() {
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drain_ += n;
                              if (ec || self->drain_ > (size_t{8} << 20)) return self->close();
                              self->drain();
                            });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    state_ = State::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
    release_body();
    srv_.forget(registered);
  }

  void release_body() {
    if (reserved_ > 0) srv_.release_body(reserved_);
    reserved_ = 0;
  }

  HttpServer::Impl& srv_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  std::shared_ptr<httplib::Request> req_;
  std::string peer_;
  int peer_port_ = 0;
  std::atomic<State> state_{State::kIdle};
  std::atomic<int64_t> since_{0};
  Clock::time_point started_ = Clock::now();
  size_t reserved_ = 0;
  size_t drain_ = 0;
  std::array<char, 65536> scratch_{};
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_ = false;
  bool close_after_ = false;
  bool closed_ = false;
};

bool HttpServer::Impl::admit(const std::shared_ptr<Conn>& c) {
  std::shared_ptr<Conn> evict;
  {
    std::lock_guard lock(mu);
    if (stopping) return false;
    if (open_count >= opt.limits.max_connections) {
      // Make room: the connection idle longest, else the one that has been
      // receiving a request longest (a slow sender). One being answered
      // is never dropped.
      int best_rank = 2;  // 0 idle, 1 receiving; others are never evicted
      int64_t oldest = 0;
      for (auto& w : conns) {
        auto o = w.lock();
        if (!o) continue;
        const State s = o->state();
        const int rank = s == State::kIdle ? 0 : s == State::kReading ? 1 : 2;
        if (rank == 2) continue;
        if (rank < best_rank || o->since() < oldest) {
          best_rank = rank;
          oldest = o->since();
          evict = o;
        }
      }
      if (!evict) return false;
    }
    conns.push_front(c);
    c->registered = conns.begin();
    ++open_count;
  }
  if (evict) evict->post_close();
  return true;
}

void HttpServer::Impl::forget(std::list<std::weak_ptr<Conn>>::iterator it) {
  std::lock_guard lock(mu);
  conns.erase(it);
  --open_count;
  if (stopping && open_count == 0) asio::post(control, [this] { grace.cancel(); });
}

void HttpServer::Impl::accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void HttpServer::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
  if (!ec) {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto c = std::make_shared<Conn>(*this, std::move(socket));
    if (admit(c)) {
      c->start();
    }
  } else if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space) {
    // Out of file descriptors: wait a moment rather than spin.
    auto t = std::make_shared<asio::steady_timer>(control, std::chrono::milliseconds(50));
    return t->async_wait([this, t](beast::error_code) { accept(); });
  }
  accept();
}

void HttpServer::Impl::begin_stop() {
  if (stopping.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  std::vector<std::shared_ptr<Conn>> live;
  {
    std::lock_guard lock(mu);
    for (auto& w : conns)
      if (auto c = w.lock()) live.push_back(c);
    if (open_count == 0) return;
  }
  for (auto& c : live) c->post_stop();
  grace.expires_after(opt.limits.stop_grace);
  grace.async_wait([this](beast::error_code e) {
    if (e != asio::error::operation_aborted) ioc.stop();
  });
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  impl_->general.shutdown();
  impl_->sign_in.shutdown();
}

Result<std::unique_ptr<HttpServer>> HttpServer::listen(Options options) {
  // Enough file descriptors for the connections allowed, if the hard limit
  // lets us; otherwise fewer connections.
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    rlim_t want = static_cast<rlim_t>(options.limits.max_connections + 128);
    if (rl.rlim_cur < want) {
      rl.rlim_cur = std::min(want, rl.rlim_max);
      (void)setrlimit(RLIMIT_NOFILE, &rl);
      (void)getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
      options.limits.max_connections = std::max<size_t>(16, static_cast<size_t>(rl.rlim_cur) - 128);
    }
  }
  auto impl = std::make_unique<Impl>(std::move(options));
  beast::error_code ec;
  auto address = asio::ip::make_address(impl->opt.bind, ec);
  if (ec) {
    return Status::invalid_argument(
        fmt::format("--bind {}: not an IPv4 or IPv6 address", impl->opt.bind));
  }
  tcp::endpoint ep(address, static_cast<unsigned short>(impl->opt.port));
  auto& a = impl->acceptor;
  a.open(ep.protocol(), ec);
  // SO_REUSEADDR only (never SO_REUSEPORT, which would let a second server
  // share the port and its connections).
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::io_error(
        fmt::format("cannot listen on {}:{} ({}; is another server using the port? choose --port)",
                    impl->opt.bind, impl->opt.port, ec.message()));
  }
  impl->port = a.local_endpoint().port();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const {
  return impl_->port;
}

void HttpServer::run() {
  impl_->accept();
  // A completion handler that throws (it should not) is logged and the
  // loop goes on: one connection's bug never stops the server.
  auto loop = [this] {
    for (;;) {
      try {
        impl_->ioc.run();
        return;
      } catch (const std::exception& e) {
        if (impl_->opt.log_error) impl_->opt.log_error(httplib::Request(), e.what());
      }
    }
  };
  std::vector<std::thread> extra;
  for (size_t i = 1; i < std::max<size_t>(1, impl_->opt.io_threads); ++i) extra.emplace_back(loop);
  loop();
  for (auto& t : extra) t.join();
}

void HttpServer::stop() {
  asio::post(impl_->control, [this] { impl_->begin_stop(); });
}

}  // namespace bc::web
