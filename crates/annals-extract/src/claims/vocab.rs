//! The words claims are read with: qualifiers, number words, and what a figure counts.

use annals_model::conflict::{Category, Qualifier};

/// What a word after a figure says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sense {
    /// What happened to the people counted: killed, wounded, captured, ...
    Event(Category),
    /// A thing counted: tanks, vehicles, aircraft, or other materiel and units (`Other`).
    Materiel(Category),
    /// People counted: who they are (when the word says), and what happened to them when the
    /// word itself says so ("prisoners" are captured, "hostages" kidnapped).
    People(Option<Class>, Option<Category>),
    /// Losses of several kinds together: "casualties", "losses", "displaced".
    Mixed,
    /// A military unit: "divisions", "brigade". Weaker than people named with it ("120 FSA
    /// Farouq Brigade fighters" counts fighters).
    Unit,
    /// Ends the words about the figure: what follows is about someone else ("by ISIL").
    Stop,
}

/// Who people are, as far as one word says. `Combatant` ("combatants") is neither soldiers nor
/// fighters, and clashes with civilians.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    Civilians,
    Soldiers,
    Fighters,
    Combatant,
}

/// The sense of a pair of words ("assault guns", "taken prisoner"), which wins over the
/// first word alone. Both are in ASCII lower case.
pub(super) fn pair_sense(a: &str, b: &str) -> Option<Sense> {
    use Category::*;
    let s = match (a, b) {
        ("assault", "guns" | "gun") => Sense::Materiel(Vehicles),
        ("tank", "destroyers" | "destroyer") => Sense::Materiel(Vehicles),
        (
            "armoured" | "armored" | "armour" | "armor",
            "cars" | "car" | "vehicles" | "vehicle" | "personnel" | "fighting",
        ) => Sense::Materiel(Vehicles),
        ("personnel", "carriers" | "carrier") => Sense::Materiel(Vehicles),
        ("taken", "prisoner" | "captive" | "prisoners") => Sense::Event(Captured),
        ("taken", "hostage" | "hostages") => Sense::Event(Kidnapped),
        ("went", "missing") => Sense::Event(Missing),
        ("landing", "craft") => Sense::Materiel(Other),
        ("rocket", "launchers" | "launcher") => Sense::Materiel(Other),
        ("suicide", "bombers" | "bomber") => Sense::People(Some(Class::Fighters), None),
        ("security" | "special", "forces") => Sense::People(Some(Class::Soldiers), None),
        _ => return None,
    };
    Some(s)
}

/// The sense of one word in ASCII lower case.
pub(super) fn sense(w: &str) -> Option<Sense> {
    use Category::*;
    let people = |c: Class| Sense::People(Some(c), None);
    let s = match w {
        "killed" | "dead" | "deaths" | "death" | "died" | "fatalities" | "fatality" | "kia" | "slain" | "perished"
        | "murdered" | "massacred" => Sense::Event(Killed),
        "wounded" | "injured" | "injuries" | "wia" | "hurt" => Sense::Event(Wounded),
        "captured" | "surrendered" | "arrested" | "detained" | "seized" => Sense::Event(Captured),
        "kidnapped" | "abducted" => Sense::Event(Kidnapped),
        "executed" | "beheaded" | "executions" => Sense::Event(Executed),
        "missing" | "mia" | "disappeared" => Sense::Event(Missing),
        "casualties" | "casualty" | "losses" | "lost" | "displaced" | "fled" | "evacuated" | "refugees" => Sense::Mixed,
        "tank" | "tanks" | "tankettes" | "tankette" | "mbt" | "mbts" => Sense::Materiel(Tanks),
        "vehicle" | "vehicles" | "afv" | "afvs" | "apc" | "apcs" | "ifv" | "ifvs" | "spg" | "spgs" | "half-tracks"
        | "halftracks" | "trucks" | "truck" | "lorries" | "lorry" | "cars" | "car" | "jeeps" | "technicals"
        | "humvees" | "bulldozers" | "carriers" | "self-propelled" | "motorcycles" => Sense::Materiel(Vehicles),
        "aircraft" | "airplanes" | "aeroplanes" | "planes" | "plane" | "airplane" | "jets" | "jet" | "helicopters"
        | "helicopter" | "choppers" | "bombers" | "bomber" | "drones" | "drone" | "uavs" | "uav" | "gliders"
        | "seaplanes" | "fighter-bombers" | "spitfire" | "spitfires" | "hurricane" | "hurricanes" | "mustang"
        | "mustangs" | "dornier" | "junkers" | "messerschmitt" | "heinkel" | "stuka" | "stukas" | "fw" | "sorties" => {
            Sense::Materiel(Aircraft)
        }
        "guns" | "gun" | "artillery" | "howitzers" | "howitzer" | "mortars" | "mortar" | "launchers" | "mlrs"
        | "ships" | "ship" | "vessels" | "boats" | "boat" | "destroyers" | "destroyer" | "cruisers" | "cruiser"
        | "battleships" | "battleship" | "submarines" | "submarine" | "minesweepers" | "frigates" | "corvettes"
        | "gunboats" | "guardship" | "mfps" | "chaser" | "chasers" | "flotillas" | "flotilla" | "fleets"
        | "warships" => Sense::Materiel(Other),
        "divisions" | "division" | "brigades" | "brigade" | "battalions" | "battalion" | "regiments" | "regiment"
        | "squadrons" | "squadron" | "companies" | "platoons" | "corps" | "armies" => Sense::Unit,
        "soldiers" | "soldier" | "troops" | "policemen" | "policeman" | "police" | "servicemen" | "serviceman"
        | "sailors" | "marines" | "airmen" | "officers" | "officer" | "conscripts" | "commandos" | "paratroopers"
        | "guardsmen" | "gendarmes" | "military" | "ncos" | "recruits" | "reservists" | "legionnaires" | "crewmen"
        | "pilots" | "rangers" => people(Class::Soldiers),
        "fighters" | "fighter" | "militants" | "militant" | "rebels" | "rebel" | "insurgents" | "insurgent"
        | "jihadists" | "jihadist" | "guerrillas" | "guerrilla" | "partisans" | "militiamen" | "militiaman"
        | "militia" | "militias" | "mercenaries" | "infiltrators" | "tribesmen" | "mujahideen" => {
            people(Class::Fighters)
        }
        "civilians" | "civilian" | "residents" | "inhabitants" | "villagers" | "non-combatants" | "noncombatants"
        | "protesters" | "protestors" | "demonstrators" | "islanders" | "children" | "women" => {
            people(Class::Civilians)
        }
        "combatants" => people(Class::Combatant),
        "men" | "personnel" | "people" | "persons" | "members" | "effectives" | "staff" | "supporters" => {
            Sense::People(None, None)
        }
        "prisoners" | "prisoner" | "pows" | "pow" | "detainees" => Sense::People(None, Some(Captured)),
        "hostages" | "hostage" => Sense::People(None, Some(Kidnapped)),
        "by" | "including" | "incl" | "among" | "whom" | "against" | "out" => Sense::Stop,
        _ => return designator(w),
    };
    Some(s)
}

/// Type designators glued to a number: "Su-22", "MiG-21", "Mi-8" (aircraft), "T-72" (tanks),
/// "BMP-1", "BTR-60" (vehicles).
fn designator(w: &str) -> Option<Sense> {
    let (head, tail) = w.split_once('-')?;
    if !tail.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let s = match head {
        "su" | "mig" | "mi" | "an" | "il" | "tu" | "yak" | "l" | "f" | "b" | "ju" | "bf" | "me" | "he" | "ka" | "c"
        | "ah" | "uh" | "mq" => Sense::Materiel(Category::Aircraft),
        "t" | "pt" => Sense::Materiel(Category::Tanks),
        "bmp" | "btr" | "brdm" | "mt" | "zsu" | "bm" => Sense::Materiel(Category::Vehicles),
        _ => return None,
    };
    Some(s)
}

/// Singular unit words that, capitalized after a number above one, name a unit rather than
/// count units: "74 Squadron", "3 Commando". ("11th Armoured Division" is an ordinal anyway.)
pub(super) fn is_unit_name(w: &str) -> bool {
    matches!(
        w,
        "squadron" | "division" | "brigade" | "battalion" | "regiment" | "commando" | "company" | "army" | "wing"
    )
}

/// Words that follow a number that is not a count of anything: durations, distances, shares.
pub(super) fn is_measure(w: &str) -> bool {
    matches!(
        w,
        "day"
            | "days"
            | "week"
            | "weeks"
            | "month"
            | "months"
            | "year"
            | "years"
            | "hour"
            | "hours"
            | "minute"
            | "minutes"
            | "km"
            | "kms"
            | "kilometres"
            | "kilometers"
            | "kilometre"
            | "kilometer"
            | "mi"
            | "miles"
            | "mile"
            | "square"
            | "sq"
            | "percent"
            | "hectares"
            | "metres"
            | "meters"
            | "feet"
            | "ft"
            | "pct"
            | "times"
            | "am"
            | "pm"
            | "gmt"
            | "utc"
    )
}

/// A qualifier phrase before a figure, as words in ASCII lower case (symbols as themselves),
/// and what it makes of the figure. Longer phrases come first so they win.
pub(super) const PREFIXES: &[(&[&str], Prefix)] = &[
    (&["no", "fewer", "than"], Prefix::Q(Qualifier::AtLeast)),
    (&["no", "less", "than"], Prefix::Q(Qualifier::AtLeast)),
    (&["not", "less", "than"], Prefix::Q(Qualifier::AtLeast)),
    (&["in", "excess", "of"], Prefix::Q(Qualifier::AtLeast)),
    (&["a", "minimum", "of"], Prefix::Q(Qualifier::AtLeast)),
    (&["no", "more", "than"], Prefix::Q(Qualifier::AtMost)),
    (&["not", "more", "than"], Prefix::Q(Qualifier::AtMost)),
    (&["a", "maximum", "of"], Prefix::Q(Qualifier::AtMost)),
    (&["at", "least"], Prefix::Q(Qualifier::AtLeast)),
    (&["more", "than"], Prefix::Q(Qualifier::AtLeast)),
    (&["upwards", "of"], Prefix::Q(Qualifier::AtLeast)),
    (&["up", "to"], Prefix::Q(Qualifier::AtMost)),
    (&["at", "most"], Prefix::Q(Qualifier::AtMost)),
    (&["less", "than"], Prefix::Q(Qualifier::AtMost)),
    (&["fewer", "than"], Prefix::Q(Qualifier::AtMost)),
    (&["an", "estimated"], Prefix::Q(Qualifier::Approx)),
    (&["an", "est"], Prefix::Q(Qualifier::Approx)),
    (&["close", "to"], Prefix::Q(Qualifier::Approx)),
    (&["over"], Prefix::Q(Qualifier::AtLeast)),
    (&["above"], Prefix::Q(Qualifier::AtLeast)),
    (&["minimum"], Prefix::Q(Qualifier::AtLeast)),
    (&["min"], Prefix::Q(Qualifier::AtLeast)),
    (&[">"], Prefix::Q(Qualifier::AtLeast)),
    (&["≥"], Prefix::Q(Qualifier::AtLeast)),
    (&["under"], Prefix::Q(Qualifier::AtMost)),
    (&["below"], Prefix::Q(Qualifier::AtMost)),
    (&["maximum"], Prefix::Q(Qualifier::AtMost)),
    (&["max"], Prefix::Q(Qualifier::AtMost)),
    (&["<"], Prefix::Q(Qualifier::AtMost)),
    (&["≤"], Prefix::Q(Qualifier::AtMost)),
    (&["about"], Prefix::Q(Qualifier::Approx)),
    (&["around"], Prefix::Q(Qualifier::Approx)),
    (&["approximately"], Prefix::Q(Qualifier::Approx)),
    (&["approx"], Prefix::Q(Qualifier::Approx)),
    (&["appr"], Prefix::Q(Qualifier::Approx)),
    (&["roughly"], Prefix::Q(Qualifier::Approx)),
    (&["nearly"], Prefix::Q(Qualifier::Approx)),
    (&["almost"], Prefix::Q(Qualifier::Approx)),
    (&["some"], Prefix::Q(Qualifier::Approx)),
    (&["circa"], Prefix::Q(Qualifier::Approx)),
    (&["ca"], Prefix::Q(Qualifier::Approx)),
    (&["c"], Prefix::Q(Qualifier::Approx)),
    (&["est"], Prefix::Q(Qualifier::Approx)),
    (&["estimated"], Prefix::Q(Qualifier::Approx)),
    (&["estimate"], Prefix::Q(Qualifier::Approx)),
    (&["~"], Prefix::Q(Qualifier::Approx)),
    (&["∼"], Prefix::Q(Qualifier::Approx)),
    (&["≈"], Prefix::Q(Qualifier::Approx)),
    (&["±"], Prefix::Q(Qualifier::Approx)),
    (&["from"], Prefix::From),
    (&["between"], Prefix::Between),
    (&["low"], Prefix::Lead),
    (&["high"], Prefix::Lead),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Prefix {
    Q(Qualifier),
    /// "from 77,166 dead to 110,000 killed": the start of a range whose end follows "to".
    From,
    /// "between 30 and 40".
    Between,
    /// Words that belong with the figure but do not bound it: "low hundreds".
    Lead,
}

/// Abbreviations written with a full stop ("c.", "approx.", "est."): the stop is stepped over
/// when reading a prefix.
pub(super) fn is_abbreviation(w: &str) -> bool {
    matches!(w, "c" | "ca" | "approx" | "appr" | "est" | "max" | "min" | "incl" | "no")
}

/// The value of a number word in ASCII lower case: "one" … "ninety", "twenty-five".
pub(super) fn number_word(w: &str) -> Option<u64> {
    let v = match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => {
            let (tens, ones) = w.split_once('-')?;
            let (t, o) = (number_word(tens)?, number_word(ones)?);
            return (t >= 20 && t % 10 == 0 && o < 10).then_some(t + o);
        }
    };
    Some(v)
}

/// Scale words: "hundred", "thousand", "million".
pub(super) fn scale_word(w: &str) -> Option<u64> {
    match w {
        "hundred" => Some(100),
        "thousand" => Some(1_000),
        "million" => Some(1_000_000),
        "billion" => Some(1_000_000_000),
        "dozen" => Some(12),
        _ => None,
    }
}

/// Plural scale words that state only a lower bound: "dozens" are at least two dozen,
/// "hundreds" at least two hundred.
pub(super) fn vague_word(w: &str) -> Option<u64> {
    match w {
        "dozens" => Some(24),
        "scores" => Some(40),
        "hundreds" => Some(200),
        "thousands" => Some(2_000),
        "millions" => Some(2_000_000),
        _ => None,
    }
}

/// Words that multiply a scale word into a lower bound: "several hundred" is at least three
/// hundred, "a few thousand" at least two thousand.
pub(super) fn vague_lead(w: &str) -> Option<u64> {
    match w {
        "several" => Some(3),
        "few" => Some(2),
        "many" => Some(2),
        _ => None,
    }
}
