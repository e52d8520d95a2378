# The norm below is a table, one ambition per call, its Dutch texts written out whole.
# ruff: noqa: E501
"""Write a synthetic national norm repository, for the benchmark (bench/bench.py).

    python bench/make_national.py OUT_DIR [--seed N]

The repository is valid per spec/data-format.md (`flevonorm validate --root OUT_DIR` exits
0), with what draws warnings in real data too: a few partners without a file in a round, a
few ambitions left out of a file, a few items left out of an ambition. Its shape is that of a
national roll-out: 342 municipalities, 12 provinces and the 21 water boards (375 partners),
12 rounds twice a year from 2020 to 2025, all under one adopted norm version "1.0" of 40
ambitions in 5 themes, some with items (some items narrowing their ambition's kinds). Each
partner's statuses improve from round to round, with notes, evidence and next steps in
Dutch of the length coordinators write. About 4,500 files and 24 MB.

The same seed gives the same bytes (on the same Python version): every random choice comes
from a generator seeded with the seed and the names of what it decides, so a choice does not
shift when another is added (str seeds hash the same in every process).
Municipality names are made up; provinces and water boards are the real ones.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MUNICIPALITY_COUNT = 342
YEARS = range(2020, 2026)

PROVINCES = [
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
]

WATER_BOARDS = [
    "Wetterskip Fryslân",
    "Waterschap Noorderzijlvest",
    "Waterschap Hunze en Aa's",
    "Waterschap Drents Overijsselse Delta",
    "Waterschap Vechtstromen",
    "Waterschap Zuiderzeeland",
    "Waterschap Vallei en Veluwe",
    "Waterschap Rijn en IJssel",
    "Hoogheemraadschap De Stichtse Rijnlanden",
    "Waterschap Amstel, Gooi en Vecht",
    "Hoogheemraadschap Hollands Noorderkwartier",
    "Hoogheemraadschap van Rijnland",
    "Hoogheemraadschap van Delfland",
    "Hoogheemraadschap van Schieland en de Krimpenerwaard",
    "Waterschap Hollandse Delta",
    "Waterschap Scheldestromen",
    "Waterschap Brabantse Delta",
    "Waterschap De Dommel",
    "Waterschap Aa en Maas",
    "Waterschap Limburg",
    "Waterschap Rivierenland",
]

# Made-up municipality names: a first part and a second part, as Dutch place names go.
NAME_STARTS = [
    "Aal", "Ber", "Bos", "Bree", "Brug", "Dal", "Dor", "Eem", "Ekel", "Eng", "Gel", "Gra",
    "Ham", "Har", "Heer", "Hel", "Hol", "Hoorn", "Kam", "Kol", "Lan", "Lier", "Lin", "Mar",
    "Mid", "Moer", "Ned", "Nij", "Olde", "Oos", "Ot", "Ree", "Rijs", "Roo", "Schaar", "Sle",
    "Steen", "Ter", "Valk", "Veen", "Vlie", "Vos", "Waal", "Wes", "Wier", "Wil", "Zand", "Zwa",
]  # fmt: skip
NAME_ENDS = [
    "beek", "berg", "broek", "dam", "dijk", "dorp", "drecht", "gein", "haven", "horst",
    "hoven", "huizen", "kerk", "land", "lo", "meer", "oord", "rade", "sloot", "terp", "veld",
    "voorde", "waarde", "wijk", "zande", "zijl",
]  # fmt: skip
NAME_PREFIXES = ["", "", "", "", "", "Nieuw-", "Oud-", "Groot-", "Hoog-"]

ROLES = [
    "Coördinator ondermijning",
    "Adviseur openbare orde en veiligheid",
    "Beleidsadviseur integrale veiligheid",
    "Programmamanager weerbaar bestuur",
    "Teamleider veiligheid",
    "Integriteitscoördinator",
    "Strategisch adviseur bestuurszaken",
]

KINDS = ("municipality", "province", "water_board")
MUNICIPAL = ("municipality",)
LOCAL_AND_PROVINCIAL = ("municipality", "province")
PUBLIC_BODIES = ("municipality", "province", "water_board")
EVERY_KIND = ("municipality", "province", "water_board", "police", "prosecution")

DUTCH_STATUS = {
    "achieved": "behaald",
    "partial": "deels",
    "not_achieved": "niet_behaald",
    "not_applicable": "nvt",
}


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    applies_to: tuple[str, ...] | None = None  # None: the ambition's kinds


@dataclass(frozen=True)
class Ambition:
    id: str
    text: str
    applies_to: tuple[str, ...] | None  # None: every kind (the spec's default)
    subject: str  # "Het intern meldpunt", for notes: "<subject> is <done>"
    done: str  # a participle: "ingericht"
    step: str  # what a partner plans next
    evidence: str  # the kind of document that shows it
    short: str | None = None
    group: str | None = None
    items: tuple[Item, ...] = ()
    not_applicable: str | None = None  # why it may not apply to some partners

    def kinds(self) -> tuple[str, ...]:
        return self.applies_to or EVERY_KIND

    def items_for(self, kind: str) -> list[Item]:
        return [item for item in self.items if kind in (item.applies_to or self.kinds())]


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    ambitions: tuple[Ambition, ...]


A = Ambition
THEMES = (
    Theme(
        "1",
        "Bewustwording bij bestuur en ambtelijke organisatie",
        (
            A("1.1", "De partners besteden periodiek aandacht aan ondermijning binnen de eigen organisatie", PUBLIC_BODIES,
              "Aandacht voor ondermijning in het managementteam", "geborgd",
              "Ondermijning als vast agendapunt opnemen in het managementoverleg", "MT-verslag",
              short="Periodieke aandacht"),
            A("1.2", "De gemeenten participeren actief in integrale communicatie binnen casuïstiek, thema's en fenomenen", MUNICIPAL,
              "Deelname aan de districtelijke werkgroep en de RIEC-casusoverleggen", "geregeld",
              "Vaste vertegenwoordiger aanwijzen voor de districtelijke werkgroep", "Deelnemerslijst districtelijke werkgroep"),
            A("1.3", "Ondermijning is opgenomen in het integrale veiligheidsplan en de aanpak is uitgewerkt in een uitvoeringsplan", MUNICIPAL,
              "De aanpak van ondermijning in het integraal veiligheidsplan", "uitgewerkt",
              "Uitvoeringsplan ondermijning ter vaststelling aan het college voorleggen", "Integraal veiligheidsplan",
              short="Veiligheidsplan",
              items=(Item("1.3.1", "Ondermijning is een prioriteit in het integraal veiligheidsplan"),
                     Item("1.3.2", "Er is een vastgesteld uitvoeringsplan ondermijning"),
                     Item("1.3.3", "De raad ontvangt jaarlijks een voortgangsrapportage"))),
            A("1.4", "Indien er sprake is van casuïstiek wordt dit besproken in de Lokale Driehoek", MUNICIPAL,
              "Bespreking van casuïstiek in de Lokale Driehoek", "geregeld",
              "Casuïstiek ondermijning als vast agendapunt van de Lokale Driehoek", "Agenda Lokale Driehoek"),
            A("1.5", "Het bestuur ontvangt jaarlijks een actueel ondermijningsbeeld van het eigen gebied", LOCAL_AND_PROVINCIAL,
              "Het jaarlijkse ondermijningsbeeld voor het bestuur", "opgesteld",
              "Ondermijningsbeeld laten opstellen met het RIEC", "Ondermijningsbeeld RIEC",
              short="Ondermijningsbeeld"),
            A("1.6", "Minimaal één keer per bestuursperiode wordt een dilemmasessie over ondermijning gehouden voor het bestuur en de volksvertegenwoordiging", PUBLIC_BODIES,
              "De dilemmasessie voor bestuur en volksvertegenwoordiging", "gehouden",
              "Dilemmasessie plannen in overleg met de griffie", "Uitnodiging dilemmasessie",
              short="Dilemmasessie"),
            A("1.7", "Medewerkers met een publieksfunctie kennen de signalen van ondermijning en weten waar ze die melden", None,
              "De e-learning signalen van ondermijning voor medewerkers met een publieksfunctie", "afgerond",
              "E-learning signalen van ondermijning opnemen in het inwerkprogramma", "Deelnameoverzicht e-learning",
              short="Signalen herkennen"),
            A("1.8", "De gemeente informeert inwoners en ondernemers over de signalen van ondermijning en de meldmogelijkheden", MUNICIPAL,
              "De voorlichting aan inwoners en ondernemers", "uitgevoerd",
              "Campagne over signalen van ondermijning met de ondernemersvereniging", "Campagneplan"),
        ),
    ),
    Theme(
        "2",
        "Organisatie inrichting en informatiehuishouding",
        (
            A("2.1", "De partners hebben minimaal een intern meldpunt voor signalen van ondermijning", None,
              "Het intern meldpunt voor signalen van ondermijning", "ingericht",
              "Meldroute vastleggen en bekendmaken op intranet", "Intranetpagina meldpunt ondermijning",
              short="Intern meldpunt"),
            A("2.2", "Alle gemeenten zijn aangesloten op Meld Misdaad Anoniem", MUNICIPAL,
              "De aansluiting op Meld Misdaad Anoniem", "geregeld",
              "Samenwerkingsovereenkomst met Meld Misdaad Anoniem afsluiten", "Samenwerkingsovereenkomst Meld Misdaad Anoniem",
              short="Meld Misdaad Anoniem"),
            A("2.3", "Elke gemeente heeft een lokaal ondermijningsoverleg met politie en de operationeel coördinator van het RIEC", MUNICIPAL,
              "Het lokaal ondermijningsoverleg", "ingericht",
              "Frequentie van het lokaal ondermijningsoverleg afspreken met politie en RIEC", "Verslag lokaal ondermijningsoverleg",
              short="Lokaal overleg"),
            A("2.4", "Er is een ondermijningscoördinator aangesteld met voldoende uren en mandaat", LOCAL_AND_PROVINCIAL,
              "De functie van ondermijningscoördinator", "ingevuld",
              "Vacature ondermijningscoördinator openstellen", "Functiebeschrijving coördinator ondermijning"),
            A("2.5", "De partner neemt deel aan het RIEC en deelt informatie op basis van een convenant", PUBLIC_BODIES,
              "De deelname aan het RIEC en de gegevensdeling", "geregeld",
              "Privacyprotocol voor gegevensdeling laten toetsen door de FG", "RIEC-convenant",
              short="RIEC en gegevensdeling",
              items=(Item("2.5.1", "Het RIEC-convenant is ondertekend"),
                     Item("2.5.2", "Er is een privacyprotocol voor de gegevensdeling"),
                     Item("2.5.3", "Aansluiting op het Informatieknooppunt Ondermijning", MUNICIPAL))),
            A("2.6", "De gemeente heeft een actueel ondermijningsbeeld van wijken, bedrijventerreinen en buitengebied", MUNICIPAL,
              "Het lokale ondermijningsbeeld", "opgesteld",
              "Bedrijventerreinen en buitengebied meenemen in de volgende analyse", "Analyse lokaal ondermijningsbeeld"),
            A("2.7", "Signalen worden geregistreerd in een beveiligd systeem met een vastgelegde bewaartermijn", LOCAL_AND_PROVINCIAL,
              "De registratie van signalen in een beveiligd systeem", "geregeld",
              "Registratiesysteem aanbesteden en bewaartermijnen vastleggen", "Registratieprotocol signalen"),
            A("2.8", "De gemeente wisselt via het RIEC informatie uit met de Belastingdienst en het OM", MUNICIPAL,
              "De informatie-uitwisseling met Belastingdienst en OM", "geregeld",
              "Werkafspraken over informatie-uitwisseling vastleggen met het RIEC", "Werkafspraken RIEC"),
        ),
    ),
    Theme(
        "3",
        "Bestuurlijk instrumentarium",
        (
            A("3.1", "De gemeenten hebben ondermijningsartikelen opgenomen in de APV en stemmen die districtelijk af", MUNICIPAL,
              "De ondermijningsartikelen in de APV", "opgenomen",
              "Raadsvoorstel APV-wijziging voorbereiden", "APV, raadsbesluit", group="APV"),
            A("3.2", "De APV bevat in ieder geval de volgende ondermijningsartikelen:", MUNICIPAL,
              "De set ondermijningsartikelen in de APV", "compleet",
              "Ontbrekende artikelen meenemen in de eerstvolgende APV-wijziging", "APV, raadsbesluit",
              short="APV-artikelen", group="APV",
              items=(Item("3.2.1", "Sluiting van voor het publiek toegankelijke gebouwen"),
                     Item("3.2.2.A", "Exploitatievergunning met eis 'niet van slecht levensgedrag' voor horeca-inrichtingen"),
                     Item("3.2.2.B", "Exploitatievergunning met eis 'niet van slecht levensgedrag' voor seks- en escortbedrijven"),
                     Item("3.2.2.C", "Exploitatievergunning met eis 'niet van slecht levensgedrag' voor speelautomatenhallen"),
                     Item("3.2.3", "Vergunningsplicht voor branches, gebieden en gebouwen met een malafide ondernemersklimaat"),
                     Item("3.2.4", "Evenementvergunning met nadere regels voor vechtsportevenementen"),
                     Item("3.2.5", "Verbod op zichtbare uitingen van verboden organisaties"))),
            A("3.3", "Minimaal één keer per jaar evalueren de gemeenten samen de inzet van het bestuurlijk instrumentarium", MUNICIPAL,
              "De jaarlijkse evaluatie van het bestuurlijk instrumentarium", "uitgevoerd",
              "Evaluatie instrumentarium agenderen in het districtelijk overleg", "Verslag evaluatie instrumentarium", group="APV"),
            A("3.4", "De partners hebben geactualiseerd Bibob-beleid", PUBLIC_BODIES,
              "Het Bibob-beleid", "geactualiseerd",
              "Geactualiseerde Bibob-beleidslijn ter vaststelling voorleggen", "Bibob-beleidslijn",
              short="Bibob-beleid", group="Bibob"),
            A("3.5", "De volgende branches zijn minimaal opgenomen in het Bibob-beleid:", PUBLIC_BODIES,
              "De reikwijdte van het Bibob-beleid", "compleet",
              "Ontbrekende branches toevoegen bij de actualisatie van het Bibob-beleid", "Bibob-beleidslijn",
              short="Bibob-branches", group="Bibob",
              items=(Item("3.5.A", "Alcoholwet", MUNICIPAL),
                     Item("3.5.B", "Omgevingsvergunningen"),
                     Item("3.5.C", "Speelautomatenvergunningen en kansspelen", MUNICIPAL),
                     Item("3.5.D", "Coffeeshops", MUNICIPAL),
                     Item("3.5.E", "Prostitutie, escort en seksinrichtingen", MUNICIPAL),
                     Item("3.5.F", "Vechtsportevenementen", MUNICIPAL),
                     Item("3.5.G", "Subsidieaanvragen"),
                     Item("3.5.H", "Vastgoedtransacties"),
                     Item("3.5.I", "Overheidsopdrachten"))),
            A("3.6", "De partners hebben Bibob-medewerkers in dienst die voldoende toegerust zijn voor de uitvoering van het Bibob-beleid", PUBLIC_BODIES,
              "De bezetting van het Bibob-team", "op orde",
              "Opleiding Bibob voor nieuwe medewerkers via het RIEC", "Opleidingsoverzicht Bibob", group="Bibob"),
            A("3.7", "Gemeenten hebben geactualiseerd Damoclesbeleid (Opiumwet 13b) en voeren het consequent uit", MUNICIPAL,
              "Het Damoclesbeleid", "geactualiseerd",
              "Beleidsregel Opiumwet 13b actualiseren na de nieuwe jurisprudentie", "Beleidsregel Opiumwet 13b",
              short="Damoclesbeleid", group="Opiumwet (Wet Damocles)"),
            A("3.8", "De partners hebben toezichthouders of boa's met de signalerende rol bij ondermijning in hun takenpakket", PUBLIC_BODIES,
              "De signalerende rol van toezichthouders en boa's", "vastgelegd",
              "Opleiding signaleren van ondermijning voor toezichthouders en boa's", "Takenpakket toezicht en handhaving",
              short="Toezicht signaleert", group="Handhaving"),
            A("3.9", "De gemeenten zijn in staat monodisciplinaire controles uit te voeren in de aanpak van ondermijning", MUNICIPAL,
              "De uitvoering van monodisciplinaire controles", "geregeld",
              "Controleprotocol bedrijfspanden opstellen", "Controleprotocol", group="Handhaving"),
            A("3.10", "De boa's met ondermijning in hun takenpakket ondersteunen proactief de boa's van andere gemeenten", MUNICIPAL,
              "De proactieve ondersteuning van boa's van andere gemeenten", "georganiseerd",
              "Uitwisselingsprogramma boa's opzetten met de districtelijke werkgroep", "Afsprakenkader uitwisseling boa's",
              group="Handhaving"),
        ),
    ),
    Theme(
        "4",
        "De integriteit van de organisatie",
        (
            A("4.1", "De partners benoemen kwetsbare functies en screenen de medewerkers in die functies", None,
              "De screening in kwetsbare functies", "geregeld",
              "Lijst kwetsbare functies actualiseren met HR", "Lijst kwetsbare functies",
              short="Kwetsbare functies",
              items=(Item("4.1.1", "Kwetsbare functies zijn benoemd"),
                     Item("4.1.2", "Medewerkers in kwetsbare functies overhandigen een VOG bij indiensttreding"),
                     Item("4.1.3", "De VOG wordt iedere twee jaar herhaald"))),
            A("4.2", "De partners screenen (nieuwe) medewerkers in het veiligheidsdomein ook naast de VOG gedegen", None,
              "De aanvullende screening in het veiligheidsdomein", "geregeld",
              "Besluit over de partij die de aanvullende screening verzorgt", "Screeningsprotocol"),
            A("4.3", "Binnen functies die kwetsbaar zijn voor integriteitsschendingen wordt gewerkt met het vier-ogen-principe", None,
              "Het vier-ogen-principe in kwetsbare functies", "ingevoerd",
              "Vier-ogen-principe vastleggen in de werkprocessen", "Procesbeschrijving vier-ogen-principe",
              short="Vier ogen"),
            A("4.4", "De agenda's van bestuur en volksvertegenwoordiging worden gescreend op mogelijke integriteitsvraagstukken", PUBLIC_BODIES,
              "De screening van de bestuurlijke agenda's", "ingevoerd",
              "Werkwijze agendascreening afspreken met de griffie", "Werkinstructie agendascreening"),
            A("4.5", "Minimaal één keer per jaar wordt op ambtelijk en bestuurlijk niveau aandacht besteed aan integriteit", None,
              "De jaarlijkse aandacht voor integriteit", "geborgd",
              "Integriteitsbijeenkomst voor medewerkers en bestuurders plannen", "Programma integriteitsbijeenkomst"),
            A("4.6", "Kandidaat-bestuurders worden vóór hun benoeming getoetst op integriteitsrisico's", PUBLIC_BODIES,
              "De integriteitstoets voor kandidaat-bestuurders", "ingevoerd",
              "Integriteitstoets laten uitvoeren door een extern bureau", "Protocol integriteitstoets",
              short="Toets bestuurders"),
            A("4.7", "Er is een meldregeling voor vermoedens van misstanden en een vertrouwenspersoon integriteit", None,
              "De meldregeling en de vertrouwenspersoon", "ingericht",
              "Vertrouwenspersoon integriteit aanwijzen", "Meldregeling vermoeden van een misstand"),
            A("4.8", "Integriteitsschendingen worden geregistreerd en jaarlijks geanonimiseerd gerapporteerd", None,
              "De registratie van integriteitsschendingen", "geregeld",
              "Jaarrapportage integriteit opnemen in het jaarverslag", "Jaarverslag integriteit"),
        ),
    ),
    Theme(
        "5",
        "Weerbaarheid van gebied en economie",
        (
            A("5.1", "De partners onderzoeken hun eigen vastgoed en gronden op ondermijnend gebruik", PUBLIC_BODIES,
              "De vastgoedscan van het eigen bezit", "uitgevoerd",
              "Vastgoedscan laten uitvoeren met het RIEC", "Rapportage vastgoedscan",
              short="Eigen vastgoed"),
            A("5.2", "Er zijn afspraken over het melden en opruimen van drugsafval in het buitengebied", PUBLIC_BODIES,
              "De aanpak van drugsafval in het buitengebied", "geregeld",
              "Afspraken over opruimkosten maken met de provincie en het waterschap", "Convenant drugsafval",
              short="Drugsafval",
              items=(Item("5.2.1", "Er is een meldroute voor drugsafval"),
                     Item("5.2.2", "Er zijn afspraken over het opruimen en de kosten"),
                     Item("5.2.3", "Agrariërs en terreineigenaren krijgen voorlichting", MUNICIPAL))),
            A("5.3", "De gemeente stimuleert weerbaar ondernemen, onder meer via het Keurmerk Veilig Ondernemen", MUNICIPAL,
              "Het programma weerbaar ondernemen", "gestart",
              "Bedrijventerreinen benaderen voor het Keurmerk Veilig Ondernemen", "Deelnemers Keurmerk Veilig Ondernemen"),
            A("5.4", "De gemeente heeft zicht op de coffeeshops en de bevoorrading daarvan", MUNICIPAL,
              "Het toezicht op de coffeeshops", "geregeld",
              "Controles coffeeshops opnemen in het handhavingsprogramma", "Handhavingsprogramma",
              not_applicable="Er zijn geen coffeeshops in de gemeente; het nulbeleid blijft van kracht."),
            A("5.5", "Havens en jachthavens worden gecontroleerd op ondermijnende activiteiten", PUBLIC_BODIES,
              "Het toezicht op havens en jachthavens", "geregeld",
              "Gezamenlijke havencontroles afspreken met politie en douane", "Controleplan havens",
              short="Havens",
              not_applicable="Binnen het eigen gebied ligt geen haven of jachthaven waarop toezicht nodig is."),
            A("5.6", "Vakantieparken worden integraal gecontroleerd en er is zicht op permanente bewoning", LOCAL_AND_PROVINCIAL,
              "De integrale controle van vakantieparken", "uitgevoerd",
              "Vakantieparken opnemen in de integrale controles", "Verslag integrale controle vakantieparken",
              short="Vakantieparken",
              not_applicable="Er liggen geen vakantieparken in het eigen gebied."),
        ),
    ),
)  # fmt: skip

ACHIEVED_DETAILS = [
    "De uitvoering wordt jaarlijks geëvalueerd in het managementteam en waar nodig bijgesteld.",
    "De voortgang wordt twee keer per jaar gerapporteerd aan {board}.",
    "Afgestemd met het RIEC en de districtelijke werkgroep ondermijning.",
    "Vastgelegd in het uitvoeringsplan ondermijning en opgenomen in de planning- en controlcyclus.",
    "De portefeuillehouder heeft {council} hierover in een raadsinformatiebrief geïnformeerd.",
    "Medewerkers zijn via de interne nieuwsbrief en het intranet op de hoogte gebracht.",
    "Bij de laatste interne audit zijn geen tekortkomingen gevonden.",
    "De werkwijze is overgenomen van een buurpartner en aangepast aan de eigen organisatie.",
    "Het team Veiligheid bewaakt de uitvoering en bespreekt knelpunten in het kwartaaloverleg.",
    "De afspraken zijn opgenomen in de werkprocessen van de betrokken afdelingen.",
]
PARTIAL_REASONS = [
    "de uitwerking loopt nog, mede door beperkte capaciteit bij het team Veiligheid",
    "het voorstel ligt ter besluitvorming bij {board}",
    "de afstemming met de partners in het district is nog niet afgerond",
    "een deel van de afdelingen werkt al zo, de rest volgt na de reorganisatie",
    "de uitvoering is gestart maar nog niet structureel belegd",
    "het ontwerp is klaar, de implementatie volgt in het komende halfjaar",
    "de eerste ervaringen zijn positief, de evaluatie volgt na een jaar",
]
NOT_ACHIEVED_REASONS = [
    "de prioriteit lag het afgelopen jaar bij andere onderdelen van de aanpak",
    "er is nog geen capaciteit vrijgemaakt om dit op te pakken",
    "we wachten op het districtelijke model dat het RIEC uitwerkt",
    "de functie die dit zou oppakken is langere tijd vacant geweest",
    "dit staat gepland voor het volgende uitvoeringsjaar",
    "de benodigde middelen zijn nog niet in de begroting opgenomen",
]
NEXT_STEP_TAILS = [
    "vóór Q{quarter} {year}",
    "in overleg met het RIEC, gereed in Q{quarter} {year}",
    "besluitvorming door {board} in Q{quarter} {year}",
    "met de buurpartners in het district, vóór Q{quarter} {year}",
]
EVIDENCE_KINDS = ["Collegebesluit", "MT-verslag", "Notitie", "Raadsinformatiebrief"]
ORGANISATION_WORDS = {
    "municipality": {"board": "het college", "council": "de gemeenteraad"},
    "province": {"board": "Gedeputeerde Staten", "council": "Provinciale Staten"},
    "water_board": {"board": "het dagelijks bestuur", "council": "het algemeen bestuur"},
}


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    kind: str
    maturity: float  # 0: starts from scratch, 1: has most in place from the first round
    dutch_statuses: bool  # writes behaald/deels/... as the spec allows


@dataclass(frozen=True)
class Round:
    id: str
    kind: str
    date: date
    index: int


@dataclass
class Plan:
    """What one partner has in place for one ambition, round by round."""

    achieved_from: int  # round index from which it is achieved (may lie beyond the last)
    partial_from: int
    not_applicable: bool = False
    item_from: dict[str, int] = field(default_factory=dict)


def rng(seed: int, *names: object) -> random.Random:
    return random.Random(":".join([str(seed), *map(str, names)]))


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_name.lower()).split()
    return "-".join(words)


def quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, the form the real files use.
    return json.dumps(text, ensure_ascii=False)


def make_partners(seed: int) -> list[Partner]:
    names: list[str] = []
    choose = rng(seed, "municipality names")
    taken = {slug(p) for p in PROVINCES}
    while len(names) < MUNICIPALITY_COUNT:
        name = choose.choice(NAME_PREFIXES) + choose.choice(NAME_STARTS) + choose.choice(NAME_ENDS)
        if slug(name) not in taken:
            taken.add(slug(name))
            names.append(name)
    bodies = (
        [("Gemeente " + name, slug(name), "municipality") for name in sorted(names)]
        + [("Provincie " + name, slug(name), "province") for name in PROVINCES]
        + [(name, slug(name.replace("Waterschap ", "ws ")), "water_board") for name in WATER_BOARDS]
    )
    partners = []
    for full_name, partner_id, kind in bodies:
        trait = rng(seed, "partner", partner_id)
        partners.append(
            Partner(partner_id, full_name, kind, trait.betavariate(2, 2), trait.random() < 0.1)
        )
    return partners


def make_rounds() -> list[Round]:
    rounds: list[Round] = []
    for year in YEARS:
        for season, kind, month in (("spring", "monitoring", 5), ("autumn", "evaluation", 11)):
            rounds.append(Round(f"{year}-{season}", kind, date(year, month, 15), len(rounds)))
    return rounds


def plan_for(seed: int, partner: Partner, ambition: Ambition, round_count: int) -> Plan:
    choose = rng(seed, "plan", partner.id, ambition.id)
    # A mature partner has most in place early; everyone improves, a few never get there.
    start = (1 - partner.maturity) * round_count * 1.2 - 2.5 + choose.gauss(0, 2.5)
    achieved_from = max(0, round(start))
    partial_from = achieved_from - choose.randint(1, 5)
    plan = Plan(achieved_from, partial_from)
    if ambition.not_applicable and choose.random() < 0.3:
        plan.not_applicable = True
    for item in ambition.items_for(partner.kind):
        plan.item_from[item.id] = max(0, round(start + choose.gauss(0, 2.0)))
    return plan


def status_in(plan: Plan, round_index: int, noise: random.Random) -> str:
    if plan.not_applicable:
        return "not_applicable"
    if round_index >= plan.achieved_from:
        # Now and then a partner finds that what it had has lapsed.
        return "partial" if noise.random() < 0.02 else "achieved"
    if round_index >= plan.partial_from:
        return "partial"
    return "not_achieved"


def fill(text: str, partner: Partner, **extra: object) -> str:
    return text.format(**ORGANISATION_WORDS[partner.kind], **extra)


def note_for(seed: int, partner: Partner, ambition: Ambition, status: str, since: int) -> str:
    # Seeded by the status and the round it began in: a note stays while its status does.
    choose = rng(seed, "note", partner.id, ambition.id, status, since)
    if status == "achieved":
        head = f"{ambition.subject} is {ambition.done}."
        details = choose.sample(ACHIEVED_DETAILS, k=choose.choice((0, 0, 0, 0, 1)))
    elif status == "partial":
        reason = fill(choose.choice(PARTIAL_REASONS), partner)
        head = f"{ambition.subject} is nog niet volledig {ambition.done}: {reason}."
        details = choose.sample(ACHIEVED_DETAILS, k=choose.choice((0, 0, 0, 1)))
    else:
        reason = fill(choose.choice(NOT_ACHIEVED_REASONS), partner)
        head = f"{ambition.subject} is nog niet {ambition.done}; {reason}."
        details = []
    return " ".join([head, *(fill(detail, partner) for detail in details)])


def next_step_for(seed: int, partner: Partner, ambition: Ambition, since: Round, now: Round) -> str:
    # The plan stays while the status does (seeded by `since`); its deadline lies ahead of `now`.
    choose = rng(seed, "next step", partner.id, ambition.id, since.id)
    later = now.date + timedelta(days=choose.randint(90, 400))
    tail = fill(
        choose.choice(NEXT_STEP_TAILS), partner, quarter=(later.month - 1) // 3 + 1, year=later.year
    )
    return f"{ambition.step}, {tail}"


def evidence_for(seed: int, partner: Partner, ambition: Ambition, since: Round) -> list[str]:
    choose = rng(seed, "evidence", partner.id, ambition.id, since.id)
    made = since.date - timedelta(days=choose.randint(20, 160))
    documents = [f"{ambition.evidence} {made.isoformat()}"]
    if choose.random() < 0.4:
        documents.append(f"{choose.choice(EVIDENCE_KINDS)} {made.year}-{choose.randint(1, 99):02d}")
    return documents


def status_word(partner: Partner, status: str) -> str:
    return DUTCH_STATUS.get(status, status) if partner.dutch_statuses else status


def derived_status(met: int, applicable: int) -> str:
    if met == applicable:
        return "achieved"
    return "partial" if met else "not_achieved"


def assessment(
    seed: int, partner: Partner, round_: Round, rounds: Sequence[Round], plans: dict[str, Plan]
) -> str:
    choose = rng(seed, "assessment", partner.id, round_.id)
    assessed_on = round_.date - timedelta(days=choose.randint(5, 40))
    lines = [
        f"partner: {partner.id}",
        f"assessed_on: {assessed_on.isoformat()}",
        f"assessed_by: {rng(seed, 'role', partner.id).choice(ROLES)}",
        "ambitions:",
    ]
    # A few files leave an ambition out, as a coordinator who has not got to it yet does.
    left_out = {ambition.id for ambition in applicable(partner) if choose.random() < 0.003}
    for theme in THEMES:
        ambitions = [a for a in theme.ambitions if partner.kind in a.kinds()]
        if ambitions:
            lines.append(f"  # {theme.id}. {theme.title}")
        for ambition in ambitions:
            if ambition.id not in left_out:
                lines += entry(seed, partner, ambition, round_, rounds, plans[ambition.id], choose)
    return "\n".join(lines) + "\n"


def entry(
    seed: int,
    partner: Partner,
    ambition: Ambition,
    round_: Round,
    rounds: Sequence[Round],
    plan: Plan,
    choose: random.Random,
) -> list[str]:
    key = f"  {quoted(ambition.id)}:"
    items = ambition.items_for(partner.kind)
    if items:
        lines = [key, "    items:"]
        met = 0
        for item in items:
            if choose.random() < 0.002:
                continue  # left out: counts as not met, and is warned about
            in_place = round_.index >= plan.item_from[item.id]
            met += in_place
            lines.append(f"      {quoted(item.id)}: {'true' if in_place else 'false'}")
        status = derived_status(met, len(items))
        if choose.random() < 0.2:
            lines.insert(1, f"    status: {status_word(partner, status)}")
        if status != "achieved" and choose.random() < 0.4:
            step = next_step_for(seed, partner, ambition, round_, round_)
            lines.append(f"    next_step: {quoted(step)}")
        return lines

    status = status_in(plan, round_.index, rng(seed, "lapse", partner.id, ambition.id, round_.id))
    if status == "not_applicable":
        reason = ambition.not_applicable or ""
        return [key, "    status: " + status_word(partner, status), f"    note: {quoted(reason)}"]
    if choose.random() < 0.3:
        return [f"{key} {status_word(partner, status)}"]  # the shorthand: a bare status
    since = first_round_with(status, plan, round_, rounds)
    lines = [
        key,
        f"    status: {status_word(partner, status)}",
        f"    note: {quoted(note_for(seed, partner, ambition, status, since.index))}",
    ]
    if status == "achieved" and choose.random() < 0.4:
        documents = ", ".join(map(quoted, evidence_for(seed, partner, ambition, since)))
        lines.append(f"    evidence: [{documents}]")
    if status != "achieved" and choose.random() < 0.4:
        step = next_step_for(seed, partner, ambition, since, round_)
        lines.append(f"    next_step: {quoted(step)}")
    return lines


def first_round_with(status: str, plan: Plan, round_: Round, rounds: Sequence[Round]) -> Round:
    """The round in which the partner's current status began (its note dates from then)."""
    if status == "achieved":
        return rounds[plan.achieved_from]
    if status == "partial" and round_.index < plan.achieved_from:
        return rounds[max(plan.partial_from, 0)]
    if status == "partial":
        return round_  # a lapse in a round where it was achieved
    return rounds[0]


def applicable(partner: Partner) -> list[Ambition]:
    return [a for theme in THEMES for a in theme.ambitions if partner.kind in a.kinds()]


def norm_yaml() -> str:
    lines = [
        "# Synthetic national norm for the benchmark (bench/make_national.py); not a real norm.",
        "name: Nationale Norm Ondermijning (synthetisch)",
        "versions:",
        '  - version: "1.0"',
        "    status: adopted",
        "    adopted_on: 2019-12-10",
        f"    source: {quoted('Gegenereerd door bench/make_national.py')}",
        "    themes:",
    ]
    for theme in THEMES:
        lines += [f"      - id: {quoted(theme.id)}", f"        title: {quoted(theme.title)}"]
        lines.append("        ambitions:")
        for ambition in theme.ambitions:
            lines.append(f"          - id: {quoted(ambition.id)}")
            if ambition.short:
                lines.append(f"            short: {quoted(ambition.short)}")
            if ambition.group:
                lines.append(f"            group: {quoted(ambition.group)}")
            lines.append(f"            text: {quoted(ambition.text)}")
            if ambition.applies_to:
                lines.append(f"            applies_to: [{', '.join(ambition.applies_to)}]")
            if ambition.items:
                lines.append("            items:")
            for item in ambition.items:
                lines.append(f"              - id: {quoted(item.id)}")
                lines.append(f"                text: {quoted(item.text)}")
                if item.applies_to:
                    lines.append(f"                applies_to: [{', '.join(item.applies_to)}]")
    return "\n".join(lines) + "\n"


def partners_yaml(partners: Sequence[Partner]) -> str:
    lines = ["# Synthetic partners for the benchmark (bench/make_national.py).", "partners:"]
    for partner in partners:
        lines += [
            f"  - id: {partner.id}",
            f"    name: {quoted(partner.name)}",
            f"    kind: {partner.kind}",
        ]
    return "\n".join(lines) + "\n"


def round_yaml(round_: Round) -> str:
    season = "Voorjaarsmonitor" if round_.date.month < 7 else "Najaarsevaluatie"
    return (
        "# Synthetic round for the benchmark (bench/make_national.py).\n"
        f"id: {round_.id}\n"
        f"title: {season} {round_.date.year}\n"
        f"kind: {round_.kind}\n"
        'norm: "1.0"\n'
        f"date: {round_.date.isoformat()}\n"
        "example: true\n"
    )


def absent(seed: int, partners: Sequence[Partner], round_: Round) -> set[str]:
    """The few partners that did not hand in a file for this round."""
    choose = rng(seed, "absent", round_.id)
    return {partner.id for partner in choose.sample(list(partners), k=choose.randint(2, 6))}


def write_repository(out_dir: Path, seed: int) -> tuple[int, int]:
    """Write the repository; return the number of files and of bytes written."""
    partners = make_partners(seed)
    rounds = make_rounds()
    files: dict[Path, str] = {
        out_dir / "norm.yaml": norm_yaml(),
        out_dir / "partners.yaml": partners_yaml(partners),
    }
    plans = {
        partner.id: {a.id: plan_for(seed, partner, a, len(rounds)) for a in applicable(partner)}
        for partner in partners
    }
    for round_ in rounds:
        folder = out_dir / "rounds" / round_.id
        files[folder / "round.yaml"] = round_yaml(round_)
        missing = absent(seed, partners, round_)
        for partner in partners:
            if partner.id not in missing:
                text = assessment(seed, partner, round_, rounds, plans[partner.id])
                files[folder / f"{partner.id}.yaml"] = text
    size = 0
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        size += len(data)
    return len(files), size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic national norm repository for bench/bench.py."
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="a new or empty folder")
    parser.add_argument("--seed", type=int, default=1, metavar="N", help="default 1")
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        # Never mix with (or delete) what is there: a stale round would skew the figures.
        print(f"make_national: {out_dir} exists and is not empty; remove it first", file=sys.stderr)
        return 2
    count, size = write_repository(out_dir, args.seed)
    print(f"{out_dir}: {count:,} files, {size / 1e6:.1f} MB (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
