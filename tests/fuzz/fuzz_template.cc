// libFuzzer target: template rendering. Every embedded page template
// (web/templates/*.mustache) is rendered through publish::RenderTemplate
// with a context built from the fuzz input: each tag name found in the
// template gets a string, a list, a boolean or an object, as the input
// decides. The layout is rendered through RenderDocument with fuzzed title,
// breadcrumbs and path, in each language (zh-Hant through OpenCC).
//
// Oracle: a value a template shows with {{name}} must come out escaped, so
// the marker "<fz>" in such a value never reaches the output raw. Values
// of names a template deliberately shows raw ({{{name}}} / {{&name}}: HTML
// its builder already rendered) get no marker.
//
// Run: build/fuzz/tests/fuzz/fuzz_template tests/fuzz/corpus/template
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "publish/i18n.h"
#include "publish/page_common.h"
#include "resources/resources.h"

namespace {

namespace mustache = kainjow::mustache;
using readout::publish::Lang;

constexpr std::string_view kMarker = "<fz>";

void Check(bool ok, const char* what, std::string_view detail) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_template: %s: ", what);
    std::fwrite(detail.data(), 1, detail.size(), stderr);  // may hold NUL bytes from the input
    std::fputc('\n', stderr);
    std::abort();
  }
}

// Reads the fuzz input as a stream of choices and strings.
class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  // Up to the next 0 byte (or the end).
  std::string Text() {
    std::string out;
    while (pos_ < size_ && data_[pos_] != 0) out.push_back(static_cast<char>(data_[pos_++]));
    if (pos_ < size_) ++pos_;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

struct TemplateTags {
  std::string name;          // "round" for web/templates/round.mustache
  std::vector<std::string> tags;  // every variable or section name used
  std::set<std::string> raw;      // names shown unescaped somewhere
};

// Tag names of a template (a rough scan: enough to build contexts).
TemplateTags ScanTemplate(std::string_view name, std::string_view text) {
  TemplateTags out{std::string(name), {}, {}};
  std::set<std::string> seen;
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    pos += 2;
    bool raw = false;
    if (pos < text.size() && (text[pos] == '{' || text[pos] == '&')) {
      raw = true;
      ++pos;
    } else if (pos < text.size() && (text[pos] == '#' || text[pos] == '^' || text[pos] == '/')) {
      ++pos;
    } else if (pos < text.size() && (text[pos] == '!' || text[pos] == '>' || text[pos] == '=')) {
      continue;
    }
    std::size_t end = text.find("}}", pos);
    if (end == std::string_view::npos) break;
    std::string tag(text.substr(pos, end - pos));
    while (!tag.empty() && tag.front() == ' ') tag.erase(tag.begin());
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '}')) tag.pop_back();
    if (tag.empty() || tag == ".") continue;
    // "t.case.title" is the catalog; only the first part of a dotted name is ours to fill.
    std::string head = tag.substr(0, tag.find('.'));
    if (head == "t") continue;
    if (raw) out.raw.insert(head);
    if (seen.insert(head).second) out.tags.push_back(head);
  }
  return out;
}

const std::vector<TemplateTags>& Templates() {
  static const std::vector<TemplateTags> templates = [] {
    std::vector<TemplateTags> out;
    constexpr std::string_view kPrefix = "web/templates/";
    constexpr std::string_view kSuffix = ".mustache";
    for (const auto& r : readout::resources::All()) {
      if (!r.path.starts_with(kPrefix) || !r.path.ends_with(kSuffix)) continue;
      std::string_view name = r.path.substr(kPrefix.size(), r.path.size() - kPrefix.size() - kSuffix.size());
      out.push_back(ScanTemplate(name, r.data));
    }
    return out;
  }();
  return templates;
}

// Names any template shows raw: a partial (bilingual, sources) renders in
// its includer's context, so a name raw in one is raw for all.
const std::set<std::string>& RawAnywhere() {
  static const std::set<std::string> raw = [] {
    std::set<std::string> out;
    for (const auto& tmpl : Templates()) out.insert(tmpl.raw.begin(), tmpl.raw.end());
    return out;
  }();
  return raw;
}

mustache::data Value(Input& in, const TemplateTags& tmpl, const std::string& name, int depth) {
  const bool raw = RawAnywhere().count(name) > 0;
  switch (in.Byte() % 5) {
    case 0: return mustache::data(false);
    case 1: return mustache::data(true);
    case 2: {
      mustache::data list(mustache::data::type::list);
      const int n = in.Byte() % 3;
      for (int i = 0; i < n; ++i) {
        if (depth > 0) {
          list.push_back(Value(in, tmpl, name, depth - 1));
        } else {
          list.push_back(mustache::data(mustache::data::type::object));
        }
      }
      return list;
    }
    case 3: {
      // An object whose fields are some of the template's names: inner tags resolve here or above.
      mustache::data object(mustache::data::type::object);
      const int n = in.Byte() % 4;
      for (int i = 0; i < n && !tmpl.tags.empty() && depth > 0; ++i) {
        const std::string& field = tmpl.tags[in.Byte() % tmpl.tags.size()];
        object[field] = Value(in, tmpl, field, depth - 1);
      }
      return object;
    }
    default: {
      std::string text = in.Text();
      // The input may spell the marker itself; only markers this target adds count.
      for (std::size_t at; (at = text.find(kMarker)) != std::string::npos;) text.erase(at, kMarker.size());
      if (!raw) text += kMarker;
      return mustache::data(text);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace readout::publish;
  static const Catalogs catalogs;
  const auto& templates = Templates();
  if (templates.empty()) return 0;
  Input in(data, size);
  const Lang lang = (in.Byte() & 1) ? Lang::kZhHans : Lang::kEn;

  const TemplateTags& tmpl = templates[in.Byte() % templates.size()];
  if (tmpl.name != "layout") {
    mustache::data context(mustache::data::type::object);
    for (const std::string& tag : tmpl.tags) context[tag] = Value(in, tmpl, tag, 2);
    std::string html;
    try {
      html = RenderTemplate(tmpl.name, std::move(context), lang, catalogs);
    } catch (const std::logic_error&) {
      // RenderTemplate's way of saying a context did not fit the template
      // (a section over a string, say): a defect of the caller, which the
      // real page builders never pass. Not what this target looks for.
      return 0;
    }
    if (const std::size_t leak = html.find(kMarker); leak != std::string::npos) {
      Check(false, "an escaped value reached the output raw",
            tmpl.name + " near: " + html.substr(leak < 160 ? 0 : leak - 160, 200));
    }
    return 0;
  }

  PageFrame frame;
  frame.title = in.Text() + std::string(kMarker);
  frame.current = in.Text() + std::string(kMarker);
  for (int i = in.Byte() % 3; i > 0; --i) {
    frame.breadcrumbs.push_back(LinkView{in.Text() + std::string(kMarker), in.Text() + std::string(kMarker), "en"});
  }
  PageRequest request;
  request.lang = lang;
  request.traditional = (in.Byte() & 1) != 0;
  request.path = "/" + in.Text() + std::string(kMarker);
  std::string html = RenderDocument(frame, "<p>body</p>", request, catalogs);
  Check(html.find(kMarker) == std::string::npos, "a page frame value reached the layout raw", frame.title);
  return 0;
}
