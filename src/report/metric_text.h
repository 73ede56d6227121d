// How a metric row reads in words: the phrases about it that the CLI, the
// board documents and the web pages all print, written once so they cannot
// disagree. Its numbers (value, plan, change) are present/number_format.h's.
//
// A percentage's change on last year is in percentage points ("2.2 points
// lower"), anything else's in per cent.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "engine/evaluate.h"

namespace bc::report {

// The change on last year in words: "1.3% higher than last year", "2.2
// points lower than last year", "the same as last year"; when there is no
// change, why: "no figure for last year", "not compared: this period's
// data are incomplete".
std::string change_phrase(const MetricRow& r);

// What is missing, for an incomplete row: "data not loaded: 2018-03
// spells" (at most `shown` months named, then "and N more"); "" when
// complete.
std::string missing_phrase(const MetricRow& r, size_t shown = 4);

// For a proportion with outcomes not yet known: "provisional: 14 outcomes
// not yet known (counted as not at home)"; "" otherwise.
std::string provisional_phrase(const MetricRow& r);

// For a rate whose population is not the ONS estimate: "per the registered
// population on 2017-09-30 (no ONS estimate loaded)"; "" otherwise.
std::string population_phrase(const MetricRow& r);

// For a standardised rate: "95% CI 2,490.1 to 2,835.4"; "" otherwise.
std::string interval_phrase(const MetricRow& r);

// The rule for figures shown suppressed, in one sentence for a footer or a
// note ("Counts of people are moved a little by a keyed amount, ...").
std::string suppression_sentence(const SuppressionRule& rule);

// A count of people as shown: with thousands separators, or when
// `suppress` in its suppressed form (engine/evaluate.h suppress_count):
// "*" for 1 to hide_below - 1, otherwise rounded.
std::string count_text(int64_t n, bool suppress, const SuppressionRule& rule);

}  // namespace bc::report
