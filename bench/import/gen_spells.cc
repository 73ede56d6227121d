// Writes N valid rows of spells.csv (and the providers.csv they refer to)
// for the import benchmark. Deterministic: the same N gives the same bytes.
//
//   bench_gen_spells N OUT_DIR
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/date.h"
#include "core/nhs_number.h"

namespace {

uint64_t state = 0x9E3779B97F4A7C15ull;
uint64_t next() {  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1Dull;
}
uint64_t below(uint64_t n) {
  return next() % n;
}

// The k-th valid NHS number in the 999 test range.
int64_t nhs_number(uint64_t k) {
  for (int64_t nine = 999000000 + static_cast<int64_t>(k % 900000);; ++nine) {
    int check = bc::NhsNumber::check_digit(nine);
    if (check >= 0) return nine * 10 + check;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_gen_spells N OUT_DIR\n");
    return 2;
  }
  long n = std::strtol(argv[1], nullptr, 10);
  std::string dir = argv[2];
  std::FILE* prov = std::fopen((dir + "/providers.csv").c_str(), "w");
  std::FILE* out = std::fopen((dir + "/spells.csv").c_str(), "w");
  if (prov == nullptr || out == nullptr) {
    std::perror(dir.c_str());
    return 1;
  }
  std::fputs(
      "provider_code,provider_name,provider_type\nRHM,University Hospital Southampton,acute\n"
      "R1C,Solent NHS Trust,community\nRW1,Southern Health,mental_health\n",
      prov);
  std::fclose(prov);
  static const char* kProviders[] = {"RHM", "RHM", "RHM", "R1C", "RW1"};
  static const char* kMethods[] = {"21", "21", "21", "22", "23", "28",
                                   "2A", "11", "12", "13", "31", "81"};
  static const char* kDiagnoses[] = {"J18.9", "J44.1", "N39.0", "R07.4", "R10.4", "S72.0",
                                     "A41.9", "I50.0", "B34.9", "J20.9", "K35.8", "I21.4"};
  static const char* kSecondary[] = {"", "W19", "E11.9;I10", "W01;Z74.1", "F03"};
  static const char* kDestinations[] = {"19", "19", "19", "19", "54", "65", "79", "29", "", "85"};
  const int32_t start = bc::Date::from_ymd(2017, 4, 1)->days();
  std::fputs(
      "spell_id,nhs_number,provider_code,admission_date,discharge_date,admission_method,"
      "primary_diagnosis,secondary_diagnoses,discharge_destination,cost\n",
      out);
  for (long i = 0; i < n; ++i) {
    bc::Date admitted = bc::Date::from_days(start + static_cast<int32_t>(below(365)));
    bc::Date discharged = admitted.add_days(static_cast<int32_t>(below(15)));
    std::fprintf(out, "S%09ld,%lld,%s,%s,%s,%s,%s,%s,%s,%llu.%02llu\n", i,
                 static_cast<long long>(nhs_number(below(300000))), kProviders[below(5)],
                 admitted.iso().c_str(), discharged.iso().c_str(), kMethods[below(12)],
                 kDiagnoses[below(12)], kSecondary[below(5)], kDestinations[below(10)],
                 static_cast<unsigned long long>(300 + below(9000)),
                 static_cast<unsigned long long>(below(100)));
  }
  std::fclose(out);
  return 0;
}
