#include "io/bundle.h"

#include <optional>
#include <string>

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "core/record_json.h"

namespace readout::io {
namespace {

constexpr const char* kFormat = "readout-bundle";
constexpr int kVersion = 1;

// Standard base64 with padding, through libsodium (already a dependency).
std::string EncodeBase64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> DecodeBase64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace

std::string BundleToJsonText(const core::Bundle& bundle) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& record : bundle.records) records.push_back(core::ToJson(record));
  nlohmann::json revisions = nlohmann::json::array();
  for (const auto& revision : bundle.revisions) revisions.push_back(core::ToJson(revision));
  nlohmann::json blobs = nlohmann::json::array();
  for (const auto& blob : bundle.blobs) {
    blobs.push_back({{"sha256", blob.sha256}, {"data_base64", EncodeBase64(blob.bytes)}});
  }
  nlohmann::json doc = {{"format", kFormat},
                        {"version", kVersion},
                        {"records", std::move(records)},
                        {"revisions", std::move(revisions)},
                        {"blobs", std::move(blobs)}};
  // nlohmann::json keeps object keys sorted, so the text is canonical.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::strict) + "\n";
}

core::Result<core::Bundle> BundleFromJsonText(std::string_view text) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for a number beyond double (1E400)
    return core::Fail(core::Error::Invalid("bundle", std::string("is not valid JSON: ") + e.what()));
  }
  if (!doc.is_object()) return core::Fail(core::Error::Invalid("bundle", "must be a JSON object"));
  for (const auto& [key, value] : doc.items()) {
    if (key != "format" && key != "version" && key != "records" && key != "revisions" && key != "blobs") {
      return core::Fail(core::Error::Invalid(key, "unknown field"));
    }
  }
  if (!doc.contains("format") || doc["format"] != kFormat) {
    return core::Fail(core::Error::Invalid("format", std::string("must be \"") + kFormat + "\""));
  }
  if (!doc.contains("version") || doc["version"] != kVersion) {
    return core::Fail(core::Error::Invalid("version", "must be 1 (the only bundle version this build reads)"));
  }
  for (const char* field : {"records", "revisions"}) {
    if (!doc.contains(field) || !doc[field].is_array()) {
      return core::Fail(core::Error::Invalid(field, "must be an array"));
    }
  }

  core::Bundle bundle;
  std::vector<core::FieldError> problems;
  const auto& records = doc["records"];
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto record = core::StoredRecordFromJson(records[i], "records[" + std::to_string(i) + "]");
    if (record) {
      bundle.records.push_back(std::move(*record));
    } else {
      for (auto& f : record.error().fields) problems.push_back(std::move(f));
      if (record.error().fields.empty()) problems.push_back({"records[" + std::to_string(i) + "]", record.error().message});
    }
  }
  const auto& revisions = doc["revisions"];
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    auto revision = core::RevisionFromJson(revisions[i], "revisions[" + std::to_string(i) + "]");
    if (revision) {
      bundle.revisions.push_back(std::move(*revision));
    } else {
      for (auto& f : revision.error().fields) problems.push_back(std::move(f));
      if (revision.error().fields.empty()) problems.push_back({"revisions[" + std::to_string(i) + "]", revision.error().message});
    }
  }
  if (doc.contains("blobs")) {
    const auto& blobs = doc["blobs"];
    if (!blobs.is_array()) return core::Fail(core::Error::Invalid("blobs", "must be an array"));
    for (std::size_t i = 0; i < blobs.size(); ++i) {
      const std::string path = "blobs[" + std::to_string(i) + "]";
      const auto& item = blobs[i];
      if (!item.is_object() || !item.contains("sha256") || !item["sha256"].is_string() ||
          !item.contains("data_base64") || !item["data_base64"].is_string() || item.size() != 2) {
        problems.push_back({path, "must be an object with exactly sha256 and data_base64 strings"});
        continue;
      }
      auto bytes = DecodeBase64(item["data_base64"].get<std::string>());
      if (!bytes) {
        problems.push_back({path + ".data_base64", "is not valid base64"});
        continue;
      }
      bundle.blobs.push_back({item["sha256"].get<std::string>(), std::move(*bytes)});
    }
  }
  if (!problems.empty()) return core::Fail(core::Error::Invalid(std::move(problems)));
  return bundle;
}

}  // namespace readout::io
