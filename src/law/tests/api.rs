//! Tests for everything around `decide`: `disagreement`, `FactsPatch`,
//! `Facts::problems`, the JSON shapes (what the quiz script reads) and the
//! deserialization errors a trainer sees for a mistyped `facts` block.

use serde_json::{Value, json};

use super::{alarm, campaign, dated, defended, fear, plain, stalking, table, ymd};
use crate::law::*;

fn blamed(f: &Facts, claimed: Offence) -> Option<ElementId> {
    let d = decide(f);
    disagreement(&d, claimed).map(|e| e.id)
}

#[test]
fn disagreement_names_the_overlooked_element() {
    use ElementId as E;
    use Offence::*;
    let before = ymd(2010, 6, 1);
    let rows = [
        (fear(stalking(3), 2), FearOfViolence, E::StalkingActs),
        (fear(stalking(3), 2), Stalking, E::FearOfViolence),
        (
            alarm(stalking(3), true, true),
            Stalking,
            E::SeriousAlarmDistress,
        ),
        (plain(3), StalkingFearOrAlarm, E::StalkingActs),
        (plain(3), Stalking, E::StalkingActs),
        (plain(3), FearOfViolence, E::FearOfViolence),
        (fear(plain(3), 2), Harassment, E::FearOfViolence),
        (fear(plain(3), 2), Stalking, E::StalkingActs),
        (stalking(3), StalkingFearOrAlarm, E::FearOfViolence),
        (stalking(3), Harassment, E::StalkingActs),
        (fear(stalking(3), 2), Harassment, E::StalkingActs),
        (dated(stalking(3), before), Stalking, E::Dates),
        (
            dated(fear(stalking(3), 2), before),
            StalkingFearOrAlarm,
            E::Dates,
        ),
        (dated(fear(stalking(3), 2), before), Stalking, E::Dates),
        (campaign(stalking(4), 2, true), Stalking, E::StalkingActs),
        (
            campaign(fear(plain(4), 2), 2, true),
            FearOfViolence,
            E::FearOfViolence,
        ),
        (plain(1), Stalking, E::CourseOfConduct),
        (
            Facts {
                oppressive_unacceptable: false,
                ..plain(3)
            },
            Harassment,
            E::Harassment,
        ),
        (
            defended(fear(stalking(3), 2), Defence::LawfulAuthority),
            StalkingFearOrAlarm,
            E::Defence,
        ),
        (
            defended(stalking(3), Defence::ReasonableInCircumstances),
            Stalking,
            E::Defence,
        ),
        (
            defended(fear(plain(3), 2), Defence::ReasonableInCircumstances),
            NoOffence,
            E::Defence,
        ),
        (plain(3), NoOffence, E::CourseOfConduct),
    ];
    for (i, (facts, claimed, expected)) in rows.iter().enumerate() {
        assert_eq!(
            blamed(facts, *claimed),
            Some(*expected),
            "row {i}: claimed {}",
            claimed.code()
        );
    }
}

#[test]
fn disagreement_is_none_only_when_they_agree() {
    for c in table() {
        let d = decide(&c.facts);
        for claimed in Offence::ALL {
            let found = disagreement(&d, claimed);
            assert_eq!(
                found.is_none(),
                claimed == d.offence,
                "{}: {}",
                c.name,
                claimed.code()
            );
        }
    }
}

#[test]
fn patch_changes_only_what_it_names() {
    let mut f = stalking(3);
    let patch: FactsPatch = serde_json::from_value(json!({"fear_of_violence_occasions": 2}))
        .unwrap_or_else(|e| panic!("{e}"));
    f.apply(&patch);
    assert_eq!(f, fear(stalking(3), 2));
    let patch: FactsPatch = serde_json::from_value(json!({"behaviours": ["watching_spying"]}))
        .unwrap_or_else(|e| panic!("{e}"));
    f.apply(&patch);
    assert_eq!(f.behaviours, [Behaviour::WatchingSpying]);
}

#[test]
fn patch_can_set_and_clear_defence_and_date() {
    let parse =
        |v: Value| serde_json::from_value::<FactsPatch>(v).unwrap_or_else(|e| panic!("{e}"));
    let mut f = plain(3);
    f.apply(&parse(
        json!({"defence": "lawful_authority", "last_incident": "2011-02-03"}),
    ));
    assert_eq!(f.defence, Some(Defence::LawfulAuthority));
    assert_eq!(f.last_incident, Some(ymd(2011, 2, 3)));
    // An absent key leaves the value alone...
    f.apply(&parse(json!({"incidents": 4})));
    assert_eq!(f.defence, Some(Defence::LawfulAuthority));
    assert_eq!(f.incidents, 4);
    // ...and an explicit null clears it.
    let clear = parse(json!({"defence": null, "last_incident": null}));
    assert_eq!(clear.defence, Some(None));
    f.apply(&clear);
    assert_eq!(f.defence, None);
    assert_eq!(f.last_incident, None);
    assert_eq!(decide(&f).offence, Offence::Harassment);
}

#[test]
fn patch_rejects_unknown_keys() {
    let err = serde_json::from_value::<FactsPatch>(json!({"fear": 2}))
        .err()
        .map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.contains("unknown field `fear`")),
        "{err:?}"
    );
}

#[test]
fn problems_catch_trainer_mistakes() {
    let fields = |f: Facts| {
        f.problems()
            .into_iter()
            .map(|p| p.field)
            .collect::<Vec<_>>()
    };
    assert!(fields(fear(stalking(3), 2)).is_empty());
    assert!(fields(campaign(plain(3), 2, true)).is_empty());
    assert_eq!(
        fields(Facts {
            victims: 0,
            ..plain(3)
        }),
        ["victims"]
    );
    assert_eq!(fields(fear(plain(2), 3)), ["fear_of_violence_occasions"]);
    let twice = Facts {
        behaviours: vec![Behaviour::Following, Behaviour::Following],
        ..plain(3)
    };
    assert_eq!(fields(twice), ["behaviours"]);
    assert_eq!(fields(campaign(plain(3), 1, true)), ["intent_to_persuade"]);
    assert_eq!(
        fields(Facts {
            other_conduct: vec!["  ".into()],
            ..plain(3)
        }),
        ["other_conduct"]
    );
    assert_eq!(fields(stalking(0)), ["incidents"]);
    assert_eq!(fields(dated(plain(3), ymd(1996, 1, 1))), ["last_incident"]);
    let p = Facts {
        victims: 0,
        ..plain(3)
    }
    .problems();
    let text = p.first().map(ToString::to_string).unwrap_or_default();
    assert!(text.starts_with("facts.victims: victims is 0"), "{text}");
    assert!(
        text.ends_with("Set victims to 1, or to the number of people targeted."),
        "{text}"
    );
}

#[test]
fn decision_json_shape() {
    let v = serde_json::to_value(decide(&fear(stalking(3), 2))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["offence"], "s4A");
    let elements = v["elements"].as_array().map_or(0, Vec::len);
    assert_eq!(elements, 7);
    let first = &v["elements"][0];
    assert_eq!(first["element"], "course_of_conduct");
    assert_eq!(first["name"], "Course of conduct");
    assert_eq!(first["met"], true);
    assert_eq!(first["section"], "s.7(3)(a)");
    assert!(
        first["reason"]
            .as_str()
            .is_some_and(|r| r.contains("3 linked occasions"))
    );
    assert_eq!(v["elements"][2]["met"], false);
    assert!(v["notes"].as_array().is_some_and(|n| !n.is_empty()));
    let keys: Vec<&String> = first
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys.len(), 5, "{keys:?}");

    let none = serde_json::to_value(decide(&plain(1))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(none["offence"], "none");
    assert_eq!(none["elements"][0]["met"], false);
    assert_eq!(none["elements"][6]["element"], "dates");
    assert_eq!(none["elements"][6]["met"], Value::Null);
}

#[test]
fn display_lists_every_element() {
    let text = decide(&stalking(3)).to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 8, "{text}");
    assert_eq!(lines[0], "s2A: Stalking (s.2A)");
    assert_eq!(
        lines[1],
        "  [met] Course of conduct (s.7(3)(a)): There were 3 linked occasions of conduct towards one person, so there is a course of conduct."
    );
    assert!(
        lines[3].starts_with("  [not met] Defence (s.1(3)): "),
        "{}",
        lines[3]
    );
    let none = decide(&plain(1)).to_string();
    assert!(none.starts_with("none: No offence under the Act\n"));
    assert!(none.contains("  [not reached] Harassment (s.1(1), s.7(2)): Not considered, because there is no course of conduct."));
}

#[test]
fn facts_parse_with_documented_defaults() {
    let f: Facts =
        serde_json::from_value(json!({"incidents": 4})).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f, Facts::new(4));
    assert_eq!(
        (f.victims, f.nexus, f.oppressive_unacceptable),
        (1, true, true)
    );
    let full = json!({
        "incidents": 4, "victims": 1, "nexus": true, "intent_to_persuade": false,
        "behaviours": ["following", "monitoring_electronic"], "other_conduct": ["texts"],
        "fear_of_violence_occasions": 2, "serious_alarm_distress": true,
        "substantial_adverse_effect": false, "oppressive_unacceptable": true,
        "defence": "protection_of_person_or_property", "last_incident": "2013-05-01"
    });
    let f: Facts = serde_json::from_value(full.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f.defence, Some(Defence::ProtectionOfPersonOrProperty));
    // Serializing gives back the same keys and values: the page JSON contract.
    assert_eq!(serde_json::to_value(&f).ok(), Some(full));
}

fn facts_error(v: Value) -> String {
    match serde_json::from_value::<Facts>(v) {
        Ok(f) => panic!("parsed: {f:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn facts_errors_name_the_mistake() {
    let e = facts_error(json!({"incidents": 3, "victim": 2}));
    assert!(
        e.contains("unknown field `victim`") && e.contains("`victims`"),
        "{e}"
    );
    let e = facts_error(json!({"victims": 2}));
    assert!(e.contains("missing field `incidents`"), "{e}");
    let e = facts_error(json!({"incidents": 3, "behaviours": ["stalking"]}));
    assert!(
        e.contains("unknown behaviour `stalking`") && e.contains("following"),
        "{e}"
    );
    let e = facts_error(json!({"incidents": 3, "behaviours": ["watching"]}));
    assert!(e.contains("did you mean `watching_spying`?"), "{e}");
    let e = facts_error(json!({"incidents": 3, "behaviours": ["Following"]}));
    assert!(e.contains("did you mean `following`?"), "{e}");
    let e = facts_error(json!({"incidents": 3, "defence": "self_defence"}));
    assert!(
        e.contains("unknown variant `self_defence`") && e.contains("lawful_authority"),
        "{e}"
    );
    let e = facts_error(json!({"incidents": -1}));
    assert!(e.contains("-1"), "{e}");
    let e = facts_error(json!({"incidents": 3, "last_incident": "25/11/2012"}));
    assert!(e.contains("input"), "{e}");
}

#[test]
fn names_and_codes_round_trip() {
    for o in Offence::ALL {
        assert_eq!(Offence::from_code(o.code()), Some(o));
        assert_eq!(serde_json::to_value(o).ok(), Some(json!(o.code())));
    }
    for id in ElementId::ALL {
        assert_eq!(ElementId::from_key(id.key()), Some(id));
        assert_eq!(serde_json::to_value(id).ok(), Some(json!(id.key())));
    }
    for b in Behaviour::ALL {
        assert_eq!(Behaviour::from_key(b.key()), Some(b));
        assert!(b.section().starts_with("s.2A(3)("));
    }
    assert_eq!(Behaviour::Following.label(), "Following the person");
    assert_eq!(Behaviour::WatchingSpying.section(), "s.2A(3)(g)");
    for d in Defence::ALL {
        let parsed: Option<Defence> = serde_json::from_value(json!(d.key())).ok();
        assert_eq!(parsed, Some(d));
    }
    assert_eq!(Offence::Stalking.label(), "Stalking (s.2A)");
    assert_eq!(Offence::NoOffence.label(), "No offence under the Act");
}

#[test]
fn defence_table_matches_section_2_9() {
    use Offence::*;
    for d in Defence::ALL {
        let answers: Vec<bool> = Offence::CHARGES.iter().map(|o| d.answers(*o)).collect();
        let expected = match d {
            Defence::ReasonableInCircumstances => vec![true, true, false, false],
            _ => vec![true; 4],
        };
        assert_eq!(answers, expected, "{}", d.key());
        assert!(!d.answers(NoOffence));
    }
    assert!(!Defence::ReasonableInCircumstances.answers_every_offence());
    assert!(Defence::ProtectionOfPersonOrProperty.answers_every_offence());
    assert!(
        Defence::ProtectionOfPersonOrProperty
            .section()
            .contains("s.4A(4)(c)")
    );
}
