import CRSVG
import Cartography
import Foundation
import Support

/// A paper size and orientation for a printed map, and the resolution of a PNG.
public struct PageLayout: Sendable, Equatable {
    public typealias Paper = PaperSize
    public typealias Orientation = PageOrientation

    public var paper: Paper
    public var orientation: Orientation
    /// Pixels per inch of a PNG (a PDF is vector: its resolution is the printer's).
    public var dpi: Double
    /// White margin around the map, in millimetres.
    public var marginMillimetres = MapPageFormat.marginMillimetres

    public init(paper: Paper = .a4, orientation: Orientation = .auto, dpi: Double = 150) {
        self.paper = paper
        self.orientation = orientation
        self.dpi = dpi
    }

    /// The page the map is composed for.
    public var format: MapPageFormat { MapPageFormat(paper: paper, orientation: orientation) }

    /// The page in points for a drawing of the given aspect.
    func page(forWidth width: Double, height: Double) -> (width: Double, height: Double) {
        let portrait = paper.points
        let landscape =
            switch orientation {
            case .auto: width > height
            case .portrait: false
            case .landscape: true
            }
        return landscape ? (portrait.height, portrait.width) : portrait
    }
}

/// Why a map could not be printed.
public struct PrintError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Prints an AllerVers SVG map (title, legend, scale bar, north arrow, sources and date are
/// part of the drawing) on a page, as PDF or PNG, with librsvg and cairo: the same drawing as
/// the SVG, scaled to fit within the margins, fonts embedded in the PDF.
public enum MapPrinter {
    public enum Format: String, Sendable {
        case pdf, png

        /// The format an output path asks for, from its extension.
        public init?(path: String) {
            self.init(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
        }
    }

    /// The printed page's bytes. `title` and `date` (YYYY-MM-DD) go into the PDF's metadata;
    /// the date stands for the creation date so that the same map gives the same bytes.
    public static func render(svg: String, format: Format, layout: PageLayout, title: String, date: String) throws(PrintError) -> Data {
        let handle = try SVGHandle(svg)
        let (drawingWidth, drawingHeight) = handle.size
        let page = layout.page(forWidth: drawingWidth, height: drawingHeight)
        let margin = layout.marginMillimetres / 25.4 * 72
        let pixelsPerPoint = format == .png ? layout.dpi / 72 : 1
        let surfaceWidth = page.width * pixelsPerPoint, surfaceHeight = page.height * pixelsPerPoint
        let sink = ByteSink()
        let surface: OpaquePointer?
        switch format {
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), page.width, page.height)
            if let surface {
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "AllerVers")
                cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date + "T00:00:00")
            }
        case .png:
            guard surfaceWidth * surfaceHeight <= 400_000_000 else {
                throw PrintError(
                    words("une page de %1$@ × %2$@ pixels est trop grande : baissez la résolution (--dpi)", Int(surfaceWidth), Int(surfaceHeight)))
            }
            surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(surfaceWidth.rounded()), Int32(surfaceHeight.rounded()))
        }
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            if let surface { cairo_surface_destroy(surface) }
            throw PrintError(words("cairo n'a pas pu créer la page"))
        }
        defer { cairo_surface_destroy(surface) }
        guard let context = cairo_create(surface) else { throw PrintError(words("cairo n'a pas pu dessiner sur la page")) }
        defer { cairo_destroy(context) }
        cairo_scale(context, pixelsPerPoint, pixelsPerPoint)
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        try draw(handle, on: context, page: page, margin: margin)
        cairo_show_page(context)
        if format == .png {
            cairo_surface_flush(surface)
            let status = cairo_surface_write_to_png_stream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
            guard status == CAIRO_STATUS_SUCCESS else {
                throw PrintError(
                    words("cairo n'a pas pu encoder le PNG : %1$@", String(cString: cairo_status_to_string(status))))
            }
        }
        try finish(surface, what: words("la page"))
        return sink.data
    }
}

extension MapPrinter {
    /// A printed dossier: one PDF page per SVG drawing, on A4 in the orientation that suits
    /// each drawing, fonts embedded (subsets) by cairo. `date` (YYYY-MM-DD) stands for the
    /// creation date, so that the same pages give the same bytes.
    public static func document(pages: [String], title: String, date: String) throws(PrintError) -> Data {
        guard !pages.isEmpty else { throw PrintError(words("un dossier sans page")) }
        let handles = try pages.map { svg throws(PrintError) in try SVGHandle(svg) }
        let layout = PageLayout(paper: .a4, orientation: .auto)
        let margin = layout.marginMillimetres / 25.4 * 72
        let sink = ByteSink()
        let first = layout.page(forWidth: handles[0].size.width, height: handles[0].size.height)
        guard let surface = cairo_pdf_surface_create_for_stream(ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), first.width, first.height),
            cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { throw PrintError(words("cairo n'a pas pu créer le dossier")) }
        defer { cairo_surface_destroy(surface) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "AllerVers")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date + "T00:00:00")
        guard let context = cairo_create(surface) else { throw PrintError(words("cairo n'a pas pu dessiner sur la page")) }
        defer { cairo_destroy(context) }
        for handle in handles {
            let (drawingWidth, drawingHeight) = handle.size
            let page = layout.page(forWidth: drawingWidth, height: drawingHeight)
            cairo_pdf_surface_set_size(surface, page.width, page.height)
            cairo_set_source_rgb(context, 1, 1, 1)
            cairo_paint(context)
            try draw(handle, on: context, page: page, margin: margin)
            cairo_show_page(context)
        }
        try finish(surface, what: words("le dossier"))
        return sink.data
    }
}

extension MapPrinter {
    /// Draws a drawing scaled to fit within the page's margins, centred.
    static func draw(_ handle: SVGHandle, on context: OpaquePointer, page: (width: Double, height: Double), margin: Double) throws(PrintError) {
        let (drawingWidth, drawingHeight) = handle.size
        let fit = min((page.width - 2 * margin) / drawingWidth, (page.height - 2 * margin) / drawingHeight)
        var viewport = RsvgRectangle(
            x: (page.width - drawingWidth * fit) / 2, y: (page.height - drawingHeight * fit) / 2, width: drawingWidth * fit, height: drawingHeight * fit)
        try handle.render(on: context, viewport: &viewport)
    }

    /// Finishes a surface; a failure names what was being printed.
    static func finish(_ surface: OpaquePointer, what: String) throws(PrintError) {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PrintError(
                words("cairo n'a pas pu terminer %1$@ : %2$@", what, String(cString: cairo_status_to_string(status))))
        }
    }
}

/// An SVG parsed by librsvg; the handle is released with the value.
final class SVGHandle {
    let handle: OpaquePointer

    init(_ svg: String) throws(PrintError) {
        var error: UnsafeMutablePointer<GError>?
        let bytes = Array(svg.utf8)
        let made = bytes.withUnsafeBufferPointer { rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }
        guard let made else {
            throw PrintError(words("librsvg n'a pas pu lire la carte : %1$@", Self.message(error)))
        }
        handle = made
        // CSS pixels at 96 per inch, as browsers and the SVG specification count them.
        rsvg_handle_set_dpi(handle, 96)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    /// The drawing's size in points (its CSS pixels at 96 per inch).
    var size: (width: Double, height: Double) {
        var width = 0.0, height = 0.0
        guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0 else { return (842, 595) }
        return (width * 72 / 96, height * 72 / 96)
    }

    func render(on context: OpaquePointer, viewport: inout RsvgRectangle) throws(PrintError) {
        var error: UnsafeMutablePointer<GError>?
        guard rsvg_handle_render_document(handle, context, &viewport, &error) != 0 else {
            throw PrintError(words("librsvg n'a pas pu dessiner la carte : %1$@", Self.message(error)))
        }
    }

    static func message(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "unknown error" }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    }
}

/// Collects the bytes cairo writes to a stream.
final class ByteSink {
    var data = Data()

    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}
