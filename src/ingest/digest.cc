#include "ingest/digest.h"

#include <fmt/format.h>
#include <openssl/evp.h>

namespace bc::ingest {

struct Sha256::Ctx {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Ctx() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  ok_ = ctx_->md != nullptr && EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) == 1;
}

Sha256::~Sha256() = default;

void Sha256::add(std::string_view bytes) {
  if (ok_) EVP_DigestUpdate(ctx_->md, bytes.data(), bytes.size());
  bytes_ += static_cast<int64_t>(bytes.size());
}

std::string Sha256::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!ok_ || EVP_DigestFinal_ex(ctx_->md, digest, &n) != 1) return "";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

}  // namespace bc::ingest
