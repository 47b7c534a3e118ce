#include "invoice/invoice_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <stdexcept>

#include "money/amount.h"

namespace resellermgr::invoice {
namespace {

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 56.0;
constexpr char kFont[] = "DejaVu Sans";

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Draws text on one page, top to bottom; a new page starts when the next block would not fit.
class Writer {
 public:
  explicit Writer(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr), g_object_unref) {}

  // One block of plain text at column x (width w, or the rest of the line), in size pt.
  // Returns its height; `advance` moves down past it.
  double Text(const std::string& text, double x, double w, double size, bool bold,
              bool right = false, bool advance = true) {
    PangoFontDescription* font = pango_font_description_from_string(kFont);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout_.get(), static_cast<int>(w * PANGO_SCALE));
    pango_layout_set_wrap(layout_.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout_.get(), right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout_.get(), text.c_str(), static_cast<int>(text.size()));
    int width = 0, height = 0;
    pango_layout_get_size(layout_.get(), &width, &height);
    const double h = static_cast<double>(height) / PANGO_SCALE;
    if (advance && y_ + h > kPageHeight - kMargin) NewPage();
    cairo_move_to(cr_, kMargin + x, y_);
    pango_cairo_show_layout(cr_, layout_.get());
    if (advance) y_ += h;
    return h;
  }
  void Space(double points) { y_ += points; }
  void Rule() {
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, kMargin, y_);
    cairo_line_to(cr_, kPageWidth - kMargin, y_);
    cairo_stroke(cr_);
    y_ += 4;
  }
  void NewPage() {
    cairo_show_page(cr_);
    y_ = kMargin;
  }
  double y() const { return y_; }

 private:
  cairo_t* cr_;
  std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout_;
  double y_ = kMargin;
};

std::string Label(const std::map<std::string, std::string>& labels, const std::string& name) {
  auto it = labels.find(name);
  return it == labels.end() ? name : it->second;
}

std::string Money(std::int64_t minor, const std::string& currency) {
  return money::FormatAmount(minor) + " " + currency;
}

}  // namespace

std::string RenderPdf(const Invoice& inv, const std::map<std::string, std::string>& labels) {
  std::string pdf;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(Append, &pdf, kPageWidth, kPageHeight),
      cairo_surface_destroy);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, inv.Number().c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "resellermgr");
  {
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          cairo_destroy);
    cairo_set_source_rgb(cr.get(), 0.1, 0.1, 0.1);
    Writer w(cr.get());
    const double full = kPageWidth - 2 * kMargin;
    const double half = full / 2 - 12;

    w.Text(Label(labels, "title_" + inv.kind) + " " + inv.Number(), 0, full, 18, true);
    w.Space(4);
    w.Text(Label(labels, "issued") + ": " + inv.issued_at + "    " + Label(labels, "period") +
               ": " + inv.period_start + " – " + inv.period_end,
           0, full, 9.5, false);
    w.Space(16);

    // The parties side by side, as they were when the document was issued.
    const double top = w.y();
    w.Text(Label(labels, "seller"), 0, half, 8.5, true);
    w.Text(inv.seller_name, 0, half, 10.5, false);
    w.Text(inv.seller_address, 0, half, 9.5, false);
    const double left_bottom = w.y();
    w.Space(top - w.y());
    w.Text(Label(labels, "buyer"), half + 24, half, 8.5, true);
    w.Text(inv.buyer_name + " (" + inv.buyer_account + ")", half + 24, half, 10.5, false);
    w.Text(inv.buyer_address, half + 24, half, 9.5, false);
    if (w.y() < left_bottom) w.Space(left_bottom - w.y());
    w.Space(18);

    // Lines: description, period, quantity, amount.
    const double col_period = full * 0.46, col_qty = full * 0.68, col_amount = full * 0.78;
    auto row = [&](const std::string& a, const std::string& b, const std::string& c,
                   const std::string& d, bool bold) {
      double h = w.Text(a, 0, col_period - 8, 9.5, bold, false, false);
      h = std::max(h, w.Text(b, col_period, col_qty - col_period - 8, 9.5, bold, false, false));
      h = std::max(h, w.Text(c, col_qty, col_amount - col_qty - 8, 9.5, bold, true, false));
      h = std::max(h, w.Text(d, col_amount, full - col_amount, 9.5, bold, true, false));
      w.Space(h + 4);
      if (w.y() > kPageHeight - kMargin - 40) w.NewPage();
    };
    row(Label(labels, "description"), Label(labels, "line_period"), Label(labels, "quantity"),
        Label(labels, "amount"), true);
    w.Rule();
    for (const Line& line : inv.lines) {
      row(line.description.empty() ? Label(labels, "no_reference") : line.description, line.period,
          std::to_string(line.quantity), Money(line.amount, inv.currency), false);
    }
    w.Rule();
    row(Label(labels, "total"), "", "", Money(inv.total, inv.currency), true);
    w.Space(10);
    row(Label(labels, "opening_balance"), "", "", Money(inv.opening_balance, inv.currency), false);
    row(Label(labels, "closing_balance"), "", "", Money(inv.closing_balance, inv.currency), false);
    w.Space(18);
    w.Text(Label(labels, "note_" + inv.kind), 0, full, 8.5, false);
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("the PDF could not be written");
  return pdf;
}

}  // namespace resellermgr::invoice
