import Foundation
import Support

/// A column AllerVers publishes: its French name, the same in every format, with what a
/// planner needs to read it — a French label, the unit, a description and the source. The
/// writers take their columns from here, and every run writes the dictionary
/// (`dictionnaire_variables.csv`, a sheet of the workbooks).
public struct ColumnDefinition: Sendable, Equatable {
    /// The table the column belongs to (`zones_risque`, `arrets`, `sites`…).
    public var table: String
    public var name: String
    public var label: String
    public var unit: String
    public var description: String
    public var source: String

    public init(table: String, name: String, label: String, unit: String, description: String, source: String) {
        self.table = table
        self.name = name
        self.label = label
        self.unit = unit
        self.description = description
        self.source = source
    }
}

/// The columns of the published tables, with their meaning.
public enum ColumnDictionary {
    static let filosofi = "Insee, Filosofi 2019, carreaux de 200 m, répartis sur les zones par AllerVers (surface couverte)"
    static let contours = "IGN – Insee, Contours IRIS"
    static let model = "AllerVers, modèle de risque (Data/models/default.toml) : voir l'article « Le modèle de risque »"

    /// INSEE's Filosofi counts, by INSEE's names (dictionary of the 200 m cells).
    public static let filosofiCounts: [String: (label: String, unit: String)] = [
        "ind": ("Nombre d'individus", "individus"), "men": ("Nombre de ménages", "ménages"),
        "men_pauv": ("Nombre de ménages pauvres (sous le seuil de 60 % du niveau de vie médian)", "ménages"),
        "men_1ind": ("Nombre de ménages d'un seul individu", "ménages"), "men_5ind": ("Nombre de ménages de 5 individus ou plus", "ménages"),
        "men_prop": ("Nombre de ménages propriétaires", "ménages"), "men_fmp": ("Nombre de ménages monoparentaux", "ménages"),
        "ind_snv": ("Somme des niveaux de vie winsorisés des individus", "euros par an"),
        "men_surf": ("Somme de la surface des logements", "m²"), "men_coll": ("Nombre de ménages en logement collectif", "ménages"),
        "men_mais": ("Nombre de ménages en maison", "ménages"), "log_av45": ("Nombre de logements construits avant 1945", "logements"),
        "log_45_70": ("Nombre de logements construits entre 1945 et 1969", "logements"),
        "log_70_90": ("Nombre de logements construits entre 1970 et 1989", "logements"),
        "log_ap90": ("Nombre de logements construits depuis 1990", "logements"),
        "log_inc": ("Nombre de logements dont la date de construction est inconnue", "logements"),
        "log_soc": ("Nombre de logements sociaux", "logements"), "ind_0_3": ("Nombre d'individus de 0 à 3 ans", "individus"),
        "ind_4_5": ("Nombre d'individus de 4 à 5 ans", "individus"), "ind_6_10": ("Nombre d'individus de 6 à 10 ans", "individus"),
        "ind_11_17": ("Nombre d'individus de 11 à 17 ans", "individus"), "ind_18_24": ("Nombre d'individus de 18 à 24 ans", "individus"),
        "ind_25_39": ("Nombre d'individus de 25 à 39 ans", "individus"), "ind_40_54": ("Nombre d'individus de 40 à 54 ans", "individus"),
        "ind_55_64": ("Nombre d'individus de 55 à 64 ans", "individus"), "ind_65_79": ("Nombre d'individus de 65 à 79 ans", "individus"),
        "ind_80p": ("Nombre d'individus de 80 ans ou plus", "individus"),
        "ind_inc": ("Nombre d'individus dont l'âge est inconnu", "individus"),
    ]

    /// The columns of the scored zones table, in its order: identity, the Filosofi counts read,
    /// the indicators, the score, the estimates, each benefit's (`benefits`: id, label, whether
    /// Cafdata counts it), reliability and explanation.
    public static func zones(counts: [String], indicators: [Indicator], benefits: [(id: String, label: String, cafCounted: Bool)])
        -> [ColumnDefinition]
    {
        func column(_ name: String, _ label: String, _ unit: String, _ description: String, _ source: String) -> ColumnDefinition {
            ColumnDefinition(table: "zones_risque", name: name, label: label, unit: unit, description: description, source: source)
        }
        var columns = [
            column(ScoredColumn.code, "Code IRIS", "code", "Code de la zone (IRIS sur 9 caractères, ou code de la zone donnée)", contours),
            column(ScoredColumn.name, "Nom de l'IRIS", "texte", "Nom de la zone", contours),
            column(ScoredColumn.commune, "Code commune", "code", "Code Insee de la commune (5 caractères)", contours),
            column(ScoredColumn.communeName, "Commune", "texte", "Nom de la commune", contours),
        ]
        for name in counts {
            let known = filosofiCounts[name]
            columns.append(
                column(name, known?.label ?? name, known?.unit ?? "nombre", (known?.label ?? name) + " (somme sur la zone, estimée)", filosofi))
        }
        for indicator in indicators {
            let unit = indicator.isShare ? "part (0 à 1)" : (indicator == .density ? "habitants par km²" : "euros par an")
            columns.append(
                column(
                    indicator.columnName, indicator.frenchLabel.prefix(1).uppercased() + indicator.frenchLabel.dropFirst(), unit,
                    "Formé après l'agrégation, à partir des comptes de la zone (jamais par moyenne de rapports de carreaux)", filosofi))
        }
        columns += [
            column(
                ScoredColumn.score, "Score de risque de non-recours", "score (0 à 100)",
                "Intensité du risque, sur une échelle nationale fixe : 50 au niveau national estimé", model),
            column(ScoredColumn.riskClass, "Classe de risque", "classe (1 = la plus faible)", "Classe du score sur la carte", model),
            column(
                ScoredColumn.riskLevel, "Niveau de risque", "texte",
                "La classe en mots : faible, modéré, élevé, très élevé (classes nationales fixes, les mêmes partout : 50 = niveau national), ou son rang parmi les classes propres au territoire",
                model),
            column(
                ScoredColumn.scoreLow, "Score, borne basse", "score (0 à 100)", "Borne basse de l'intervalle du score (secret statistique, incertitudes)", model
            ),
            column(ScoredColumn.scoreHigh, "Score, borne haute", "score (0 à 100)", "Borne haute de l'intervalle du score", model),
            column(
                ScoredColumn.share, "Part de non-recours estimée", "part (0 à 1)",
                "Ménages × prestations non perçues par ménage, telle que le score la lit : taux de pauvreté de la zone × prestations non perçues par ménage pauvre de sa commune (ou de son IRIS quand la CAF donne ses comptes par IRIS)",
                model),
            column(
                ScoredColumn.estimate, "Non-recours estimé", "ménages × prestations",
                "Nombre estimé de prestations non perçues par des ménages qui y ont droit (un ménage privé de deux prestations compte deux fois) ; une prestation sans taux publié compte à son poids (volume_weight du modèle)",
                model),
            column(ScoredColumn.estimateLow, "Non-recours estimé, borne basse", "ménages × prestations", "Borne basse de l'intervalle", model),
            column(ScoredColumn.estimateHigh, "Non-recours estimé, borne haute", "ménages × prestations", "Borne haute de l'intervalle", model),
            column(ScoredColumn.priority, "Priorité", "ménages × prestations", "Non-recours estimé × score / 100 : volume pondéré par l'intensité", model),
        ]
        for benefit in benefits {
            columns += [
                column(
                    ScoredColumn.benefit(benefit.id), "Non-recours estimé : \(benefit.label)", "ménages",
                    "Ménages qui ne perçoivent pas cette prestation alors qu'ils y ont droit (estimation)", model),
                column(
                    ScoredColumn.benefitLow(benefit.id), "Non-recours estimé : \(benefit.label), borne basse", "ménages", "Borne basse de l'intervalle", model),
                column(
                    ScoredColumn.benefitHigh(benefit.id), "Non-recours estimé : \(benefit.label), borne haute", "ménages", "Borne haute de l'intervalle", model),
                column(
                    ScoredColumn.benefitShare(benefit.id), "Part de non-recours : \(benefit.label)", "part (0 à 1)", "Rapporté aux ménages de la zone", model),
            ]
        }
        for benefit in benefits where benefit.cafCounted {
            columns.append(
                column(
                    ScoredColumn.cafRatio(benefit.id), "Rapport CAF : \(benefit.label)", "rapport",
                    "Allocataires payés par la CAF rapportés aux allocataires attendus du modèle, sur la commune ou l'IRIS", "Cnaf, Cafdata ; AllerVers"))
        }
        columns += [
            column(
                ScoredColumn.basis, "Base de l'estimation", "texte",
                "Ce sur quoi repose l'estimation (effectifs CAF de la zone, de la commune, ou modèle seul)", model),
            column(
                ScoredColumn.reliability, "Fiabilité", "texte", "bonne, moyenne, faible, secret (moins de 11 ménages : rien n'est publié) ou hors champ", model),
            column(ScoredColumn.reliabilityNote, "Note sur la fiabilité", "texte", "Pourquoi la fiabilité n'est pas bonne", model),
            column(
                ScoredColumn.explanation, "Explication", "texte", "Les termes qui placent la zone dans sa classe, comparés à sa commune et à la France", model),
        ]
        return columns
    }
}

extension ColumnDictionary {
    static let plan = "AllerVers, plan de tournée (Data/plan.toml et les lieux du territoire) : voir l'article « La tournée »"
    static let siting = "AllerVers, revue d'implantation (temps de trajet et carreaux Filosofi) : voir l'article « La tournée »"

    /// The columns of the outreach and siting tables: the stops (`arrets`, stops.geojson), the
    /// routes (`tournees`, route.geojson), the visits (`visites`, plan.csv), the candidate places
    /// (`candidats`), the sites (`sites`, siting.geojson), the access per IRIS (`acces_iris`,
    /// siting.csv), the cells out of reach and the access layer of couches.gpkg.
    public static let outreach: [ColumnDefinition] = {
        let rows: [(String, String, String, String, String, String)] = [
            ("arrets", "numero", "Numéro de l'arrêt", "numéro", "Numéro de l'arrêt sur la carte de la tournée", plan),
            ("arrets", "nom", "Lieu", "texte", "Nom du lieu où l'équipe s'arrête", plan),
            ("arrets", "adresse", "Adresse", "texte", "Adresse du lieu, telle que la donne la liste des lieux", plan),
            ("arrets", "type", "Type de lieu", "texte", "marché, supermarché, maison de quartier, sortie d'école…", plan),
            ("arrets", "commune", "Commune", "texte", "Commune du lieu (nom et code)", plan),
            ("arrets", "creneau", "Créneau", "texte", "Jour de la semaine, demi-journée et heures de la visite régulière", plan),
            ("arrets", "dates", "Dates", "dates", "Les dates des visites de la période", plan),
            ("arrets", "visites", "Visites", "nombre", "Nombre de visites de la période", plan),
            (
                "arrets", "personnes_par_demi_journee", "Personnes attendues par demi-journée", "personnes",
                "Personnes en non-recours qu'on peut s'attendre à rencontrer par demi-journée (espérance)", plan
            ),
            ("arrets", "menages_a_portee", "Ménages à portée", "ménages", "Ménages en non-recours estimé dans le rayon de l'arrêt", plan),
            ("arrets", "gain_marginal", "Gain de l'arrêt", "personnes", "Personnes rencontrées en plus grâce à cet arrêt, sur la période", plan),
            ("arrets", "raison", "Raison", "texte", "Pourquoi ce lieu a été retenu", plan),
            ("tournees", "date", "Date", "date", "Jour de la tournée", plan),
            ("tournees", "equipe", "Équipe", "numéro", "Numéro de l'équipe (1 quand une seule équipe tourne)", plan),
            ("tournees", "etape", "Étape", "numéro", "Rang de l'étape dans la journée", plan),
            ("tournees", "depart", "Départ", "texte", "Lieu de départ de l'étape (le dépôt ou un arrêt)", plan),
            ("tournees", "arrivee", "Arrivée", "texte", "Lieu d'arrivée de l'étape", plan),
            ("tournees", "arrets", "Arrêts du jour", "texte", "Les arrêts de la journée, dans l'ordre", plan),
            ("tournees", "km", "Distance", "km", "Longueur de l'étape", plan),
            ("tournees", "minutes_trajet", "Temps de trajet", "minutes", "Durée estimée de l'étape", plan),
            ("tournees", "mode_de_calcul", "Mode de calcul", "texte", "Par les rues (extrait OpenStreetMap) ou à vol d'oiseau", plan),
            ("visites", "date", "Date", "date", "Jour de la visite", plan),
            ("visites", "jour", "Jour", "texte", "Jour de la semaine", plan),
            ("visites", "creneau", "Demi-journée", "texte", "matin, après-midi ou soir", plan),
            ("visites", "debut", "Début", "heure", "Heure d'arrivée sur place", plan),
            ("visites", "fin", "Fin", "heure", "Heure de départ", plan),
            ("visites", "equipe", "Équipe", "numéro", "Numéro de l'équipe", plan),
            ("visites", "numero", "Numéro de l'arrêt", "numéro", "Numéro de l'arrêt sur la carte", plan),
            ("visites", "arret", "Lieu", "texte", "Nom du lieu", plan),
            ("visites", "adresse", "Adresse", "texte", "Adresse du lieu", plan),
            ("visites", "type", "Type de lieu", "texte", "marché, supermarché, maison de quartier…", plan),
            ("visites", "evenement", "Événement", "texte", "Événement daté prévu ce jour-là au même lieu", plan),
            ("visites", "longitude", "Longitude", "degrés (WGS 84)", "Position du lieu", plan),
            ("visites", "latitude", "Latitude", "degrés (WGS 84)", "Position du lieu", plan),
            (
                "visites", "personnes_attendues", "Personnes attendues", "personnes",
                "Personnes que l'équipe peut s'attendre à rencontrer dans la demi-journée (espérance, d'après ce que rapportent les équipes pour ce type de lieu)",
                plan
            ),
            (
                "visites", "dont_non_recours", "Dont ménages en non-recours", "ménages",
                "Parmi ces personnes, ménages en non-recours estimé (espérance ; le plan choisit ses arrêts pour en rencontrer le plus)", plan
            ),
            ("visites", "menages_a_portee", "Ménages à portée", "ménages", "Ménages en non-recours estimé dans le rayon du lieu", plan),
            ("candidats", "arret", "Lieu", "texte", "Nom du lieu candidat", plan),
            ("candidats", "adresse", "Adresse", "texte", "Adresse du lieu", plan),
            ("candidats", "type", "Type de lieu", "texte", "marché, supermarché, maison de quartier…", plan),
            ("candidats", "longitude", "Longitude", "degrés (WGS 84)", "Position du lieu", plan),
            ("candidats", "latitude", "Latitude", "degrés (WGS 84)", "Position du lieu", plan),
            (
                "candidats", "personnes_par_demi_journee", "Personnes attendues par demi-journée", "personnes",
                "Espérance de personnes rencontrées par demi-journée (sous minimum_people, le lieu est écarté)", plan
            ),
            (
                "candidats", "dont_non_recours", "Dont ménages en non-recours", "ménages",
                "Parmi ces personnes, ménages en non-recours estimé par demi-journée (espérance)", plan
            ),
            ("candidats", "passages_possibles", "Visites possibles", "nombre", "Visites que le calendrier permet sur la période", plan),
            ("candidats", "menages_a_portee", "Ménages à portée", "ménages", "Ménages en non-recours estimé dans le rayon du lieu", plan),
            ("candidats", "statut", "Statut", "texte", "retenu ou écarté", plan),
            ("candidats", "numero", "Numéro de l'arrêt", "numéro", "Numéro sur la carte, pour un lieu retenu", plan),
            ("candidats", "creneau", "Créneau", "texte", "Créneau régulier d'un lieu retenu", plan),
            ("candidats", "raison", "Raison", "texte", "Pourquoi le lieu est retenu ou écarté", plan),
            ("candidats", "commune", "Commune", "texte", "Commune du lieu", plan),
            (
                "candidats", "a_proximite", "À proximité", "texte",
                "Les lieux à moins de la distance de regroupement (200 m par défaut), réunis en un seul arrêt sous ce nom", plan
            ),
            ("sites", "numero", "Numéro", "numéro", "Numéro du site sur la carte d'implantation", siting),
            ("sites", "nom", "Lieu", "texte", "Nom du point d'accueil existant ou du site proposé", siting),
            ("sites", "type", "Type de lieu", "texte", "CCAS, France Services, accueil CAF, maison de quartier…", siting),
            ("sites", "statut", "Statut", "texte", "existant ou proposé", siting),
            (
                "sites", "menages_seulement_ici", "Ménages desservis par ce seul site", "ménages",
                "Ménages en non-recours estimé qu'aucun autre point d'accueil ne met à portée", siting
            ),
            ("sites", "gain_marginal", "Gain du site proposé", "ménages", "Ménages en non-recours estimé que le site met à portée en plus", siting),
            ("carreaux_acces", "minutes", "Temps d'accès", "minutes", "Temps du carreau au point d'accueil le plus proche", siting),
            ("carreaux_acces", "classe_acces", "Classe de temps d'accès", "classe", "Classe du temps d'accès sur la carte (10, 20, 30, 45 minutes)", siting),
            ("cellules_hors_atteinte", "iris", "IRIS", "code", "IRIS où vit l'essentiel de la population du carreau", siting),
            ("cellules_hors_atteinte", "nom_iris", "Nom de l'IRIS", "texte", "Nom de cet IRIS", siting),
            ("cellules_hors_atteinte", "commune", "Commune", "code Insee", "Commune de cet IRIS", siting),
            ("cellules_hors_atteinte", "nom_commune", "Nom de la commune", "texte", "Nom de la commune", siting),
            (
                "cellules_hors_atteinte", "dans_le_territoire", "Dans le territoire", "oui / non",
                "« non (commune voisine) » : carreau de bord situé surtout dans une commune voisine, listé à part", siting
            ),
            ("cellules_hors_atteinte", "menages_non_recours", "Ménages en non-recours estimé", "ménages", "Ménages en non-recours estimé du carreau", siting),
            (
                "cellules_hors_atteinte", "habitants_du_territoire", "Habitants du territoire", "individus", "Individus du carreau dans les IRIS du territoire",
                filosofi
            ),
            (
                "cellules_hors_atteinte", "minutes_au_point_existant_le_plus_proche", "Temps au point d'accueil le plus proche", "minutes",
                "Temps du carreau au point d'accueil existant le plus proche", siting
            ),
            (
                "cellules_hors_atteinte", "candidat_possible", "Un lieu candidat pourrait l'atteindre", "oui / non",
                "« non » : aucun lieu candidat du territoire n'est à moins de la limite de temps", siting
            ),
            ("cellules_hors_atteinte", "idcar_200m", "Carreau", "code INSPIRE", "Identifiant du carreau de 200 m de l'Insee, pour une jointure SIG", filosofi),
        ]
        return rows.map { ColumnDefinition(table: $0.0, name: $0.1, label: $0.2, unit: $0.3, description: $0.4, source: $0.5) }
    }()

    /// The passage sheet's columns (`feuille_passage`): the planned half-day, then the
    /// columns the team fills in (people met, new ones, procedures started per benefit,
    /// referrals, remarks); `benefits`: the plan's target groups (id, label).
    public static func passageSheet(benefits: [(id: String, label: String)]) -> [ColumnDefinition] {
        let team = "à remplir par l'équipe après la demi-journée"
        var rows: [(String, String, String, String, String)] = [
            ("date", "Date", "date", "Jour de la demi-journée prévue", plan),
            ("jour", "Jour", "texte", "Jour de la semaine", plan),
            ("creneau", "Créneau", "texte", "matin, après-midi ou soir", plan),
            ("debut", "Début", "heure", "Heure d'arrivée prévue", plan),
            ("fin", "Fin", "heure", "Heure de départ prévue", plan),
            ("equipe", "Équipe", "numéro", "Numéro de l'équipe", plan),
            ("numero", "Numéro de l'arrêt", "numéro", "Numéro de l'arrêt sur la carte de la tournée", plan),
            ("arret", "Lieu", "texte", "Nom du lieu où l'équipe s'arrête", plan),
            ("adresse", "Adresse", "texte", "Adresse du lieu", plan),
            ("commune", "Commune", "texte", "Commune du lieu (nom et code)", plan),
            ("personnes_attendues", "Personnes attendues", "personnes", "Personnes que le plan s'attend à voir venir (hypothèse à confronter)", plan),
            ("personnes_rencontrees", "Personnes rencontrées", "personnes", "Personnes venues parler à l'équipe (\(team))", team),
            ("dont_nouvelles", "Dont nouvelles", "personnes", "Parmi elles, celles que l'équipe voyait pour la première fois (\(team))", team),
        ]
        for benefit in benefits {
            rows.append(
                (
                    "demarches_\(benefit.id)", "Démarches engagées : \(benefit.label)", "démarches",
                    "Demandes de \(benefit.label) engagées sur place ou prises en rendez-vous (\(team))", team
                ))
        }
        rows += [
            ("demarches_autres", "Démarches engagées : autres droits", "démarches", "Autres droits ouverts ou demandés (\(team))", team),
            ("orientations", "Orientations", "personnes", "Personnes orientées vers un partenaire (CCAS, CAF, France Services…) (\(team))", team),
            ("remarques", "Remarques", "texte", "Ce que l'équipe a vu : affluence, lieu, météo, à refaire ou non (\(team))", team),
        ]
        return rows.map { ColumnDefinition(table: "feuille_passage", name: $0.0, label: $0.1, unit: $0.2, description: $0.3, source: $0.4) }
    }

    /// The dictionary in the words of a territory's zones: a territory of communes not split
    /// into IRIS reads « Code de la commune » and « Nom de la commune », a mixed one « IRIS ou
    /// commune »; IRIS stay IRIS.
    public static func worded(_ columns: [ColumnDefinition], for wording: ZoneWording) -> [ColumnDefinition] {
        guard wording.kind != .iris else { return columns }
        let commune = wording.kind == .commune
        let code = commune ? "Code de la commune" : "Code de l'IRIS ou de la commune"
        let name = commune ? "Nom de la commune" : "Nom de l'IRIS ou de la commune"
        let codeRule = "IRIS sur 9 caractères ; une commune non découpée en IRIS : son code suivi de 0000, comme dans les Contours IRIS de l'IGN"
        return columns.map { column in
            var column = column
            switch (column.table, column.name) {
            case ("zones_risque", ScoredColumn.code), ("acces_iris", ScoredColumn.code):
                (column.label, column.description) = (code, "Code de la zone (\(codeRule))")
            case ("zones_risque", ScoredColumn.name):
                column.label = name
            case ("acces_iris", ScoredColumn.name):
                (column.label, column.description) = (name, commune ? "Nom de la commune" : "Nom de la zone")
            case ("cellules_hors_atteinte", "iris"):
                (column.label, column.description) = (code, "Zone où vit l'essentiel de la population du carreau (\(codeRule))")
            case ("cellules_hors_atteinte", "nom_iris"):
                (column.label, column.description) = (name, "Nom de cette zone")
            case ("cellules_hors_atteinte", "commune"):
                column.description = "Commune de cette zone"
            case ("cellules_hors_atteinte", "habitants_du_territoire"):
                column.description = "Individus du carreau dans les zones du territoire"
            case ("acces_iris", _):
                let per = commune ? "par commune" : "par IRIS ou commune"
                column.label = column.label.replacingOccurrences(
                    of: "parmi les IRIS mal desservies", with: commune ? "parmi les communes mal desservies" : "parmi les zones mal desservies")
                column.description = column.description.replacingOccurrences(of: "(par IRIS)", with: "(\(per))")
                    .replacingOccurrences(
                        of: "parmi les IRIS mal desservies", with: commune ? "parmi les communes mal desservies" : "parmi les zones mal desservies")
            default: break
            }
            return column
        }
    }

    /// The columns of the access per IRIS table (`acces_iris`, siting.csv), named after the
    /// limits the review uses.
    public static func accessPerIRIS(columns: [String]) -> [ColumnDefinition] {
        columns.map { name in
            let (label, unit): (String, String)
            switch name {
            case ScoredColumn.code: (label, unit) = ("Code IRIS", "code")
            case ScoredColumn.name: (label, unit) = ("Nom de l'IRIS", "texte")
            case ScoredColumn.score: (label, unit) = ("Score de risque de non-recours", "score (0 à 100)")
            case ScoredColumn.riskClass: (label, unit) = ("Classe de risque", "classe")
            case "rang_mal_desservie": (label, unit) = ("Rang parmi les IRIS mal desservies", "rang")
            default:
                let spoken = name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "pied tc", with: "à pied ou en transports")
                let measure = name.hasPrefix("temps") ? "minutes" : (name.hasPrefix("population") ? "individus" : "ménages")
                (label, unit) = (spoken.prefix(1).uppercased() + spoken.dropFirst(), measure)
            }
            return ColumnDefinition(
                table: "acces_iris", name: name, label: label, unit: unit, description: label + " (par IRIS)", source: siting)
        }
    }
}
