// SHA-256 of a file as it is read, for the import history: what was
// imported can be checked against the file kept (sha256sum FILE).
// Internal to ingest.
#ifndef BETTERCARE_INGEST_DIGEST_H_
#define BETTERCARE_INGEST_DIGEST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace bc::ingest {

// Feed it the bytes in order, then ask for the digest (lower-case hex).
// OpenSSL's, which uses the CPU's SHA instructions.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // False when OpenSSL could not provide SHA-256: the caller reports it.
  bool ok() const { return ok_; }
  void add(std::string_view bytes);
  // The digest of the bytes added ("" when not ok); the object is done
  // with after.
  std::string hex();
  // How many bytes were added.
  int64_t bytes() const { return bytes_; }

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
  int64_t bytes_ = 0;
  bool ok_ = false;
};

}  // namespace bc::ingest

#endif  // BETTERCARE_INGEST_DIGEST_H_
