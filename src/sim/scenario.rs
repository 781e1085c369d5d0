//! The shape of a simulated day: how reports split between the queues and
//! which categories dominate. Normal days are street order and noise;
//! the heating season is cold radiators; a flood is water and manhole
//! covers, with sensors firing in bursts.

/// A simulated situation, chosen with `--scenario`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// An ordinary day.
    Normal,
    /// Heavy rain: bursts of standing-water and manhole-cover sensor alerts.
    Flood,
    /// The heating season (采暖期): hotline tickets dominated by cold homes.
    Heating,
}

/// Share of fresh reports by queue, and how sensors behave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mix {
    pub incident: f64,
    pub alert: f64,
    pub ticket: f64,
    /// Share of alerts that come from IoT sensors rather than grid workers.
    pub sensor: f64,
    /// A burst of sensor alerts starts on average every this many reports.
    pub burst_every: Option<u32>,
    /// Share of tickets that bring more callers about the same place.
    pub duplicates: f64,
}

impl Scenario {
    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Normal => "normal",
            Scenario::Flood => "flood",
            Scenario::Heating => "heating",
        }
    }

    pub fn mix(self) -> Mix {
        match self {
            Scenario::Normal => Mix {
                incident: 0.35,
                alert: 0.25,
                ticket: 0.40,
                sensor: 0.2,
                // Now and then a street's sensors fire together.
                burst_every: Some(150),
                duplicates: 0.12,
            },
            Scenario::Heating => Mix {
                incident: 0.25,
                alert: 0.20,
                ticket: 0.55,
                sensor: 0.2,
                burst_every: None,
                duplicates: 0.18,
            },
            Scenario::Flood => Mix {
                incident: 0.35,
                alert: 0.30,
                ticket: 0.35,
                sensor: 0.4,
                burst_every: Some(40),
                duplicates: 0.15,
            },
        }
    }

    /// How often a category comes up relative to others of its queue
    /// (1 = ordinary). Categories a city has that are not named here
    /// count as ordinary, so a city's own taxonomy works unchanged.
    pub fn weight(self, code: &str) -> f64 {
        let common = match code {
            // Street order and city appearance fill a normal day.
            "C11" | "C13" | "C21" | "C22" | "H05" => 3.0,
            "C05" | "C08" | "C09" | "C17" | "G01" | "G05" | "H02" | "H08" | "H12" => 2.0,
            "G04" | "G08" | "H03" | "H06" => 1.5,
            "G06" | "G07" => 0.5,
            // Emergencies are rare; injury crashes the most common of them.
            "C26" => 0.6,
            "C27" => 0.4,
            "C24" | "C25" => 0.3,
            "C23" => 0.2,
            _ => 1.0,
        };
        match (self, code) {
            (Scenario::Heating, "H01") => 30.0,
            (Scenario::Heating, "G06") => 2.0,
            (Scenario::Heating, "C24") => 1.0,
            (Scenario::Normal | Scenario::Flood, "H01") => 0.5,
            (Scenario::Flood, "C14") => 6.0,
            (Scenario::Flood, "C02" | "C03" | "C08") => 3.0,
            (Scenario::Flood, "H02") => 4.0,
            (Scenario::Flood, "H03") => 3.0,
            (Scenario::Flood, "C23" | "G07") => 1.0,
            _ => common,
        }
    }
}
