//! The city an installation serves: its departments, its category taxonomy
//! and its geography. The values come from data files (`data/*.toml`, or a
//! city's own); this module only says what they are and how to look them
//! up, so the rules and the simulator never depend on one city.

use super::geography::{District, GridRef, GridWorker, WorkerNames};
use super::ids::Kind;
use super::{scales::Priority, status::EmergencyService};
use time::Duration;

/// A department that takes dispatched items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    /// Stable code used in actions and on the wire (`water`).
    pub code: String,
    /// Chinese name (供水公司); dispatchers may type it instead of the code.
    pub name: String,
    /// English gloss for consoles set to English.
    pub gloss: String,
}

/// One category of the taxonomy (domain.md §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// `C01` … `C27`, `G01` … `G11`, `H01` … `H12`.
    pub code: String,
    /// 大类 (公用设施) and its gloss.
    pub group: String,
    pub group_gloss: String,
    /// 小类 (上水井盖) and its gloss.
    pub name: String,
    pub gloss: String,
    /// The queue it usually lands in.
    pub kind: Kind,
    /// The priority a report gets when the reporter does not say.
    pub priority: Priority,
    /// Code of the department it is routed to.
    pub department: String,
    /// Departments that usually join.
    pub also: Vec<String>,
    /// Emergency services an incident of this category links with.
    pub emergency: Vec<EmergencyService>,
    /// How long handling may take once signed for.
    pub limit: Duration,
    /// IoT sensors report it (manhole covers, water level, gas).
    pub sensor: bool,
    /// Call-takers usually answer it in the call.
    pub direct_answer: bool,
    /// Words a caller uses for it (暖气不热, 不供暖): what the suggestion
    /// engine matches in a description.
    pub keywords: Vec<String>,
}

/// Org codes that name a community rather than a department start so.
pub const COMMUNITY_PREFIX: &str = "community:";

/// The org code of community `community` of street `street` of `district`:
/// `community:210702-08-03`.
pub fn community_code(district: &str, street: u16, community: u16) -> String {
    format!("{COMMUNITY_PREFIX}{district}-{street:02}-{community:02}")
}

/// A community org code (without or with its prefix) as district code,
/// street number and community number.
pub fn community_parts(code: &str) -> Option<(&str, u16, u16)> {
    let id = code.strip_prefix(COMMUNITY_PREFIX).unwrap_or(code);
    let mut parts = id.split('-');
    let district = parts.next()?;
    let street = parts.next()?.parse().ok()?;
    let community = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((district, street, community))
}

/// Everything a city is made of, as loaded from its data files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct City {
    /// Administrative code (210700).
    pub code: String,
    pub name: String,
    pub gloss: String,
    pub departments: Vec<Department>,
    pub categories: Vec<Category>,
    pub districts: Vec<District>,
    pub workers: WorkerNames,
}

impl City {
    /// Finds a department by code or by its Chinese name, as a dispatcher
    /// types either.
    pub fn department(&self, key: &str) -> Option<&Department> {
        let key = key.trim();
        self.departments.iter().find(|d| d.code == key || d.name == key)
    }

    /// The code of a place items may be dispatched to: a department (by
    /// code or Chinese name) or a community (`community:210702-08-03`,
    /// which handles its grids' alerts first).
    pub fn org(&self, key: &str) -> Option<String> {
        let key = key.trim();
        if let Some(rest) = key.strip_prefix(COMMUNITY_PREFIX) {
            return self.community(rest).map(|_| key.to_owned());
        }
        self.department(key).map(|d| d.code.clone())
    }

    /// The community org code of the grid `grid_id` lies in.
    pub fn community_of_grid(&self, grid_id: &str) -> Option<String> {
        let grid = self.grid(grid_id)?;
        Some(community_code(
            &grid.district.code,
            grid.street.number,
            grid.community.number,
        ))
    }

    /// `210702-08-03` → the street's and community's names.
    fn community(&self, id: &str) -> Option<(&str, &str)> {
        let (district, street_no, community_no) = community_parts(id)?;
        let district = self.district(district)?;
        let street = district.streets.iter().find(|s| s.number == street_no)?;
        let community = street.communities.iter().find(|c| c.number == community_no)?;
        Some((street.name.as_str(), community.name.as_str()))
    }

    /// Finds a category by its code.
    pub fn category(&self, code: &str) -> Option<&Category> {
        let code = code.trim();
        self.categories.iter().find(|c| c.code == code)
    }

    /// Finds a county-level unit by code or Chinese name.
    pub fn district(&self, key: &str) -> Option<&District> {
        let key = key.trim();
        self.districts.iter().find(|d| d.code == key || d.name == key)
    }

    /// Every grid of the city, district by district, street by street.
    pub fn grids(&self) -> impl Iterator<Item = GridRef<'_>> {
        self.districts.iter().flat_map(District::grids)
    }

    /// How many grids the city has.
    pub fn grid_count(&self) -> u64 {
        self.districts.iter().map(District::grid_count).sum()
    }

    /// How many streets and towns the city has.
    pub fn street_count(&self) -> usize {
        self.districts.iter().map(|d| d.streets.len()).sum()
    }

    /// How many grid workers the city has.
    pub fn worker_count(&self) -> u64 {
        self.grid_count() * u64::from(self.workers.per_grid)
    }

    /// Finds a grid by its id (`210702-08-03-07`).
    pub fn grid(&self, id: &str) -> Option<GridRef<'_>> {
        let mut parts = id.split('-');
        let district = self.district(parts.next()?)?;
        let mut number = || parts.next()?.parse::<u16>().ok();
        let (street, community, grid) = (number()?, number()?, number()?);
        district.grid(street, community, grid)
    }

    /// The grid workers of a grid (`per_grid` of them), named from the
    /// worker name lists by the grid's place in the city so names are
    /// stable across runs.
    pub fn grid_workers(&self, grid: &GridRef<'_>) -> Vec<GridWorker> {
        let ordinal = self.grid_ordinal(grid);
        (0..self.workers.per_grid)
            .map(|n| {
                self.workers
                    .worker(grid, ordinal * u64::from(self.workers.per_grid) + u64::from(n))
            })
            .collect()
    }

    /// Position of a grid in [`City::grids`] order.
    fn grid_ordinal(&self, grid: &GridRef<'_>) -> u64 {
        let before: u64 = self
            .districts
            .iter()
            .take_while(|d| d.code != grid.district.code)
            .map(District::grid_count)
            .sum();
        before
            + grid
                .district
                .grid_offset(grid.street.number, grid.community.number, grid.number)
    }
}
