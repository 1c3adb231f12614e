#include "web/evidence_handler.h"

#include <cstdint>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/evidence.h"
#include "core/record_json.h"
#include "web/access.h"
#include "web/api_handler.h"
#include "web/problem.h"

namespace readout::web {
namespace {

using core::Error;
using nlohmann::json;

constexpr std::string_view kCollection = "/api/v1/evidence_files";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The media type of an upload from its Content-Type, without parameters
// (the record keeps type/subtype only). A form wrapper is refused: its body
// is not the file, and storing it would hash the wrong bytes.
tl::expected<std::string, Problem> UploadMediaType(const Request& req) {
  const std::string media = Lower(Trim(req.Header(http::field::content_type).substr(
      0, req.Header(http::field::content_type).find(';'))));
  if (media.empty()) {
    return tl::unexpected(Problem{http::status::unsupported_media_type, "unsupported_media_type",
                                  "send the file's media type as Content-Type, such as application/pdf", {}});
  }
  if (media == "multipart/form-data" || media == "application/x-www-form-urlencoded") {
    return tl::unexpected(Problem{http::status::unsupported_media_type, "unsupported_media_type",
                                  "send the raw file as the request body with its own Content-Type, not " + media,
                                  {}});
  }
  return media;
}

bool Unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

}  // namespace

std::string AttachmentDisposition(std::string_view filename) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string ascii;
  std::string encoded;
  for (char ch : filename) {
    const auto c = static_cast<unsigned char>(ch);
    // The quoted fallback must not let a name end the string or the header.
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? ch : '_';
    if (Unreserved(c)) {
      encoded += ch;
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

void EvidenceHandler::Register(Router& router) {
  {
    RouteDoc d;
    d.summary = "Upload an evidence file: the raw bytes as the body, their media type as Content-Type";
    d.operation_id = "upload_evidence_file";
    d.permission = auth::Permission::kContribute;
    d.kind = core::RecordKind::kEvidenceFile;
    d.query_params = {"filename", "source_id", "visibility", "description"};
    d.raw_body = true;
    d.success_status = 201;
    d.tag = "evidence_files";
    router.Add(http::verb::post, std::string(kCollection) + "/upload",
               [this](Request& q, HttpResponse& r) { Upload(q, r); }, std::move(d));
  }
  {
    RouteDoc d;
    d.summary = "The bytes of an evidence file, checked against its SHA-256, as an attachment";
    d.operation_id = "get_evidence_file_content";
    d.permission = auth::Permission::kPublic;  // the file of a record the caller may read
    d.response_media_type = "application/octet-stream";
    d.tag = "evidence_files";
    d.not_found = true;
    router.Add(http::verb::get, std::string(kCollection) + "/{id}/content",
               [this](Request& q, HttpResponse& r) { Content(q, r); }, std::move(d));
  }
  {
    RouteDoc d;
    d.summary = "The custody log of an evidence file and whether its hash chain holds";
    d.operation_id = "get_evidence_file_custody";
    d.permission = auth::Permission::kPublic;
    d.response_schema = "CustodyLog";
    d.tag = "evidence_files";
    d.not_found = true;
    router.Add(http::verb::get, std::string(kCollection) + "/{id}/custody",
               [this](Request& q, HttpResponse& r) { Custody(q, r); }, std::move(d));
  }
}

void EvidenceHandler::Upload(Request& req, HttpResponse& res) {
  auto actor = Access::WriterOf(req);
  if (!actor) return WriteError(actor.error(), res);
  auto media_type = UploadMediaType(req);
  if (!media_type) return WriteProblem(media_type.error(), res);

  core::EvidenceUpload meta;
  meta.media_type = std::move(*media_type);
  std::vector<core::FieldError> problems;
  if (auto v = req.QueryParam("filename")) {
    meta.filename = std::move(*v);
  } else {
    problems.push_back({"filename", "is required: send ?filename=<the file's name>, such as judgment.pdf"});
  }
  if (auto v = req.QueryParam("source_id")) meta.source_id = std::move(*v);
  if (auto v = req.QueryParam("description")) meta.description.en = std::move(*v);
  if (auto v = req.QueryParam("visibility"); v && !v->empty()) {
    if (auto parsed = core::ParseVisibility(*v)) {
      meta.visibility = *parsed;
    } else {
      problems.push_back({"visibility", "must be public, internal or restricted; got \"" + *v + "\""});
    }
  }
  if (!problems.empty()) return WriteError(Error::Invalid(std::move(problems)), res);

  auto created = core::AddEvidenceFile(records_, req.http.body(), meta, *actor, max_upload_bytes_);
  if (!created) {
    if (created.error().code == core::ErrorCode::kInternal) {
      spdlog::error("upload of evidence file failed: {}", created.error().message);
    }
    return WriteError(created.error(), res);
  }
  WriteJson(http::status::created, core::ToJson(*created), res);
  res.set(http::field::etag, "\"" + std::to_string(created->header.revision) + "\"");
  res.set(http::field::location, std::string(kCollection) + "/" + created->header.id);
}

void EvidenceHandler::Content(Request& req, HttpResponse& res) {
  std::string_view id = req.params.Get("id");
  auto read = core::ReadEvidenceFile(records_, id, req.caller.reader);
  if (!read) {
    if (read.error().code == core::ErrorCode::kInternal) {
      // The detail stays in the log: ProblemFor never sends an internal message out.
      spdlog::error("evidence file {}: {}", id, read.error().message);
    }
    return WriteError(read.error(), res);
  }
  auto& [file, blob] = *read;
  res.result(http::status::ok);
  res.set(http::field::content_type, file.media_type.empty() ? "application/octet-stream" : file.media_type);
  // Evidence is downloaded, never rendered: an uploaded HTML or SVG file must
  // not run as a page of this site.
  res.set(http::field::content_disposition, AttachmentDisposition(file.filename));
  res.set("X-Content-Type-Options", "nosniff");
  res.set(http::field::cache_control, "no-store");
  res.set(http::field::etag, "\"" + file.sha256 + "\"");
  res.body() = std::move(blob.bytes);
}

void EvidenceHandler::Custody(Request& req, HttpResponse& res) {
  std::string_view id = req.params.Get("id");
  const auto not_found = [&] {
    WriteError(Error::NotFound("no evidence_file with id " + std::string(id)), res);
  };
  if (core::KindOfId(id) != core::RecordKind::kEvidenceFile) return not_found();
  auto file = records_.Get(id, req.caller.reader);
  if (!file) {
    if (file.error().code == core::ErrorCode::kNotFound) return not_found();
    return WriteError(file.error(), res);
  }
  if (file->header.kind != core::RecordKind::kEvidenceFile) return not_found();

  // Entries the caller may see, oldest first; the chain is checked over the
  // whole log, so a reader below restricted learns only that it holds.
  json entries = json::array();
  core::ListQuery query;
  query.kind = core::RecordKind::kCustodyEvent;
  query.parent_id = std::string(id);
  query.limit = 1000;
  for (;;) {
    auto page = records_.List(query, req.caller.reader);
    if (!page) return WriteError(page.error(), res);
    const std::size_t got = page->records.size();
    for (const core::StoredRecord& r : page->records) entries.push_back(core::ToJson(r));
    query.offset += static_cast<std::int64_t>(got);
    if (got == 0 || query.offset >= page->total) break;
  }
  json body = {{"evidence_file_id", std::string(id)}, {"entries", std::move(entries)}};
  core::Status verified = records_.VerifyCustodyChain(id);
  if (verified) {
    body["chain_valid"] = true;
    body["problem"] = nullptr;
  } else if (verified.error().code == core::ErrorCode::kConflict) {
    body["chain_valid"] = false;
    body["problem"] = verified.error().message;
  } else {
    return WriteError(verified.error(), res);
  }
  WriteJson(http::status::ok, body, res);
  res.set(http::field::cache_control, "no-store");
}

}  // namespace readout::web
