//! The generator: a pure function from (city, scenario, rate, seed) to an
//! endless sequence of scripts. Reports arrive as a Poisson stream at
//! `rate`; some bring followers scheduled for later arrivals — more
//! callers about the same place, a sensor firing again — which take the
//! next arrival slot once due. Nothing here reads a clock or the network.

use super::fate;
use super::place::{self, SimRng, Spot, below, pick};
use super::scenario::{Mix, Scenario};
use super::script::{Act, Script, Source, Step};
use super::texts;
use crate::model::geo::Layout;
use crate::model::{Caller, Category, City, CreateItem, Kind};
use rand::{RngExt, SeedableRng};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

/// A report prepared ahead of its arrival.
struct Prepared {
    create: CreateItem,
    source: Source,
    steps: Vec<Step>,
}

/// Endless scripts; see the module doc.
pub struct Generator {
    city: Arc<City>,
    /// Where the city's grids are, for the reports' coordinates.
    layout: Option<Arc<Layout>>,
    scenario: Scenario,
    mix: Mix,
    rng: SimRng,
    /// Mean gap between arrivals, in milliseconds.
    mean_gap_ms: f64,
    /// How much faster than real time the city's waits pass.
    speed: f64,
    clock_ms: f64,
    next_ordinal: u64,
    /// Followers by (due time, order scheduled).
    due: BinaryHeap<Reverse<(u64, u64)>>,
    followers: HashMap<u64, Prepared>,
    scheduled: u64,
}

impl Generator {
    /// `rate` is reports per second (at least 0.001); `speed` divides
    /// every wait in the city — between an item's steps, before a repeat
    /// caller or a sensor firing again — so lifecycles can be compressed
    /// without changing the report rate.
    pub fn new(city: Arc<City>, scenario: Scenario, rate: f64, speed: f64, seed: u64) -> Self {
        Generator {
            city,
            layout: None,
            scenario,
            mix: scenario.mix(),
            rng: SimRng::seed_from_u64(seed),
            mean_gap_ms: 1000.0 / rate.max(0.001),
            speed: speed.max(0.001),
            clock_ms: 0.0,
            next_ordinal: 0,
            due: BinaryHeap::new(),
            followers: HashMap::new(),
            scheduled: 0,
        }
    }

    /// Reports carry their grid's position from `layout` (see `place::spot`).
    pub fn with_layout(mut self, layout: Option<Arc<Layout>>) -> Self {
        self.layout = layout;
        self
    }

    fn schedule(&mut self, at_ms: u64, prepared: Prepared) {
        self.scheduled += 1;
        self.due.push(Reverse((at_ms, self.scheduled)));
        self.followers.insert(self.scheduled, prepared);
    }

    /// The earliest follower due by `at_ms`, if any.
    fn due_follower(&mut self, at_ms: u64) -> Option<Prepared> {
        let Reverse((due, key)) = *self.due.peek()?;
        if due > at_ms {
            return None;
        }
        self.due.pop();
        self.followers.remove(&key)
    }

    fn seconds(&mut self, lo: u64, hi: u64) -> u64 {
        fate::scaled(self.rng.random_range(lo * 1000..=hi * 1000), self.speed)
    }

    /// A category of `kind`, weighted by the scenario.
    fn category(&mut self, kind: Kind, sensor: bool) -> Option<Category> {
        let scenario = self.scenario;
        let fits = |c: &Category| (sensor && c.sensor) || (!sensor && c.kind == kind);
        pick(&mut self.rng, &self.city.categories, |c| {
            if fits(c) { scenario.weight(&c.code) } else { 0.0 }
        })
        .or_else(|| self.city.categories.first())
        .cloned()
    }

    fn kind(&mut self) -> Kind {
        let m = self.mix;
        let r = self.rng.random::<f64>() * (m.incident + m.alert + m.ticket);
        if r < m.incident {
            Kind::Incident
        } else if r < m.incident + m.alert {
            Kind::Alert
        } else {
            Kind::Ticket
        }
    }

    /// A fresh report arriving at `at_ms`, with any followers it brings.
    fn fresh(&mut self, ordinal: u64, at_ms: u64) -> Option<Prepared> {
        if let Some(every) = self.mix.burst_every
            && self.rng.random_ratio(1, every.max(1))
        {
            self.burst(at_ms);
        }
        let kind = self.kind();
        if kind == Kind::Alert && self.rng.random_bool(self.mix.sensor) {
            return self.sensor_alert(at_ms, false, None);
        }
        let category = self.category(kind, false)?;
        let spot = place::spot(&self.city, self.layout.as_deref(), &mut self.rng, false)?;
        let create = self.report(kind, &category, &spot);
        let steps = fate::lifecycle(&mut self.rng, self.speed, &self.city, &category, kind);
        if kind == Kind::Ticket && self.rng.random_bool(self.mix.duplicates) {
            self.duplicates(ordinal, at_ms, &create, &category);
        }
        let source = if kind == Kind::Ticket {
            Source::Caller
        } else {
            Source::GridWorker
        };
        Some(Prepared {
            create,
            source,
            steps,
        })
    }

    /// A caller's ticket or a grid worker's report about `spot`, in their
    /// own words (see `texts`).
    fn report(&mut self, kind: Kind, category: &Category, spot: &Spot) -> CreateItem {
        let (caller, description) = if kind == Kind::Ticket {
            let caller = place::caller(&mut self.rng);
            let who = caller.name.clone().unwrap_or_default();
            let text = texts::caller(&mut self.rng, category, &who, &address(spot));
            (Some(caller), text)
        } else {
            (None, texts::worker(category, &spot.worker, &address(spot)))
        };
        CreateItem {
            kind,
            category: category.code.clone(),
            title: format!("{} {} {}", category.name, spot.district(), spot.street()),
            description,
            priority: Some(category.priority),
            tier: None,
            place: spot.place.clone(),
            fingerprint: None,
            caller,
            raised_from: None,
            call_id: None,
        }
    }

    /// One to three more callers about the same place within minutes. The
    /// server suggests each as a duplicate of the first; the simulated
    /// call-taker merges most of them and leaves the rest for whoever sits
    /// at a console (the demo's "offered for merge").
    fn duplicates(&mut self, original: u64, at_ms: u64, first: &CreateItem, category: &Category) {
        let n = 1 + below(&mut self.rng, 3);
        for _ in 0..n {
            let later = at_ms + self.seconds(30, 300);
            // Another person calls, in their own words, about the same place.
            let caller = self.other_caller(first.caller.as_ref());
            let who = caller.name.clone().unwrap_or_default();
            let address = first.place.address.clone().unwrap_or_default();
            let mut create = first.clone();
            create.description = texts::caller(&mut self.rng, category, &who, &address);
            create.caller = Some(caller);
            let steps = if self.rng.random_bool(0.7) {
                vec![Step {
                    after_ms: self.seconds(10, 40),
                    act: Act::MergeInto(original),
                }]
            } else {
                Vec::new()
            };
            let source = Source::DuplicateCaller;
            self.schedule(
                later,
                Prepared {
                    create,
                    source,
                    steps,
                },
            );
        }
    }

    /// A caller with another number than `first`'s: a different person.
    fn other_caller(&mut self, first: Option<&Caller>) -> Caller {
        let first_phone = first.and_then(|c| c.phone.clone());
        let mut caller = place::caller(&mut self.rng);
        // The pool holds 1,200 numbers; a few draws always find another.
        for _ in 0..8 {
            if caller.phone != first_phone {
                break;
            }
            caller = place::caller(&mut self.rng);
        }
        caller
    }

    /// Several sensors of one urban grid firing within seconds (a burst
    /// main floods a street): an alert storm, which the server groups under
    /// one parent once there are enough of them.
    fn burst(&mut self, at_ms: u64) {
        let Some(spot) = place::spot(&self.city, self.layout.as_deref(), &mut self.rng, true) else {
            return;
        };
        for sensor in 1..=3 + below(&mut self.rng, 6) {
            let offset = self.seconds(0, 10);
            let at = Some((&spot, sensor as u32));
            if let Some(first) = self.sensor_alert(at_ms + offset, true, at) {
                self.schedule(at_ms + offset, first);
            }
        }
    }

    /// A sensor alert that fires again a few times (same fingerprint) and
    /// then mostly clears by itself; the rest are worked like any alert.
    /// `at` puts it at a given spot as sensor number N there (a burst).
    fn sensor_alert(&mut self, at_ms: u64, urban: bool, at: Option<(&Spot, u32)>) -> Option<Prepared> {
        let category = self.category(Kind::Alert, true)?;
        let (spot, sensor) = match at {
            Some((spot, n)) => (spot.clone(), n),
            None => (
                place::spot(&self.city, self.layout.as_deref(), &mut self.rng, urban)?,
                1,
            ),
        };
        let grid = spot.place.grid.clone().unwrap_or_default();
        let fingerprint = match sensor {
            1 => format!("iot:{}:{grid}", category.code),
            n => format!("iot:{}:{grid}#{n}", category.code),
        };
        let create = CreateItem {
            kind: Kind::Alert,
            category: category.code.clone(),
            title: format!(
                "{}传感器报警 {} {}",
                category.name,
                spot.district(),
                spot.street()
            ),
            description: format!(
                "物联网传感器 {fingerprint} 报警：{}（{}）。",
                category.name,
                address(&spot)
            ),
            priority: Some(category.priority),
            tier: None,
            place: spot.place.clone(),
            fingerprint: Some(fingerprint),
            caller: None,
            raised_from: None,
            call_id: None,
        };
        let mut last = at_ms;
        for _ in 0..2 + below(&mut self.rng, 5) {
            last += self.seconds(5, 30);
            let repeat = Prepared {
                create: create.clone(),
                source: Source::SensorRepeat,
                steps: Vec::new(),
            };
            self.schedule(last, repeat);
        }
        let steps = if self.rng.random_bool(0.7) {
            vec![Step {
                after_ms: last - at_ms + self.seconds(10, 30),
                act: Act::Do(crate::model::Action::Clear {}),
            }]
        } else {
            fate::lifecycle(&mut self.rng, self.speed, &self.city, &category, Kind::Alert)
        };
        Some(Prepared {
            create,
            source: Source::Sensor,
            steps,
        })
    }
}

fn address(spot: &Spot) -> String {
    spot.place.address.clone().unwrap_or_default()
}

impl Iterator for Generator {
    type Item = Script;

    fn next(&mut self) -> Option<Script> {
        // Exponential gaps: a Poisson stream of reports.
        let u: f64 = self.rng.random();
        self.clock_ms += -(1.0 - u).ln() * self.mean_gap_ms;
        let at_ms = self.clock_ms as u64;
        let ordinal = self.next_ordinal;
        self.next_ordinal += 1;
        let prepared = match self.due_follower(at_ms) {
            Some(p) => p,
            None => self.fresh(ordinal, at_ms)?,
        };
        Some(Script {
            ordinal,
            at_ms,
            create: prepared.create,
            source: prepared.source,
            steps: prepared.steps,
        })
    }
}
