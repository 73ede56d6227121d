#include "quality/provider_data.h"

namespace bc {

Result<ProviderData> read_provider_data(Store& store) {
  ProviderData d;
  auto rule = provider_rule();
  if (!rule.ok()) return rule.status();
  d.rule = *rule;
  auto providers = read_care_providers(store);
  if (!providers.ok()) return providers.status();
  auto events = read_quality_events(store, std::nullopt);
  if (!events.ok()) return events.status();
  auto placements = read_placements(store, std::nullopt);
  if (!placements.ok()) return placements.status();
  d.providers = std::move(*providers);
  d.events = std::move(*events);
  d.placements = std::move(*placements);
  return d;
}

}  // namespace bc
