//! The facts of a scenario as the law model sees them: the `facts` block of a
//! quiz (schema in notes/FORMATS.md, a public contract), each later step's
//! `facts` patch, and the checks that catch facts a trainer has got wrong.
//! The types derive `Deserialize` with `deny_unknown_fields` so the YAML layer
//! can load them and report a misspelt key, and `Serialize` because the facts
//! ride along in the page JSON. `problems` finds facts that parse but cannot be
//! right (nobody targeted, more fears than occasions); the engine still decides
//! on them, so a trainer sees every mistake in one build.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::engine::ACT_IN_FORCE;
use super::terms::{Behaviour, Defence};

/// One scenario's facts. Field names and defaults are fixed by FORMATS.md.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Separate occasions of conduct (s.7(3)). Required: a scenario without a
    /// count is a mistake, not "no conduct".
    pub incidents: u32,
    /// People targeted; two or more means the s.1(1A) route.
    #[serde(default = "one")]
    pub victims: u32,
    /// Whether the occasions are linked into one course of conduct.
    #[serde(default = "yes")]
    pub nexus: bool,
    /// Intent to persuade someone to do or not do something: s.1(1A)(c) only.
    #[serde(default)]
    pub intent_to_persuade: bool,
    /// Acts associated with stalking in the circumstances (s.2A(3)).
    #[serde(default)]
    pub behaviours: Vec<Behaviour>,
    /// Anything else the defendant did, in the trainer's words.
    #[serde(default)]
    pub other_conduct: Vec<String>,
    /// Occasions on which the victim feared violence against themselves.
    #[serde(default)]
    pub fear_of_violence_occasions: u32,
    #[serde(default)]
    pub serious_alarm_distress: bool,
    /// On the victim's usual day-to-day activities (s.4A(1)(b)(ii)).
    #[serde(default)]
    pub substantial_adverse_effect: bool,
    /// The Curtis threshold: oppressive and unacceptable, not merely unreasonable.
    #[serde(default = "yes")]
    pub oppressive_unacceptable: bool,
    #[serde(default)]
    pub defence: Option<Defence>,
    /// Date of the last occasion of conduct, if the scenario fixes it.
    #[serde(default)]
    pub last_incident: Option<NaiveDate>,
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

impl Facts {
    /// Facts with the given number of incidents and every other field at its
    /// documented default, as if the YAML had only `incidents: n`.
    pub fn new(incidents: u32) -> Self {
        Facts {
            incidents,
            victims: one(),
            nexus: yes(),
            intent_to_persuade: false,
            behaviours: Vec::new(),
            other_conduct: Vec::new(),
            fear_of_violence_occasions: 0,
            serious_alarm_distress: false,
            substantial_adverse_effect: false,
            oppressive_unacceptable: yes(),
            defence: None,
            last_incident: None,
        }
    }

    /// Merge a later step's changes over these facts. Lists are replaced, not
    /// appended, so a step can also remove a behaviour.
    pub fn apply(&mut self, patch: &FactsPatch) {
        if let Some(v) = patch.incidents {
            self.incidents = v;
        }
        if let Some(v) = patch.victims {
            self.victims = v;
        }
        if let Some(v) = patch.nexus {
            self.nexus = v;
        }
        if let Some(v) = patch.intent_to_persuade {
            self.intent_to_persuade = v;
        }
        if let Some(v) = &patch.behaviours {
            self.behaviours.clone_from(v);
        }
        if let Some(v) = &patch.other_conduct {
            self.other_conduct.clone_from(v);
        }
        if let Some(v) = patch.fear_of_violence_occasions {
            self.fear_of_violence_occasions = v;
        }
        if let Some(v) = patch.serious_alarm_distress {
            self.serious_alarm_distress = v;
        }
        if let Some(v) = patch.substantial_adverse_effect {
            self.substantial_adverse_effect = v;
        }
        if let Some(v) = patch.oppressive_unacceptable {
            self.oppressive_unacceptable = v;
        }
        if let Some(v) = patch.defence {
            self.defence = v;
        }
        if let Some(v) = patch.last_incident {
            self.last_incident = v;
        }
    }

    /// Facts that parse but cannot describe a real case, or that the model
    /// will silently ignore. Each names the field and says how to fix it.
    pub fn problems(&self) -> Vec<FactProblem> {
        let mut out = Vec::new();
        let mut flag = |field, message: String, fix: &str| {
            out.push(FactProblem {
                field,
                message,
                fix: fix.to_string(),
            });
        };
        if self.victims == 0 {
            // s.7(5): only individuals can be harassed, so someone must be targeted.
            flag(
                "victims",
                "victims is 0, but the Act protects people, so at least one person must be targeted".into(),
                "Set victims to 1, or to the number of people targeted.",
            );
        }
        if self.fear_of_violence_occasions > self.incidents {
            flag(
                "fear_of_violence_occasions",
                format!(
                    "the victim feared violence on {} occasions but there were only {} occasions of conduct; each fear must be caused by the conduct",
                    self.fear_of_violence_occasions, self.incidents
                ),
                "Lower fear_of_violence_occasions or raise incidents.",
            );
        }
        let mut seen = Vec::new();
        for b in &self.behaviours {
            if seen.contains(b) {
                flag(
                    "behaviours",
                    format!("`{}` is listed more than once", b.key()),
                    "List each behaviour once; the number of occasions goes in incidents.",
                );
            } else {
                seen.push(*b);
            }
        }
        if self.intent_to_persuade && self.victims == 1 {
            flag(
                "intent_to_persuade",
                "intent_to_persuade only matters for conduct aimed at two or more people (s.1(1A)); with one victim the model ignores it".into(),
                "Remove intent_to_persuade, or set victims to the number of people targeted.",
            );
        }
        let something_happened = !self.behaviours.is_empty()
            || !self.other_conduct.is_empty()
            || self.serious_alarm_distress
            || self.substantial_adverse_effect;
        if self.incidents == 0 && something_happened {
            flag(
                "incidents",
                "incidents is 0, yet conduct or its effects are described".into(),
                "Set incidents to the number of separate occasions of conduct.",
            );
        }
        for (i, text) in self.other_conduct.iter().enumerate() {
            if text.trim().is_empty() {
                flag(
                    "other_conduct",
                    format!("entry {} is empty", i + 1),
                    "Describe the conduct in a few words, or remove the entry.",
                );
            }
        }
        if let Some(date) = self.last_incident.filter(|d| *d < ACT_IN_FORCE) {
            // The offences in ss.2 and 4 began on 16 June 1997; the model does not
            // look further back, so a date this early is almost always a typo.
            flag(
                "last_incident",
                format!(
                    "{date} is before the Act came into force on 16 June 1997, so no offence under it could have been committed; the model does not handle this"
                ),
                "Check the date (YYYY-MM-DD).",
            );
        }
        out
    }
}

/// One thing wrong with a set of facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactProblem {
    /// The `facts` key at fault, as written in YAML.
    pub field: &'static str,
    /// What is wrong, in plain English, without a trailing full stop.
    pub message: String,
    /// How to fix it: one sentence.
    pub fix: String,
}

impl fmt::Display for FactProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "facts.{}: {}. {}", self.field, self.message, self.fix)
    }
}

/// A later step's changes: every field optional. `defence` and
/// `last_incident` distinguish "not mentioned" (`None`) from an explicit
/// `null` (`Some(None)`), so a step can withdraw a defence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsPatch {
    pub incidents: Option<u32>,
    pub victims: Option<u32>,
    pub nexus: Option<bool>,
    pub intent_to_persuade: Option<bool>,
    pub behaviours: Option<Vec<Behaviour>>,
    pub other_conduct: Option<Vec<String>>,
    pub fear_of_violence_occasions: Option<u32>,
    pub serious_alarm_distress: Option<bool>,
    pub substantial_adverse_effect: Option<bool>,
    pub oppressive_unacceptable: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    pub defence: Option<Option<Defence>>,
    #[serde(default, deserialize_with = "present")]
    pub last_incident: Option<Option<NaiveDate>>,
}

/// Called only when the key is present, so `null` becomes `Some(None)`;
/// `#[serde(default)]` covers the absent key.
fn present<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
