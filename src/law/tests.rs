//! The decision table: one row per rule or edge case of law-facts.md
//! sections 6-7, each with the offence expected and the status of
//! every element. A row is facts built in Rust, so a failure shows the exact
//! case. The API around the engine (patches, problems, JSON, disagreement)
//! is tested in `tests/api.rs`.

mod api;

use chrono::NaiveDate;

use super::*;

/// Element statuses in `ElementId::ALL` order: `M` met, `n` not met,
/// `-` not reached; an empty string skips the check.
pub(super) struct Case {
    pub(super) name: String,
    pub(super) facts: Facts,
    pub(super) offence: Offence,
    statuses: &'static str,
}

fn case(name: impl Into<String>, facts: Facts, offence: Offence, statuses: &'static str) -> Case {
    Case {
        name: name.into(),
        facts,
        offence,
        statuses,
    }
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// One person, `n` linked oppressive occasions, nothing else.
pub(super) fn plain(n: u32) -> Facts {
    Facts::new(n)
}

/// One person, `n` occasions of following and loitering.
pub(super) fn stalking(n: u32) -> Facts {
    Facts {
        behaviours: vec![Behaviour::Following, Behaviour::Loitering],
        ..Facts::new(n)
    }
}

pub(super) fn fear(mut f: Facts, occasions: u32) -> Facts {
    f.fear_of_violence_occasions = occasions;
    f
}

pub(super) fn alarm(mut f: Facts, serious: bool, substantial: bool) -> Facts {
    f.serious_alarm_distress = serious;
    f.substantial_adverse_effect = substantial;
    f
}

pub(super) fn campaign(mut f: Facts, victims: u32, intent: bool) -> Facts {
    f.victims = victims;
    f.intent_to_persuade = intent;
    f
}

pub(super) fn dated(mut f: Facts, date: NaiveDate) -> Facts {
    f.last_incident = Some(date);
    f
}

pub(super) fn defended(mut f: Facts, d: Defence) -> Facts {
    f.defence = Some(d);
    f
}

pub(super) fn unlinked(mut f: Facts) -> Facts {
    f.nexus = false;
    f
}

pub(super) fn not_oppressive(mut f: Facts) -> Facts {
    f.oppressive_unacceptable = false;
    f
}

// Kept as an aligned table by hand: one row per line is what makes a missing
// rule easy to spot, and rustfmt would spread each row over six lines.
#[rustfmt::skip]
pub(super) fn table() -> Vec<Case> {
    use Offence::{
        FearOfViolence as S4, Harassment as S2, NoOffence as NONE, Stalking as S2A,
        StalkingFearOrAlarm as S4A,
    };
    let before = ymd(2012, 11, 24);
    let on = ymd(2012, 11, 25);
    let online = Facts {
        behaviours: vec![Behaviour::Contacting, Behaviour::MonitoringElectronic, Behaviour::Publishing],
        ..Facts::new(6)
    };
    let reasonable = Defence::ReasonableInCircumstances;
    let mut rows = vec![
        // R1, s.7(3)(a)
        case("single incident",                          plain(1),                                    NONE, "n------"),
        case("zero incidents",                           plain(0),                                    NONE, "n------"),
        case("single frightening stalking incident",     fear(stalking(1), 1),                        NONE, "n------"),
        case("two linked incidents",                     plain(2),                                    S2,   "MMnnnnM"),
        case("unlinked occasions",                       unlinked(fear(stalking(4), 2)),              NONE, "n------"),
        case("nobody targeted",                          Facts { victims: 0, ..plain(3) },            NONE, "n------"),
        // R1, s.1(1A) and s.7(3)(b)
        case("two victims with intent",                  campaign(plain(3), 2, true),                 S2,   "MMnnnnM"),
        case("two victims without intent",               campaign(plain(5), 2, false),                NONE, "n------"),
        case("fewer incidents than victims",             campaign(plain(2), 3, true),                 NONE, "n------"),
        case("one incident towards each",                campaign(plain(3), 3, true),                 S2,   "MMnnnnM"),
        case("two victims unlinked",                     unlinked(campaign(plain(4), 2, true)),       NONE, "n------"),
        case("two victims with stalking acts",           campaign(stalking(4), 2, true),              S2,   "MMnnnnM"),
        case("two victims fear twice",                   campaign(fear(plain(4), 3), 2, true),        S2,   "MMnnnnM"),
        case("two victims stalking and fear twice",      campaign(fear(stalking(4), 2), 2, true),     S2,   "MMnnnnM"),
        case("two victims limb ii",                      campaign(alarm(stalking(4), true, true), 2, true), S2, "MMnnnnM"),
        // R2, R v Curtis
        case("not oppressive",                           not_oppressive(plain(4)),                    NONE, "Mn-----"),
        case("not oppressive despite fear twice",        not_oppressive(fear(stalking(4), 2)),        NONE, "Mn-----"),
        // R4-R5
        case("fear once without stalking",               fear(plain(3), 1),                           S2,   "MMnnnnM"),
        case("fear twice without stalking",              fear(plain(3), 2),                           S4,   "MMnnMnM"),
        case("fear once with stalking",                  fear(stalking(3), 1),                        S2A,  "MMnMnnM"),
        case("stalking with fear twice is s.4A not s.4", fear(stalking(3), 2),                        S4A,  "MMnMMnM"),
        case("stalking with fear three times",           fear(stalking(5), 3),                        S4A,  "MMnMMnM"),
        case("serious alarm without substantial effect", alarm(stalking(3), true, false),             S2A,  "MMnMnnM"),
        case("substantial effect without serious alarm", alarm(stalking(3), false, true),             S2A,  "MMnMnnM"),
        case("fear once plus limb ii",                   alarm(fear(stalking(3), 1), true, true),     S4A,  "MMnMnMM"),
        case("both limbs",                               alarm(fear(stalking(3), 2), true, true),     S4A,  "MMnMMMM"),
        case("limb ii without stalking",                 alarm(fear(plain(3), 1), true, true),        S2,   "MMnnnMM"),
        case("victim not afraid still s.2A",             stalking(3),                                 S2A,  "MMnMnnM"),
        case("online-only stalking",                     online,                                      S2A,  "MMnMnnM"),
        case("intent to persuade ignored, one victim",   campaign(stalking(2), 1, true),              S2A,  "MMnMnnM"),
        // Dates: PoFA 2012 s.111; PCA 2017 s.175
        case("stalking before 25 Nov 2012",              dated(stalking(3), before),                  S2,   "MMnMnnn"),
        case("stalking fear twice before 25 Nov 2012",   dated(fear(stalking(3), 2), before),         S4,   "MMnMMnn"),
        case("stalking limb ii before 25 Nov 2012",      dated(alarm(stalking(3), true, true), before), S2, "MMnMnMn"),
        case("stalking exactly on 25 Nov 2012",          dated(stalking(3), on),                      S2A,  "MMnMnnM"),
        case("s.4A exactly on 25 Nov 2012",              dated(fear(stalking(3), 2), on),             S4A,  "MMnMMnM"),
        case("no stalking, before 25 Nov 2012",          dated(fear(plain(3), 2), ymd(2005, 1, 1)),   S4,   "MMnnMnn"),
        case("s.4 after 3 Apr 2017",                     dated(fear(plain(3), 2), ymd(2019, 5, 1)),   S4,   "MMnnMnM"),
        // R3 judged against the offence left after the date rule
        case("reasonable vs pre-2012 s.4A facts",        defended(dated(fear(stalking(3), 2), before), reasonable), S4, "MMnMMnn"),
        case("reasonable vs pre-2012 s.2A facts",        defended(dated(stalking(3), before), reasonable), NONE, "MMMMnnn"),
    ];
    // R3: every defence against each offence's fact pattern (law-facts 2.9).
    let patterns = [
        ("s.2", plain(3)),
        ("s.2A", stalking(3)),
        ("s.4", fear(plain(3), 2)),
        ("s.4A", fear(stalking(3), 2)),
    ];
    let matrix = [
        (Defence::PreventDetectCrime,           [NONE, NONE, NONE, NONE], ["MMM----"; 4]),
        (Defence::LawfulAuthority,              [NONE, NONE, NONE, NONE], ["MMM----"; 4]),
        (Defence::ReasonableInCircumstances,    [NONE, NONE, S4, S4A],    ["MMMnnnM", "MMMMnnM", "MMnnMnM", "MMnMMnM"]),
        (Defence::ProtectionOfPersonOrProperty, [NONE, NONE, NONE, NONE], ["MMM----"; 4]),
    ];
    for (defence, offences, statuses) in matrix {
        for (i, (pattern, facts)) in patterns.iter().enumerate() {
            let name = format!("{} against {pattern} facts", defence.key());
            rows.push(case(name, defended(facts.clone(), defence), offences[i], statuses[i]));
        }
    }
    rows
}

fn status_char(s: Status) -> char {
    match s {
        Status::Met => 'M',
        Status::NotMet => 'n',
        Status::NotReached => '-',
    }
}

#[test]
fn table_has_enough_cases() {
    assert!(table().len() >= 35, "only {} cases", table().len());
}

#[test]
fn every_case_decides_as_expected() {
    let mut failures = Vec::new();
    for c in table() {
        let d = decide(&c.facts);
        let got: String = d.elements.iter().map(|e| status_char(e.status)).collect();
        if d.offence != c.offence || (!c.statuses.is_empty() && got != c.statuses) {
            failures.push(format!(
                "{}: expected {} {}, got {} {got}\n{d}",
                c.name,
                c.offence.code(),
                c.statuses,
                d.offence.code()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn elements_are_complete_and_in_order() {
    for c in table() {
        let d = decide(&c.facts);
        let ids: Vec<ElementId> = d.elements.iter().map(|e| e.id).collect();
        assert_eq!(ids, ElementId::ALL, "{}", c.name);
        // Once an element is not reached, nothing after it is.
        let first_gap = d
            .elements
            .iter()
            .position(|e| e.status == Status::NotReached);
        if let Some(i) = first_gap {
            assert!(
                d.elements[i..]
                    .iter()
                    .all(|e| e.status == Status::NotReached),
                "{}",
                c.name
            );
        }
    }
}

#[test]
fn reasons_are_single_sentences() {
    for c in table() {
        for e in decide(&c.facts).elements {
            let body = e
                .reason
                .strip_suffix('.')
                .unwrap_or_else(|| panic!("{}: no full stop: {}", c.name, e.reason));
            let starts_sentence = body
                .match_indices(". ")
                .any(|(i, _)| body[i + 2..].chars().next().is_some_and(char::is_uppercase));
            assert!(
                !starts_sentence && !body.contains(".."),
                "{}: {}",
                c.name,
                e.reason
            );
            assert!(
                !e.section.is_empty(),
                "{}: {:?} has no section",
                c.name,
                e.id
            );
        }
    }
}

#[test]
fn decide_agrees_with_the_predicates() {
    for c in table() {
        let f = &c.facts;
        let d = decide(f);
        let check = |id, value: bool| {
            let st = d.status(id);
            if st != Status::NotReached {
                assert_eq!(st == Status::Met, value, "{}: {:?}", c.name, id);
            }
        };
        check(ElementId::CourseOfConduct, course_of_conduct(f));
        check(ElementId::Harassment, harassment(f));
        check(ElementId::Defence, defence_applies(f));
        check(ElementId::StalkingActs, stalking_acts(f));
        check(ElementId::FearOfViolence, fear_twice(f));
        check(ElementId::SeriousAlarmDistress, serious_alarm_limb(f));
        check(ElementId::Dates, !pre_stalking_offences(f));
        if d.offence != Offence::NoOffence {
            assert_eq!(d.offence, classify(f), "{}", c.name);
        }
    }
}

#[test]
fn notes_flag_the_edge_cases() {
    let has = |f: &Facts, needle: &str| decide(f).notes.iter().any(|n| n.contains(needle));
    assert!(has(&plain(1), "s.42A"));
    assert!(has(&plain(1), "threats to kill"));
    assert!(has(&plain(1), "Police Information Notice"));
    assert!(has(&stalking(1), "Stalking Protection Order"));
    assert!(!has(&plain(1), "Stalking Protection Order"));
    assert!(has(&campaign(plain(3), 2, true), "s.42A"));
    assert!(has(&fear(stalking(3), 2), "rather than s.4"));
    assert!(has(&alarm(fear(stalking(3), 2), true, true), "Both limbs"));
    assert!(has(
        &alarm(plain(3), true, true),
        "no serious alarm or distress limb"
    ));
    assert!(has(&stalking(3), "does not need to have been afraid"));
    assert!(has(&plain(3), "Think stalking first"));
    assert!(has(
        &dated(fear(plain(3), 2), ymd(2016, 1, 1)),
        "5 years rather than 10"
    ));
    assert!(!has(
        &dated(fear(plain(3), 2), ymd(2017, 4, 3)),
        "5 years rather than 10"
    ));
    assert!(!has(
        &dated(plain(3), ymd(2016, 1, 1)),
        "5 years rather than 10"
    ));
    let reasonable = defended(fear(stalking(3), 2), Defence::ReasonableInCircumstances);
    assert!(has(&reasonable, "s.4A(4)(c)"));
    let crime = defended(plain(3), Defence::PreventDetectCrime);
    assert!(has(&crime, "Hayes v Willoughby"));
    // s.76 needs a relationship, which the facts do not record.
    for c in table() {
        assert!(
            !decide(&c.facts).notes.iter().any(|n| n.contains("s.76")),
            "{}",
            c.name
        );
    }
}

#[test]
fn reasons_use_the_facts() {
    let d = decide(&plain(3));
    assert_eq!(
        d.elements[0].reason,
        "There were 3 linked occasions of conduct towards one person, so there is a course of conduct."
    );
    let d = decide(&alarm(stalking(3), true, false));
    let limb = d
        .element(ElementId::SeriousAlarmDistress)
        .map(|e| e.reason.as_str());
    assert!(limb.is_some_and(|r| r.contains("did not have a substantial adverse effect")));
    let d = decide(&stalking(3));
    let acts = d
        .element(ElementId::StalkingActs)
        .map(|e| e.reason.as_str());
    assert!(acts.is_some_and(|r| r.contains("following and loitering")));
    let d = decide(&dated(stalking(3), ymd(2011, 3, 9)));
    let dates = d.element(ElementId::Dates).map(|e| e.reason.as_str());
    assert!(dates.is_some_and(|r| r.contains("9 March 2011") && r.contains("falls back to s.2")));
}
