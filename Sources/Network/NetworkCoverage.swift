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
                fr(
                    "l'extrait de rues n'atteint aucun des \(what) (aucun à moins de \(Int(model.graph.profile.snapLimitMetres)) m d'une rue utilisable) : un extrait d'une autre région ?",
                    en:
                        "the street extract does not reach any of the \(what) (none within \(Int(model.graph.profile.snapLimitMetres)) m of a usable street): an extract of another area?"
                )
            )
        }
        if off > 0 {
            FileHandle.standardError.write(
                Data(
                    fr(
                        "attention : \(off) sur \(points.count) (\(what)) à plus de \(Int(model.graph.profile.snapLimitMetres)) m d'une rue utilisable : « hors réseau », sans temps de trajet (\(path))\n",
                        en:
                            "warning: \(off) of \(points.count) (\(what)) more than \(Int(model.graph.profile.snapLimitMetres)) m from a usable street: « off the network », no travel time (\(path))\n"
                    ).utf8
                ))
        }
    }
}
