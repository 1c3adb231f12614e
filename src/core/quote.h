// Quoting user input inside error messages. Internal to core.
//
// Error messages quote what the caller sent ("got \"2013-13-45\"") so that
// they can see what was wrong. The text is escaped as a JSON string and
// shortened, so a message stays one line and bounded whatever was sent.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace readout::core {

// `text` in double quotes, JSON-escaped, cut to about 80 bytes with "..." when longer.
std::string Quote(std::string_view text);

}  // namespace readout::core
