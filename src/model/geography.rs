//! Where things happen: county-level units, their streets and towns, the
//! communities in each, and the grids (网格) generated from per-community
//! counts. Grids are never listed one by one: a city of 4,179 grids is a
//! few hundred communities with a count each, and a grid is its place in
//! that order.

/// What sort of county-level unit a district is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DistrictKind {
    /// 区: an urban district.
    District,
    /// 县级市.
    CountyCity,
    /// 县.
    County,
    /// 功能区: a functional zone (new area, development zone).
    Zone,
}

/// A county-level unit (县(市)区).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    /// Six-digit administrative code (210702).
    pub code: String,
    pub name: String,
    pub gloss: String,
    pub kind: DistrictKind,
    /// One of the urban districts, where most reports come from.
    pub urban: bool,
    /// Relative share of reports, for the simulator.
    pub weight: u32,
    /// A functional zone's centre, `[longitude, latitude]` in 1e-5 degrees
    /// (about 1 m; integers keep the city `Eq`): zones have no outline, so
    /// the map places their streets around it.
    pub center_e5: Option<[i32; 2]>,
    pub streets: Vec<Street>,
}

/// A street (街道) or town (镇), numbered from 1 within its district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Street {
    pub number: u16,
    pub name: String,
    pub gloss: String,
    pub communities: Vec<Community>,
}

/// A community (社区) or village (村), numbered from 1 within its street.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Community {
    pub number: u16,
    pub name: String,
    /// How many grids it is divided into.
    pub grids: u16,
}

/// One grid, by reference into the geography.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridRef<'a> {
    pub district: &'a District,
    pub street: &'a Street,
    pub community: &'a Community,
    /// Numbered from 1 within its community.
    pub number: u16,
}

impl GridRef<'_> {
    /// `<district code>-<street #>-<community #>-<grid #>`, e.g.
    /// `210702-08-03-07`.
    pub fn id(&self) -> String {
        format!(
            "{}-{:02}-{:02}-{:02}",
            self.district.code, self.street.number, self.community.number, self.number
        )
    }
}

/// A grid worker (网格员): who reports from a grid and works its matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridWorker {
    /// `gw0001` …, stable for a given geography.
    pub login: String,
    pub name: String,
    /// The grid's id.
    pub grid: String,
}

/// How grid workers are generated: `per_grid` per grid, named from the
/// surname and given-name lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkerNames {
    pub per_grid: u16,
    pub surnames: Vec<String>,
    pub given: Vec<String>,
}

impl WorkerNames {
    /// The `ordinal`-th worker of the city (0-based), on `grid`.
    pub fn worker(&self, grid: &GridRef<'_>, ordinal: u64) -> GridWorker {
        // A multiplicative hash spreads neighbouring ordinals over the
        // name lists, so adjacent grids do not get 王芳, 王伟, 王娜 …
        let h = ordinal.wrapping_mul(2_654_435_761) % (1 << 32);
        let pick = |list: &[String], n: u64| -> String {
            let len = list.len().max(1) as u64;
            usize::try_from(n % len)
                .ok()
                .and_then(|i| list.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let surname = pick(&self.surnames, h);
        let given = pick(&self.given, h / self.surnames.len().max(1) as u64);
        GridWorker {
            login: format!("gw{:04}", ordinal + 1),
            name: format!("{surname}{given}"),
            grid: grid.id(),
        }
    }
}

impl District {
    pub fn grid_count(&self) -> u64 {
        self.streets.iter().map(Street::grid_count).sum()
    }

    /// Every grid of the district, in order.
    pub fn grids(&self) -> impl Iterator<Item = GridRef<'_>> {
        self.streets.iter().flat_map(move |street| {
            street.communities.iter().flat_map(move |community| {
                (1..=community.grids).map(move |number| GridRef {
                    district: self,
                    street,
                    community,
                    number,
                })
            })
        })
    }

    /// The grid at (street #, community #, grid #), if it exists.
    pub fn grid(&self, street: u16, community: u16, number: u16) -> Option<GridRef<'_>> {
        let s = self.streets.iter().find(|s| s.number == street)?;
        let c = s.communities.iter().find(|c| c.number == community)?;
        (1..=c.grids).contains(&number).then_some(GridRef {
            district: self,
            street: s,
            community: c,
            number,
        })
    }

    /// How many grids of this district come before the given one.
    pub fn grid_offset(&self, street: u16, community: u16, number: u16) -> u64 {
        let streets: u64 = self
            .streets
            .iter()
            .take_while(|s| s.number != street)
            .map(Street::grid_count)
            .sum();
        let communities: u64 = self
            .streets
            .iter()
            .find(|s| s.number == street)
            .map(|s| {
                s.communities
                    .iter()
                    .take_while(|c| c.number != community)
                    .map(|c| u64::from(c.grids))
                    .sum()
            })
            .unwrap_or(0);
        streets + communities + u64::from(number.saturating_sub(1))
    }
}

impl Street {
    pub fn grid_count(&self) -> u64 {
        self.communities.iter().map(|c| u64::from(c.grids)).sum()
    }
}
