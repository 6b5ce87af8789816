// In the renderer module: PNG and PDF from the plots' SVG documents, rendered by librsvg on cairo.
#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

#include "metamc/plots/raster.hpp"
#include "plots/cairo/cairo_renderer.hpp"

namespace metamc::cairo {
namespace {

struct HandleDeleter {
  void operator()(RsvgHandle* h) const { g_object_unref(h); }
};
struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

// cairo's write callback: no exception may unwind through cairo's C frames.
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) noexcept {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

// A failure inside the module; render_png and render_pdf turn it into a status and a message.
struct RenderFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(GError* error) {
  const std::string message = error ? error->message : "unknown error";
  if (error) g_error_free(error);
  throw RenderFailure(message);
}

// The document's size in px, and its drawing onto `context` scaled to width x height.
struct Document {
  std::unique_ptr<RsvgHandle, HandleDeleter> handle;
  double width = 0, height = 0;

  explicit Document(const std::string& svg) {
    const std::lock_guard<std::mutex> lock(font_mutex());
    GError* error = nullptr;
    handle.reset(
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
    if (!handle) fail(error);
    gdouble w = 0, h = 0;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &w, &h)) fail(nullptr);
    width = w;
    height = h;
  }

  void draw(cairo_t* context, double w, double h) const {
    const RsvgRectangle viewport{0, 0, w, h};
    GError* error = nullptr;
    bool drawn = false;
    {
      // Text layout through pango and cairo's FreeType glyph cache is not safe to enter from
      // several threads at once with cairo 1.16; the rest (PNG and PDF encoding) runs in parallel.
      const std::lock_guard<std::mutex> lock(font_mutex());
      drawn = rsvg_handle_render_document(handle.get(), context, &viewport, &error);
    }
    if (!drawn) fail(error);
  }
};

std::string png_of(const std::string& svg) {
  const Document doc(svg);
  const double scale = png_scale(doc.width, doc.height);
  const int w = static_cast<int>(std::ceil(doc.width * scale));
  const int h = static_cast<int>(std::ceil(doc.height * scale));
  const std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
  {
    const std::unique_ptr<cairo_t, ContextDeleter> context(cairo_create(surface.get()));
    doc.draw(context.get(), w, h);
  }
  std::string png;
  if (cairo_surface_write_to_png_stream(surface.get(), append, &png) != CAIRO_STATUS_SUCCESS)
    fail(nullptr);
  return png;
}

std::string pdf_of(const std::string& svg) {
  const Document doc(svg);
  const double w = doc.width * 0.75, h = doc.height * 0.75;  // points
  std::string pdf;
  {
    const std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
        cairo_pdf_surface_create_for_stream(append, &pdf, w, h));
    const std::unique_ptr<cairo_t, ContextDeleter> context(cairo_create(surface.get()));
    doc.draw(context.get(), w, h);
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) fail(nullptr);
  }
  return pdf;
}

// No exception leaves the module: a failure becomes its status and message.
RenderStatus guarded(std::string (*render)(const std::string&), const std::string& svg,
                     std::string& out, std::string& error) noexcept {
  try {
    out = render(svg);
    return RenderStatus::done;
  } catch (const std::bad_alloc&) {
    return RenderStatus::out_of_memory;
  } catch (const RenderFailure& e) {
    try {
      error = e.what();
    } catch (...) {
      return RenderStatus::out_of_memory;
    }
    return RenderStatus::failed;
  } catch (...) {
    return RenderStatus::failed;
  }
}

}  // namespace

RenderStatus render_png(const std::string& svg, std::string& out, std::string& error) noexcept {
  return guarded(png_of, svg, out, error);
}

RenderStatus render_pdf(const std::string& svg, std::string& out, std::string& error) noexcept {
  return guarded(pdf_of, svg, out, error);
}

}  // namespace metamc::cairo
