//! The statute's two closed lists that scenario facts choose from: the
//! s.2A(3) examples of acts associated with stalking, and the defences in
//! s.1(3), s.4(3) and s.4A(4). Each variant knows its YAML key, a label for
//! choice lists and its section, so quiz pages and reasons quote the same
//! words. Which offence each defence answers is encoded once, in
//! `Defence::answers`, from the table in law-facts.md section 2.9.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

use super::decision::Offence;

/// The statutory examples of acts associated with stalking, s.2A(3)(a)-(g).
/// The list in the Act is not exhaustive; scenarios use the nearest example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Behaviour {
    Following,
    Contacting,
    Publishing,
    MonitoringElectronic,
    Loitering,
    InterferingProperty,
    WatchingSpying,
}

impl Behaviour {
    /// In the order of s.2A(3).
    pub const ALL: [Behaviour; 7] = [
        Behaviour::Following,
        Behaviour::Contacting,
        Behaviour::Publishing,
        Behaviour::MonitoringElectronic,
        Behaviour::Loitering,
        Behaviour::InterferingProperty,
        Behaviour::WatchingSpying,
    ];

    /// The name used in `facts` YAML and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Behaviour::Following => "following",
            Behaviour::Contacting => "contacting",
            Behaviour::Publishing => "publishing",
            Behaviour::MonitoringElectronic => "monitoring_electronic",
            Behaviour::Loitering => "loitering",
            Behaviour::InterferingProperty => "interfering_property",
            Behaviour::WatchingSpying => "watching_spying",
        }
    }

    pub fn from_key(key: &str) -> Option<Behaviour> {
        Behaviour::ALL.into_iter().find(|b| b.key() == key)
    }

    /// The statutory example, paraphrased, for choice lists.
    pub fn label(self) -> &'static str {
        match self {
            Behaviour::Following => "Following the person",
            Behaviour::Contacting => "Contacting, or trying to contact, the person by any means",
            Behaviour::Publishing => {
                "Publishing material about the person, or claiming to come from them"
            }
            Behaviour::MonitoringElectronic => {
                "Monitoring the person's use of the internet, email or other electronic communication"
            }
            Behaviour::Loitering => "Loitering in any place, public or private",
            Behaviour::InterferingProperty => {
                "Interfering with property in the person's possession"
            }
            Behaviour::WatchingSpying => "Watching or spying on the person",
        }
    }

    /// A few words for use inside a sentence ("following and loitering").
    pub fn short_label(self) -> &'static str {
        match self {
            Behaviour::Following => "following",
            Behaviour::Contacting => "contacting",
            Behaviour::Publishing => "publishing material",
            Behaviour::MonitoringElectronic => "monitoring electronic communications",
            Behaviour::Loitering => "loitering",
            Behaviour::InterferingProperty => "interfering with property",
            Behaviour::WatchingSpying => "watching or spying",
        }
    }

    pub fn section(self) -> &'static str {
        match self {
            Behaviour::Following => "s.2A(3)(a)",
            Behaviour::Contacting => "s.2A(3)(b)",
            Behaviour::Publishing => "s.2A(3)(c)",
            Behaviour::MonitoringElectronic => "s.2A(3)(d)",
            Behaviour::Loitering => "s.2A(3)(e)",
            Behaviour::InterferingProperty => "s.2A(3)(f)",
            Behaviour::WatchingSpying => "s.2A(3)(g)",
        }
    }

    /// A likely intended key for a misspelt one ("watching" -> "watching_spying").
    fn suggest(input: &str) -> Option<&'static str> {
        let input = input.trim().to_lowercase().replace([' ', '-'], "_");
        let shared = |key: &str| {
            key.chars()
                .zip(input.chars())
                .take_while(|(a, b)| a == b)
                .count()
        };
        Behaviour::ALL
            .into_iter()
            .map(Behaviour::key)
            .filter(|key| {
                *key == input
                    || (input.len() >= 4 && key.contains(input.as_str()))
                    || shared(key) >= 5
            })
            .max_by_key(|key| shared(key))
    }
}

impl Serialize for Behaviour {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

// Written by hand rather than derived so that a misspelt behaviour gets a
// "did you mean", which trainers need more than the full list.
impl<'de> Deserialize<'de> for Behaviour {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if let Some(b) = Behaviour::from_key(&text) {
            return Ok(b);
        }
        let hint = Behaviour::suggest(&text)
            .map(|key| format!(", did you mean `{key}`?"))
            .unwrap_or_default();
        let all: Vec<&str> = Behaviour::ALL.into_iter().map(Behaviour::key).collect();
        Err(de::Error::custom(format!(
            "unknown behaviour `{text}`{hint}; expected one of: {}",
            all.join(", ")
        )))
    }
}

/// The statutory defences. Which offence each answers is the table in
/// law-facts.md section 2.9, encoded once in `answers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Defence {
    PreventDetectCrime,
    LawfulAuthority,
    ReasonableInCircumstances,
    ProtectionOfPersonOrProperty,
}

impl Defence {
    pub const ALL: [Defence; 4] = [
        Defence::PreventDetectCrime,
        Defence::LawfulAuthority,
        Defence::ReasonableInCircumstances,
        Defence::ProtectionOfPersonOrProperty,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Defence::PreventDetectCrime => "prevent_detect_crime",
            Defence::LawfulAuthority => "lawful_authority",
            Defence::ReasonableInCircumstances => "reasonable_in_circumstances",
            Defence::ProtectionOfPersonOrProperty => "protection_of_person_or_property",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Defence::PreventDetectCrime => "Pursued to prevent or detect crime",
            Defence::LawfulAuthority => "Pursued under an enactment or rule of law",
            Defence::ReasonableInCircumstances => "Reasonable in the particular circumstances",
            Defence::ProtectionOfPersonOrProperty => {
                "Reasonable to protect a person, or a person's property"
            }
        }
    }

    /// Every provision the defence appears in, across the four offences.
    pub fn section(self) -> &'static str {
        match self {
            Defence::PreventDetectCrime => "s.1(3)(a), s.4(3)(a), s.4A(4)(a)",
            Defence::LawfulAuthority => "s.1(3)(b), s.4(3)(b), s.4A(4)(b)",
            Defence::ReasonableInCircumstances => "s.1(3)(c)",
            // For s.2 and s.2A protective conduct is argued as reasonable conduct.
            Defence::ProtectionOfPersonOrProperty => "s.1(3)(c), s.4(3)(c), s.4A(4)(c)",
        }
    }

    /// Whether this defence, if the defendant shows it, answers `offence`.
    pub fn answers(self, offence: Offence) -> bool {
        match (self, offence) {
            (_, Offence::NoOffence) => false,
            // s.1(3)(c) is the only general reasonableness defence, and s.4(3) and
            // s.4A(4) have no equivalent: it answers s.2 and s.2A only.
            (Defence::ReasonableInCircumstances, o) => {
                matches!(o, Offence::Harassment | Offence::Stalking)
            }
            // s.1(3)(a)/(b), s.4(3)(a)-(c), s.4A(4)(a)-(c); protection is also
            // reasonable conduct for s.2 and s.2A under s.1(3)(c).
            _ => true,
        }
    }

    /// Whether the defence answers all four offences, so that nothing after it
    /// needs to be analysed.
    pub fn answers_every_offence(self) -> bool {
        Offence::CHARGES.into_iter().all(|o| self.answers(o))
    }
}
