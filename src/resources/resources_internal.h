// The table generated at build time by cmake/EmbedResources.cmake.
// Internal to readout_resources: other modules use resources/resources.h.
//
// Thread-safety: constant data.
#pragma once

#include <span>

#include "resources/resources.h"

namespace readout::resources::internal {

// Every listed file, in the order of resources_list.txt.
std::span<const Resource> Embedded();

}  // namespace readout::resources::internal
