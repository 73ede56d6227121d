// Each import kind is defined by one column table (ingest/file_kind.h): the
// tables must agree with the schema the migrations make, so that the
// INSERT made from a table loads every column of its store table, and with
// the key the store enforces. And the readers of ingest/records.h give back
// what the importer wrote.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <set>
#include <string>

#include "../support/test_backend.h"
#include "ingest/file_kind.h"
#include "ingest/importer.h"
#include "ingest/records.h"

namespace bc {
namespace {

namespace fs = std::filesystem;

class ColumnTables : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "bettercare-columns-XXXXXX").string();
    dir_ = mkdtemp(tmpl.data());
    auto store = test::open_test_store(dir_ / "c.db");
    ASSERT_TRUE(store.ok()) << store.error();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // The store table's columns, and those of its primary key or its one
  // UNIQUE constraint (what the upsert's conflict key must be).
  std::set<std::string> columns_of(std::string_view table, std::set<std::string>* key) {
    auto names = store_->db().column_names(table);
    EXPECT_TRUE(names.ok());
    std::set<std::string> out(names->begin(), names->end());
    if (test::on_postgresql()) {
      // The primary key's columns, else those of the one UNIQUE constraint.
      auto st = store_->db().prepare(
          "SELECT k.column_name::text, c.constraint_type::text "
          "FROM information_schema.table_constraints c "
          "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
          "AND k.table_name = c.table_name WHERE c.table_name = ? "
          "AND c.constraint_type IN ('PRIMARY KEY', 'UNIQUE')");
      EXPECT_TRUE(st.ok());
      st->bind(1, table);
      Status s;
      std::set<std::string> primary, unique;
      while (st->step(&s)) (st->text(1) == "PRIMARY KEY" ? primary : unique).insert(st->text(0));
      *key = primary.empty() ? unique : primary;
      return out;
    }
    auto st =
        store_->db().prepare(fmt::format("SELECT name, pk FROM pragma_table_info('{}')", table));
    EXPECT_TRUE(st.ok());
    Status s;
    while (st->step(&s)) {
      if (st->int64(1) > 0) key->insert(st->text(0));
    }
    if (key->empty()) {
      // A table whose identity is a UNIQUE column (spells' spell_id ...).
      auto idx = store_->db().prepare(fmt::format(
          "SELECT ii.name FROM pragma_index_list('{}') il, pragma_index_info(il.name) ii "
          "WHERE il.\"unique\" = 1 AND il.origin = 'u'",
          table));
      EXPECT_TRUE(idx.ok());
      std::set<std::string> unique;
      while (idx->step(&s)) unique.insert(idx->text(0));
      if (!unique.empty()) *key = unique;
    }
    return out;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ColumnTables, EveryStoreColumnIsLoadedFromOneColumnOfItsKind) {
  for (const KindSpec& k : all_kinds()) {
    std::set<std::string> key;
    std::set<std::string> table = columns_of(k.table, &key);
    ASSERT_FALSE(table.empty()) << k.table;
    std::set<std::string> loaded = {"batch_id"}, kind_key;
    // Written by the importer, not from a column of the file: the batch that
    // agreed a care plan's version (ingest/kinds_care.cc).
    if (k.table == "care_plans") loaded.insert("frozen_batch");
    for (const ColumnSpec& c : k.columns) {
      ASSERT_FALSE(c.store.empty()) << k.name << "." << c.name;
      EXPECT_TRUE(loaded.insert(std::string(c.store)).second) << k.name << "." << c.store;
      if (c.key) kind_key.insert(std::string(c.store));
    }
    EXPECT_EQ(loaded, table) << k.name;
    EXPECT_EQ(kind_key, key) << k.name;
  }
}

TEST_F(ColumnTables, KeyDescriptionsNameTheKeyColumns) {
  EXPECT_EQ(key_description(spec_of(FileKind::kSpells)), "spell_id");
  EXPECT_EQ(key_description(spec_of(FileKind::kConditions)), "nhs_number and condition");
  EXPECT_EQ(key_description(spec_of(FileKind::kPopulation)), "year, age and sex");
  EXPECT_EQ(key_description(spec_of(FileKind::kDelayedDays)),
            "month, provider_code, responsible_org and reason");
}

TEST_F(ColumnTables, TheReadersGiveBackWhatTheImporterWrote) {
  const fs::path small = fs::path(BC_SOURCE_DIR) / "tests" / "fixtures" / "small";
  auto inputs = plan_import({small.string()}, std::nullopt);
  ASSERT_TRUE(inputs.ok()) << inputs.error();
  auto report = import_batch(*store_, *inputs, ImportOptions{});
  ASSERT_TRUE(report.ok()) << report.error();
  ASSERT_TRUE(report->committed);
  auto rows_of = [&](FileKind kind) {
    for (const FileReport& f : report->files) {
      if (f.kind == kind) return f.rows_read;
    }
    return int64_t{-1};
  };
  int64_t spells = 0, persons = 0, ae = 0;
  ASSERT_TRUE(for_each_spell(*store_, std::nullopt, [&](const SpellRecord& r) {
                ++spells;
                EXPECT_FALSE(r.spell_id.empty());
                EXPECT_EQ(r.primary_diagnosis.find('.'), std::string::npos);  // normalised
              }).ok());
  ASSERT_TRUE(for_each_person(*store_, [&](const PersonRecordRow&) { ++persons; }).ok());
  ASSERT_TRUE(for_each_ae_attendance(*store_, std::nullopt, [&](const AeRecord& r) {
                ++ae;
                EXPECT_EQ(r.department_type.size(), 2u);  // "1" is stored "01"
              }).ok());
  EXPECT_EQ(spells, rows_of(FileKind::kSpells));
  EXPECT_EQ(persons, rows_of(FileKind::kPersons));
  EXPECT_EQ(ae, rows_of(FileKind::kAeAttendances));
  auto schemes = read_schemes(*store_);
  ASSERT_TRUE(schemes.ok()) << schemes.error();
  EXPECT_EQ(static_cast<int64_t>(schemes->size()), rows_of(FileKind::kSchemes));
  for (const SchemeRecord& s : *schemes) {
    auto found = find_scheme_record(*store_, s.code);
    ASSERT_TRUE(found.ok() && found->has_value()) << s.code;
    EXPECT_EQ((*found)->name, s.name);
    auto shares = read_risk_shares(*store_, s.code);
    ASSERT_TRUE(shares.ok());
    int64_t total = 0;
    for (const RiskShareRecord& r : *shares) total += r.share_bp;
    EXPECT_EQ(total, s.risk_share == "own" ? 0 : 10000) << s.code;
  }
}

}  // namespace
}  // namespace bc
