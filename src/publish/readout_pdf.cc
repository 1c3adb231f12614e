// RenderReadoutPdf: the readout outline laid out on A4 pages with cairo
// (PDF surface) and pango (line breaking, shaping, font fallback). Chinese
// readouts use Noto Sans CJK SC; English ones Noto Sans with Noto Sans CJK SC
// as the fallback for Chinese names and original texts. Lines are placed one
// by one, so a long paragraph breaks across pages instead of overflowing.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <set>
#include <string>

#include "publish/public_readout.h"
#include "publish/readout_outline.h"

namespace readout::publish {
namespace {

constexpr double kPageWidth = 595.276;   // A4 in points
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 56.7;         // 2 cm
constexpr double kBottom = kPageHeight - kMargin - 20;  // room for the page number

constexpr const char* kLatinFamily = "Noto Sans";
constexpr const char* kChineseFamily = "Noto Sans CJK SC";
constexpr const char* kTraditionalFamily = "Noto Sans CJK TC";

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// The font families pango can find, so a missing font is an error naming it
// rather than a PDF of empty boxes.
core::Status CheckFonts() {
  PangoFontMap* map = pango_cairo_font_map_get_default();  // owned by pango
  PangoFontFamily** families = nullptr;
  int count = 0;
  pango_font_map_list_families(map, &families, &count);
  std::set<std::string> names;
  for (int i = 0; i < count; ++i) names.insert(pango_font_family_get_name(families[i]));
  g_free(families);
  for (const char* needed : {kLatinFamily, kChineseFamily, kTraditionalFamily}) {
    if (!names.contains(needed)) {
      return core::Fail(core::Error::Internal(std::string("PDF font not installed: ") + needed +
                                              " (Debian: fonts-noto-core, fonts-noto-cjk)"));
    }
  }
  return {};
}

struct Style {
  double size = 10.5;
  bool bold = false;
  double indent = 0;
  double space_before = 0;
  double space_after = 4;
};

Style StyleOf(OutlineBlock::Kind kind) {
  using Kind = OutlineBlock::Kind;
  switch (kind) {
    case Kind::kTitle:
      return {20, true, 0, 0, 8};
    case Kind::kHeading:
      return {14, true, 0, 12, 4};
    case Kind::kSubheading:
      return {11.5, true, 0, 8, 3};
    case Kind::kParagraph:
      return {10.5, false, 0, 0, 5};
    case Kind::kItem:
      return {10.5, false, 14, 0, 2};
    case Kind::kSubItem:
      return {9.5, false, 28, 0, 2};
    case Kind::kNote:
      return {10.5, false, 14, 4, 6};
  }
  return {};
}

class Pdf {
 public:
  Pdf(cairo_t* cr, Lang lang, bool traditional) : cr_(cr), lang_(lang), traditional_(traditional) {}

  void Block(const OutlineBlock& block) {
    const Style style = StyleOf(block.kind);
    y_ += style.space_before;
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    PangoFontDescription* font = pango_font_description_new();
    // An English readout still needs Chinese glyphs for names and original texts.
    const bool chinese = lang_ != Lang::kEn || block.lang.starts_with("zh");
    // Han glyphs differ between the SC and TC faces: a Traditional page is set in TC.
    const char* cjk_first = traditional_ ? "Noto Sans CJK TC, Noto Sans" : "Noto Sans CJK SC, Noto Sans";
    const char* latin_first = traditional_ ? "Noto Sans, Noto Sans CJK TC" : "Noto Sans, Noto Sans CJK SC";
    pango_font_description_set_family(font, chinese ? cjk_first : latin_first);
    pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    if (block.kind == OutlineBlock::Kind::kNote) pango_font_description_set_style(font, PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    PangoContext* context = pango_layout_get_context(layout);
    pango_context_set_language(context, pango_language_from_string(chinese ? "zh-cn" : "en"));
    pango_layout_context_changed(layout);
    const double width = kPageWidth - 2 * kMargin - style.indent;
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, block.text.c_str(), static_cast<int>(block.text.size()));

    const bool bullet = block.kind == OutlineBlock::Kind::kItem || block.kind == OutlineBlock::Kind::kSubItem;
    const int lines = pango_layout_get_line_count(layout);
    // Keep a heading with the first line after it.
    if (block.kind == OutlineBlock::Kind::kHeading || block.kind == OutlineBlock::Kind::kSubheading) {
      if (y_ + 3 * style.size * 1.4 > kBottom) NewPage();
    }
    for (int i = 0; i < lines; ++i) {
      PangoLayoutLine* line = pango_layout_get_line_readonly(layout, i);
      PangoRectangle logical;
      pango_layout_line_get_extents(line, nullptr, &logical);
      const double height = static_cast<double>(logical.height) / PANGO_SCALE;
      const double baseline = static_cast<double>(-logical.y) / PANGO_SCALE;
      if (y_ + height > kBottom) NewPage();
      if (bullet && i == 0) {
        cairo_arc(cr_, kMargin + style.indent - 7, y_ + baseline - style.size * 0.33, 1.6, 0, 6.2832);
        cairo_fill(cr_);
      }
      cairo_move_to(cr_, kMargin + style.indent, y_ + baseline);
      pango_cairo_show_layout_line(cr_, line);
      y_ += height;
    }
    g_object_unref(layout);
    y_ += style.space_after;
  }

  void Finish() {
    PageNumber();
    cairo_show_page(cr_);
  }

 private:
  void NewPage() {
    PageNumber();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }

  void PageNumber() {
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    PangoFontDescription* font = pango_font_description_from_string("Noto Sans 8");
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    const std::string text = std::to_string(page_);
    pango_layout_set_text(layout, text.c_str(), -1);
    int w = 0;
    int h = 0;
    pango_layout_get_pixel_size(layout, &w, &h);
    cairo_move_to(cr_, (kPageWidth - w) / 2, kPageHeight - kMargin + 4);
    pango_cairo_show_layout(cr_, layout);
    g_object_unref(layout);
  }

  cairo_t* cr_;
  Lang lang_;
  bool traditional_ = false;
  double y_ = kMargin;
  int page_ = 1;
};

}  // namespace

core::Result<std::string> RenderReadoutPdf(const PublishedReadout& readout, Lang lang, const Catalogs& catalogs,
                                           bool traditional) {
  traditional = traditional && lang == Lang::kZhHans;
  if (auto fonts = CheckFonts(); !fonts) return core::Fail(fonts.error());
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(&Append, &bytes, kPageWidth, kPageHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    const std::string why = cairo_status_to_string(cairo_surface_status(surface));
    cairo_surface_destroy(surface);
    return core::Fail(core::Error::Internal("cairo could not create a PDF surface: " + why));
  }
  std::string title = PickText(readout.content.title, lang).text;
  if (traditional) title = ToTraditional(title);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Readout");
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  Pdf pdf(cr, lang, traditional);
  for (OutlineBlock& block : BuildReadoutOutline(readout, lang, catalogs)) {
    if (traditional) {
      block.text = ToTraditional(block.text);
      if (block.lang == "zh-Hans") block.lang = "zh-Hant";
    }
    pdf.Block(block);
  }
  pdf.Finish();
  const cairo_status_t drawn = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finished = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS) {
    return core::Fail(core::Error::Internal(std::string("cairo could not draw the readout PDF: ") +
                                            cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished)));
  }
  return bytes;
}

}  // namespace readout::publish
