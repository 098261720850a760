//! Notes that go with a decision: what else an officer or prosecutor should
//! consider (other offences when the Act does not bite, orders, charging
//! policy, sentence maxima), following the edge-case notes in law-facts.md
//! sections 6 and 7. They never change the offence; they are kept apart from
//! the rules so the rules stay short enough to check against the statute.
//! Only things the facts can support are flagged: relationships, for
//! example, are not in the facts, so s.76 SCA 2015 is never suggested.

use super::decision::Offence;
use super::engine::{
    TEN_YEAR_MAXIMUM_FROM, course_of_conduct, fear_twice, harassment, long_date,
    pre_stalking_offences, serious_alarm_limb, stalking_acts,
};
use super::facts::Facts;
use super::terms::Defence;

const OTHER_OFFENCES: &str = "Consider offences that need only one occasion: threats to kill (Offences Against the Person Act 1861 s.16), Public Order Act 1986 ss.4, 4A and 5, the Malicious Communications Act 1988, and harassment of a person in their home (Criminal Justice and Police Act 2001 s.42A).";
const NO_PIN: &str = "Do not issue a Police Information Notice: they are no longer used in stalking or harassment cases.";
const SPO_NO_OFFENCE: &str = "Consider a Stalking Protection Order (Stalking Protection Act 2019 s.1): it is a civil order that needs acts associated with stalking and a risk to the person, not proof of an offence.";
const SPO_STALKING: &str = "Consider a Stalking Protection Order, including an interim order, under the Stalking Protection Act 2019 to protect the person while the case proceeds.";
const RESTRAINING_ORDER: &str = "Consider a restraining order on conviction (Sentencing Act 2020 ss.359-364) or on acquittal (s.5A), and seek the person's views on its terms.";
const AGGRAVATION: &str = "Racial or religious aggravation is not part of these facts: if it is shown, consider the aggravated offence under Crime and Disorder Act 1998 s.32; hostility based on disability, sexual orientation or transgender identity instead increases the sentence (Sentencing Act 2020 s.66).";
const SEPARATE_COURSE: &str = "If one of these people was targeted on two or more occasions, consider a separate course of conduct against that person under s.1(1), which could be stalking or s.4.";

/// Notes for `offence`, the outcome `decide` reached on `f`.
pub(super) fn notes(f: &Facts, offence: Offence) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut say = |s: &str| out.push(s.to_string());
    if !course_of_conduct(f) {
        // law-facts 6.3-6.4 and the single-incident edge note.
        match f.victims {
            0 => {}
            1 if f.incidents == 1 => say(
                "A single incident cannot be a course of conduct however serious it is (s.7(3)); record it, safeguard the person, and review it if further conduct follows.",
            ),
            1 if f.incidents >= 2 => say(
                "Look at the conduct as a whole, including earlier and unreported incidents: evidence that links the occasions could make them a course of conduct.",
            ),
            1 => {}
            _ => say(SEPARATE_COURSE),
        }
        if f.victims >= 1 && f.incidents >= 1 {
            say(OTHER_OFFENCES);
        }
        if !f.behaviours.is_empty() {
            say(SPO_NO_OFFENCE);
        }
        say(NO_PIN);
    } else if !harassment(f) {
        say(
            "Conduct that is unattractive or unreasonable but not oppressive is not an offence under the Act (R v Curtis); record it and review it if further conduct follows.",
        );
        say(NO_PIN);
    } else if let Some(d) = f.defence {
        if offence == Offence::NoOffence {
            say(
                "The Act puts it on the defendant to show the defence; test the evidence for it rather than accepting the claim.",
            );
            if d == Defence::PreventDetectCrime {
                say(
                    "A crime-prevention purpose must be rational as well as genuine: obsessive or irrational persistence loses the defence (Hayes v Willoughby).",
                );
            }
        } else {
            // R3: only s.1(3)(c) can leave an offence standing.
            say(
                "Reasonableness in the particular circumstances answers only s.2 and s.2A; for s.4 and s.4A consider instead whether the conduct was reasonable to protect a person or property (s.4(3)(c), s.4A(4)(c)), which is narrower.",
            );
        }
    }
    offence_notes(f, offence, &mut say);
    if matches!(
        offence,
        Offence::FearOfViolence | Offence::StalkingFearOrAlarm
    ) {
        // PCA 2017 s.175 applies only to offences committed from 3 Apr 2017.
        match f.last_incident {
            Some(d) if d < TEN_YEAR_MAXIMUM_FROM => say(&format!(
                "The last incident was on {}, before 3 April 2017, so the maximum on indictment is 5 years rather than 10 (Policing and Crime Act 2017 s.175 applies only to offences committed on or after that date).",
                long_date(d)
            )),
            Some(_) => {}
            None => say(
                "If all the conduct ended before 3 April 2017, the maximum on indictment is 5 years rather than 10.",
            ),
        }
    }
    if offence.is_stalking() {
        say(SPO_STALKING);
    }
    if offence != Offence::NoOffence {
        say(RESTRAINING_ORDER);
        say(AGGRAVATION);
    }
    out
}

fn offence_notes(f: &Facts, offence: Offence, say: &mut impl FnMut(&str)) {
    let one_victim = f.victims == 1;
    let fear_once = one_victim && f.fear_of_violence_occasions == 1;
    match offence {
        Offence::Harassment if !one_victim => {
            // law-facts 6.12: s.1(1A) campaigns are s.2 only.
            say(
                "A campaign against two or more people under s.1(1A) can be charged only under s.2; if it took place at or near people's homes, also consider Criminal Justice and Police Act 2001 s.42A.",
            );
            if f.fear_of_violence_occasions > 0 || !f.behaviours.is_empty() {
                say(SEPARATE_COURSE);
            }
        }
        Offence::Harassment => {
            if stalking_acts(f) && pre_stalking_offences(f) {
                say(
                    "s.2A and s.4A do not apply to conduct wholly before 25 November 2012, so this stalking conduct can be charged only under the offences then in force.",
                );
            } else {
                // College of Policing: "think stalking first".
                say(
                    "Think stalking first: check the conduct against the s.2A(3) examples and FOUR (fixated, obsessive, unwanted, repeated), and record why it is not stalking.",
                );
            }
            if serious_alarm_limb(f) && !stalking_acts(f) {
                say(
                    "s.4 has no serious alarm or distress limb, so the impact on the person cannot make this s.4, though it remains relevant to sentence.",
                );
            }
            if fear_once {
                say(
                    "The person feared violence once; evidence of a second occasion would make this s.4, or s.4A if the conduct is stalking.",
                );
            }
        }
        Offence::Stalking => {
            if f.fear_of_violence_occasions == 0 && !f.serious_alarm_distress {
                say(
                    "The person does not need to have been afraid for s.2A; fear and impact matter only for s.4A.",
                );
            }
            if fear_once {
                say(
                    "The person feared violence once; evidence of a second occasion would make this s.4A.",
                );
            }
            if f.serious_alarm_distress && !f.substantial_adverse_effect {
                say(
                    "The person suffered serious alarm or distress: ask what they have changed in their daily life, since a substantial adverse effect on usual day-to-day activities would make this s.4A.",
                );
            } else {
                say(
                    "Gather evidence of the impact on the person, such as a victim personal statement and any changes to their routine, in case it supports s.4A(1)(b)(ii).",
                );
            }
        }
        Offence::FearOfViolence => {
            if stalking_acts(f) && pre_stalking_offences(f) {
                say(
                    "s.4A does not apply to conduct wholly before 25 November 2012, so this stalking conduct falls to s.4.",
                );
            }
            say("On a trial of s.4 the jury may convict of s.2 instead (s.4(5)).");
        }
        Offence::StalkingFearOrAlarm => {
            if fear_twice(f) && serious_alarm_limb(f) {
                say(
                    "Both limbs of s.4A(1)(b) are met; the charge should make clear which limb or limbs are relied on.",
                );
            }
            if fear_twice(f) {
                say(
                    "Charge this as s.4A rather than s.4: s.4 may still be legally available, but policy is to charge stalking as stalking, and charging it as something else is the misclassification inspectors criticised.",
                );
            }
        }
        Offence::NoOffence => {}
    }
}
