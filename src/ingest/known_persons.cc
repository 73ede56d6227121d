#include "ingest/known_persons.h"

#include <algorithm>

namespace bc::ingest {

Result<bool> KnownPersons::contains(NhsNumber n) {
  if (!loaded_) {
    // The key's order: a walk of the table's own b-tree, no sort.
    auto st = db_.prepare("SELECT nhs_number FROM persons ORDER BY nhs_number");
    if (!st.ok()) return st.status();
    st->expect_many_rows();
    numbers_.clear();
    Status s;
    while (st->step(&s)) numbers_.push_back(st->int64(0));
    if (!s.ok()) {
      numbers_.clear();
      return s;
    }
    numbers_.shrink_to_fit();
    loaded_ = true;
  }
  return std::binary_search(numbers_.begin(), numbers_.end(), n.value());
}

void KnownPersons::forget() {
  loaded_ = false;
  numbers_.clear();
  numbers_.shrink_to_fit();
}

}  // namespace bc::ingest
