// The client's address behind trusted proxies (web/router.h): X-Forwarded-For
// is believed only from a trusted peer, and then only its right-most
// address that is not itself a trusted proxy.
#include <gtest/gtest.h>

#include "web/router.h"

namespace bc::web {
namespace {

const std::vector<std::string> kTrusted = {"127.0.0.1", "::1", "192.0.2.10"};

TEST(ClientAddress, WithoutATrustedPeerTheHeaderIsIgnored) {
  EXPECT_EQ(client_address("198.51.100.4", {"203.0.113.1"}, kTrusted), "198.51.100.4");
  EXPECT_EQ(client_address("127.0.0.1", {"203.0.113.1"}, {}), "127.0.0.1");
  EXPECT_EQ(client_address("198.51.100.4", {}, kTrusted), "198.51.100.4");
}

TEST(ClientAddress, FromATrustedPeerTheRightMostUntrustedAddress) {
  EXPECT_EQ(client_address("127.0.0.1", {"203.0.113.1"}, kTrusted), "203.0.113.1");
  // What the client wrote itself stands left of what the proxy appended.
  EXPECT_EQ(client_address("127.0.0.1", {"10.9.9.9, 203.0.113.1"}, kTrusted), "203.0.113.1");
  // Trusted hops on the right are passed over.
  EXPECT_EQ(client_address("127.0.0.1", {"203.0.113.1, 192.0.2.10"}, kTrusted), "203.0.113.1");
  EXPECT_EQ(client_address("127.0.0.1", {"203.0.113.1", "192.0.2.10"}, kTrusted), "203.0.113.1");
  // Only trusted hops: the left-most of them.
  EXPECT_EQ(client_address("127.0.0.1", {"192.0.2.10"}, kTrusted), "192.0.2.10");
  // No header: the peer.
  EXPECT_EQ(client_address("127.0.0.1", {}, kTrusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", {""}, kTrusted), "127.0.0.1");
}

TEST(ClientAddress, AddressesAreComparedAndWrittenInOneForm) {
  EXPECT_EQ(client_address("::ffff:127.0.0.1", {"2001:DB8:0::1"}, kTrusted), "2001:db8::1");
  EXPECT_EQ(client_address("0:0:0:0:0:0:0:1", {" 203.0.113.1 "}, kTrusted), "203.0.113.1");
  EXPECT_EQ(canonical_address("::ffff:198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(canonical_address("not-an-address"), "");
  EXPECT_EQ(canonical_address("203.0.113.1:443"), "");
  EXPECT_EQ(canonical_address(""), "");
}

TEST(ClientAddress, AnythingButAnAddressEndsTheSearch) {
  // A forged entry cannot put text in the audit log: the last good hop counts.
  EXPECT_EQ(client_address("127.0.0.1", {"203.0.113.1, evil\x1b[0m"}, kTrusted), "127.0.0.1");
  EXPECT_EQ(client_address("127.0.0.1", {"junk, 203.0.113.1"}, kTrusted), "203.0.113.1");
  EXPECT_EQ(client_address("127.0.0.1", {"junk, 192.0.2.10"}, kTrusted), "192.0.2.10");
}

}  // namespace
}  // namespace bc::web
