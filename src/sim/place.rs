//! Where a report is from and who makes it: a weighted district, a street,
//! a grid and its worker, an address, a caller. All drawn from the seeded
//! generator, so the same seed gives the same places.

use crate::model::geo::Layout;
use crate::model::{Caller, City, Place};
use rand::RngExt;
use rand::rngs::Xoshiro256PlusPlus;

/// The simulator's random source: small, fast and reproducible across
/// platforms and rand releases.
pub type SimRng = Xoshiro256PlusPlus;

const ROADS: &[&str] = &[
    "解放路",
    "中央大街",
    "士英街",
    "延安路",
    "北京路",
    "上海路",
    "重庆路",
    "云飞街",
    "人民街",
    "凌河街",
    "洛阳路",
    "科技路",
    "汉口街",
    "保安街",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马",
];

/// A place in the city with the grid worker who covers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    pub place: Place,
    /// The grid worker's name.
    pub worker: String,
}

impl Spot {
    pub fn district(&self) -> &str {
        self.place.district.as_deref().unwrap_or_default()
    }

    pub fn street(&self) -> &str {
        self.place.street.as_deref().unwrap_or_default()
    }
}

/// Picks one of `items` with probability proportional to `weight`.
pub fn pick<'a, T>(rng: &mut SimRng, items: &'a [T], weight: impl Fn(&T) -> f64) -> Option<&'a T> {
    let total: f64 = items.iter().map(|i| weight(i).max(0.0)).sum();
    if total <= 0.0 {
        return None;
    }
    let mut left = rng.random::<f64>() * total;
    for item in items {
        let w = weight(item).max(0.0);
        if left < w {
            return Some(item);
        }
        left -= w;
    }
    items.iter().rev().find(|i| weight(i) > 0.0)
}

/// A uniformly chosen index below `n` (0 when `n` is 0).
pub fn below(rng: &mut SimRng, n: usize) -> usize {
    if n == 0 { 0 } else { rng.random_range(0..n) }
}

/// A place: district by its weight, then street, community and grid; with
/// a layout, the grid's position as the report's coordinates, so reports
/// land inside their district on a map as a grid worker's phone would put
/// them (no random draw is spent on it: the same seed gives the same items).
pub fn spot(city: &City, layout: Option<&Layout>, rng: &mut SimRng, urban_only: bool) -> Option<Spot> {
    let district = pick(rng, &city.districts, |d| {
        if urban_only && !d.urban {
            0.0
        } else {
            f64::from(d.weight)
        }
    })?;
    let street = district.streets.get(below(rng, district.streets.len()))?;
    let community = street.communities.get(below(rng, street.communities.len()))?;
    let number = u16::try_from(below(rng, usize::from(community.grids)) + 1).unwrap_or(1);
    let grid = district.grid(street.number, community.number, number)?;
    let worker = city
        .grid_workers(&grid)
        .into_iter()
        .next()
        .map(|w| w.name)
        .unwrap_or_default();
    let road = ROADS[below(rng, ROADS.len())];
    let address = format!("{}{road}{}号", community.name, below(rng, 300) + 1);
    // Five decimals (about 1 m), as the outlines are stored.
    let round = |x: f64| (x * 1e5).round() / 1e5;
    let at = layout.and_then(|l| l.grids().get(&grid.id()).copied());
    Some(Spot {
        place: Place {
            district: Some(district.name.clone()),
            street: Some(street.name.clone()),
            grid: Some(grid.id()),
            address: Some(address),
            lat: at.map(|p| round(p.lat)),
            lon: at.map(|p| round(p.lon)),
        },
        worker,
    })
}

/// A 12345 caller: a mobile number from a small pool (1,200 numbers), so
/// people call again and the desk shows their history, and the name that
/// goes with it. The numbers are made up (`1380012xxxx`).
pub fn caller(rng: &mut SimRng) -> Caller {
    let prefix = ["138", "139", "150", "186", "135", "152"][below(rng, 6)];
    let phone = format!("{prefix}0012{:04}", below(rng, 10_000) % 200);
    Caller {
        name: Some(name_of(&phone)),
        phone: Some(phone),
        ..Caller::default()
    }
}

/// The caller's name, surname and title, drawn from the number: whoever
/// calls from a number is the same person every time.
fn name_of(phone: &str) -> String {
    let hash = phone
        .bytes()
        .fold(17usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
    let surname = SURNAMES[(hash / 2) % SURNAMES.len()];
    let title = if hash % 2 == 0 { "先生" } else { "女士" };
    format!("{surname}{title}")
}
