// cairo's headers (with glib's, through cairo's pkg-config flags) and the few librsvg
// functions AllerVers calls, declared as librsvg 2.54 declares them (librsvg/rsvg.h and
// rsvg-cairo.h): librsvg's own pkg-config flags carry -pthread, which SwiftPM refuses.
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib-object.h>

typedef struct _RsvgHandle RsvgHandle;

typedef struct {
    double x;
    double y;
    double width;
    double height;
} RsvgRectangle;

RsvgHandle *rsvg_handle_new_from_data(const guint8 *data, gsize data_len, GError **error);
void rsvg_handle_set_dpi(RsvgHandle *handle, double dpi);
gboolean rsvg_handle_get_intrinsic_size_in_pixels(RsvgHandle *handle, gdouble *out_width, gdouble *out_height);
gboolean rsvg_handle_render_document(RsvgHandle *handle, cairo_t *cr, const RsvgRectangle *viewport, GError **error);
