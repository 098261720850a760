//! The stalking and harassment decision engine (Protection from Harassment
//! Act 1997, England and Wales). It takes a scenario's `Facts` and returns a
//! `Decision`: the offence, one entry per legal element with its section and
//! a reason, and notes on what else to consider. It is a pure function with
//! no I/O and no YAML, so the quiz builder, the command line and the tests all
//! ask it the same questions. The rules are R1-R5 of
//! shared/law-facts.md section 7; every rule carries its citation.
//!
//! Files, in the order the law is applied: `facts` (the input schema and its
//! sanity checks), `terms` (the s.2A(3) behaviours and the defences), `engine` (the rules and per-element predicates), `notes`
//! (other offences and practice points), `decision` (the output and how it
//! prints, serializes and is compared with a quiz author's answer).

mod decision;
mod engine;
mod facts;
mod notes;
mod terms;

#[cfg(test)]
mod tests;

pub use decision::{Decision, Element, ElementId, Offence, Status, disagreement};
pub use engine::{
    ACT_IN_FORCE, STALKING_IN_FORCE, TEN_YEAR_MAXIMUM_FROM, classify, course_of_conduct, decide,
    defence_applies, fear_twice, harassment, pre_stalking_offences, serious_alarm_limb,
    stalking_acts,
};
pub use facts::{FactProblem, Facts, FactsPatch};
pub use terms::{Behaviour, Defence};
