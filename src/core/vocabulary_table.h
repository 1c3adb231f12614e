// Internal to core: the code tables behind every vocabulary (vocabulary.cc,
// case_vocabulary.cc, accountability_vocabulary.cc). A table lists the codes
// in the enum's declaration order, so an enum value is its code's index.
//
// Thread-safety: constant tables and pure functions.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace readout::core::vocabulary_table {

template <typename Enum, std::size_t N>
std::string_view CodeOf(const std::array<std::string_view, N>& codes, Enum v) {
  const auto i = static_cast<std::size_t>(v);
  return i < N ? codes[i] : std::string_view();
}

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<std::string_view, N>& codes, std::string_view code) {
  for (std::size_t i = 0; i < N; ++i) {
    if (codes[i] == code) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace readout::core::vocabulary_table

// Defines ToCode(Enum), Parse<Enum>(code) and <Enum>Codes() from one table,
// the three functions every vocabulary header declares.
#define READOUT_VOCABULARY(Enum, table)                                                                    \
  std::string_view ToCode(Enum v) { return ::readout::core::vocabulary_table::CodeOf(table, v); }          \
  std::optional<Enum> Parse##Enum(std::string_view code) {                                                 \
    return ::readout::core::vocabulary_table::Parse<Enum>(table, code);                                    \
  }                                                                                                        \
  std::span<const std::string_view> Enum##Codes() { return table; }
