#include "report/pdf.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <thread>
#include <vector>

#include "core/file_checks.h"

extern char** environ;

namespace bc::report {
namespace fs = std::filesystem;

namespace {

bool executable(const fs::path& p) {
  return access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p);
}

}  // namespace

namespace {

// The first of `names` that is an executable file in a directory of $PATH.
std::optional<std::string> on_path(std::initializer_list<const char*> names) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (const char* name : names) {
    size_t start = 0;
    while (start <= dirs.size()) {
      size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (end > start && executable(candidate)) return candidate.string();
      start = end + 1;
    }
  }
  return std::nullopt;
}

struct ProcessEnd {
  bool timed_out = false;
  int exit_code = -1;  // 128 + the signal when killed by one
};

// Runs args[0] with args, stdout to /dev/null and stderr to `log`, in a
// process group of its own that is killed after timeout_seconds (and when
// it ends, with any helpers it left). IoError when it cannot start.
Result<ProcessEnd> run_process(std::vector<std::string> args, const fs::path& log,
                               int timeout_seconds) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // its own group: killed as one
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    return Status::io_error(fmt::format("cannot start {}: {}", args[0], std::strerror(rc)));
  }
  int status = 0;
  bool timed_out = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (true) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);  // any helper processes it left behind
  return ProcessEnd{timed_out, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)};
}

}  // namespace

Result<std::string> find_chromium() {
  if (const char* env = std::getenv("BETTERCARE_CHROMIUM"); env != nullptr && *env != '\0') {
    if (executable(env)) return std::string(env);
    return Status::not_found(
        fmt::format("BETTERCARE_CHROMIUM is set to '{}', which is not an executable file", env));
  }
  if (auto found = on_path({"chromium", "chromium-browser", "google-chrome"})) return *found;
  return Status::not_found(
      "making a PDF needs Chromium, which is not installed: on Debian run 'sudo apt-get install "
      "chromium' (or set BETTERCARE_CHROMIUM to a Chromium or Chrome binary); the HTML report "
      "needs nothing extra");
}

Status write_file_atomically(const std::string& path, const std::string& text) {
  // Never over a FIFO, a device, a directory or a symbolic link.
  if (Status s = check_output_path(path); !s.ok()) return s;
  fs::path target(path);
  fs::path tmp = target;
  tmp += fmt::format(".tmp-{}", getpid());
  {
    // A new file (O_EXCL: not one that is there, nor through a link).
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
      return Status::io_error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    }
    size_t done = 0;
    int err = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        err = n < 0 ? errno : EIO;
        break;
      }
      done += static_cast<size_t>(n);
    }
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) {
      std::error_code ec;
      fs::remove(tmp, ec);
      return Status::io_error(fmt::format("cannot write {}: {}", path, std::strerror(err)));
    }
  }
  std::error_code ec;
  // Checked again just before the rename: what is at the path now.
  if (Status s = check_output_path(path); !s.ok()) {
    fs::remove(tmp, ec);
    return s;
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::io_error(fmt::format("cannot write {}: {}", path, ec.message()));
  }
  return Status::ok_status();
}

Status html_to_pdf(const std::string& html_path, const std::string& pdf_path, int timeout_seconds) {
  if (Status s = check_output_path(pdf_path); !s.ok()) return s;
  auto chromium = find_chromium();
  if (!chromium.ok()) return chromium.status();
  std::error_code ec;
  fs::path html = fs::absolute(html_path, ec);
  if (ec || !fs::is_regular_file(html))
    return Status::not_found(fmt::format("{}: no such file", html_path));
  fs::path target = fs::absolute(pdf_path, ec);
  fs::path tmp = target;
  tmp += fmt::format(".tmp-{}.pdf", getpid());
  // Chromium writes the temporary file by its name: never through a link
  // or into a FIFO someone placed there.
  if (Status s = check_output_path(tmp.string()); !s.ok()) return s;
  std::string profile_template =
      (fs::temp_directory_path() / "bettercare-chromium-XXXXXX").string();
  if (mkdtemp(profile_template.data()) == nullptr)
    return Status::io_error(
        fmt::format("cannot make a temporary directory: {}", std::strerror(errno)));
  const fs::path profile = profile_template;

  std::vector<std::string> args = {*chromium,
                                   "--headless",
                                   "--no-sandbox",  // only our own local file is loaded
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-extensions",
                                   "--disable-dev-shm-usage",
                                   "--user-data-dir=" + profile.string(),
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + tmp.string(),
                                   "file://" + html.string()};
  // Chromium is chatty on stderr even when it succeeds; keep it off the terminal.
  const fs::path log = profile / "chromium.log";
  auto end = run_process(std::move(args), log, timeout_seconds);
  if (!end.ok()) {
    fs::remove_all(profile, ec);
    return end.status();
  }
  const bool timed_out = end->timed_out;
  std::string tail;
  {
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) {
      if (line.find("ERROR") != std::string::npos || line.find("rror") != std::string::npos)
        tail = line;
    }
  }
  fs::remove_all(profile, ec);
  bool ok =
      !timed_out && end->exit_code == 0 && fs::is_regular_file(tmp) && fs::file_size(tmp, ec) > 4;
  if (ok) {
    std::ifstream in(tmp, std::ios::binary);
    char magic[5] = {};
    in.read(magic, 4);
    ok = std::string(magic, 4) == "%PDF";
  }
  if (!ok) {
    fs::remove(tmp, ec);
    if (timed_out)
      return Status::io_error(
          fmt::format("Chromium did not finish printing the PDF within {} s", timeout_seconds));
    return Status::io_error(
        fmt::format("Chromium could not print the PDF{}{}", tail.empty() ? "" : ": ", tail));
  }
  if (Status s = check_output_path(pdf_path); !s.ok()) {
    fs::remove(tmp, ec);
    return s;
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::io_error(fmt::format("cannot write {}: {}", pdf_path, ec.message()));
  }
  return Status::ok_status();
}

Result<std::vector<std::string>> pdf_pages_text(const std::string& pdf_path, int timeout_seconds) {
  auto pdftotext = on_path({"pdftotext"});
  if (!pdftotext) {
    return Status::not_found(
        "reading a PDF's pages needs pdftotext, which is not installed: on Debian run 'sudo "
        "apt-get install poppler-utils'");
  }
  std::error_code ec;
  if (!fs::is_regular_file(pdf_path, ec)) {
    return Status::not_found(fmt::format("{}: no such file", pdf_path));
  }
  std::string tmpl = (fs::temp_directory_path() / "bettercare-pdftext-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    return Status::io_error(
        fmt::format("cannot make a temporary directory: {}", std::strerror(errno)));
  }
  const fs::path dir = tmpl;
  const fs::path text = dir / "pages.txt";
  auto end = run_process(
      {*pdftotext, "-layout", "-enc", "UTF-8", fs::absolute(pdf_path).string(), text.string()},
      dir / "pdftotext.log", timeout_seconds);
  std::string all;
  if (end.ok() && !end->timed_out && end->exit_code == 0) {
    std::ifstream in(text, std::ios::binary);
    all.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  fs::remove_all(dir, ec);
  if (!end.ok()) return end.status();
  if (end->timed_out || end->exit_code != 0) {
    return Status::io_error(fmt::format("pdftotext could not read {}", pdf_path));
  }
  // Pages end with a form feed.
  std::vector<std::string> pages;
  size_t start = 0;
  for (size_t ff = all.find('\f'); ff != std::string::npos; ff = all.find('\f', start)) {
    pages.push_back(all.substr(start, ff - start));
    start = ff + 1;
  }
  if (start < all.size() && all.find_first_not_of(" \n", start) != std::string::npos) {
    pages.push_back(all.substr(start));
  }
  return pages;
}

}  // namespace bc::report
