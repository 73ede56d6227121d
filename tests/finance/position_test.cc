// The previous report's outturn (fund_position at m carries the outturn as
// at m - 1) on tests/fixtures/finance: none at M1, the month before's
// outturn at every level after it, and movement = outturn - previous.
#include "finance/position.h"

#include <gtest/gtest.h>

#include <memory>

#include "../support/fixture_store.h"

namespace bc {
namespace {

class PreviousReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = test::FixtureStore::make({"finance"});
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(*s);
  }
  static void TearDownTestSuite() { store_.reset(); }

  static FundPosition at(int month) {
    auto fy = FinancialYear::parse("2017/18");
    EXPECT_TRUE(fy.ok());
    auto pos = fund_position(store_->store(), *fy, month, std::nullopt);
    EXPECT_TRUE(pos.ok()) << pos.status().message();
    return pos.ok() ? std::move(*pos) : FundPosition();
  }

  static std::unique_ptr<test::FixtureStore> store_;
};
std::unique_ptr<test::FixtureStore> PreviousReport::store_;

TEST_F(PreviousReport, NoneAtMonthOne) {
  FundPosition p = at(1);
  ASSERT_EQ(p.schemes.size(), 2u);
  EXPECT_FALSE(p.totals.previous_outturn);
  EXPECT_FALSE(p.totals.movement());
  for (const auto& s : p.schemes) {
    EXPECT_FALSE(s.previous_outturn) << s.code;
    for (const auto& x : s.partners) EXPECT_FALSE(x.previous_outturn) << s.code << x.partner;
  }
  for (const auto& x : p.by_partner) EXPECT_FALSE(x.previous_outturn) << x.partner;
}

// At every month from M2 the previous outturn of each row is exactly that
// row's outturn in the position a month earlier, and the movement is the
// difference, to the penny.
TEST_F(PreviousReport, IsTheOutturnOfTheMonthBeforeAtEveryLevel) {
  for (int m = 2; m <= 12; ++m) {
    FundPosition now = at(m), before = at(m - 1);
    ASSERT_EQ(now.schemes.size(), before.schemes.size());
    auto same = [&](const Position& n, const Position& b, const std::string& what) {
      ASSERT_TRUE(n.previous_outturn) << "M" << m << " " << what;
      EXPECT_EQ(n.previous_outturn->pence(), b.outturn.pence()) << "M" << m << " " << what;
      ASSERT_TRUE(n.movement());
      EXPECT_EQ(n.movement()->pence(), n.outturn.pence() - b.outturn.pence())
          << "M" << m << " " << what;
    };
    same(now.totals, before.totals, "fund");
    for (size_t i = 0; i < now.schemes.size(); ++i) {
      const SchemePosition &s = now.schemes[i], &b = before.schemes[i];
      same(s, b, s.code);
      ASSERT_EQ(s.partners.size(), b.partners.size());
      for (size_t k = 0; k < s.partners.size(); ++k)
        same(s.partners[k], b.partners[k], s.code + " " + s.partners[k].partner);
    }
    ASSERT_EQ(now.by_partner.size(), before.by_partner.size());
    for (size_t k = 0; k < now.by_partner.size(); ++k)
      same(now.by_partner[k], before.by_partner[k], "all " + now.by_partner[k].partner);
  }
}

// S1 CCG's first forecast (1,250) comes at M3: at M2 and before, the outturn
// is the year's actuals (600), so M3 moves by +650, M4 not at all (no new
// forecast) and M6 by +50 (the forecast of 1,300).
TEST_F(PreviousReport, MovesWhenAForecastIsGiven) {
  auto s1_ccg = [](const FundPosition& p) -> const PartnerPosition& {
    return p.schemes.at(0).partners.at(0);
  };
  FundPosition m3 = at(3), m4 = at(4), m6 = at(6);
  ASSERT_EQ(s1_ccg(m3).partner, "CCG");
  EXPECT_EQ(s1_ccg(m3).previous_outturn->pence(), 600'00);
  EXPECT_EQ(s1_ccg(m3).outturn.pence(), 1250'00);
  EXPECT_EQ(s1_ccg(m3).movement()->pence(), 650'00);
  EXPECT_EQ(s1_ccg(m4).movement()->pence(), 0);
  EXPECT_EQ(s1_ccg(m6).previous_outturn->pence(), 1250'00);
  EXPECT_EQ(s1_ccg(m6).movement()->pence(), 50'00);
}

}  // namespace
}  // namespace bc
