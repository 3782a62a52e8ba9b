/* `forgedesk demo`: fills an empty database with Hallam Fluid Power Ltd, a
 * Sheffield maker of hydraulic components, as a deterministic demo company
 * (the same seed gives the same data): staff, 300 customer accounts, parts,
 * three years of orders, interactions and installed assets, two years of
 * cases with their timelines and complaints with their ISO 10002 steps,
 * escalations and CAPAs, every record created through the store by the
 * core's rules and written to the audit trail. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/sla.h"
#include "cli/cli.h"
#include "cli/demo_quality.h"
#include "cli/demo_scale.h"
#include "cli/demo_surveys.h"
#include "core/case_workflow.h"
#include "core/complaint_workflow.h"
#include "core/policy.h"
#include "core/rng.h"
#include "http/session.h"
#include "util/text.h"
#include "util/timeutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define DEMO_PASSWORD "forgedesk-demo"
#define DEMO_ACCOUNTS 300
#define DEMO_BATCH 50          /* accounts per write transaction */
#define DEMO_HISTORY_DAYS 1096 /* three years of orders, ending today */
#define DEMO_MAX_CONTACTS 5
#define DEMO_FAVOURITES 8 /* parts an account usually buys */
#define DEMO_CASE_DAYS 730 /* two years of cases, ending today */
#define HOUR 3600

/* A list of words to draw from. */
typedef struct Words {
  const char *const *items;
  size_t n;
} Words;
#define WORDS(array)                                                                                                   \
  { array, COUNT(array) }

static const char *pick(Rng *r, Words w) { return w.items[rng_below(r, w.n)]; }

/* --- the company's staff ------------------------------------------------------------- */

typedef struct StaffMember {
  const char *username, *display_name, *role, *team, *manager;
  int manages_accounts; /* may be an account manager */
  int engineer;         /* does technical work: site visits, service events */
} StaffMember;

static const StaffMember demo_staff[] = {
    {"admin", "Alex Morgan", "admin", "Customer Service", NULL, 0, 0},
    {"helen.carter", "Helen Carter", "cs_manager", "Customer Service", "admin", 1, 0},
    {"tom.reid", "Tom Reid", "team_leader", "Technical Support", "helen.carter", 1, 1},
    {"priya.nair", "Priya Nair", "team_leader", "Customer Service", "helen.carter", 1, 0},
    {"amy.shah", "Amy Shah", "agent", "Customer Service", "priya.nair", 1, 0},
    {"owen.davies", "Owen Davies", "agent", "Technical Support", "tom.reid", 1, 1},
    {"grace.okafor", "Grace Okafor", "quality_manager", "Technical Support", "helen.carter", 0, 0},
    {"rachel.hughes", "Rachel Hughes", "hr", "Customer Service", "admin", 0, 0},
    {"auditor", "Sam Whitaker", "auditor", "Customer Service", "admin", 0, 0},
    {"jack.turner", "Jack Turner", "agent", "Technical Support", "tom.reid", 1, 1},
    {"sophie.bennett", "Sophie Bennett", "agent", "Customer Service", "priya.nair", 1, 0},
    {"marek.nowak", "Marek Nowak", "agent", "Technical Support", "tom.reid", 0, 1},
};
#define STAFF_COUNT COUNT(demo_staff)

/* --- where customers are and what they are called -------------------------------------- */

typedef enum { LANG_EN, LANG_DE, LANG_NL, LANG_FR, LANG_PL, LANG_SV, LANG_COUNT } Language;

typedef struct Sector {
  const char *name;
  const char *trade[LANG_COUNT][2]; /* words for a company name in that sector */
} Sector;

static const Sector sectors[] = {
    {"Agricultural machinery",
     {{"Agricultural Machinery", "Farm Engineering"},
      {"Landtechnik", "Agrartechnik"},
      {"Landbouwmechanisatie", "Agrotechniek"},
      {"Machinisme Agricole", "Agri Équipements"},
      {"Maszyny Rolnicze", "Agrotechnika"},
      {"Lantbruksmaskiner", "Lantbruksteknik"}}},
    {"Construction equipment",
     {{"Plant Hire", "Earthmoving"},
      {"Baumaschinen", "Baugeräte"},
      {"Grondverzet", "Bouwmachines"},
      {"Engins de Chantier", "Travaux Publics"},
      {"Maszyny Budowlane", "Sprzęt Budowlany"},
      {"Entreprenadmaskiner", "Anläggningsmaskiner"}}},
    {"Machine tools",
     {{"Machine Tools", "Press Systems"},
      {"Werkzeugmaschinen", "Pressentechnik"},
      {"Machinebouw", "Persentechniek"},
      {"Machines-Outils", "Presses"},
      {"Obrabiarki", "Prasy"},
      {"Verktygsmaskiner", "Pressteknik"}}},
    {"Marine",
     {{"Marine Engineering", "Ship Repair"},
      {"Schiffstechnik", "Werft"},
      {"Scheepstechniek", "Scheepsreparatie"},
      {"Équipements Marins", "Réparation Navale"},
      {"Technika Okrętowa", "Stocznia"},
      {"Marinteknik", "Varvsteknik"}}},
    {"Mining and quarrying",
     {{"Quarry Products", "Mining Equipment"},
      {"Bergbautechnik", "Steinbruch"},
      {"Mijnbouwtechniek", "Groeven"},
      {"Carrières", "Équipements Miniers"},
      {"Górnictwo", "Kruszywa"},
      {"Gruvteknik", "Bergteknik"}}},
    {"Food processing",
     {{"Food Machinery", "Bakery Systems"},
      {"Lebensmitteltechnik", "Verpackungstechnik"},
      {"Voedingsmiddelentechniek", "Verpakkingsmachines"},
      {"Agroalimentaire", "Emballage"},
      {"Przetwórstwo Spożywcze", "Maszyny Pakujące"},
      {"Livsmedelsteknik", "Förpackningsteknik"}}},
    {"Waste handling and recycling",
     {{"Recycling", "Waste Systems"},
      {"Recyclingtechnik", "Entsorgung"},
      {"Recycling", "Afvaltechniek"},
      {"Recyclage", "Environnement"},
      {"Recykling", "Gospodarka Odpadami"},
      {"Återvinning", "Miljöteknik"}}},
    {"Materials handling",
     {{"Lifting Equipment", "Handling Systems"},
      {"Fördertechnik", "Hebetechnik"},
      {"Transporttechniek", "Hijstechniek"},
      {"Manutention", "Levage"},
      {"Technika Transportowa", "Dźwignice"},
      {"Lyftteknik", "Truckteknik"}}},
    {"Steel and foundry",
     {{"Forgings", "Castings"},
      {"Stahlbau", "Gießerei"},
      {"Staalbouw", "Gieterij"},
      {"Fonderie", "Forge"},
      {"Odlewnia", "Kuźnia"},
      {"Stålteknik", "Gjuteri"}}},
    {"Rail",
     {{"Rail Engineering", "Rolling Stock Services"},
      {"Bahntechnik", "Schienenfahrzeuge"},
      {"Spoortechniek", "Railservice"},
      {"Ferroviaire", "Matériel Roulant"},
      {"Technika Kolejowa", "Tabor"},
      {"Järnvägsteknik", "Spårteknik"}}},
    {"Forestry and timber",
     {{"Forestry Machinery", "Sawmill Engineering"},
      {"Forsttechnik", "Sägewerkstechnik"},
      {"Bosbouwmachines", "Houtbewerking"},
      {"Matériel Forestier", "Scierie"},
      {"Maszyny Leśne", "Tartak"},
      {"Skogsmaskiner", "Sågverksteknik"}}},
    {"Energy",
     {{"Energy Services", "Offshore Services"},
      {"Energietechnik", "Windkraft"},
      {"Energietechniek", "Offshore"},
      {"Énergie", "Hydraulique Industrielle"},
      {"Energetyka", "Serwis Energetyczny"},
      {"Energiteknik", "Vattenkraft"}}},
};

typedef struct Country {
  const char *code, *tld, *currency, *phone; /* phone: a format with one %03d */
  Language lang;
  int weight; /* share of the customer book */
  Words cities, stems, suffixes, first_names, surnames;
} Country;

static const char *const gb_cities[] = {"Sheffield",   "Rotherham",     "Doncaster",      "Barnsley",
                                        "Leeds",       "Bradford",      "Hull",           "Newcastle upon Tyne",
                                        "Sunderland",  "Middlesbrough", "Glasgow",        "Aberdeen",
                                        "Edinburgh",   "Birmingham",    "Coventry",       "Derby",
                                        "Nottingham",  "Leicester",     "Stoke-on-Trent", "Wolverhampton",
                                        "Norwich",     "Ipswich",       "Peterborough",   "Lincoln",
                                        "Bristol",     "Swindon",       "Cardiff",        "Swansea",
                                        "Southampton", "Plymouth",      "Carlisle",       "Preston",
                                        "Warrington",  "Telford",       "Worcester",      "Chesterfield",
                                        "Scunthorpe",  "Grimsby",       "Inverness",      "Belfast"};
static const char *const gb_stems[] = {
    "Pennine",       "Humber",  "Tyne",     "Clyde",      "Trent",   "Severn", "Mersey",      "Wolds",      "Fenland",
    "Cotswold",      "Mendip",  "Solent",   "Tees",       "Derwent", "Calder", "Don Valley",  "Wharfedale", "Peak",
    "Black Country", "Cheviot", "Chiltern", "Wessex",     "Anglia",  "Moray",  "Forth",       "Ribble",     "Medway",
    "Weald",         "Tamar",   "Dearne",   "Holderness", "Furness", "Lune",   "Eden Valley", "Marches",    "Sherwood"};
static const char *const gb_suffixes[] = {"Ltd", "Ltd", "Ltd", "Ltd", "Ltd", "Ltd", "Ltd", "plc", "Group Ltd"};
static const char *const gb_first[] = {
    "James",    "Oliver", "Harry",     "George",  "Daniel", "Thomas",  "Matthew", "Ryan",   "Liam",
    "Sarah",    "Emma",   "Charlotte", "Rebecca", "Laura",  "Hannah",  "Lucy",    "Claire", "Gemma",
    "Mohammed", "Imran",  "Aisha",     "Sanjay",  "Anita",  "Kwame",   "Chloe",   "Joanne", "Craig",
    "Gareth",   "Rhys",   "Fiona",     "Euan",    "Callum", "Deborah", "Nadia",   "Stuart", "Wendy"};
static const char *const gb_surnames[] = {
    "Smith",    "Jones",  "Taylor",     "Brown",     "Williams",  "Wilson",    "Johnson", "Davies",
    "Robinson", "Wright", "Thompson",   "Evans",     "Walker",    "White",     "Roberts", "Green",
    "Hall",     "Wood",   "Jackson",    "Clarke",    "Patel",     "Khan",      "Hussain", "Ahmed",
    "Singh",    "Kaur",   "Okoye",      "Mensah",    "Kowalczyk", "Campbell",  "Stewart", "MacDonald",
    "Hughes",   "Lewis",  "Hargreaves", "Sutcliffe", "Ackroyd",   "Whitworth", "Holroyd", "Pickering"};
static const char *const ie_cities[] = {"Cork",    "Dublin",   "Galway", "Limerick", "Waterford",
                                        "Athlone", "Drogheda", "Sligo",  "Kilkenny"};
static const char *const ie_stems[] = {"Shannon", "Liffey", "Munster", "Connacht", "Wicklow", "Kerry",
                                       "Donegal", "Barrow", "Slaney",  "Boyne",    "Suir"};
static const char *const ie_suffixes[] = {"Ltd", "Ltd", "DAC"};
static const char *const ie_first[] = {"Seán", "Ciarán", "Niamh",  "Aoife",   "Pádraig", "Siobhán", "Conor",
                                       "Eoin", "Orla",   "Declan", "Gráinne", "Darragh", "Róisín",  "Cathal"};
static const char *const ie_surnames[] = {"Murphy",    "Kelly",      "O'Sullivan", "Walsh",    "O'Brien",
                                          "Byrne",     "Ryan",       "O'Connor",   "McCarthy", "Doyle",
                                          "Gallagher", "Fitzgerald", "Nolan",      "Ó Briain"};
static const char *const de_cities[] = {"Stuttgart", "München",   "Köln",     "Düsseldorf", "Hamburg",
                                        "Bremen",    "Dortmund",  "Mannheim", "Nürnberg",   "Augsburg",
                                        "Kassel",    "Bielefeld", "Ulm"};
static const char *const de_stems[] = {"Neckar", "Rhein", "Ruhr",  "Allgäu",    "Schwaben", "Elbe",
                                       "Main",   "Weser", "Donau", "Sauerland", "Emsland",  "Harz"};
static const char *const de_suffixes[] = {"GmbH", "GmbH", "GmbH", "GmbH & Co. KG", "AG"};
static const char *const de_first[] = {"Jürgen", "Stefan", "Andreas", "Michael", "Klaus",    "Uwe",
                                       "Sabine", "Petra",  "Monika",  "Katrin",  "Jörg",     "Günter",
                                       "Björn",  "Anja",   "Lena",    "Tobias",  "Matthias", "Ursula"};
static const char *const de_surnames[] = {"Schneider", "Fischer", "Weber",   "Wagner",     "Becker", "Hoffmann",
                                          "Schäfer",   "Koch",    "Bauer",   "Richter",    "Klein",  "Wolf",
                                          "Schröder",  "Neumann", "Schwarz", "Zimmermann", "Braun",  "Krüger",
                                          "Hartmann",  "Lange",   "Krause",  "Köhler",     "Meyer",  "Weiß"};
static const char *const nl_cities[] = {"Rotterdam", "Eindhoven", "Utrecht",  "Groningen", "Tilburg",
                                        "Zwolle",    "Breda",     "Enschede", "Dordrecht"};
static const char *const nl_stems[] = {"Maas",   "Rijnmond", "Brabant", "Twente",
                                       "Veluwe", "Zeeland",  "Drenthe", "Westland"};
static const char *const nl_suffixes[] = {"B.V."};
static const char *const nl_first[] = {"Jan",   "Pieter", "Sanne",   "Daan",  "Joost",  "Femke", "Bram",
                                       "Eline", "Ruud",   "Maarten", "Anouk", "Wouter", "Lieke", "Sven"};
static const char *const nl_surnames[] = {"de Vries", "van den Berg", "Bakker",   "Visser",      "Smit", "Meijer",
                                          "de Boer",  "Mulder",       "de Groot", "Bos",         "Vos",  "Hendriks",
                                          "van Dijk", "Janssen",      "Dekker",   "van der Meer"};
static const char *const be_cities[] = {"Antwerpen", "Gent", "Liège", "Charleroi", "Brugge", "Hasselt"};
static const char *const be_stems[] = {"Schelde", "Kempen", "Leie", "Haven", "Maasland", "Westhoek"};
static const char *const be_suffixes[] = {"NV", "BV"};
static const char *const be_first[] = {"Wim",  "Koen",  "Els",    "Griet", "Luc",
                                       "Dirk", "Sofie", "Pieter", "Hilde", "Bart"};
static const char *const be_surnames[] = {"Peeters", "Janssens", "Maes",    "Jacobs",  "Mertens",   "Willems",
                                          "Claes",   "Goossens", "Wouters", "De Smet", "Vermeulen", "Van Damme"};
static const char *const fr_cities[] = {"Lyon",     "Nantes",        "Lille",    "Rouen", "Le Havre", "Toulouse",
                                        "Bordeaux", "Saint-Étienne", "Grenoble", "Reims", "Metz"};
static const char *const fr_stems[] = {"Bretagne", "Normandie", "Rhône",     "Loire",    "Picardie",
                                       "Alsace",   "Vendée",    "Champagne", "Dauphiné", "Vosges"};
static const char *const fr_suffixes[] = {"SAS", "SAS", "SA", "SARL"};
static const char *const fr_first[] = {"Jean",      "Pierre",  "François", "Hélène",   "Amélie",
                                       "Céline",    "Nicolas", "Julien",   "Stéphane", "Élodie",
                                       "Sébastien", "Camille", "Mathieu",  "Chloé",    "Benoît"};
static const char *const fr_surnames[] = {"Martin",  "Bernard",  "Dubois",   "Robert",  "Richard", "Petit",
                                          "Durand",  "Leroy",    "Moreau",   "Lefèvre", "Girard",  "Bonnet",
                                          "Mercier", "Fournier", "Rousseau", "Faure"};
static const char *const pl_cities[] = {"Łódź",     "Poznań", "Wrocław",   "Gdańsk",
                                        "Katowice", "Kraków", "Bydgoszcz", "Szczecin"};
static const char *const pl_stems[] = {"Wisła", "Mazowsze", "Śląsk",   "Pomorze", "Warta",
                                       "Odra",  "Kaszuby",  "Podhale", "Bałtyk"};
static const char *const pl_suffixes[] = {"Sp. z o.o.", "Sp. z o.o.", "S.A."};
static const char *const pl_first[] = {"Piotr",  "Krzysztof", "Andrzej",   "Tomasz",    "Paweł",
                                       "Michał", "Łukasz",    "Agnieszka", "Katarzyna", "Małgorzata",
                                       "Joanna", "Magdalena", "Grzegorz",  "Zofia"};
static const char *const pl_surnames[] = {"Nowak",     "Kowalski",    "Wiśniewski", "Wójcik",    "Kowalczyk",
                                          "Kamiński",  "Lewandowski", "Zieliński",  "Szymański", "Woźniak",
                                          "Dąbrowski", "Kozłowski",   "Jankowski",  "Mazur",     "Krawczyk"};
static const char *const se_cities[] = {"Göteborg", "Malmö", "Västerås", "Norrköping", "Jönköping", "Luleå", "Umeå"};
static const char *const se_stems[] = {"Norrland", "Vänern",  "Göta",       "Dalarna",
                                       "Skåne",    "Småland", "Bergslagen", "Kalmar"};
static const char *const se_suffixes[] = {"AB"};
static const char *const se_first[] = {"Erik",  "Lars",   "Anders", "Johan",  "Karin", "Anna", "Maria",
                                       "Björn", "Ingrid", "Sofia",  "Magnus", "Elin",  "Nils", "Åsa"};
static const char *const se_surnames[] = {"Andersson", "Johansson", "Karlsson", "Nilsson",  "Eriksson",
                                          "Larsson",   "Olsson",    "Persson",  "Svensson", "Gustafsson",
                                          "Lindqvist", "Bergström", "Sjöberg",  "Åberg"};

#define COUNTRY(code, tld, currency, phone, lang, weight, p)                                                           \
  {                                                                                                                    \
    code, tld, currency, phone, lang, weight, WORDS(p##_cities), WORDS(p##_stems), WORDS(p##_suffixes),                \
        WORDS(p##_first), WORDS(p##_surnames)                                                                          \
  }
static const Country countries[] = {
    COUNTRY("GB", "co.uk", "GBP", "+44 1632 960%03d", LANG_EN, 62, gb),
    COUNTRY("IE", "ie", "EUR", "+353 21 555 0%03d", LANG_EN, 7, ie),
    COUNTRY("DE", "de", "EUR", "+49 711 5550 %03d", LANG_DE, 9, de),
    COUNTRY("NL", "nl", "EUR", "+31 10 555 0%03d", LANG_NL, 6, nl),
    COUNTRY("BE", "be", "EUR", "+32 3 555 0%03d", LANG_NL, 3, be),
    COUNTRY("FR", "fr", "EUR", "+33 4 72 55 0%03d", LANG_FR, 6, fr),
    COUNTRY("PL", "pl", "EUR", "+48 42 555 0%03d", LANG_PL, 4, pl),
    COUNTRY("SE", "se", "EUR", "+46 31 555 0%03d", LANG_SV, 3, se),
};

static const Country *country_by_code(const char *code) {
  for (size_t i = 0; i < COUNT(countries); i++)
    if (strcmp(countries[i].code, code) == 0) return &countries[i];
  return &countries[0];
}

/* Accounts the demo always has, at fixed places in the book; the browser
 * test searches for the first. */
static const struct {
  size_t index;
  const char *name, *country, *city;
  size_t sector;
  char tier;
  const char *status;
} named_accounts[] = {
    {3, "Müller Hydraulik GmbH", "DE", "Stuttgart", 2, 'A', "active"},
    {57, "Société Générale de Levage", "FR", "Lyon", 7, 'B', "active"},
    {141, "Łódź Maszyny Sp. z o.o.", "PL", "Łódź", 0, 'C', "active"},
    {222, "Ångström Marine AB", "SE", "Göteborg", 3, 'B', "at_risk"},
};

static const char *const account_notes[] = {
    "Prefers calls before 10:00; shift changeover at 14:00.",
    "Runs three press lines on a 24/5 pattern; breakdown cover matters more than price.",
    "Orders through their purchasing portal; the PO number must be on every delivery note.",
    "Site access needs 48 hours' notice and a safety induction.",
    "Consignment stock of seal kits agreed at the last annual review.",
    "Pays on 60 days; credit limit reviewed each April.",
    "Framework agreement for spares; prices fixed for twelve months.",
    "Engineering sign-off needed before any substitute part is fitted.",
};

static const struct {
  const char *title;
  int technical;
} job_titles[] = {
    {"Maintenance Engineer", 1},  {"Maintenance Manager", 1}, {"Works Engineer", 1},      {"Reliability Engineer", 1},
    {"Hydraulics Technician", 1}, {"Plant Engineer", 1},      {"Engineering Manager", 1}, {"Works Manager", 1},
    {"Production Manager", 1},    {"Procurement Manager", 0}, {"Purchasing Officer", 0},  {"Buyer", 0},
    {"Supply Chain Manager", 0},  {"Commercial Director", 0}, {"Operations Director", 0}, {"Managing Director", 0},
};

/* --- the catalogue --------------------------------------------------------------------- */

typedef enum {
  PART_CYLINDER,
  PART_SEAL_KIT,
  PART_PUMP,
  PART_POWER_UNIT,
  PART_VALVE,
  PART_HOSE,
  PART_FILTER,
  PART_ACCUMULATOR,
  PART_TEST_RIG,
  PART_SERVICE,
  PART_OIL,
  PART_KIND_COUNT
} PartKind;

/* How each kind of part is ordered: quantities, lead time in days, and how
 * often it appears on orders (0: never from the catalogue at random). */
static const struct {
  int qty_min, qty_max, lead_min, lead_max, weight;
} part_traits[PART_KIND_COUNT] = {
    [PART_CYLINDER] = {1, 4, 15, 30, 12},  [PART_SEAL_KIT] = {2, 12, 2, 5, 20},   [PART_PUMP] = {1, 2, 7, 21, 6},
    [PART_POWER_UNIT] = {1, 1, 35, 56, 2}, [PART_VALVE] = {1, 6, 3, 14, 12},      [PART_HOSE] = {2, 20, 1, 4, 16},
    [PART_FILTER] = {2, 24, 1, 4, 18},     [PART_ACCUMULATOR] = {1, 2, 5, 15, 4}, [PART_TEST_RIG] = {1, 1, 70, 100, 0},
    [PART_SERVICE] = {1, 5, 5, 15, 5},     [PART_OIL] = {1, 10, 1, 3, 8},
};

typedef struct DemoPart {
  char *number, *name, *description; /* owned */
  const char *spec_ref;
  int64_t price; /* pence */
  PartKind kind;
  int64_t id;
} DemoPart;

/* --- the plan ---------------------------------------------------------------------------- */

typedef struct DemoAccount {
  char *name; /* owned */
  const Country *country;
  const Sector *sector;
  const char *city, *status, *notes;
  char tier;
  size_t manager;          /* index in demo_staff */
  Rng rng;                 /* draws everything about this account after its profile */
  int first_day, last_day; /* when it orders */
  int gap_from, gap_to;    /* a pause in ordering (won back), or 0 */
  int interval;            /* its usual days between orders */
  size_t favourites[DEMO_FAVOURITES];
  size_t first_order, norders; /* its orders in Demo.orders */
  int64_t id;
  int64_t contact_ids[DEMO_MAX_CONTACTS];
  int contact_technical[DEMO_MAX_CONTACTS];
  int ncontacts;
} DemoAccount;

typedef struct DemoOrder {
  size_t account;
  int day, seq; /* seq: its place among its account's orders */
  int year, serial;
  int promised, delivered; /* days; delivered 0 while not delivered */
  int64_t id;
} DemoOrder;

typedef struct Demo {
  Db *db;
  uint64_t seed;
  char now[TIME_TEXT_SIZE];
  int today; /* days since 1970-01-01 */
  char *password_hash;
  int64_t staff_ids[STAFF_COUNT], team_ids[STAFF_COUNT];
  DemoPart *parts;
  size_t nparts;
  DemoAccount accounts[DEMO_ACCOUNTS];
  DemoOrder *orders;
  size_t norders, orders_cap;
  int asset_serial;
  size_t contacts, lines, interactions, assets, events, cases, case_events, complaints, capas, campaign_accounts;
  int64_t gold_policy; /* the SLA policy of tier-A accounts; the others take the default, Standard */
} Demo;

/* --- dates ------------------------------------------------------------------------------- */

static int weekday(int day) { return (day + 4) % 7; } /* 0 Sunday … 6 Saturday; 1970-01-01 was a Thursday */

/* Moves a weekend day to the next Monday (forward) or the Friday before. */
static int working_day(int day, int forward) {
  if (weekday(day) == 6) return forward ? day + 2 : day - 1;
  if (weekday(day) == 0) return forward ? day + 1 : day - 2;
  return day;
}

static json_t *date_json(int day) {
  char text[TIME_TEXT_SIZE];
  time_format((time_t)day * 86400, text);
  return json_stringn(text, 10);
}

static int year_of(int day) {
  char text[TIME_TEXT_SIZE];
  time_format((time_t)day * 86400, text);
  return atoi(text);
}

/* --- building the catalogue --------------------------------------------------------------- */

static void add_part(Demo *d, PartKind kind, const char *spec_ref, int64_t price, const char *number, const char *name,
                     const char *description) {
  d->parts = realloc(d->parts, (d->nparts + 1) * sizeof *d->parts);
  if (!d->parts) abort();
  DemoPart *p = &d->parts[d->nparts++];
  p->number = strdup(number);
  p->name = strdup(name);
  p->description = strdup(description);
  if (!p->number || !p->name || !p->description) abort();
  p->spec_ref = spec_ref;
  p->price = price;
  p->kind = kind;
  p->id = 0;
}

/* Formats into a buffer and returns its text (valid until the next use). */
static const char *fmt(Buffer *b, const char *format, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(Buffer *b, const char *format, ...) {
  buffer_reset(b);
  va_list ap;
  va_start(ap, format);
  buffer_vprintf(b, format, ap);
  va_end(ap);
  return buffer_cstr(b);
}

/* The parts Hallam Fluid Power sells: cylinders and their seal kits, pumps,
 * power units, valves, hose assemblies, filters, accumulators, test rigs,
 * service and oil. Fixed: the seed does not change the catalogue. */
static void build_catalogue(Demo *d) {
  static const int bores[] = {40, 50, 63, 80, 100, 125, 160}, strokes[] = {200, 400, 600};
  Buffer number = BUFFER_INIT, name = BUFFER_INIT, text = BUFFER_INIT;
  for (size_t b = 0; b < COUNT(bores); b++)
    for (size_t s = 0; s < COUNT(strokes); s++)
      add_part(d, PART_CYLINDER, "ISO 6020-2", (180 + bores[b] * bores[b] / 10 + bores[b] * strokes[s] / 40) * 100,
               fmt(&number, "HFP-CYL-%03d-%03d", bores[b], strokes[s]),
               fmt(&name, "Hydraulic cylinder, %d mm bore × %d mm stroke", bores[b], strokes[s]),
               fmt(&text,
                   "Tie-rod cylinder to ISO 6020-2, 160 bar working pressure, chrome-plated rod, "
                   "cushioned both ends. Bore %d mm, stroke %d mm.",
                   bores[b], strokes[s]));
  static const char *const seal_drawings[] = {"DWG-10440 rev B", "DWG-10441 rev B", "DWG-10442 rev C",
                                              "DWG-10443 rev C", "DWG-10444 rev A", "DWG-10445 rev A",
                                              "DWG-10446 rev B"};
  for (size_t b = 0; b < COUNT(bores); b++)
    add_part(d, PART_SEAL_KIT, seal_drawings[b], 2500 + bores[b] * 40, fmt(&number, "HFP-SK-%03d", bores[b]),
             fmt(&name, "Seal kit for %d mm bore cylinders", bores[b]),
             fmt(&text,
                 "Rod, piston and wiper seals with O-rings for %d mm bore HFP-CYL cylinders; polyurethane "
                 "and NBR, to drawing %s.",
                 bores[b], seal_drawings[b]));
  static const struct {
    const char *code, *name, *spec;
    int64_t price;
  } pumps[] = {
      {"GP10", "Gear pump, 10 cc/rev", "DWG-20110 rev B", 18500},
      {"GP16", "Gear pump, 16 cc/rev", "DWG-20116 rev B", 21900},
      {"GP20", "Gear pump, 20 cc/rev", "DWG-20120 rev C", 24800},
      {"GP32", "Gear pump, 32 cc/rev", "DWG-20132 rev A", 31500},
      {"PV046", "Variable piston pump, 46 cc/rev", "DWG-20246 rev D", 189000},
      {"PV063", "Variable piston pump, 63 cc/rev", "DWG-20263 rev C", 236000},
  };
  for (size_t i = 0; i < COUNT(pumps); i++)
    add_part(d, PART_PUMP, pumps[i].spec, pumps[i].price, fmt(&number, "HFP-PMP-%s", pumps[i].code), pumps[i].name,
             fmt(&text, "%s, SAE flanges, for continuous duty up to 250 bar.", pumps[i].name));
  static const struct {
    const char *code, *kw;
    int litres;
    int64_t price;
  } units[] = {{"0075", "0.75", 10, 120000}, {"0220", "2.2", 25, 265000},  {"0550", "5.5", 40, 480000},
               {"1100", "11", 100, 910000},  {"2200", "22", 250, 1650000}, {"3700", "37", 400, 2480000}};
  for (size_t i = 0; i < COUNT(units); i++)
    add_part(d, PART_POWER_UNIT, "BS EN ISO 4413", units[i].price, fmt(&number, "HFP-HPU-%s", units[i].code),
             fmt(&name, "Hydraulic power unit, %s kW, %d L reservoir", units[i].kw, units[i].litres),
             fmt(&text,
                 "Electric motor and pump set on a %d L steel reservoir with return filter, level and "
                 "temperature switches; built and tested to BS EN ISO 4413.",
                 units[i].litres));
  static const struct {
    const char *code, *name, *spec;
    int64_t price;
  } valves[] = {
      {"DCV-NG6-24V", "4/3 directional control valve NG6, 24 V DC", "ISO 4401-03-02-0-05", 16800},
      {"DCV-NG6-110A", "4/3 directional control valve NG6, 110 V AC", "ISO 4401-03-02-0-05", 17900},
      {"DCV-NG10-24V", "4/3 directional control valve NG10, 24 V DC", "ISO 4401-05-04-0-05", 29500},
      {"RV-210", "Pressure relief valve, cartridge, set 210 bar", "DWG-30112 rev A", 6400},
      {"RV-350", "Pressure relief valve, cartridge, set 350 bar", "DWG-30113 rev A", 7200},
      {"CHK-12", "Check valve, 1/2 in BSP", "DWG-30220 rev B", 2900},
      {"FC-12", "Flow control valve with check, 1/2 in BSP", "DWG-30230 rev B", 5600},
      {"PRV-NG6", "Proportional pressure reducing valve NG6", "ISO 4401-03-02-0-05", 54000},
      {"CBV-20", "Counterbalance valve, 20 l/min", "BS EN 982", 8800},
      {"BALL-12", "High-pressure ball valve, 1/2 in BSP", "DWG-30310 rev A", 4100},
  };
  for (size_t i = 0; i < COUNT(valves); i++)
    add_part(d, PART_VALVE, valves[i].spec, valves[i].price, fmt(&number, "HFP-VLV-%s", valves[i].code), valves[i].name,
             fmt(&text, "%s. Seals: NBR; other seal materials on request.", valves[i].name));
  static const int dns[] = {6, 8, 12, 16, 20}, lengths[] = {500, 1000};
  for (size_t i = 0; i < COUNT(dns); i++)
    for (size_t l = 0; l < COUNT(lengths); l++)
      add_part(d, PART_HOSE, dns[i] <= 12 ? "BS EN 853 2SN" : "BS EN 856 4SH",
               1200 + dns[i] * 90 + lengths[l] * dns[i] / 40, fmt(&number, "HFP-HOSE-%02d-%04d", dns[i], lengths[l]),
               fmt(&name, "Hose assembly DN%d × %d mm, JIC 37° ends", dns[i], lengths[l]),
               fmt(&text,
                   "Wire-braided hose DN%d, %d mm long over the fittings, swaged JIC 37° female swivel "
                   "ends, pressure-tested before dispatch.",
                   dns[i], lengths[l]));
  static const struct {
    const char *code, *name, *spec;
    int64_t price;
  } filters[] = {
      {"RET-10", "Return line filter, 10 µm", "ISO 2941", 8900},
      {"RET-25", "Return line filter, 25 µm", "ISO 2941", 7900},
      {"PRS-03", "Pressure filter, 3 µm, 420 bar", "ISO 16889", 21500},
      {"PRS-10", "Pressure filter, 10 µm, 420 bar", "ISO 16889", 19800},
      {"ELM-R10", "Replacement element for return filter, 10 µm", "ISO 16889", 2450},
      {"ELM-R25", "Replacement element for return filter, 25 µm", "ISO 16889", 2150},
      {"ELM-P03", "Replacement element for pressure filter, 3 µm", "ISO 16889", 4600},
      {"BRE-01", "Filler breather with dipstick", "ISO 2941", 1650},
  };
  for (size_t i = 0; i < COUNT(filters); i++)
    add_part(d, PART_FILTER, filters[i].spec, filters[i].price, fmt(&number, "HFP-FLT-%s", filters[i].code),
             filters[i].name, fmt(&text, "%s; glass-fibre media, bypass indicator where fitted.", filters[i].name));
  static const int accumulator_litres[] = {1, 4, 10, 20};
  for (size_t i = 0; i < COUNT(accumulator_litres); i++)
    add_part(d, PART_ACCUMULATOR, "PED 2014/68/EU", 14500 + accumulator_litres[i] * 5200,
             fmt(&number, "HFP-ACC-BL-%02d", accumulator_litres[i]),
             fmt(&name, "Bladder accumulator, %d L, 330 bar", accumulator_litres[i]),
             fmt(&text,
                 "%d L bladder accumulator, 330 bar, supplied with nitrogen pre-charge and a CE declaration "
                 "under the Pressure Equipment Directive.",
                 accumulator_litres[i]));
  add_part(d, PART_TEST_RIG, "DWG-50021 rev D", 4850000, "HFP-RIG-CYL-250", "Cylinder test rig, 250 bar",
           "Test rig for cylinders up to 160 mm bore: proof and leak tests at up to 250 bar with a printed record.");
  add_part(d, PART_TEST_RIG, "DWG-50034 rev B", 6200000, "HFP-RIG-PMP-100", "Pump test rig, 100 kW",
           "Test rig for pumps and motors up to 100 kW: flow, pressure and efficiency curves, calibrated sensors.");
  add_part(d, PART_SERVICE, "Service schedule SS-01", 68000, "HFP-SVC-FIELD-DAY", "Field service engineer, per day",
           "A day of a field service engineer on site, travel included within the UK mainland.");
  add_part(d, PART_SERVICE, "Service schedule SS-04", 42000, "HFP-SVC-OVH-CYL", "Cylinder overhaul",
           "Strip, inspect, re-seal and pressure-test a cylinder at our Sheffield works, with a test record.");
  add_part(d, PART_SERVICE, "ISO 4406", 9500, "HFP-SVC-OIL-ANALYSIS", "Oil sample analysis",
           "Laboratory analysis of a hydraulic oil sample: ISO 4406 cleanliness code, water content, wear metals.");
  add_part(d, PART_OIL, "ISO 11158 HM", 8900, "HFP-OIL-HM46-20L", "Hydraulic oil ISO VG 46 (HM), 20 L",
           "Anti-wear mineral hydraulic oil, ISO VG 46, 20 litre drum.");
  add_part(d, PART_OIL, "ISO 11158 HV", 10400, "HFP-OIL-HV46-20L", "Hydraulic oil ISO VG 46 (HV), 20 L",
           "High viscosity-index hydraulic oil for outdoor machines, ISO VG 46, 20 litre drum.");
  buffer_free(&number);
  buffer_free(&name);
  buffer_free(&text);
}

/* A part drawn in proportion to how often its kind is ordered. */
static size_t pick_part(Rng *r, const Demo *d) {
  int total = 0;
  for (size_t i = 0; i < d->nparts; i++) total += part_traits[d->parts[i].kind].weight;
  int x = (int)rng_below(r, (uint64_t)total);
  for (size_t i = 0; i < d->nparts; i++) {
    x -= part_traits[d->parts[i].kind].weight;
    if (x < 0) return i;
  }
  return 0;
}

/* A random part of one kind. */
static size_t pick_part_of(Rng *r, const Demo *d, PartKind kind) {
  size_t n = 0;
  for (size_t i = 0; i < d->nparts; i++) n += d->parts[i].kind == kind;
  size_t k = rng_below(r, n);
  for (size_t i = 0; i < d->nparts; i++)
    if (d->parts[i].kind == kind && k-- == 0) return i;
  return 0;
}

/* The seal kit that fits a cylinder ("HFP-CYL-080-600" takes "HFP-SK-080"). */
static size_t seal_kit_for(const Demo *d, size_t cylinder) {
  const char *bore = d->parts[cylinder].number + strlen("HFP-CYL-");
  for (size_t i = 0; i < d->nparts; i++)
    if (d->parts[i].kind == PART_SEAL_KIT && strncmp(d->parts[i].number + strlen("HFP-SK-"), bore, 3) == 0) return i;
  return 0;
}

/* --- planning the customer book ------------------------------------------------------------ */

static int tier_interval(char tier) { return tier == 'A' ? 14 : tier == 'B' ? 40 : 110; }

/* A company name that fits the country and sector, new to names. */
static char *invent_name(Rng *r, const Country *c, const Sector *s, json_t *names) {
  Buffer b = BUFFER_INIT;
  do {
    buffer_reset(&b);
    const char *trade = s->trade[c->lang][rng_below(r, 2)];
    const char *who = rng_chance(r, 55) ? pick(r, c->stems) : pick(r, c->surnames);
    buffer_printf(&b, "%s %s %s", who, trade, pick(r, c->suffixes));
  } while (json_object_get(names, buffer_cstr(&b)));
  json_object_set_new(names, buffer_cstr(&b), json_true());
  return buffer_take(&b);
}

/* When an account orders, following its status: prospects never; lost
 * accounts stopped months ago; some active ones went quiet without a word
 * (silent attrition); won-back ones paused and came back; some are new. */
static void plan_ordering(Demo *d, DemoAccount *a) {
  Rng *r = &a->rng;
  int start = d->today - DEMO_HISTORY_DAYS;
  a->interval = tier_interval(a->tier);
  a->first_day = start + (int)rng_below(r, (uint64_t)a->interval);
  a->last_day = d->today;
  if (strcmp(a->status, "prospect") == 0) {
    a->first_day = d->today + 1;
    return;
  }
  if (rng_chance(r, 15) && strcmp(a->status, "lost") != 0) a->first_day = start + (int)rng_range(r, 60, 800);
  if (strcmp(a->status, "lost") == 0) {
    a->last_day = d->today - (int)rng_range(r, 240, 720);
  } else if (strcmp(a->status, "won_back") == 0) {
    a->gap_from = d->today - (int)rng_range(r, 420, 620);
    a->gap_to = d->today - (int)rng_range(r, 100, 240);
    if (a->first_day > a->gap_from - 200) a->first_day = a->gap_from - 200;
  } else if (strcmp(a->status, "at_risk") == 0) {
    a->last_day = d->today - (int)rng_range(r, a->interval, 2 * a->interval);
  } else if (rng_chance(r, 10)) {
    int quiet = 4 * a->interval > 150 ? 4 * a->interval : 150;
    a->last_day = d->today - quiet - (int)rng_below(r, 90);
  }
  if (a->first_day >= a->last_day) a->first_day = a->last_day - 3 * a->interval;
  if (a->first_day < start) a->first_day = start;
}

static void add_planned_order(Demo *d, size_t account, int day, int seq) {
  if (d->norders == d->orders_cap) {
    d->orders_cap = d->orders_cap ? d->orders_cap * 2 : 1024;
    d->orders = realloc(d->orders, d->orders_cap * sizeof *d->orders);
    if (!d->orders) abort();
  }
  d->orders[d->norders++] = (DemoOrder){account, day, seq, 0, 0, 0, 0, 0};
}

/* Lays out one account's order dates: about every interval days, further
 * apart for an account at risk in its last year. */
static void plan_orders(Demo *d, size_t index) {
  DemoAccount *a = &d->accounts[index];
  int seq = 0;
  for (int day = a->first_day; day <= a->last_day;) {
    if (a->gap_from && day >= a->gap_from && day < a->gap_to) {
      day = a->gap_to + (int)rng_below(&a->rng, (uint64_t)a->interval / 2 + 1);
      continue;
    }
    int on = working_day(day, 0);
    if (on >= d->today - DEMO_HISTORY_DAYS) add_planned_order(d, index, on, seq++);
    int interval = a->interval;
    if (strcmp(a->status, "at_risk") == 0 && day > d->today - 365) interval *= 2;
    day += (int)rng_range(&a->rng, interval / 2 + 1, interval * 3 / 2);
  }
}

static int by_date(const void *x, const void *y) {
  const DemoOrder *a = x, *b = y;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  if (a->account != b->account) return a->account < b->account ? -1 : 1;
  return a->seq - b->seq;
}

static int by_account(const void *x, const void *y) {
  const DemoOrder *a = x, *b = y;
  if (a->account != b->account) return a->account < b->account ? -1 : 1;
  return a->seq - b->seq;
}

/* Numbers every order SO-YEAR-NNNNN in date order across the book, then
 * groups them by account for the batches. */
static void number_orders(Demo *d) {
  qsort(d->orders, d->norders, sizeof *d->orders, by_date);
  int year = 0, serial = 0;
  for (size_t i = 0; i < d->norders; i++) {
    int y = year_of(d->orders[i].day);
    if (y != year) year = y, serial = 0;
    d->orders[i].year = y;
    d->orders[i].serial = ++serial;
  }
  qsort(d->orders, d->norders, sizeof *d->orders, by_account);
  for (size_t i = 0; i < d->norders; i++) {
    DemoAccount *a = &d->accounts[d->orders[i].account];
    if (a->norders++ == 0) a->first_order = i;
  }
}

/* Draws every account's profile and order dates from the seed. */
static void plan_book(Demo *d) {
  Rng master;
  rng_seed(&master, d->seed);
  static const int tier_weights[] = {8, 27, 65};
  static const char tiers[] = {'A', 'B', 'C'};
  static const char *const statuses[] = {"active", "prospect", "at_risk", "lost", "won_back"};
  static const int status_weights[] = {74, 6, 8, 6, 6};
  int country_weights[COUNT(countries)];
  for (size_t i = 0; i < COUNT(countries); i++) country_weights[i] = countries[i].weight;
  size_t managers[STAFF_COUNT], nmanagers = 0;
  for (size_t i = 0; i < STAFF_COUNT; i++)
    if (demo_staff[i].manages_accounts) managers[nmanagers++] = i;
  json_t *names = json_object();
  for (size_t n = 0; n < COUNT(named_accounts); n++) json_object_set_new(names, named_accounts[n].name, json_true());
  for (size_t i = 0; i < DEMO_ACCOUNTS; i++) {
    DemoAccount *a = &d->accounts[i];
    rng_seed(&a->rng, rng_next(&master));
    Rng *r = &a->rng;
    a->country = &countries[rng_weighted(r, country_weights, COUNT(countries))];
    a->sector = &sectors[rng_below(r, COUNT(sectors))];
    a->tier = tiers[rng_weighted(r, tier_weights, 3)];
    a->status = statuses[rng_weighted(r, status_weights, COUNT(statuses))];
    a->city = pick(r, a->country->cities);
    a->manager = managers[rng_below(r, nmanagers)];
    a->notes = rng_chance(r, 20) ? account_notes[rng_below(r, COUNT(account_notes))] : NULL;
    a->name = NULL;
    for (size_t n = 0; n < COUNT(named_accounts); n++)
      if (named_accounts[n].index == i) {
        a->name = strdup(named_accounts[n].name);
        a->country = country_by_code(named_accounts[n].country);
        a->city = named_accounts[n].city;
        a->sector = &sectors[named_accounts[n].sector];
        a->tier = named_accounts[n].tier;
        a->status = named_accounts[n].status;
      }
    if (!a->name) a->name = invent_name(r, a->country, a->sector, names);
    for (size_t f = 0; f < DEMO_FAVOURITES; f++) a->favourites[f] = pick_part(r, d);
    plan_ordering(d, a);
    plan_orders(d, i);
  }
  json_decref(names);
  number_orders(d);
}

/* --- writing it ----------------------------------------------------------------------------- */

/* Adds a template's text to out with {name} placeholders filled from fill. */
typedef struct Fill {
  const char *part, *spec, *cylinder, *sealkit, *order, *promised, *delivered, *city;
  int line, qty, quote;
} Fill;

static void expand(Buffer *out, const char *tmpl, const Fill *f) {
  static const char *const names[] = {"part",      "spec", "cylinder", "sealkit", "order", "promised",
                                      "delivered", "city", "line",     "qty",     "quote"};
  for (const char *p = tmpl; *p;) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    if (!close) {
      buffer_putc(out, *p++);
      continue;
    }
    size_t len = (size_t)(close - p - 1), which = COUNT(names);
    for (size_t i = 0; i < COUNT(names); i++)
      if (strlen(names[i]) == len && strncmp(names[i], p + 1, len) == 0) which = i;
    const char *texts[] = {f->part, f->spec, f->cylinder, f->sealkit, f->order, f->promised, f->delivered, f->city};
    const int numbers[] = {f->line, f->qty, f->quote};
    if (which < COUNT(texts))
      buffer_puts(out, texts[which] ? texts[which] : "");
    else if (which < COUNT(names))
      buffer_printf(out, "%d", numbers[which - COUNT(texts)]);
    p = close + 1;
  }
}

/* Lower-case ASCII letters and digits of s, as an e-mail address part. */
static void append_mailbox(Buffer *out, const char *s) {
  Buffer folded = BUFFER_INIT;
  text_fold(s, &folded);
  for (const char *p = buffer_cstr(&folded); *p; p++)
    if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) buffer_putc(out, *p);
  buffer_free(&folded);
}

/* The e-mail domain of an account: the first two words of its name that are
 * not a legal form, and the country's domain. */
static void append_domain(Buffer *out, const DemoAccount *a) {
  static const char *const legal[] = {"ltd", "plc",  "group", "gmbh", "co", "kg", "ag", "b",   "v",  "bv", "nv", "sas",
                                      "sa",  "sarl", "sp",    "z",    "o",  "s",  "ab", "dac", "de", "la", "le", "du"};
  Buffer folded = BUFFER_INIT;
  text_fold(a->name, &folded);
  int words = 0;
  for (char *w = folded.data ? strtok(folded.data, " ") : NULL; w && words < 2; w = strtok(NULL, " ")) {
    int skip = 0;
    for (size_t i = 0; i < COUNT(legal); i++) skip |= strcmp(w, legal[i]) == 0;
    if (skip) continue;
    append_mailbox(out, w);
    words++;
  }
  buffer_printf(out, ".%s", a->country->tld);
  buffer_free(&folded);
}

static int insert_account(Demo *d, DemoAccount *a, Error *err) {
  static const char *const sla[] = {"Gold 4h", "Standard 8h", "Standard"};
  char tier[2] = {a->tier, '\0'};
  json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "name", a->name, "sector", a->sector->name, "tier",
                        tier, "status", a->status, "account_manager_id", (json_int_t)d->staff_ids[a->manager],
                        "sla_contract", sla[a->tier - 'A'], "country", a->country->code, "city", a->city);
  if (a->tier == 'A') json_object_set_new(v, "sla_policy_id", json_integer(d->gold_policy));
  if (a->notes) json_object_set_new(v, "notes", json_string(a->notes));
  int rc = cli_record_create(d->db, &store_accounts, v, d->now, &a->id, err);
  json_decref(v);
  return rc;
}

/* One to five people at the account: a buyer, an engineer, and others. */
static int insert_contacts(Demo *d, DemoAccount *a, Error *err) {
  Rng *r = &a->rng;
  int n = a->tier == 'A' ? (int)rng_range(r, 3, 5) : a->tier == 'B' ? (int)rng_range(r, 2, 4) : (int)rng_range(r, 1, 3);
  if (strcmp(a->status, "prospect") == 0) n = (int)rng_range(r, 1, 2);
  static const char *const consents[] = {"given", "not_asked", "withdrawn"};
  static const int consent_weights[] = {45, 45, 10};
  Buffer name = BUFFER_INIT, email = BUFFER_INIT, phone = BUFFER_INIT;
  int rc = 0;
  for (int i = 0; !rc && i < n; i++) {
    size_t t = rng_below(r, COUNT(job_titles));
    if (i < 2) /* the first is a buyer, the second an engineer */
      while (job_titles[t].technical != i) t = rng_below(r, COUNT(job_titles));
    const char *first = pick(r, a->country->first_names), *last = pick(r, a->country->surnames);
    const char *consent = consents[rng_weighted(r, consent_weights, 3)];
    const char *basis = strcmp(consent, "given") == 0 && rng_chance(r, 50) ? "consent"
                        : rng_chance(r, 45)                                ? "contract"
                                                                           : "legitimate_interests";
    buffer_reset(&email);
    append_mailbox(&email, first);
    buffer_putc(&email, '.');
    append_mailbox(&email, last);
    buffer_putc(&email, '@');
    append_domain(&email, a);
    json_t *v =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "account_id", (json_int_t)a->id, "name",
                  fmt(&name, "%s %s", first, last), "job_title", job_titles[t].title, "audience",
                  job_titles[t].technical ? "technical" : "commercial", "email", buffer_cstr(&email), "phone",
                  fmt(&phone, a->country->phone, (int)rng_below(r, 1000)), "consent", consent, "lawful_basis", basis);
    rc = cli_record_create(d->db, &store_contacts, v, d->now, &a->contact_ids[i], err);
    a->contact_technical[i] = job_titles[t].technical;
    json_decref(v);
  }
  a->ncontacts = n;
  d->contacts += (size_t)n;
  buffer_free(&name);
  buffer_free(&email);
  buffer_free(&phone);
  return rc;
}

/* The order's lines: mostly the account's usual parts, at its tier's price. */
static json_t *order_lines(Demo *d, DemoAccount *a, int *lead) {
  static const int line_weights[] = {30, 25, 18, 12, 8, 7};
  Rng *r = &a->rng;
  size_t n = rng_weighted(r, line_weights, COUNT(line_weights)) + 1, chosen[COUNT(line_weights)], have = 0;
  int discount = a->tier == 'A' ? 12 : a->tier == 'B' ? 5 : 0;
  json_t *lines = json_array();
  *lead = 1;
  for (size_t i = 0; i < n; i++) {
    size_t part = rng_chance(r, 75) ? a->favourites[rng_below(r, DEMO_FAVOURITES)] : pick_part(r, d);
    int repeated = 0;
    for (size_t k = 0; k < have; k++) repeated |= chosen[k] == part;
    if (repeated) continue;
    chosen[have++] = part;
    const DemoPart *p = &d->parts[part];
    int64_t price = p->price * (100 - discount) / 100;
    if (strcmp(a->country->currency, "EUR") == 0) price = price * 116 / 100;
    int lead_days = (int)rng_range(r, part_traits[p->kind].lead_min, part_traits[p->kind].lead_max);
    if (lead_days > *lead) *lead = lead_days;
    json_array_append_new(
        lines, json_pack("{s:I, s:s, s:s, s:I, s:I}", "part_id", (json_int_t)p->id, "part_number", p->number,
                         "description", p->name, "quantity",
                         (json_int_t)rng_range(r, part_traits[p->kind].qty_min, part_traits[p->kind].qty_max),
                         "unit_price_minor", (json_int_t)price));
  }
  return lines;
}

/* Promised after the longest lead time; delivered mostly on time, sometimes
 * late, and not yet when that day is still to come. */
static void schedule_delivery(Demo *d, DemoAccount *a, DemoOrder *o, int lead) {
  static const int lateness_weights[] = {70, 22, 8};
  Rng *r = &a->rng;
  o->promised = working_day(o->day + lead, 1);
  size_t lateness = rng_weighted(r, lateness_weights, 3);
  int delta = lateness == 0   ? -(int)rng_below(r, 4)
              : lateness == 1 ? (int)rng_range(r, 1, 7)
                              : (int)rng_range(r, 8, 30);
  int delivered = working_day(o->promised + delta, 1);
  if (delivered <= o->day) delivered = o->day + 1;
  o->delivered = delivered <= d->today ? delivered : 0;
}

static int insert_orders(Demo *d, DemoAccount *a, Error *err) {
  Buffer number = BUFFER_INIT;
  int rc = 0;
  for (size_t i = a->first_order; !rc && i < a->first_order + a->norders; i++) {
    DemoOrder *o = &d->orders[i];
    int lead = 1;
    json_t *lines = order_lines(d, a, &lead);
    schedule_delivery(d, a, o, lead);
    json_t *order = json_pack("{s:I, s:s, s:o, s:o, s:s}", "account_id", (json_int_t)a->id, "number",
                              fmt(&number, "SO-%04d-%05d", o->year, o->serial), "ordered_on", date_json(o->day),
                              "promised_on", date_json(o->promised), "currency", a->country->currency);
    if (o->delivered) json_object_set_new(order, "delivered_on", date_json(o->delivered));
    rc = cli_order_create(d->db, order, lines, d->now, &o->id, err);
    d->lines += json_array_size(lines);
    json_decref(order);
    json_decref(lines);
  }
  buffer_free(&number);
  return rc;
}

/* A touchpoint's wording: its channel, direction, reader and text. */
typedef struct Touch {
  const char *channel, *direction;
  int technical;
  const char *text;
} Touch;

static const Touch general_touches[] = {
    {"phone", "inbound", 1, "Called about lead time on {part} for the line {line} refit"},
    {"email", "inbound", 0, "Asked for a quotation for {qty} × {part}"},
    {"email", "outbound", 0, "Sent quotation Q-{quote} for {qty} × {part}, valid for 30 days"},
    {"phone", "inbound", 1,
     "Reported a weeping rod seal on {cylinder}; recommended seal kit {sealkit} and sent fitting instructions"},
    {"visit", "outbound", 1,
     "Site visit in {city}: walked the press line with the maintenance team and agreed filter change intervals"},
    {"meeting", "outbound", 0, "Quarterly account review: spares forecast for next year and stock holding of {part}"},
    {"portal", "inbound", 0, "Portal enquiry: stock check on {part}"},
    {"email", "inbound", 1, "Asked for the datasheet for {part} and confirmation that it meets {spec}"},
    {"phone", "outbound", 0, "Followed up quotation Q-{quote}; customer waiting on budget approval"},
    {"phone", "inbound", 1,
     "Power unit on line {line} running hot; talked through checking the cooler and the oil level"},
    {"meeting", "inbound", 1, "Customer visited the Sheffield works to witness the pressure test of {cylinder}"},
    {"phone", "inbound", 1, "Noise from the pump on line {line}; advised checking the suction line for air ingress"},
    {"email", "outbound", 0, "Sent the updated price list and lead times for {part}"},
    {"phone", "inbound", 0, "Asked to bring forward delivery of {part} for a planned shutdown"},
    {"visit", "outbound", 1,
     "Commissioning support in {city}: flushed the system to ISO 4406 18/16/13 before start-up"},
    {"email", "inbound", 1,
     "Asked whether {cylinder} can replace an obsolete cylinder of another make; sent dimensions to check"},
    {"portal", "inbound", 1, "Downloaded the installation manual for {part} and asked about torque settings"},
};
static const Touch prospect_touches[] = {
    {"email", "inbound", 0, "Enquiry from the website: asked for a quotation for {qty} × {part}"},
    {"email", "outbound", 0, "Sent quotation Q-{quote} for {qty} × {part}, valid for 30 days"},
    {"phone", "outbound", 0, "Introductory call; sent the catalogue and the standard terms"},
    {"visit", "outbound", 1, "First site visit in {city}: surveyed the power units on line {line}"},
};
static const Touch on_time_order_touches[] = {
    {"email", "inbound", 0, "Order {order} received by email; acknowledged with promised date {promised}"},
    {"email", "outbound", 0, "Sent order acknowledgement for {order}, promised {promised}"},
    {"phone", "outbound", 0, "Checked that {order} arrived complete on {delivered}"},
    {"portal", "inbound", 1, "Asked for the certificate of conformity and test report for {order}"},
};
static const Touch late_order_touches[] = {
    {"phone", "inbound", 0, "Chased {order}, promised {promised}; apologised and gave a new date"},
    {"phone", "outbound", 0, "Warned that {order} will miss {promised}: cylinder tubes held at the plating supplier"},
    {"email", "inbound", 0, "Complained that {order} is late again; the line is waiting on it"},
};
static const Touch lost_touch = {"phone", "inbound", 0,
                                 "Told us spares buying has moved to a distributor; no further orders expected"};
static const Touch won_back_touch = {"meeting", "outbound", 0,
                                     "Win-back meeting: agreed a trial order and a consignment stock of seal kits"};
static const Touch at_risk_touch = {"phone", "inbound", 0,
                                    "Complained about two late deliveries this quarter; considering a second supplier"};

/* A contact fit for the touch (a technical reader for technical matters
 * when there is one), or 0. */
static int64_t pick_contact(Rng *r, const DemoAccount *a, int technical) {
  if (!a->ncontacts) return 0;
  for (int tries = 0; tries < 4; tries++) {
    int i = (int)rng_below(r, (uint64_t)a->ncontacts);
    if (a->contact_technical[i] == technical || tries == 3) return a->contact_ids[i];
  }
  return 0;
}

/* The staff member who handled it: the account manager, or an engineer for
 * technical matters, or another agent. */
static int64_t pick_handler(Demo *d, Rng *r, const DemoAccount *a, int technical) {
  if (rng_chance(r, 55) && !technical) return d->staff_ids[a->manager];
  size_t candidates[STAFF_COUNT], n = 0;
  for (size_t i = 0; i < STAFF_COUNT; i++)
    if (technical ? demo_staff[i].engineer : demo_staff[i].manages_accounts) candidates[n++] = i;
  return d->staff_ids[candidates[rng_below(r, n)]];
}

static int insert_touch(Demo *d, DemoAccount *a, const Touch *t, int day, const Fill *fill, int64_t order_id,
                        Error *err) {
  Rng *r = &a->rng;
  if (day >= d->today) day = d->today - 1; /* today's hours may not have come yet */
  day = working_day(day, 0);
  char at[TIME_TEXT_SIZE];
  time_format((time_t)day * 86400 + rng_range(r, 8 * 60, 17 * 60 + 30) * 60, at);
  Buffer summary = BUFFER_INIT;
  expand(&summary, t->text, fill);
  json_t *v = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "account_id", (json_int_t)a->id, "user_id",
                        (json_int_t)pick_handler(d, r, a, t->technical), "channel", t->channel, "direction",
                        t->direction, "occurred_at", at, "summary", buffer_cstr(&summary));
  int64_t contact = pick_contact(r, a, t->technical), id;
  if (contact) json_object_set_new(v, "contact_id", json_integer(contact));
  if (order_id) json_object_set_new(v, "order_id", json_integer(order_id));
  int rc = cli_record_create(d->db, &store_interactions, v, d->now, &id, err);
  json_decref(v);
  buffer_free(&summary);
  d->interactions++;
  return rc;
}

/* A fill with a part the account buys (and a cylinder it has, with its
 * seal kit) and the other details a general touch may mention. */
static void general_fill(Demo *d, DemoAccount *a, Fill *f) {
  Rng *r = &a->rng;
  const DemoPart *p = &d->parts[a->favourites[rng_below(r, DEMO_FAVOURITES)]];
  size_t cylinder = pick_part_of(r, d, PART_CYLINDER);
  for (size_t i = 0; i < DEMO_FAVOURITES; i++)
    if (d->parts[a->favourites[i]].kind == PART_CYLINDER) cylinder = a->favourites[i];
  memset(f, 0, sizeof *f);
  f->part = p->number;
  f->spec = p->spec_ref;
  f->cylinder = d->parts[cylinder].number;
  f->sealkit = d->parts[seal_kit_for(d, cylinder)].number;
  f->city = a->city;
  f->line = (int)rng_range(r, 1, 6);
  f->qty = (int)rng_range(r, part_traits[p->kind].qty_min, part_traits[p->kind].qty_max * 2);
  f->quote = (int)rng_range(r, 10000, 99999);
}

/* Some orders bring a touchpoint about them; general ones come at the
 * account's tier's rate while it is a customer, and a few mark its story
 * (lost, won back, at risk). Silent attrition is silent: nothing marks it. */
static int insert_interactions(Demo *d, DemoAccount *a, Error *err) {
  Rng *r = &a->rng;
  Fill fill;
  int rc = 0;
  char promised[TIME_TEXT_SIZE], delivered[TIME_TEXT_SIZE];
  for (size_t i = a->first_order; !rc && i < a->first_order + a->norders; i++) {
    const DemoOrder *o = &d->orders[i];
    if (!rng_chance(r, 40)) continue;
    general_fill(d, a, &fill);
    Buffer number = BUFFER_INIT;
    fill.order = fmt(&number, "SO-%04d-%05d", o->year, o->serial);
    time_format((time_t)o->promised * 86400, promised);
    promised[10] = '\0';
    fill.promised = promised;
    int late = o->delivered ? o->delivered > o->promised : o->promised < d->today;
    if (late && rng_chance(r, 70)) {
      const Touch *t = &late_order_touches[rng_below(r, COUNT(late_order_touches))];
      rc = insert_touch(d, a, t, o->promised + (int)rng_range(r, -2, 3), &fill, o->id, err);
    } else {
      size_t k = rng_below(r, o->delivered ? COUNT(on_time_order_touches) : 2);
      if (o->delivered) {
        time_format((time_t)o->delivered * 86400, delivered);
        delivered[10] = '\0';
        fill.delivered = delivered;
      }
      rc = insert_touch(d, a, &on_time_order_touches[k], k < 2 ? o->day : o->delivered + (int)rng_range(r, 1, 3), &fill,
                        o->id, err);
    }
    buffer_free(&number);
  }
  int prospect = strcmp(a->status, "prospect") == 0;
  int from = prospect ? d->today - 300 : a->first_day, to = prospect ? d->today : a->last_day + 30;
  if (to > d->today) to = d->today;
  int per_1000_days = a->tier == 'A' ? 50 : a->tier == 'B' ? 20 : 8;
  int n = prospect ? (int)rng_range(r, 2, 6) : (to - from) * per_1000_days / 1000 + 1;
  for (int i = 0; !rc && i < n && from <= to; i++) {
    general_fill(d, a, &fill);
    const Touch *t = prospect ? &prospect_touches[rng_below(r, COUNT(prospect_touches))]
                              : &general_touches[rng_below(r, COUNT(general_touches))];
    rc = insert_touch(d, a, t, (int)rng_range(r, from, to), &fill, 0, err);
  }
  general_fill(d, a, &fill);
  if (!rc && strcmp(a->status, "lost") == 0)
    rc = insert_touch(d, a, &lost_touch, a->last_day + (int)rng_range(r, 10, 60), &fill, 0, err);
  if (!rc && strcmp(a->status, "won_back") == 0)
    rc = insert_touch(d, a, &won_back_touch, a->gap_to - (int)rng_range(r, 5, 20), &fill, 0, err);
  if (!rc && strcmp(a->status, "at_risk") == 0)
    rc = insert_touch(d, a, &at_risk_touch, d->today - (int)rng_range(r, 10, 120), &fill, 0, err);
  return rc;
}

typedef enum { ASSET_POWER_UNIT, ASSET_CYLINDER, ASSET_TEST_RIG } AssetType;

/* Service history wording per asset type, by event kind. */
static const char *const installation_texts[] = {
    "Installed and commissioned; pressure test at 1.5× working pressure passed",
    "Fitted and pressure-tested in situ; no leaks at 210 bar",
    "Installed and commissioned; calibration certificate issued",
};
static const char *const service_texts[] = {
    "Annual service: oil sampled (ISO 4406 17/15/12), filters changed, accumulator pre-charge checked",
    "Rod seals replaced with kit {sealkit} during a planned shutdown",
    "Six-monthly service: hoses, couplings and safety guards checked",
};
static const char *const repair_texts[] = {
    "Replaced the leaking pump shaft seal and the return filter element",
    "Rod re-chromed and seals replaced after scoring",
    "Replaced a faulty pressure transducer",
};
static const char *const inspection_text =
    "Inspection to BS EN ISO 4413: two hoses marked for replacement at the next shutdown";
static const char *const calibration_text = "Pressure transducers and flow meter calibrated; certificate issued";

static int insert_event(Demo *d, DemoAccount *a, int64_t asset_id, size_t part, int day, const char *kind,
                        const char *text, Error *err) {
  Rng *r = &a->rng;
  Fill fill = {0};
  if (d->parts[part].kind == PART_CYLINDER) fill.sealkit = d->parts[seal_kit_for(d, part)].number;
  Buffer summary = BUFFER_INIT;
  expand(&summary, text, &fill);
  size_t engineers[STAFF_COUNT], n = 0;
  for (size_t i = 0; i < STAFF_COUNT; i++)
    if (demo_staff[i].engineer) engineers[n++] = i;
  json_t *v = json_pack("{s:o, s:s, s:s, s:I}", "occurred_on", date_json(working_day(day, 0)), "kind", kind, "summary",
                        buffer_cstr(&summary), "user_id", (json_int_t)d->staff_ids[engineers[rng_below(r, n)]]);
  json_t *after = NULL;
  int64_t id;
  int rc = store_asset_event_insert(d->db, asset_id, v, d->now, &id, err);
  if (!rc) rc = store_asset_event_get(d->db, id, &after, err);
  if (!rc) rc = store_audit_append(d->db, &cli_actor, "asset_service_event", id, "create", NULL, after, d->now, err);
  json_decref(after);
  json_decref(v);
  buffer_free(&summary);
  d->events++;
  return rc;
}

/* Power units, cylinders and the odd test rig at the larger customers, each
 * with its installation and then service, inspections and repairs. */
static int insert_assets(Demo *d, DemoAccount *a, Error *err) {
  Rng *r = &a->rng;
  int chance = a->tier == 'A' ? 75 : a->tier == 'B' ? 35 : 8;
  if (strcmp(a->status, "prospect") == 0 || !rng_chance(r, chance)) return 0;
  int n = a->tier == 'A' ? (int)rng_range(r, 2, 4) : a->tier == 'B' ? (int)rng_range(r, 1, 2) : 1;
  static const int type_weights[] = {50, 40, 10};
  static const PartKind type_parts[] = {PART_POWER_UNIT, PART_CYLINDER, PART_TEST_RIG};
  static const char *const type_codes[] = {"HPU", "CYL", "RIG"};
  static const char *const sites[] = {"Main works, {city}", "Press shop",           "Line {line}",
                                      "Quay {line}",        "Maintenance workshop", "Test bay {line}"};
  static const char *const kinds[] = {"service", "inspection", "repair", "calibration"};
  static const int kind_weights[] = {55, 25, 15, 5};
  int rc = 0;
  Buffer serial = BUFFER_INIT, site = BUFFER_INIT;
  for (int i = 0; !rc && i < n; i++) {
    AssetType type = (AssetType)rng_weighted(r, type_weights, 3);
    size_t part = pick_part_of(r, d, type_parts[type]);
    const DemoPart *p = &d->parts[part];
    int installed = working_day(d->today - (int)rng_range(r, 120, 2900), 0);
    Fill fill = {0};
    fill.city = a->city;
    fill.line = (int)rng_range(r, 1, 6);
    buffer_reset(&site);
    expand(&site, sites[rng_below(r, COUNT(sites))], &fill);
    json_t *v =
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "account_id", (json_int_t)a->id, "part_id", (json_int_t)p->id,
                  "serial", fmt(&serial, "%s-%02d-%05d", type_codes[type], year_of(installed) % 100, ++d->asset_serial),
                  "model", p->name, "site", buffer_cstr(&site), "installed_on", date_json(installed));
    int64_t id = 0;
    rc = cli_record_create(d->db, &store_assets, v, d->now, &id, err);
    json_decref(v);
    d->assets++;
    if (!rc) rc = insert_event(d, a, id, part, installed, "installation", installation_texts[type], err);
    for (int day = installed + (int)rng_range(r, 150, 400); !rc && day <= d->today;
         day += (int)rng_range(r, 150, 400)) {
      const char *kind = kinds[rng_weighted(r, kind_weights, COUNT(kinds))];
      if (strcmp(kind, "calibration") == 0 && type != ASSET_TEST_RIG) kind = "service";
      const char *text = strcmp(kind, "service") == 0      ? service_texts[type]
                         : strcmp(kind, "repair") == 0     ? repair_texts[type]
                         : strcmp(kind, "inspection") == 0 ? inspection_text
                                                           : calibration_text;
      rc = insert_event(d, a, id, part, day, kind, text, err);
    }
  }
  buffer_free(&serial);
  buffer_free(&site);
  return rc;
}

/* --- cases ------------------------------------------------------------------------------------ */

typedef struct CaseKind {
  CaseType type;
  int weight, technical;
  const char *subjects[3], *reply, *note;
} CaseKind;

static const CaseKind case_kinds[] = {
    {CASE_ENQUIRY, 25, 0,
     {"Price and lead time for {qty} x {part}", "Datasheet for {part}", "Alternative to {part} to {spec}"},
     "Quotation Q-{quote} attached: {qty} x {part}, ex works in the usual lead time.",
     "Checked stock with production before quoting."},
    {CASE_TECHNICAL_SUPPORT, 30, 1,
     {"{cylinder} on line {line} drifting under load", "Pressure drop on power unit, line {line}",
      "Which seal kit fits {cylinder}?"},
     "Please fit seal kit {sealkit} and bleed the circuit; the drift should stop.",
     "Likely worn piston seals; customer runs it hot in summer."},
    {CASE_COMPLAINT, 10, 1,
     {"Leaking {cylinder} delivered to {city}", "Late delivery of {part} stopped line {line}",
      "Wrong part shipped instead of {part}"},
     "We are sorry. A replacement ships today and we are investigating the cause.",
     "Logged for the quality review; check the batch records."},
    {CASE_RETURN, 12, 1,
     {"RMA: {part} failed in warranty", "Return of surplus {part}", "RMA: seal kit {sealkit} damaged in transit"},
     "RMA authorised. Please return the part with the RMA number on the box.",
     "Inspect on arrival before crediting."},
    {CASE_ORDER_CHANGE, 15, 0,
     {"Rush {qty} x {part} for a shutdown", "Change delivery address for {part}", "Add {qty} x {sealkit} to the open order"},
     "Done: the order is changed and confirmed.",
     "Production can pull this forward by a week."},
    {CASE_INTERNAL_REQUEST, 8, 0,
     {"Production: confirm material for {part}", "Drawing check for {cylinder}", "Stock count of {sealkit}"},
     "Answered by the works: see the note.",
     "Asked the works manager."},
};

/* A demo case as it unfolds: its facts as the workflow sees them and the
 * version the store is at. */
typedef struct DemoCase {
  int64_t id, version, author;
  CaseFacts facts;
} DemoCase;

/* Adds event (taken) to c's timeline at `at`, written by the case's
 * assignee unless the event names its author_id. */
static int case_event(Demo *d, DemoCase *c, json_t *event, time_t at, Error *err) {
  char text[TIME_TEXT_SIZE];
  time_format(at, text);
  if (!json_object_get(event, "author_id")) json_object_set_new(event, "author_id", json_integer(c->author));
  int64_t id;
  int rc = store_case_event_insert(d->db, c->id, event, text, &id, err);
  json_decref(event);
  d->case_events++;
  return rc;
}

static int case_reply(Demo *d, DemoCase *c, const char *body, int inbound, time_t at, Error *err) {
  char text[TIME_TEXT_SIZE];
  time_format(at, text);
  json_t *event = json_pack("{s:s, s:s, s:s, s:s}", "kind", "reply", "visibility", "public", "direction",
                            inbound ? "inbound" : "outbound", "body", body);
  int rc = case_event(d, c, event, at, err);
  if (!rc) rc = store_case_count_reply(d->db, c->id, inbound, text, err);
  c->version++;
  *(inbound ? &c->facts.inbound_replies : &c->facts.outbound_replies) += 1;
  return rc;
}

/* Moves the case as the API would, refusing what the workflow refuses a team leader. */
static int case_move(Demo *d, DemoCase *c, CaseStatus to, const char *reason, time_t at, Error *err) {
  CaseStatus from = c->facts.status;
  CaseMoveContext ctx = {.role = ROLE_TEAM_LEADER, .has_reason = reason != NULL, .now = at, .closed_at = c->facts.closed_at};
  if (case_move_check(from, to, &ctx) != CASE_MOVE_ALLOWED)
    return error_set(err, 500, "Internal error", "the demo moved a case from %s to %s", case_status_name(from),
                     case_status_name(to));
  case_apply_move(&c->facts, to, at);
  char now[TIME_TEXT_SIZE], resolved[TIME_TEXT_SIZE], closed[TIME_TEXT_SIZE];
  time_format(at, now);
  time_format(c->facts.resolved_at, resolved);
  time_format(c->facts.closed_at, closed);
  StoreCaseStatus s = {case_status_name(to), c->facts.first_contact_resolution, c->facts.reopen_count,
                       c->facts.resolved_at ? resolved : NULL, c->facts.closed_at ? closed : NULL};
  int rc = store_case_set_status(d->db, c->id, c->version++, &s, now, err);
  json_t *event = json_pack("{s:s, s:s, s:s, s:s, s:s?}", "kind", "status_change", "visibility", "public",
                            "from_status", case_status_name(from), "to_status", case_status_name(to), "body", reason);
  return rc ? (json_decref(event), -1) : case_event(d, c, event, at, err);
}

/* --- complaints ------------------------------------------------------------------------------ */

/* What a complaint is about: the three complaint subjects of case_kinds, in order. */
typedef enum { GRIEF_LEAK, GRIEF_LATE, GRIEF_WRONG_PART, GRIEF_COUNT } Grief;

/* For each subject: its impact at each severity (minor … safety), and the
 * remedies that fit it with their weights and resolutions. */
static const struct {
  const char *impacts[SEVERITY_COUNT];
  int remedy_weights[REMEDY_COUNT];
  const char *resolutions[REMEDY_COUNT];
} griefs[GRIEF_COUNT] = {
    [GRIEF_LEAK] = {{NULL, "Weeping at the rod seal of {cylinder}; the customer wipes it down each shift.",
                     "{cylinder} leaks under load on line {line}; the machine runs at reduced pressure.",
                     "Line {line} stopped: {cylinder} lost pressure and the press cannot hold its load.",
                     "Oil sprayed from {cylinder} under pressure close to an operator on line {line}; the area "
                     "was cordoned off."},
                    {0, 45, 35, 10, 5, 5},
                    {NULL, "Replacement {cylinder} shipped next day; the leaking unit comes back for a teardown.",
                     "Our field engineer refitted seal kit {sealkit} on site and pressure-tested the cylinder.",
                     "Credit note for the cylinder; the customer rebuilds it in their own workshop.",
                     "The leak came from the customer's hose fitting, not the cylinder; explained with the test "
                     "report.",
                     "Loan cylinder fitted while the customer's unit is rebuilt at Sheffield."}},
    [GRIEF_LATE] = {{NULL, "{part} arrived two days late; the customer moved a maintenance window.",
                     "Line {line} ran at half output for three days waiting for {part}.",
                     "Line {line} stood for a week without {part}; the customer faces late-delivery penalties.",
                     "Waiting for {part}, the customer ran a worn unit past its service life and a hose burst "
                     "near staff."},
                    {0, 0, 0, 50, 35, 15},
                    {NULL, NULL, NULL, "Credit of the carriage and 10% of the order value for the delay.",
                     "Explained the cause of the delay and confirmed the new lead time in writing.",
                     "Two {part} now held as buffer stock for the customer at our cost."}},
    [GRIEF_WRONG_PART] = {{NULL, "The wrong part was found at goods-in; nothing was fitted.",
                           "The wrong part was fitted and had to come out again; a day's work lost on line {line}.",
                           "The wrong part failed at start-up; line {line} stood for two days.",
                           "A part of a lower pressure rating was fitted in place of {part} and burst on test."},
                          {0, 80, 0, 15, 0, 5},
                          {NULL, "The right {part} sent by overnight courier; the wrong one collected.", NULL,
                           "Credit for the wrong part and for the fitter's lost day.", NULL,
                           "Our engineer brought the right {part} and fitted it on site."}},
};

/* What went wrong, told as the investigation found it: its 6M category, the
 * subjects it explains (bits of 1 << Grief), how often, the findings, the
 * five whys (the first three to five are recorded) and the corrective action
 * a systemic cause gets. Weighted for a hydraulics maker: material and method
 * first, environment last. */
static const struct {
  ComplaintCause category;
  unsigned griefs;
  int weight;
  const char *investigation, *whys[5], *capa;
} causes[] = {
    {CAUSE_MATERIAL, 1u << GRIEF_LEAK, 30,
     "Returned {cylinder} stripped: the rod seal, from compound batch NBR-{quote}, measured 6 Shore A under "
     "specification and had extruded at the gland.",
     {"The rod seal extruded under working pressure", "The seal was softer than the drawing allows",
      "Compound batch NBR-{quote} was out of specification", "The supplier's certificate was accepted without a check",
      "Goods-in tests seal hardness only for new suppliers"},
     "Hardness-test every incoming seal compound batch at goods-in"},
    {CAUSE_MATERIAL, 1u << GRIEF_LEAK, 12,
     "The piston rod's chrome was pitted; plating measured 12 µm against the 20 µm specified.",
     {"Pitting on the rod cut the seal", "The chrome layer was too thin",
      "The plating subcontractor's bath ran out of control", "Plated rods are not measured on receipt",
      "The subcontractor is not on the audited supplier list"},
     "Measure chrome thickness on every batch of plated rods and audit the plater"},
    {CAUSE_METHOD, 1u << GRIEF_LEAK, 20,
     "Gland nut found at 180 Nm against the 320 Nm specified; the O-ring behind it was nibbled.",
     {"Oil leaked past the gland", "The gland nut had backed off", "It was tightened to the old torque value",
      "The assembly torque procedure was not updated after the design change",
      "Drawing changes do not trigger a review of work instructions"},
     "Review the assembly torque procedure whenever a drawing changes"},
    {CAUSE_METHOD, 1u << GRIEF_LATE, 14,
     "Order {order} was planned against a lead time of three weeks; the steel tube supplier now needs six.",
     {"{part} was not ready on the promised date", "Its material arrived late",
      "The material was ordered too late", "The planning system holds an out-of-date supplier lead time",
      "Supplier lead times are reviewed only once a year"},
     "Review supplier lead times in the planning system every month"},
    {CAUSE_METHOD, 1u << GRIEF_WRONG_PART, 8,
     "The order acknowledgement named {part}, but the sales system still held the superseded part number and "
     "dispatch picked that.",
     {"The superseded part was shipped", "Dispatch picked the number on the order",
      "The sales system still held the old part number", "Supersessions are entered in engineering only",
      "No procedure carries a supersession into the sales system"},
     "Carry every part supersession into the sales system the day it is released"},
    {CAUSE_MACHINE, 1u << GRIEF_LEAK, 18,
     "The cylinder tube's bore measured 0.03 mm out of round; the spindle bearings of honing machine H2 are worn.",
     {"The seals wore quickly in the bore", "The bore was out of round", "Honing machine H2's spindle bearings are worn",
      "Preventive maintenance on H2 was deferred twice for output",
      "Maintenance may be deferred without the works manager's approval"},
     "Replace H2 spindle bearings and stop deferring honing-machine maintenance"},
    {CAUSE_MACHINE, 1u << GRIEF_LATE, 8,
     "CNC lathe 4 was down for nine days with a failed turret motor while {part} waited in its queue.",
     {"{part} missed its dispatch date", "Its rods could not be turned", "CNC lathe 4 broke down",
      "No spare turret motor was held", "Critical spares were never listed for the lathes"},
     "List and stock critical spares for the CNC lathes"},
    {CAUSE_MAN, 1u << GRIEF_WRONG_PART, 14,
     "The picker took {part} from the neighbouring bin; both parts look alike and the picking list was not "
     "scanned.",
     {"The wrong part was packed", "The picker took it from the next bin", "The two parts look alike",
      "The packing scan was skipped at a busy time", "Scanning is not enforced by the packing system"},
     "Enforce a scan of every part at packing"},
    {CAUSE_MAN, 1u << GRIEF_LEAK, 8,
     "The rod seal of {cylinder} was fitted the wrong way round by an assembler three weeks into the job.",
     {"The cylinder leaked from the first stroke", "The rod seal faced the wrong way",
      "The assembler had not fitted that seal profile before", "Training sign-off does not cover seal direction",
      "The training plan predates the new seal profiles"},
     "Add seal fitting direction to the assemblers' training sign-off"},
    {CAUSE_MEASUREMENT, 1u << GRIEF_LEAK, 16,
     "Pressure-test gauge PG-{line} on the test rig read 8% low: units passed the proof test at less pressure "
     "than required.",
     {"A leak the proof test should have caught reached the customer", "The test ran at too low a pressure",
      "The pressure-test gauge read low", "The gauge was four months past its calibration date",
      "The calibration register is not checked before testing"},
     "Lock out test rigs whose gauges are past their calibration date"},
    {CAUSE_MEASUREMENT, 1u << GRIEF_WRONG_PART, 6,
     "Final inspection passed a cylinder 20 mm short in stroke: the inspector's tape was read from the wrong end.",
     {"A cylinder of the wrong stroke was shipped", "Final inspection passed it",
      "The stroke was measured with a tape", "The inspection bench has no fixed stroke gauge",
      "Inspection equipment was never reviewed for long cylinders"},
     "Fit a fixed stroke gauge at final inspection"},
    {CAUSE_ENVIRONMENT, 1u << GRIEF_LATE, 5,
     "Snow closed the works for three days in the week {part} was due; no dispatch ran and customers were not told.",
     {"{part} left three days late", "The works were closed by snow", "Nobody warned the customers waiting on orders",
      "The severe-weather plan covers the staff but not the customers", "The plan was written before we sold abroad"},
     "Add telling customers with orders due to the severe-weather plan"},
    {CAUSE_ENVIRONMENT, 1u << GRIEF_LEAK, 9,
     "Stock units showed rod corrosion; the humidity log of store B stood above 75% for most of the winter.",
     {"Corrosion on the rod damaged the seals at start-up", "The unit stood in damp air in store B",
      "Store B's dehumidifier failed in November", "Nobody watches the store humidity log",
      "The log has no alarm"},
     "Alarm the store humidity log and check it every week"},
    {CAUSE_ENVIRONMENT, 1u << GRIEF_LEAK, 5,
     "Particles found in the valve spool and seals; the assembly bay missed its cleanliness class during building "
     "work next door.",
     {"Dirt scored the seals", "The unit was assembled dirty", "Dust came into the assembly bay",
      "Building work next door was not screened off", "Cleanliness is not checked when the works change"},
     "Screen the assembly bay and test cleanliness during building work"},
};

static const char *const unsatisfied_notes[] = {
    "Accepted the remedy but wants the downtime paid for as well.",
    "Says it took too long to reach a decision; asked for a named contact next time.",
    "The replacement fitted, but the customer has lost confidence and is trialling a second supplier.",
};

/* A demo complaint as it unfolds: what the core knows of it (its texts
 * borrowed from the buffers here), the five whys and follow-up note to
 * store, and the record as last stored (owned). */
typedef struct DemoComplaint {
  Complaint facts;
  Buffer impact, investigation, resolution;
  json_t *whys, *record;
  const char *follow_up_note;
} DemoComplaint;

static size_t staff_index(const char *username) {
  for (size_t i = 0; i < STAFF_COUNT; i++)
    if (strcmp(demo_staff[i].username, username) == 0) return i;
  abort(); /* the demo names only its own staff */
}

static Role staff_role(size_t i) {
  Role role = ROLE_AGENT;
  if (policy_role_parse(demo_staff[i].role, &role)) abort();
  return role;
}

/* The record's columns from what the complaint knows now. */
static void complaint_columns_set(json_t *record, const DemoComplaint *m) {
  const Complaint *f = &m->facts;
  json_object_set_new(record, "step", json_string(complaint_step_name(f->step)));
  json_object_set_new(record, "severity", f->severity ? json_string(complaint_severity_name(f->severity)) : json_null());
  json_object_set_new(record, "impact", f->impact ? json_string(f->impact) : json_null());
  json_object_set_new(record, "investigation", f->investigation ? json_string(f->investigation) : json_null());
  json_object_set(record, "five_whys", m->whys ? m->whys : json_null());
  json_object_set_new(record, "cause_category", f->category ? json_string(complaint_cause_name(f->category)) : json_null());
  json_object_set_new(record, "systemic", json_integer(f->systemic));
  json_object_set_new(record, "remedy", f->remedy ? json_string(complaint_remedy_name(f->remedy)) : json_null());
  json_object_set_new(record, "resolution", f->resolution ? json_string(f->resolution) : json_null());
  json_object_set_new(record, "satisfied", f->satisfied < 0 ? json_null() : json_integer(f->satisfied));
  json_object_set_new(record, "follow_up_note", m->follow_up_note ? json_string(m->follow_up_note) : json_null());
  json_object_set_new(record, "escalation_level", json_string(escalation_level_name(f->escalation)));
}

/* Records the escalation the core demands of m now, as the API does when a
 * step leaves a complaint too low: the row (audited) and an internal entry. */
static int complaint_escalate(Demo *d, DemoCase *c, DemoComplaint *m, int64_t by, time_t at, Error *err) {
  EscalationLevel level;
  if (!complaint_needs_escalation(&m->facts, &level)) return 0;
  const char *reason = complaint_escalation_reason(&m->facts);
  int64_t id;
  json_t *row = NULL;
  char when[TIME_TEXT_SIZE];
  time_format(at, when);
  m->facts.escalation = level;
  int rc = store_complaint_escalation_insert(d->db, c->id, escalation_level_name(level), reason, by, when, &id, err);
  if (!rc) rc = store_complaint_escalation_get(d->db, id, &row, err);
  if (!rc) rc = store_audit_append(d->db, &cli_actor, "complaint_escalation", id, "create", NULL, row, when, err);
  json_decref(row);
  Buffer body = BUFFER_INIT;
  buffer_printf(&body, "escalated to %s: %s", escalation_level_name(level), reason);
  json_t *event = json_pack("{s:s, s:s, s:s, s:I}", "kind", "escalation", "visibility", "internal", "body",
                            buffer_cstr(&body), "author_id", (json_int_t)by);
  buffer_free(&body);
  return rc ? (json_decref(event), -1) : case_event(d, c, event, at, err);
}

/* Takes step `to` with what the caller has just added to m->facts, as the
 * API would for the staff member `actor`: the core must let that role take
 * it and find nothing missing once the escalation it demands is recorded.
 * Stores the record (stamping the step's time), the timeline entry with the
 * step's visibility, and the audit of the record before and after. */
static int complaint_take(Demo *d, DemoCase *c, DemoComplaint *m, ComplaintStep to, const char *body, size_t actor,
                          time_t at, Error *err) {
  static const struct {
    ComplaintStep step;
    const char *column;
  } stamps[] = {{COMPLAINT_ACKNOWLEDGED, "acknowledged_at"},
                {COMPLAINT_COMMUNICATED, "communicated_at"},
                {COMPLAINT_CLOSED, "closed_at"},
                {COMPLAINT_FOLLOWED_UP, "followed_up_at"}};
  ComplaintStep from = m->facts.step;
  char when[TIME_TEXT_SIZE];
  time_format(at, when);
  int64_t by = d->staff_ids[actor];
  unsigned missing = 0;
  if (!complaint_step_role_allowed(from, to, staff_role(actor)))
    return error_set(err, 500, "Internal error", "the demo let %s take a complaint from %s to %s",
                     demo_staff[actor].username, complaint_step_name(from), complaint_step_name(to));
  int rc = complaint_escalate(d, c, m, by, at, err);
  if (!rc && complaint_step_check(&m->facts, to, &missing) != COMPLAINT_STEP_ALLOWED)
    return error_set(err, 500, "Internal error", "the demo took a complaint from %s to %s (missing mask %u)",
                     complaint_step_name(from), complaint_step_name(to), missing);
  m->facts.step = to;
  json_t *merged = rc ? NULL : json_deep_copy(m->record), *after = NULL;
  if (!rc) {
    complaint_columns_set(merged, m);
    for (size_t i = 0; i < COUNT(stamps); i++)
      if (stamps[i].step == to) json_object_set_new(merged, stamps[i].column, json_string(when));
    rc = store_record_update(d->db, &store_complaints, c->id, json_integer_value(json_object_get(m->record, "version")),
                             merged, when, err);
  }
  if (!rc) rc = store_record_get(d->db, &store_complaints, c->id, &after, err);
  if (!rc) rc = store_audit_append(d->db, &cli_actor, "complaint", c->id, "update", m->record, after, when, err);
  json_decref(merged);
  json_decref(m->record);
  m->record = after;
  if (rc) return -1;
  return case_event(d, c,
                    json_pack("{s:s, s:s, s:s, s:s?, s:I}", "kind", "complaint_step", "visibility",
                              complaint_step_is_public(to) ? "public" : "internal", "step", complaint_step_name(to),
                              "body", body, "author_id", (json_int_t)by),
                    at, err);
}

/* The CAPA of a systemic cause found at `root`, raised by the quality or CS
 * manager an hour later and due 30 days after the root cause; done and
 * verified by the quality manager once old enough, open or in progress
 * while recent. */
static int complaint_raise_capa(Demo *d, DemoCase *c, DemoComplaint *m, Rng *r, const char *title, time_t root,
                                Error *err) {
  static const char *const effective_notes[] = {
      "No repeat of the cause in three months of production checks and complaints.",
      "Audited twice since: the new check is done and recorded every time.",
  };
  static const char *const ineffective_notes[] = {
      "The same cause came back within two months; the action is to be redesigned.",
      "The check is done, but not on the night shift; training to follow.",
  };
  time_t now = (time_t)d->today * 86400, at = root + HOUR;
  int due = (int)(root / 86400) + 30;
  size_t quality = staff_index("grace.okafor");
  int64_t owner = d->staff_ids[rng_chance(r, 70) ? quality : staff_index("helen.carter")];
  char created[TIME_TEXT_SIZE], verified[TIME_TEXT_SIZE];
  time_format(at, created);
  json_t *v = json_pack("{s:I, s:s, s:s, s:I, s:o, s:s}", "case_id", (json_int_t)c->id, "title", title, "description",
                        buffer_cstr(&m->investigation), "owner_id", (json_int_t)owner, "due_on",
                        date_json(due), "status",
                        now - at < 10 * 86400 ? "open" : "in_progress");
  time_t checked = (time_t)working_day(due + (int)rng_range(r, 7, 45), 1) * 86400 + rng_range(r, 9, 16) * HOUR;
  if (checked < now) {
    int effective = rng_chance(r, 70);
    time_format(checked, verified);
    json_object_set_new(v, "status", json_string("done"));
    json_object_set_new(v, "effectiveness", json_string(effective ? "verified_effective" : "not_effective"));
    json_object_set_new(v, "effectiveness_note",
                        json_string(effective ? effective_notes[rng_below(r, COUNT(effective_notes))]
                                              : ineffective_notes[rng_below(r, COUNT(ineffective_notes))]));
    json_object_set_new(v, "verified_at", json_string(verified));
    json_object_set_new(v, "verified_by_id", json_integer(d->staff_ids[quality]));
  }
  int64_t id;
  int rc = cli_record_create(d->db, &store_capas, v, created, &id, err);
  json_decref(v);
  m->facts.has_capa = 1;
  d->capas++;
  return rc;
}

/* The complaint record of complaint case c about `grief`, opened at
 * `opened` and handled by staff member `handler`: acknowledged within hours,
 * then assessed, investigated, its root cause found, a remedy decided and
 * told, closed when the case was resolved and followed up days later; a case
 * still open stops at acknowledged, assessed or investigated. Judgements
 * (root cause, decision, closure) are the handler's when the role allows,
 * else their line manager's. */
static int insert_complaint(Demo *d, DemoCase *c, Rng *r, Grief grief, const Fill *fill, size_t handler, time_t opened,
                           Error *err) {
  static const int severity_weights[SEVERITY_COUNT] = {0, 40, 40, 15, 5};
  static const int open_stops[] = {25, 40, 35}; /* acknowledged, assessed, investigated */
  time_t now = (time_t)d->today * 86400;
  char at[TIME_TEXT_SIZE];
  time_format(opened, at);
  size_t judge = handler;
  if (!complaint_step_role_allowed(COMPLAINT_INVESTIGATED, COMPLAINT_ROOT_CAUSE, staff_role(handler)))
    judge = staff_index(demo_staff[handler].manager);
  DemoComplaint m = {.facts = {.step = COMPLAINT_RECEIVED, .satisfied = -1}};
  int rc = store_complaint_insert(d->db, c->id, at, err);
  if (!rc) rc = store_record_get(d->db, &store_complaints, c->id, &m.record, err);
  if (!rc) rc = store_audit_append(d->db, &cli_actor, "complaint", c->id, "create", NULL, m.record, at, err);
  d->complaints++;
  int resolved = c->facts.resolved_at != 0;
  ComplaintStep stop = resolved ? COMPLAINT_CLOSED : COMPLAINT_ACKNOWLEDGED + rng_weighted(r, open_stops, 3);
  time_t t = opened + rng_range(r, 1, 4) * HOUR;
  if (!rc)
    rc = complaint_take(d, c, &m, COMPLAINT_ACKNOWLEDGED,
                        "Thank you for telling us. We are looking into it and will report back within five working "
                        "days.",
                        handler, t, err);
  /* A resolved complaint's steps fit between its assessment, hours after
   * the acknowledgement, and its communication just before the case's
   * resolution; an open one's come a day or days apart. */
  time_t assessed = t + rng_range(r, 1, resolved ? 6 : 24) * HOUR;
  time_t told = resolved ? c->facts.resolved_at - rng_range(r, 1, 3) * HOUR : 0, span = told - assessed;
  m.facts.severity = (ComplaintSeverity)rng_weighted(r, severity_weights, SEVERITY_COUNT);
  expand(&m.impact, griefs[grief].impacts[m.facts.severity], fill);
  m.facts.impact = buffer_cstr(&m.impact);
  if (!rc && stop >= COMPLAINT_ASSESSED && assessed < now)
    rc = complaint_take(d, c, &m, COMPLAINT_ASSESSED, m.facts.impact, handler, assessed, err);
  int weights[COUNT(causes)];
  for (size_t i = 0; i < COUNT(causes); i++) weights[i] = causes[i].griefs & (1u << grief) ? causes[i].weight : 0;
  size_t cause = rng_weighted(r, weights, COUNT(causes));
  expand(&m.investigation, causes[cause].investigation, fill);
  m.facts.investigation = buffer_cstr(&m.investigation);
  t = resolved ? assessed + span * rng_range(r, 20, 40) / 100 : assessed + rng_range(r, 1, 4) * 86400;
  if (!rc && stop >= COMPLAINT_INVESTIGATED && t < now)
    rc = complaint_take(d, c, &m, COMPLAINT_INVESTIGATED, m.facts.investigation, handler, t, err);
  if (!rc && stop == COMPLAINT_CLOSED) {
    time_t root = assessed + span * rng_range(r, 45, 65) / 100, decided = assessed + span * rng_range(r, 75, 95) / 100;
    m.whys = json_array();
    Buffer why = BUFFER_INIT;
    for (int i = 0, n = (int)rng_range(r, 3, 5); i < n; i++) {
      buffer_reset(&why);
      expand(&why, causes[cause].whys[i], fill);
      json_array_append_new(m.whys, json_string(buffer_cstr(&why)));
    }
    buffer_free(&why);
    m.facts.whys = (int)json_array_size(m.whys);
    m.facts.category = causes[cause].category;
    m.facts.systemic = rng_chance(r, 20);
    rc = complaint_take(d, c, &m, COMPLAINT_ROOT_CAUSE, complaint_cause_name(m.facts.category), judge, root, err);
    if (!rc && m.facts.systemic)
      rc = complaint_raise_capa(d, c, &m, r, causes[cause].capa, root, err);
    m.facts.remedy = (ComplaintRemedy)rng_weighted(r, griefs[grief].remedy_weights, REMEDY_COUNT);
    expand(&m.resolution, griefs[grief].resolutions[m.facts.remedy], fill);
    m.facts.resolution = buffer_cstr(&m.resolution);
    if (!rc) rc = complaint_take(d, c, &m, COMPLAINT_DECIDED, m.facts.resolution, judge, decided, err);
    if (!rc) rc = complaint_take(d, c, &m, COMPLAINT_COMMUNICATED, m.facts.resolution, handler, told, err);
    if (!rc) rc = complaint_take(d, c, &m, COMPLAINT_CLOSED, "The complaint is closed.", judge, c->facts.resolved_at,
                                 err);
    int follow_up_day = working_day((int)(c->facts.resolved_at / 86400 + rng_range(r, 3, 10)), 1);
    t = (time_t)follow_up_day * 86400 + rng_range(r, 9 * 60, 16 * 60 + 30) * 60;
    if (!rc && t < now && rng_chance(r, 85)) {
      m.facts.satisfied = rng_chance(r, 75);
      if (!m.facts.satisfied) m.follow_up_note = unsatisfied_notes[rng_below(r, COUNT(unsatisfied_notes))];
      rc = complaint_take(d, c, &m, COMPLAINT_FOLLOWED_UP,
                          m.facts.satisfied ? "The customer is satisfied with how the complaint was handled."
                                            : m.follow_up_note,
                          handler, t, err);
    }
  }
  buffer_free(&m.impact);
  buffer_free(&m.investigation);
  buffer_free(&m.resolution);
  json_decref(m.whys);
  json_decref(m.record);
  return rc;
}

/* One case: opened on `day`, answered, perhaps waiting on the customer,
 * resolved and closed (or still open if recent), now and then reopened; a
 * complaint with its complaint record kept in step with it. */
static int insert_case(Demo *d, DemoAccount *a, int day, Error *err) {
  Rng *r = &a->rng;
  int weights[COUNT(case_kinds)];
  for (size_t i = 0; i < COUNT(case_kinds); i++) weights[i] = case_kinds[i].weight;
  const CaseKind *k = &case_kinds[rng_weighted(r, weights, COUNT(case_kinds))];
  static const int priority_weights[] = {5, 20, 55, 20};
  static const char *const channels[] = {"phone", "email", "email", "portal", "visit"};
  Fill fill;
  general_fill(d, a, &fill);
  Buffer subject = BUFFER_INIT, reply = BUFFER_INIT, note = BUFFER_INIT;
  size_t subject_index = rng_below(r, 3);
  expand(&subject, k->subjects[subject_index], &fill);
  expand(&reply, k->reply, &fill);
  expand(&note, k->note, &fill);
  size_t handler = 0;
  int64_t assignee = pick_handler(d, r, a, k->technical);
  for (size_t i = 0; i < STAFF_COUNT; i++)
    if (d->staff_ids[i] == assignee) handler = i;
  time_t opened = (time_t)working_day(day, 0) * 86400 + rng_range(r, 8 * 60, 16 * 60) * 60;
  char at[TIME_TEXT_SIZE];
  time_format(opened, at);
  json_t *v = json_pack("{s:I, s:s, s:I, s:s, s:s, s:I, s:I, s:[]}", "account_id", (json_int_t)a->id, "type",
                        case_type_name(k->type), "priority", (json_int_t)rng_weighted(r, priority_weights, 4) + 1,
                        "subject", buffer_cstr(&subject), "channel",
                        k->type == CASE_INTERNAL_REQUEST ? "internal" : channels[rng_below(r, COUNT(channels))],
                        "assignee_id", (json_int_t)assignee, "team_id", (json_int_t)d->team_ids[handler],
                        "required_skills");
  if (k->technical) json_array_append_new(json_object_get(v, "required_skills"), json_string("hydraulics"));
  int64_t contact = pick_contact(r, a, k->technical);
  if (contact) json_object_set_new(v, "contact_id", json_integer(contact));
  DemoCase c = {.version = 1, .author = assignee, .facts = {.status = CASE_NEW}};
  int rc = cli_record_create(d->db, &store_cases, v, at, &c.id, err);
  json_decref(v);
  d->cases++;
  time_t now = (time_t)d->today * 86400, t = opened + rng_range(r, 1, 6) * HOUR;
  int recent = now - opened < 14 * 86400;
  if (!rc && rng_chance(r, 80)) rc = case_move(d, &c, CASE_OPEN, NULL, t, err);
  if (!rc && rng_chance(r, 40))
    rc = case_event(d, &c, json_pack("{s:s, s:s, s:s}", "kind", "note", "visibility", "internal", "body",
                                     buffer_cstr(&note)), t + HOUR, err);
  if (!rc && rng_chance(r, 85)) rc = case_reply(d, &c, buffer_cstr(&reply), 0, t += rng_range(r, 1, 20) * HOUR, err);
  if (!rc && rng_chance(r, 35) && c.facts.status != CASE_NEW) {
    rc = case_move(d, &c, CASE_WAITING_ON_CUSTOMER, NULL, t + HOUR, err);
    t += rng_range(r, 1, 5) * 86400;
    if (!rc && t < now) rc = case_reply(d, &c, "Thanks, that has helped. One more question on the fitting.", 1, t, err);
    if (!rc && t < now) rc = case_move(d, &c, CASE_OPEN, "the customer replied", t, err);
    if (!rc && t < now) rc = case_reply(d, &c, buffer_cstr(&reply), 0, t += rng_range(r, 2, 8) * HOUR, err);
  }
  if (!rc && !(recent && rng_chance(r, 60)) && c.facts.status != CASE_WAITING_ON_CUSTOMER) {
    t += rng_range(r, 1, 8) * 86400;
    if (t < now) rc = case_move(d, &c, CASE_RESOLVED, NULL, t, err);
    if (!rc && t < now && rng_chance(r, 6)) {
      rc = case_move(d, &c, CASE_REOPENED, "The customer reports the fault is back", t += 3 * 86400, err);
      if (!rc) rc = case_move(d, &c, CASE_RESOLVED, NULL, t += rng_range(r, 1, 5) * 86400, err);
    }
    t += rng_range(r, 3, 7) * 86400;
    if (!rc && t < now && c.facts.status == CASE_RESOLVED) rc = case_move(d, &c, CASE_CLOSED, NULL, t, err);
  }
  if (!rc && k->type == CASE_COMPLAINT) rc = insert_complaint(d, &c, r, (Grief)subject_index, &fill, handler, opened, err);
  /* Its clocks as they stand today (a case older than the calendar's horizon has none). */
  if (!rc) rc = sla_case_refresh(d->db, c.id, &cli_actor, d->now, 0, NULL, err);
  buffer_free(&subject);
  buffer_free(&reply);
  buffer_free(&note);
  return rc;
}

/* Customers raise cases in proportion to their size, over the last two years. */
static int insert_cases(Demo *d, DemoAccount *a, Error *err) {
  Rng *r = &a->rng;
  if (strcmp(a->status, "prospect") == 0) return 0;
  int n = a->tier == 'A' ? (int)rng_range(r, 4, 10) : a->tier == 'B' ? (int)rng_range(r, 1, 5) : (int)rng_range(r, 0, 2);
  int rc = 0;
  for (int i = 0; !rc && i < n; i++) rc = insert_case(d, a, d->today - (int)rng_range(r, 1, DEMO_CASE_DAYS), err);
  return rc;
}

/* --- SLAs ------------------------------------------------------------------------------------ */

/* The office's calendar: weekdays 08:30 to 17:00 UK time, closed on the bank
 * holidays of England and Wales (as gov.uk publishes them). */
static const char demo_calendar[] =
    "{\"tz\":\"Europe/London\",\"hours\":{\"mon\":[[\"08:30\",\"17:00\"]],\"tue\":[[\"08:30\",\"17:00\"]],"
    "\"wed\":[[\"08:30\",\"17:00\"]],\"thu\":[[\"08:30\",\"17:00\"]],\"fri\":[[\"08:30\",\"17:00\"]]},"
    "\"holidays\":[\"2024-01-01\",\"2024-03-29\",\"2024-04-01\",\"2024-05-06\",\"2024-05-27\",\"2024-08-26\","
    "\"2024-12-25\",\"2024-12-26\",\"2025-01-01\",\"2025-04-18\",\"2025-04-21\",\"2025-05-05\",\"2025-05-26\","
    "\"2025-08-25\",\"2025-12-25\",\"2025-12-26\",\"2026-01-01\",\"2026-04-03\",\"2026-04-06\",\"2026-05-04\","
    "\"2026-05-25\",\"2026-08-31\",\"2026-12-25\",\"2026-12-28\",\"2027-01-01\",\"2027-03-26\",\"2027-03-29\","
    "\"2027-05-03\",\"2027-05-31\",\"2027-08-30\",\"2027-12-27\",\"2027-12-28\"]}";
/* Business minutes per priority: first response, next update, resolution. */
static const char demo_standard[] =
    "{\"1\":{\"first_response\":120,\"next_update\":480,\"resolution\":960},"
    "\"2\":{\"first_response\":240,\"next_update\":960,\"resolution\":1920},"
    "\"3\":{\"first_response\":480,\"resolution\":4800},\"4\":{\"first_response\":960,\"resolution\":9600}}";
static const char demo_gold[] =
    "{\"1\":{\"first_response\":30,\"next_update\":120,\"resolution\":240},"
    "\"2\":{\"first_response\":60,\"next_update\":240,\"resolution\":480},"
    "\"3\":{\"first_response\":120,\"next_update\":480,\"resolution\":1440},"
    "\"4\":{\"first_response\":240,\"resolution\":2880}}";

/* The UK office calendar, Standard (the default, reviewed in a year) and
 * Gold (up for renegotiation in three weeks, so its review reminder shows). */
static int insert_slas(Demo *d, Error *err) {
  int64_t calendar = 0, standard = 0;
  json_t *v = json_pack("{s:s, s:o}", "name", "UK office (England & Wales)", "calendar",
                        json_loads(demo_calendar, 0, NULL));
  int rc = cli_record_create(d->db, &store_calendars, v, d->now, &calendar, err);
  json_decref(v);
  const struct {
    const char *name, *targets;
    int is_default, acknowledgement, review_in_days;
    int64_t *id;
  } policies[] = {{"Standard", demo_standard, 1, 480, 365, &standard}, {"Gold", demo_gold, 0, 120, 21, &d->gold_policy}};
  for (size_t i = 0; !rc && i < COUNT(policies); i++) {
    char review[11];
    time_t review_at = (time_t)(d->today + policies[i].review_in_days) * 86400;
    strftime(review, sizeof review, "%Y-%m-%d", gmtime(&review_at));
    v = json_pack("{s:s, s:I, s:o, s:[s], s:[i, i], s:i, s:s, s:b}", "name", policies[i].name, "calendar_id",
                  (json_int_t)calendar, "targets", json_loads(policies[i].targets, 0, NULL), "pause_statuses",
                  "waiting_on_customer", "warn_at", 75, 90, "acknowledgement", policies[i].acknowledgement,
                  "review_on", review, "is_default", policies[i].is_default);
    rc = cli_record_create(d->db, &store_sla_policies, v, d->now, policies[i].id, err);
    json_decref(v);
  }
  return rc;
}

/* --- the transactions ------------------------------------------------------------------------ */

/* Teams, staff (each with a team and a line manager), the catalogue and the SLAs. */
static int write_company(Db *db, void *ctx, Error *err) {
  Demo *d = ctx;
  int rc = 0;
  for (size_t i = 0; !rc && i < STAFF_COUNT; i++) {
    const StaffMember *s = &demo_staff[i];
    Buffer email = BUFFER_INIT;
    buffer_printf(&email, "%s@hallamfluidpower.co.uk", s->username);
    CliNewUser u = {s->username, s->display_name, s->role, buffer_cstr(&email), DEMO_PASSWORD, 0, 0, d->password_hash};
    rc = cli_team_ensure(db, s->team, d->now, &u.team_id, err);
    for (size_t m = 0; !rc && s->manager && m < i; m++)
      if (strcmp(demo_staff[m].username, s->manager) == 0) u.manager_id = d->staff_ids[m];
    if (!rc) rc = cli_user_create(db, &u, d->now, &d->staff_ids[i], err);
    d->team_ids[i] = u.team_id;
    buffer_free(&email);
  }
  for (size_t i = 0; !rc && i < d->nparts; i++) {
    const DemoPart *p = &d->parts[i];
    json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:I}", "part_number", p->number, "name", p->name, "spec_ref",
                          p->spec_ref, "description", p->description, "unit_price_minor", (json_int_t)p->price);
    rc = cli_record_create(db, &store_parts, v, d->now, &d->parts[i].id, err);
    json_decref(v);
  }
  if (!rc) rc = insert_slas(d, err);
  return rc;
}

typedef struct Batch {
  Demo *demo;
  size_t from, to; /* accounts [from, to) */
} Batch;

static int write_batch(Db *db, void *ctx, Error *err) {
  Batch *b = ctx;
  (void)db;
  int rc = 0;
  for (size_t i = b->from; !rc && i < b->to; i++) {
    DemoAccount *a = &b->demo->accounts[i];
    rc = insert_account(b->demo, a, err);
    if (!rc) rc = insert_contacts(b->demo, a, err);
    if (!rc) rc = insert_orders(b->demo, a, err);
    if (!rc) rc = insert_interactions(b->demo, a, err);
    if (!rc) rc = insert_assets(b->demo, a, err);
    if (!rc) rc = insert_cases(b->demo, a, err);
  }
  return rc;
}

static int write_team(Db *db, void *ctx, Error *err) { return demo_team(db, ((Demo *)ctx)->now, err); }

/* Refuses a database that already has customers or any of the demo's
 * usernames: the demo is for an empty database. */
static int check_empty(Db *db, Error *err) {
  AccountFilter f;
  memset(&f, 0, sizeof f);
  StorePage page = {0};
  StoreCursor first = {NULL, 0};
  if (store_accounts_list(db, &f, first, 1, &page, err)) return -1;
  size_t accounts = json_array_size(page.items);
  store_page_free(&page);
  if (accounts)
    return error_set(err, 409, "Not empty", "the database already holds accounts; the demo needs an empty one");
  for (size_t i = 0; i < STAFF_COUNT; i++) {
    json_t *user = NULL;
    if (store_user_credentials(db, demo_staff[i].username, &user, err)) return -1;
    json_decref(user);
    if (user)
      return error_set(err, 409, "Not empty",
                       "the database already has a user called '%s'; the demo needs an empty one",
                       demo_staff[i].username);
  }
  return 0;
}

static void demo_free(Demo *d) {
  for (size_t i = 0; i < d->nparts; i++) {
    free(d->parts[i].number);
    free(d->parts[i].name);
    free(d->parts[i].description);
  }
  free(d->parts);
  for (size_t i = 0; i < DEMO_ACCOUNTS; i++) free(d->accounts[i].name);
  free(d->orders);
  free(d->password_hash);
}

/* Migrates, checks, then writes the company and the book in batches. */
static int demo_run(Demo *d, Error *err) {
  int from = 0, to = 0;
  if (store_migrate(d->db, &from, &to, err) || check_empty(d->db, err)) return -1;
  d->password_hash = session_hash_password(DEMO_PASSWORD);
  if (!d->password_hash) return error_set(err, 500, "Internal error", "cannot hash the demo password");
  build_catalogue(d);
  plan_book(d);
  if (cli_transaction(d->db, write_company, d, err)) return -1;
  for (size_t i = 0; i < DEMO_ACCOUNTS; i += DEMO_BATCH) {
    Batch b = {d, i, i + DEMO_BATCH < DEMO_ACCOUNTS ? i + DEMO_BATCH : DEMO_ACCOUNTS};
    if (cli_transaction(d->db, write_batch, &b, err)) return -1;
  }
  if (cli_transaction(d->db, write_team, d, err) || demo_quality(d->db, d->seed, err) ||
      demo_surveys_run(d->db, d->seed, d->now, err))
    return -1;
  if (demo_retention(d->db, d->now, d->staff_ids[1], d->staff_ids[6], &d->campaign_accounts, err)) return -1;
  return demo_performance(d->db, d->now, err);
}

int cmd_demo(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--db", 1}, {"--seed", 1}, {"--scale", 1}, {"--cases", 1}, {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk demo [--db URL] [--seed N] [--scale large [--cases N]]\n\n"
      "Creates the schema and fills the database with a demo company, Hallam Fluid\n"
      "Power Ltd (hydraulic components, Sheffield): 12 staff in two teams, 300\n"
      "customer accounts with contacts, about 80 parts, three years of orders up to\n"
      "today, interactions, installed assets with their service history and two years\n"
      "of cases with replies and notes, complaints taken through their steps with\n"
      "escalations and corrective actions (CAPA), a year of QA reviews with their\n"
      "corrective actions, calibration sessions and team meetings. The same\n"
      "seed (default 1) gives the same data. Every demo user's password is\n" DEMO_PASSWORD ".\n\n"
      "A database that already holds accounts is refused (exit 1).\n\n"
      "--scale large adds a 200-person operation's two years: 12 teams of agents,\n"
      "2,000 accounts, 1,000,000 cases (or --cases N) with five interactions, half\n"
      "an order and 0.3 survey answers each, QA reviews and objectives, bulk-loaded\n"
      "without audit entries, and builds the report roll-ups (docs/PERFORMANCE.md).\n";
  CliOptions o;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  const char *seed_text = cli_value(&o, specs, "--seed", "1");
  char *end;
  unsigned long long seed = strtoull(seed_text, &end, 10);
  if (o.nargs || !*seed_text || *end || seed_text[0] == '-') {
    fprintf(stderr, "forgedesk: --seed must be a whole number\n\n%s", usage);
    return EXIT_USAGE;
  }
  const char *scale = cli_value(&o, specs, "--scale", NULL), *cases_text = cli_value(&o, specs, "--cases", "1000000");
  long long scale_cases = strtoll(cases_text, &end, 10);
  if ((scale && strcmp(scale, "large") != 0) || *end || scale_cases < 1) {
    fprintf(stderr, "forgedesk: --scale takes large, --cases a number of cases\n\n%s", usage);
    return EXIT_USAGE;
  }
  Demo *d = calloc(1, sizeof *d);
  if (!d) abort();
  d->seed = seed;
  time_now_text(d->now);
  d->today = (int)(time(NULL) / 86400);
  const char *url = cli_value(&o, specs, "--db", CLI_DEFAULT_DB);
  if (cli_open_store(url, &d->db)) {
    free(d);
    return EXIT_FAILED;
  }
  Error err = ERROR_INIT;
  int code = EXIT_OK;
  if (demo_run(d, &err)) {
    cli_fail(&err);
    code = EXIT_FAILED;
  } else {
    printf("Hallam Fluid Power Ltd is ready in %s (seed %llu):\n"
           "  %zu staff in 2 teams, %zu parts\n"
           "  %d accounts with %zu contacts\n"
           "  %zu orders (%zu lines) over three years, %zu interactions\n"
           "  %zu installed assets with %zu service events\n"
           "  %zu cases over two years with %zu timeline events\n"
           "  %zu complaints with %zu corrective actions\n"
           "  a win-back campaign for %zu silent accounts, two improvement initiatives\n\n"
           "Sign in as admin / " DEMO_PASSWORD " (helen.carter, tom.reid, priya.nair, amy.shah, owen.davies,\n"
           "auditor and the other demo users have the same password).\n",
           url, seed, STAFF_COUNT, d->nparts, DEMO_ACCOUNTS, d->contacts, d->norders, d->lines, d->interactions,
           d->assets, d->events, d->cases, d->case_events, d->complaints, d->capas, d->campaign_accounts);
  }
  DemoScaleCounts n;
  if (code == EXIT_OK && scale) {
    if (demo_scale(d->db, seed, DEMO_PASSWORD, d->password_hash, scale_cases, &n, &err)) {
      code = cli_fail(&err);
    } else {
      printf("\nAt scale: %lld teams and %lld agents (agent.001 …), %lld accounts, %lld cases, %lld interactions,\n"
             "  %lld orders, %lld survey invitations (%lld answered), %lld QA reviews, %lld objectives;\n"
             "  %lld roll-up buckets built.\n",
             (long long)n.teams, (long long)n.agents, (long long)n.accounts, (long long)n.cases,
             (long long)n.interactions, (long long)n.orders, (long long)n.invitations, (long long)n.answers,
             (long long)n.reviews, (long long)n.objectives, (long long)n.buckets);
    }
  }
  error_clear(&err);
  store_close(d->db);
  demo_free(d);
  free(d);
  return code;
}
