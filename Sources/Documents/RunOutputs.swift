import Foundation
import Support

/// What each file of a territory run is, as the terminal summary and `run.json` say it: in
/// French (the outputs' own language), and in English for an English terminal.
public enum RunOutputs {
    public static let outputDescriptions: [String: String] = [
        "zones_risque.geojson": "zones scorées, GeoJSON RFC 7946 (WGS 84)",
        "zones_risque.gpkg": "zones scorées, GeoPackage Lambert-93 avec style QGIS",
        "zones_risque.csv": "zones scorées, tableau",
        "dictionnaire_variables.csv": "ce que dit chaque colonne des zones scorées : libellé, unité, description, source",
        "resume.json": "modèle, classes, confrontation CAF, bilan de masse",
        "carte_risque.svg": "carte de l'intensité du risque (couleurs) et des ménages concernés (cercles)",
        "carte_risque.pdf": "la carte du risque à imprimer (A4, polices incluses)",
        "dossier.pdf": "le dossier du comité local à imprimer (A4) : couverture, carte du risque, tournée et calendrier, implantation, une page par commune",
        "couches.gpkg": "toutes les couches du run pour QGIS (zones, arrêts, trajets, points d'accueil, carreaux par temps d'accès), styles des cartes",
        "carte_nonrecours.svg": "carte des ménages concernés (cercles proportionnels)",
        "carte_carreaux.svg": "carte du niveau de vie par carreau de 200 m",
        "rapport.html": "rapport autonome (carte, zones, modèle, sources)",
        "run.json": "entrées et sommes de contrôle, paramètres, versions, durées",
    ]

    /// Every output's usual description, whatever the steps run.
    static let allDescriptions = outputDescriptions.merging(planOutputDescriptions) { a, _ in a }.merging(sitingOutputDescriptions) { a, _ in a }

    /// What an output is, for an English terminal: its French description in the words' table;
    /// a variant the table lacks (a territory's own wording) says the file's usual description.
    public static func englishDescription(of file: String, french: String) -> String {
        if file.hasPrefix("carte_"), file.hasSuffix(".svg"), allDescriptions[file] == nil {
            return Words.text("carte du non-recours estimé d'une prestation (%1$@)", [file.dropFirst(6).dropLast(4)], in: .en)
        }
        let said = Words.text(french, in: .en)
        if said != french { return said }
        return allDescriptions[file].map { Words.text($0, in: .en) } ?? french
    }

    public static let planOutputDescriptions: [String: String] = [
        "tournee/stops.geojson": "arrêts retenus (adresse, créneau, personnes attendues, raison)",
        "tournee/route.geojson": "trajets de chaque journée depuis le dépôt, étape par étape",
        "tournee/plan.csv": "visites de la période, une ligne par demi-journée",
        "tournee/plan.ics": "calendrier des visites (iCalendar, Europe/Paris)",
        "tournee/feuille_passage.csv": "feuille de passage à remplir par l'équipe après chaque demi-journée (personnes rencontrées, démarches, orientations)",
        "tournee/feuille_passage.xlsx": "la feuille de passage en classeur, à remplir",
        "tournee/candidats.csv": "tous les arrêts possibles, retenus ou écartés, avec la raison",
        "tournee/plan.json": "règles, jours de paiement CAF, ménages rencontrés, borne et écart",
        "carte_tournee.svg": "carte du risque avec les arrêts numérotés et les trajets",
        "carte_tournee.pdf": "la carte de la tournée à imprimer (A4, polices incluses)",
    ]

    public static let sitingOutputDescriptions: [String: String] = [
        "implantation/siting.geojson": "points d'accueil existants et sites proposés",
        "implantation/siting.csv": "accès par IRIS : au-delà de 20 et 30 min, temps moyens, IRIS mal desservis",
        "implantation/siting.md": "revue d'implantation en français",
        "carte_acces.svg": "carte des temps d'accès au point d'accueil le plus proche, par carreau habité",
        "implantation/cellules_hors_atteinte.csv": "carreaux qu'aucun lieu candidat ne met à portée",
        "carte_implantation.svg": "carte du risque avec les points d'accueil et les sites proposés",
    ]
}
