//! The decision rules R1-R5 of law-facts.md section 7, as a pure function
//! from `Facts` to a `Decision`. Each rule is a public predicate so the quiz
//! code can ask the same question (is there a course of conduct?) without
//! repeating the law; `decide` is built only from those predicates and adds a
//! one-sentence reason per element. The "knows or ought to know" tests
//! (s.1(2), s.4(2), s.4A(2)-(3)) are assumed met, as section 7 says.

use chrono::NaiveDate;

use super::decision::{Decision, Element, ElementId, Offence, Status};
use super::facts::Facts;
use super::notes;
use super::terms::Defence;

const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        // Evaluated at compile time: a bad constant fails the build, never a run.
        None => panic!("invalid date constant"),
    }
}

/// PHA 1997 ss.1-2 and 4 in force.
pub const ACT_IN_FORCE: NaiveDate = date(1997, 6, 16);
/// PoFA 2012 s.111 inserts s.2A and s.4A.
pub const STALKING_IN_FORCE: NaiveDate = date(2012, 11, 25);
/// PCA 2017 s.175: 10-year maximum for s.4 and s.4A (5 years before).
pub const TEN_YEAR_MAXIMUM_FROM: NaiveDate = date(2017, 4, 3);

/// R1, s.7(3): conduct on at least two linked occasions towards one person
/// (s.7(3)(a)), or, for two or more people, at least one occasion towards
/// each with intent to persuade (s.1(1A), s.7(3)(b)).
pub fn course_of_conduct(f: &Facts) -> bool {
    match f.victims {
        // s.7(5): only an individual can be harassed, so somebody must be targeted.
        0 => false,
        1 => f.incidents >= 2 && f.nexus,
        n => f.intent_to_persuade && f.incidents >= n && f.nexus,
    }
}

/// R2, s.1(1), s.7(2): oppressive and unacceptable conduct (R v Curtis).
pub fn harassment(f: &Facts) -> bool {
    f.oppressive_unacceptable
}

/// R4, s.2A(1)-(3): acts associated with stalking, against one person only,
/// because s.2A needs a breach of s.1(1), never s.1(1A).
pub fn stalking_acts(f: &Facts) -> bool {
    f.victims == 1 && !f.behaviours.is_empty()
}

/// s.4(1), s.4A(1)(b)(i): one person feared violence against themselves on
/// at least two occasions.
pub fn fear_twice(f: &Facts) -> bool {
    f.victims == 1 && f.fear_of_violence_occasions >= 2
}

/// s.4A(1)(b)(ii): serious alarm or distress AND a substantial adverse effect
/// on usual day-to-day activities; either alone is not enough.
pub fn serious_alarm_limb(f: &Facts) -> bool {
    f.victims == 1 && f.serious_alarm_distress && f.substantial_adverse_effect
}

/// PoFA 2012 s.111: all the conduct ended before 25 Nov 2012, so s.2A and s.4A
/// cannot apply. Without a date the model assumes the conduct is recent.
pub fn pre_stalking_offences(f: &Facts) -> bool {
    f.last_incident.is_some_and(|d| d < STALKING_IN_FORCE)
}

/// R4-R5 with the date rule: the offence the facts make out once R1 and R2
/// are met, before any defence is considered.
pub fn classify(f: &Facts) -> Offence {
    if stalking_acts(f) && !pre_stalking_offences(f) {
        // R5: stalking plus either s.4A(1)(b) limb is s.4A, never s.4.
        if fear_twice(f) || serious_alarm_limb(f) {
            Offence::StalkingFearOrAlarm
        } else {
            Offence::Stalking
        }
    } else if fear_twice(f) {
        // R5, s.4(1); also stalking before 25 Nov 2012 that meets s.4.
        Offence::FearOfViolence
    } else {
        // s.4 has no serious-alarm limb, so everything else is s.2.
        Offence::Harassment
    }
}

/// R3: a defence answers the offence the facts would otherwise make out.
pub fn defence_applies(f: &Facts) -> bool {
    f.defence.is_some_and(|d| d.answers(classify(f)))
}

/// Apply R1-R5 and the edge-case notes to one set of facts.
pub fn decide(f: &Facts) -> Decision {
    let mut elements = Vec::with_capacity(ElementId::ALL.len());
    let offence = match analyse(f, &mut elements) {
        Ok(offence) => offence,
        Err(why) => {
            for id in ElementId::ALL.into_iter().skip(elements.len()) {
                elements.push(Element {
                    id,
                    status: Status::NotReached,
                    section: default_section(id, f),
                    reason: format!("Not considered, because {why}."),
                });
            }
            Offence::NoOffence
        }
    };
    Decision {
        offence,
        elements,
        notes: notes::notes(f, offence),
        unanswered_defence: f.defence.is_some() && offence != Offence::NoOffence,
    }
}

/// Push the elements in order; `Err` says why the analysis stopped early.
fn analyse(f: &Facts, elements: &mut Vec<Element>) -> Result<Offence, String> {
    elements.push(course_element(f));
    if !course_of_conduct(f) {
        return Err("there is no course of conduct".into());
    }
    elements.push(harassment_element(f));
    if !harassment(f) {
        return Err("the conduct does not amount to harassment".into());
    }
    let would_be = classify(f);
    elements.push(defence_element(f, would_be));
    if let Some(d) = f.defence.filter(|d| d.answers_every_offence()) {
        return Err(format!(
            "the defence ({}) answers every offence under the Act",
            lower_first(d.label())
        ));
    }
    elements.extend([
        stalking_element(f),
        fear_element(f),
        alarm_element(f),
        dates_element(f),
    ]);
    // R3 again: whether s.1(3)(c) helps depends on the offence, known only now.
    Ok(if defence_applies(f) {
        Offence::NoOffence
    } else {
        would_be
    })
}

fn element(id: ElementId, met: bool, section: &'static str, reason: String) -> Element {
    let status = if met { Status::Met } else { Status::NotMet };
    Element {
        id,
        status,
        section,
        reason,
    }
}

fn default_section(id: ElementId, f: &Facts) -> &'static str {
    let campaign = f.victims > 1;
    match id {
        ElementId::CourseOfConduct if campaign => "s.1(1A), s.7(3)(b)",
        ElementId::CourseOfConduct => "s.7(3)(a)",
        ElementId::Harassment if campaign => "s.1(1A), s.7(2)",
        ElementId::Harassment => "s.1(1), s.7(2)",
        ElementId::Defence => "s.1(3), s.4(3), s.4A(4)",
        ElementId::StalkingActs if campaign => "s.2A(1)",
        ElementId::StalkingActs => "s.2A(2)(b), s.2A(3)",
        ElementId::FearOfViolence => "s.4(1), s.4A(1)(b)(i)",
        ElementId::SeriousAlarmDistress => "s.4A(1)(b)(ii)",
        ElementId::Dates => "PoFA 2012 s.111",
    }
}

fn course_element(f: &Facts) -> Element {
    let n = f.incidents;
    let reason = match f.victims {
        0 => "No person is recorded as targeted, and only an individual can be harassed, so there is no course of conduct.".to_string(),
        1 if n == 0 => "No occasion of conduct is recorded, and a course of conduct towards one person needs conduct on at least two occasions.".to_string(),
        1 if n == 1 => "There was only one occasion of conduct, and a course of conduct towards one person needs conduct on at least two occasions.".to_string(),
        1 if !f.nexus => format!("There were {n} occasions of conduct, but they are not linked to each other, so they do not form a course of conduct."),
        1 => format!("There were {n} linked occasions of conduct towards one person, so there is a course of conduct."),
        v if !f.intent_to_persuade => format!("The conduct was aimed at {v} people, and a course of conduct involving two or more people is caught by s.1(1A) only where the defendant meant to persuade someone not to do something they are entitled or required to do, or to do something they are under no obligation to do, and that intent is not shown."),
        v if n < v => format!("There {} of conduct for {v} people, so there cannot have been conduct on at least one occasion towards each of them, as s.7(3)(b) requires.", were(n)),
        v if !f.nexus => format!("There were {n} occasions of conduct towards {v} people, but they are not linked, so they do not form one course of conduct."),
        v => format!("There were {n} linked occasions of conduct towards {v} people, at least one towards each, with the intent to persuade that s.1(1A)(c) requires, so there is a course of conduct under s.1(1A)."),
    };
    let section = match f.victims {
        0 => "s.7(5)",
        _ => default_section(ElementId::CourseOfConduct, f),
    };
    element(
        ElementId::CourseOfConduct,
        course_of_conduct(f),
        section,
        reason,
    )
}

fn harassment_element(f: &Facts) -> Element {
    let reason = if harassment(f) {
        "The conduct was oppressive and unacceptable, not merely unattractive or unreasonable, so it amounts to harassment, and a reasonable person with the same information would think so (s.1(2))."
    } else {
        "The conduct was not oppressive and unacceptable to the degree needed for criminal liability (R v Curtis), so it does not amount to harassment."
    };
    let section = default_section(ElementId::Harassment, f);
    element(ElementId::Harassment, harassment(f), section, reason.into())
}

/// The defence provision for each offence: s.1(3) serves both s.2 and s.2A.
fn defence_provision(offence: Offence) -> &'static str {
    match offence {
        Offence::FearOfViolence => "s.4(3)",
        Offence::StalkingFearOrAlarm => "s.4A(4)",
        _ => "s.1(3)",
    }
}

fn defence_element(f: &Facts, would_be: Offence) -> Element {
    let (met, section, reason) = match f.defence {
        None => {
            let section = defence_provision(would_be);
            (false, section, format!("No defence under {section} is raised on these facts."))
        }
        Some(d @ Defence::PreventDetectCrime) => (true, d.section(), "The defendant shows the conduct was pursued to prevent or detect crime, for a purpose that was rational as well as genuine (Hayes v Willoughby), which is a defence to all four offences.".into()),
        Some(d @ Defence::LawfulAuthority) => (true, d.section(), "The defendant shows the conduct was pursued under an enactment or rule of law, or to comply with a requirement imposed under an enactment, which is a defence to all four offences.".into()),
        Some(d @ Defence::ProtectionOfPersonOrProperty) => (true, d.section(), "The defendant shows the conduct was reasonable to protect themselves or another person, or their own or another's property, which is a defence to s.4 and s.4A and, as reasonable conduct under s.1(3)(c), to s.2 and s.2A.".into()),
        Some(d @ Defence::ReasonableInCircumstances) if d.answers(would_be) => (true, d.section(), format!("The defendant shows that pursuing the conduct was reasonable in the particular circumstances, which under s.1(3)(c) is a defence to {}.", would_be.section())),
        Some(d @ Defence::ReasonableInCircumstances) => (false, d.section(), format!("The defendant says the conduct was reasonable in the particular circumstances, but that defence covers only s.2 and s.2A, and {} has no general reasonableness defence, so it does not answer {}.", defence_provision(would_be), would_be.section())),
    };
    element(ElementId::Defence, met, section, reason)
}

fn stalking_element(f: &Facts) -> Element {
    let acts: Vec<&str> = f.behaviours.iter().map(|b| b.short_label()).collect();
    let reason = if f.victims > 1 {
        let even = if acts.is_empty() {
            String::new()
        } else {
            format!(" even though it included {}", list(&acts))
        };
        format!(
            "Stalking under s.2A needs a course of conduct in breach of s.1(1), which protects one person, so conduct aimed at {} people cannot be stalking{even}.",
            f.victims
        )
    } else if !acts.is_empty() {
        let kind = if acts.len() == 1 { "an act" } else { "acts" };
        format!(
            "The conduct included {}, {kind} associated with stalking in these circumstances, so the harassment amounts to stalking.",
            list(&acts)
        )
    } else {
        let other: Vec<&str> = f
            .other_conduct
            .iter()
            .map(|c| c.trim().trim_end_matches('.'))
            .filter(|c| !c.is_empty())
            .collect();
        let subject = if other.is_empty() {
            "None of the conduct is".to_string()
        } else {
            format!("The conduct recorded ({}) is not", other.join("; "))
        };
        format!(
            "{subject} identified as associated with stalking, either as one of the s.2A(3) examples or as similar fixated conduct, so it is harassment but not stalking."
        )
    };
    let section = default_section(ElementId::StalkingActs, f);
    element(ElementId::StalkingActs, stalking_acts(f), section, reason)
}

fn fear_element(f: &Facts) -> Element {
    let n = f.fear_of_violence_occasions;
    let reason = match (f.victims, n) {
        (1, 0) => "The person did not fear on any occasion that violence would be used against them (fear for property or for other people does not count for this element), so neither s.4(1) nor s.4A(1)(b)(i) is met.".to_string(),
        (1, 1) => "The person feared that violence would be used against them on only one occasion, and s.4(1) and s.4A(1)(b)(i) both need that fear on at least two occasions.".to_string(),
        (1, n) => format!("On {n} occasions the person feared that violence would be used against them, which meets the minimum of two in s.4(1) and s.4A(1)(b)(i), taking it that the defendant ought to have known each occasion would cause that fear."),
        (_, 0) => "No one feared that violence would be used against them, so s.4(1) is not met.".to_string(),
        (v, n) => format!("The conduct was aimed at {v} people, so the {} of fear recorded {} not treated as one person fearing violence against themselves on two occasions, which s.4(1) requires.", count(n, "occasion"), if n == 1 { "is" } else { "are" }),
    };
    let section = default_section(ElementId::FearOfViolence, f);
    element(ElementId::FearOfViolence, fear_twice(f), section, reason)
}

fn alarm_element(f: &Facts) -> Element {
    const BOTH: &str = "The conduct caused the person serious alarm or distress with a substantial adverse effect on their usual day-to-day activities";
    let reason = match (f.serious_alarm_distress, f.substantial_adverse_effect) {
        _ if f.victims > 1 => format!("This limb belongs only to s.4A, which needs stalking of one person, so it cannot apply to conduct aimed at {} people.", f.victims),
        (true, true) if stalking_acts(f) => format!("{BOTH}, which meets s.4A(1)(b)(ii), taking it that the defendant ought to have known it would."),
        (true, true) => format!("{BOTH}, but only s.4A has this limb (s.4 has none), so it matters only if the conduct is stalking."),
        (true, false) => "The person suffered serious alarm or distress, but it did not have a substantial adverse effect on their usual day-to-day activities, so s.4A(1)(b)(ii) is not met.".into(),
        (false, true) => "The person's usual day-to-day activities were substantially affected, but s.4A(1)(b)(ii) needs that effect to come from serious alarm or distress, which is not shown.".into(),
        (false, false) => "The conduct did not cause the person serious alarm or distress with a substantial adverse effect on their usual day-to-day activities, so s.4A(1)(b)(ii) is not met.".into(),
    };
    let section = default_section(ElementId::SeriousAlarmDistress, f);
    element(
        ElementId::SeriousAlarmDistress,
        serious_alarm_limb(f),
        section,
        reason,
    )
}

fn dates_element(f: &Facts) -> Element {
    let reason = match f.last_incident {
        None => "No date is given for the last incident, so the model takes it that the conduct continued on or after 25 November 2012, when s.2A and s.4A came into force.".to_string(),
        Some(d) if d >= STALKING_IN_FORCE => format!("The last incident was on {}, on or after 25 November 2012 when s.2A and s.4A came into force, so the dates do not rule out the stalking offences.", long_date(d)),
        Some(d) if stalking_acts(f) => {
            let fallback = if fear_twice(f) { Offence::FearOfViolence } else { Offence::Harassment };
            format!("All the conduct ended by {}, before s.2A and s.4A came into force on 25 November 2012, so it cannot be charged as stalking and falls back to {}.", long_date(d), fallback.section())
        }
        Some(d) => format!("All the conduct ended by {}, before 25 November 2012, which would rule out s.2A and s.4A, but this conduct is not stalking in any case.", long_date(d)),
    };
    let section = default_section(ElementId::Dates, f);
    element(ElementId::Dates, !pre_stalking_offences(f), section, reason)
}

/// "25 November 2012", the form used in UK legal writing.
pub(super) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "one occasion", "3 occasions".
fn count(n: u32, noun: &str) -> String {
    match n {
        1 => format!("one {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// "was only one occasion", "were only 3 occasions", "were no occasions".
fn were(n: u32) -> String {
    match n {
        0 => "were no occasions".into(),
        1 => "was only one occasion".into(),
        n => format!("were only {n} occasions"),
    }
}

/// "a", "a and b", "a, b and c".
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
