#include "ingest/register_months.h"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "store/audit.h"
#include "store/db.h"

namespace bc {

Status save_register_month(Store& store, const RegisterMonth& r, const std::string& actor) {
  if (!(r.top_percent > 0 && r.top_percent <= 100))
    return Status::invalid_argument(fmt::format(
        "the register's share must be above 0 and at most 100 per cent, not {}", r.top_percent));
  std::set<std::pair<std::string, int64_t>> seen;
  for (const RegisterMember& m : r.members) {
    if (m.rank < 1)
      return Status::invalid_argument(
          fmt::format("rank {} in cluster {}: ranks start at 1", m.rank, m.cluster_code));
    if (!seen.emplace(m.cluster_code, m.nhs_number).second)
      return Status::invalid_argument(
          fmt::format("a person is listed twice on cluster {}'s register for {}", m.cluster_code,
                      r.month.iso()));
  }
  Db& db = store.db();
  auto tx = Transaction::begin(db);
  if (!tx.ok()) return tx.status();
  auto del = db.prepare("DELETE FROM register_months WHERE month = ?");
  if (!del.ok()) return del.status();
  del->bind(1, r.month.iso());
  if (Status s = del->run(); !s.ok()) return s;
  auto ins = db.prepare(
      "INSERT INTO register_months (month, cluster_code, nhs_number, rank, model_id, top_percent, "
      "saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  const std::string month = r.month.iso(), now = utc_now_iso();
  for (const RegisterMember& m : r.members) {
    ins->bind(1, month).bind(2, m.cluster_code).bind(3, m.nhs_number).bind(4, m.rank);
    ins->bind(5, r.model_id).bind(6, r.top_percent).bind(7, actor).bind(8, now);
    if (Status s = ins->run(); !s.ok()) return s;
  }
  return (*tx)->commit();
}

Result<std::string> saved_registers_version(Store& store) {
  // The count and latest save, and a sum over who is where, so a month saved
  // again within the same second with as many members still tells.
  auto st = store.db().prepare(
      "SELECT count(*), coalesce(max(saved_at), ''), "
      "coalesce(sum((nhs_number % 1000003) * rank), 0) FROM register_months");
  if (!st.ok()) return st.status();
  Status s;
  std::string version;
  if (st->step(&s)) version = fmt::format("{}@{}#{}", st->int64(0), st->text(1), st->int64(2));
  if (!s.ok()) return s;
  return version;
}

Status for_each_register_member(Store& store,
                                const std::function<void(const RegisterMonthRecord&)>& each) {
  auto st = store.db().prepare(
      "SELECT month, cluster_code, nhs_number, rank, model_id FROM register_months "
      "ORDER BY month, cluster_code, rank");
  if (!st.ok()) return st.status();
  st->expect_many_rows();
  Status s;
  while (st->step(&s))
    each(RegisterMonthRecord{st->text(0), st->text(1), st->int64(2), st->int64(3), st->int64(4)});
  return s;
}

}  // namespace bc
