import Foundation

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

    /// What each output is, for an English terminal (`outputDescriptions` and its siblings in French).
    public static func englishDescription(of file: String) -> String? {
        if file.hasPrefix("carte_"), file.hasSuffix(".svg"), englishDescriptions[file] == nil {
            return "map of the estimated non-take-up of one benefit (\(file.dropFirst(6).dropLast(4)))"
        }
        return englishDescriptions[file]
    }

    static let englishDescriptions: [String: String] = [
        "zones_risque.geojson": "scored zones, GeoJSON RFC 7946 (WGS 84)",
        "zones_risque.gpkg": "scored zones, Lambert-93 GeoPackage with a QGIS style",
        "zones_risque.csv": "scored zones, table",
        "dictionnaire_variables.csv": "what each column of the scored zones says: label, unit, description, source",
        "resume.json": "model, classes, CAF confrontation, mass accounting",
        "carte_risque.svg": "map of the risk's intensity (colours) and of the households concerned (circles)",
        "carte_risque.pdf": "the risk map to print (A4, fonts embedded)",
        "couches.gpkg": "every layer of the run for QGIS (zones, stops, routes, reception points, cells by access time), with the maps' styles",
        "carte_nonrecours.svg": "map of the households concerned (proportional circles)",
        "carte_carreaux.svg": "map of the standard of living per 200 m cell",
        "rapport.html": "self-contained report (map, zones, model, sources)",
        "run.json": "inputs and checksums, parameters, versions, durations",
        "tournee/stops.geojson": "chosen stops (address, slot, people expected, reason)",
        "tournee/route.geojson": "each day's route from the depot, leg by leg",
        "tournee/plan.csv": "visits of the period, one row per half-day",
        "tournee/plan.ics": "calendar of the visits (iCalendar, Europe/Paris)",
        "tournee/feuille_passage.csv": "passage sheet the team fills in after each half-day (people met, procedures, referrals)",
        "tournee/feuille_passage.xlsx": "the passage sheet as a workbook, to fill in",
        "tournee/candidats.csv": "every possible stop, chosen or set aside, with the reason",
        "tournee/plan.json": "rules, CAF pay days, households met, bound and gap",
        "carte_tournee.svg": "risk map with the numbered stops and the routes",
        "carte_tournee.pdf": "the outreach map to print (A4, fonts embedded)",
        "implantation/siting.geojson": "existing reception points and proposed sites",
        "implantation/siting.csv": "access per IRIS: beyond 20 and 30 min, mean times, poorly served IRIS",
        "implantation/siting.md": "siting review, in French",
        "carte_acces.svg": "map of the access time to the nearest reception point, per populated cell",
        "implantation/cellules_hors_atteinte.csv": "cells that no candidate place brings within reach",
        "carte_implantation.svg": "risk map with the reception points and the proposed sites",
    ]

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
