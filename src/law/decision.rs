//! What the engine returns: the offence, one `Element` per legal element in a
//! fixed order, and notes for the trainer. The same value is printed by the
//! command line (`Display`), embedded in quiz pages (`Serialize`, a small view
//! with `met: true|false|null`), and compared with a quiz author's key by
//! `disagreement`, which names the element a wrong answer overlooks so the
//! build error can say why.

use std::fmt;

use serde::{Serialize, Serializer};

/// The outcome under the Protection from Harassment Act 1997.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Offence {
    NoOffence,
    /// s.2
    Harassment,
    /// s.2A
    Stalking,
    /// s.4
    FearOfViolence,
    /// s.4A
    StalkingFearOrAlarm,
}

impl Offence {
    pub const ALL: [Offence; 5] = [
        Offence::NoOffence,
        Offence::Harassment,
        Offence::Stalking,
        Offence::FearOfViolence,
        Offence::StalkingFearOrAlarm,
    ];

    /// The four offences, without the "no offence" outcome.
    pub const CHARGES: [Offence; 4] = [
        Offence::Harassment,
        Offence::Stalking,
        Offence::FearOfViolence,
        Offence::StalkingFearOrAlarm,
    ];

    /// Short code used in JSON and quiz keys.
    pub fn code(self) -> &'static str {
        match self {
            Offence::NoOffence => "none",
            Offence::Harassment => "s2",
            Offence::Stalking => "s2A",
            Offence::FearOfViolence => "s4",
            Offence::StalkingFearOrAlarm => "s4A",
        }
    }

    pub fn from_code(code: &str) -> Option<Offence> {
        Offence::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Offence::NoOffence => "No offence under the Act",
            Offence::Harassment => "Harassment (s.2)",
            Offence::Stalking => "Stalking (s.2A)",
            Offence::FearOfViolence => "Putting people in fear of violence (s.4)",
            Offence::StalkingFearOrAlarm => {
                "Stalking involving fear of violence or serious alarm or distress (s.4A)"
            }
        }
    }

    /// The creating section; empty for `NoOffence`.
    pub fn section(self) -> &'static str {
        match self {
            Offence::NoOffence => "",
            Offence::Harassment => "s.2",
            Offence::Stalking => "s.2A",
            Offence::FearOfViolence => "s.4",
            Offence::StalkingFearOrAlarm => "s.4A",
        }
    }

    /// s.2A and s.4A, the offences inserted by PoFA 2012 s.111.
    pub fn is_stalking(self) -> bool {
        matches!(self, Offence::Stalking | Offence::StalkingFearOrAlarm)
    }
}

impl fmt::Display for Offence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for Offence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// The legal elements, in the order the engine considers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementId {
    CourseOfConduct,
    Harassment,
    Defence,
    StalkingActs,
    FearOfViolence,
    SeriousAlarmDistress,
    Dates,
}

impl ElementId {
    pub const ALL: [ElementId; 7] = [
        ElementId::CourseOfConduct,
        ElementId::Harassment,
        ElementId::Defence,
        ElementId::StalkingActs,
        ElementId::FearOfViolence,
        ElementId::SeriousAlarmDistress,
        ElementId::Dates,
    ];

    /// The name used in quiz headings (`{element=NAME}`) and JSON.
    pub fn key(self) -> &'static str {
        match self {
            ElementId::CourseOfConduct => "course_of_conduct",
            ElementId::Harassment => "harassment",
            ElementId::Defence => "defence",
            ElementId::StalkingActs => "stalking_acts",
            ElementId::FearOfViolence => "fear_of_violence",
            ElementId::SeriousAlarmDistress => "serious_alarm_distress",
            ElementId::Dates => "dates",
        }
    }

    pub fn from_key(key: &str) -> Option<ElementId> {
        ElementId::ALL.into_iter().find(|e| e.key() == key)
    }

    pub fn name(self) -> &'static str {
        match self {
            ElementId::CourseOfConduct => "Course of conduct",
            ElementId::Harassment => "Harassment",
            ElementId::Defence => "Defence",
            ElementId::StalkingActs => "Acts associated with stalking",
            ElementId::FearOfViolence => "Fear of violence",
            ElementId::SeriousAlarmDistress => "Serious alarm or distress",
            ElementId::Dates => "Dates of the conduct",
        }
    }
}

/// Whether an element is present on the facts. For `Defence`, `Met` means a
/// defence answers the offence; for `Dates`, that the dates allow s.2A/s.4A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Met,
    NotMet,
    /// An earlier element already ended the analysis.
    NotReached,
}

impl Status {
    /// `Some(true)`, `Some(false)`, or `None` when not reached: the JSON `met`.
    pub fn met(self) -> Option<bool> {
        match self {
            Status::Met => Some(true),
            Status::NotMet => Some(false),
            Status::NotReached => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not met",
            Status::NotReached => "not reached",
        }
    }
}

/// One element of the analysis, with the reason it is or is not met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub id: ElementId,
    pub status: Status,
    /// The provision the element comes from, e.g. "s.7(3)(a)".
    pub section: &'static str,
    /// One plain-English sentence about these facts.
    pub reason: String,
}

/// The engine's answer for one set of facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub offence: Offence,
    /// Always every `ElementId`, in `ElementId::ALL` order.
    pub elements: Vec<Element>,
    /// Other things to consider: other offences, orders, practice points.
    pub notes: Vec<String>,
    /// A defence was raised that does not answer the offence found
    /// (s.1(3)(c) against s.4 or s.4A). Kept so `disagreement` can blame the
    /// defence element when an author keyed "no offence".
    pub(super) unanswered_defence: bool,
}

impl Decision {
    pub fn element(&self, id: ElementId) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }

    pub fn status(&self, id: ElementId) -> Status {
        self.element(id).map_or(Status::NotReached, |e| e.status)
    }
}

/// The element that shows why `claimed` is wrong, or `None` if it is what
/// the engine decided. Used to turn a quiz author's mismatched key into an
/// error that names the overlooked element.
pub fn disagreement(decision: &Decision, claimed: Offence) -> Option<&Element> {
    use ElementId::{
        CourseOfConduct, Dates, Defence, FearOfViolence, SeriousAlarmDistress, StalkingActs,
    };
    if claimed == decision.offence {
        return None;
    }
    let st = |id| decision.status(id);
    let met = |id| st(id) == Status::Met;
    let culprit = match (claimed, decision.offence) {
        // The analysis stopped at R1, R2 or R3: blame whichever element stopped it.
        (_, Offence::NoOffence) => {
            if st(CourseOfConduct) == Status::NotMet {
                Some(CourseOfConduct)
            } else if st(ElementId::Harassment) == Status::NotMet {
                Some(ElementId::Harassment)
            } else {
                Some(Defence)
            }
        }
        (Offence::NoOffence, _) if decision.unanswered_defence => Some(Defence),
        (Offence::NoOffence, _) => Some(CourseOfConduct),
        // s.2A and s.4A need stalking (s.2A(2)) and conduct not wholly before
        // 25 Nov 2012; those gateways come first, then the s.4A(1)(b) limbs.
        (Offence::Stalking | Offence::StalkingFearOrAlarm, _) if !met(StalkingActs) => {
            Some(StalkingActs)
        }
        (Offence::Stalking | Offence::StalkingFearOrAlarm, _) if !met(Dates) => Some(Dates),
        (Offence::Stalking, _) if met(FearOfViolence) => Some(FearOfViolence),
        (Offence::Stalking, _) if met(SeriousAlarmDistress) => Some(SeriousAlarmDistress),
        (Offence::StalkingFearOrAlarm, _) => Some(FearOfViolence),
        // s.2 or s.4 claimed where stalking is available: policy is to charge
        // stalking as stalking, so the stalking element is what was missed.
        (Offence::Harassment | Offence::FearOfViolence, _) if met(StalkingActs) && met(Dates) => {
            Some(StalkingActs)
        }
        (Offence::Harassment | Offence::FearOfViolence, _) => Some(FearOfViolence),
        (Offence::Stalking, _) => None,
    };
    culprit
        .and_then(|id| decision.element(id))
        .or_else(|| decision.element(StalkingActs))
        .or_else(|| decision.elements.first())
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.offence.code(), self.offence.label())?;
        for e in &self.elements {
            writeln!(
                f,
                "  [{}] {} ({}): {}",
                e.status.label(),
                e.id.name(),
                e.section,
                e.reason
            )?;
        }
        Ok(())
    }
}

/// The JSON shape the quiz script reads; a view so the Rust types can change
/// without breaking it.
#[derive(Serialize)]
struct DecisionView<'a> {
    offence: Offence,
    elements: Vec<ElementView<'a>>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct ElementView<'a> {
    element: ElementId,
    name: &'static str,
    met: Option<bool>,
    section: &'static str,
    reason: &'a str,
}

impl<'a> From<&'a Element> for ElementView<'a> {
    fn from(e: &'a Element) -> Self {
        ElementView {
            element: e.id,
            name: e.id.name(),
            met: e.status.met(),
            section: e.section,
            reason: &e.reason,
        }
    }
}

impl Serialize for Element {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ElementView::from(self).serialize(serializer)
    }
}

impl Serialize for Decision {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DecisionView {
            offence: self.offence,
            elements: self.elements.iter().map(ElementView::from).collect(),
            notes: &self.notes,
        }
        .serialize(serializer)
    }
}
