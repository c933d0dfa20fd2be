import Foundation
import Support

extension SVGMap {
    func scaleBar(scale: Double, x: Double, y: Double) -> String {
        // A round length near a fifth of the map's width.
        let target = (style.width - style.legendWidth - 3 * style.margin) / 5 / scale
        let magnitude = pow(10, floor(log10(max(target, 1))))
        let length = [1.0, 2, 5, 10].map { $0 * magnitude }.last { $0 <= target } ?? magnitude
        let width = length * scale
        let label = length >= 1000 ? "\(FrenchNumber.integer(length / 1000)) km" : "\(FrenchNumber.integer(length)) m"
        return """
            <g id="echelle" font-size="\(n(style.legendSize))" fill="\(style.textColor)"><rect x="\(n(x))" y="\(n(y))" width="\(n(width / 2))" height="5" fill="\(style.textColor)"/><rect x="\(n(x + width / 2))" y="\(n(y))" width="\(n(width / 2))" height="5" fill="#ffffff" stroke="\(style.textColor)" stroke-width="0.8"/><text x="\(n(x))" y="\(n(y + 18))">0</text><text x="\(n(x + width))" y="\(n(y + 18))" text-anchor="middle">\(label)</text></g>

            """
    }

    func northArrow(x: Double, y: Double) -> String {
        """
        <g id="nord" fill="\(style.textColor)"><path d="M\(n(x)) \(n(y))L\(n(x + 8)) \(n(y + 24))L\(n(x)) \(n(y + 18))L\(n(x - 8)) \(n(y + 24))Z"/><text x="\(n(x))" y="\(n(y + 38))" font-size="\(n(style.legendSize))" text-anchor="middle">N</text></g>

        """
    }
}
