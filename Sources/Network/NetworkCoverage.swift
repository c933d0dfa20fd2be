import Foundation
import GeometryCore
import Inputs
import Support

/// Checks that an extract covers the points it must serve: an extract of another region is an
/// error, a partial one a warning naming how many points are off the network.
public enum NetworkCoverage {
    public static func check(model: StreetTravel, points: [Point], path: String, what: String) throws {
        guard !points.isEmpty else { return }
        let distances = model.accessDistances(points)
        let off = distances.filter { $0 == nil }.count
        if off == points.count {
            throw InputError(
                file: path,
                words(
                    "l'extrait de rues n'atteint aucun des %1$@ (aucun à moins de %2$@ m d'une rue utilisable) : un extrait d'une autre région ?", what,
                    Int(model.graph.profile.snapLimitMetres))
            )
        }
        if off > 0 {
            FileHandle.standardError.write(
                Data(
                    words(
                        "attention : %1$@ sur %2$@ (%3$@) à plus de %4$@ m d'une rue utilisable : « hors réseau », sans temps de trajet (%5$@)\n", off,
                        points.count, what, Int(model.graph.profile.snapLimitMetres), path
                    ).utf8
                ))
        }
    }
}
