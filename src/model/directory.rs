//! The departments items are dispatched to (the routing column of
//! domain.md §4). A real city replaces these with its own.

use serde::Serialize;

/// A department that takes dispatched items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Department {
    /// Stable code used in actions and on the wire.
    pub code: &'static str,
    pub name: &'static str,
    /// English gloss for consoles set to English.
    pub gloss: &'static str,
}

const fn d(code: &'static str, name: &'static str, gloss: &'static str) -> Department {
    Department { code, name, gloss }
}

pub const DEPARTMENTS: &[Department] = &[
    d("water", "供水公司", "Water supply company"),
    d("drainage", "排水公司", "Drainage company"),
    d("municipal", "市政工程处", "Municipal engineering"),
    d("power", "供电公司", "Power supply company"),
    d("telecom", "通信运营商", "Telecom operators"),
    d("streetlight", "路灯管理处", "Street-light office"),
    d("traffic_police", "公安交警支队", "Traffic police"),
    d("sanitation", "环卫处", "Sanitation department"),
    d("parks", "园林处", "Parks and greenery"),
    d("enforcement", "城管执法局", "Urban management enforcement"),
    d("water_resources", "水利局", "Water resources bureau"),
    d("housing", "住建局", "Housing and construction bureau"),
    d("environment", "生态环境局", "Ecology and environment bureau"),
    d("fire", "消防救援支队", "Fire and rescue"),
    d("ambulance", "120急救中心", "Emergency medical centre"),
    d("police", "公安局", "Public security bureau"),
    d("heating", "热力公司", "Heating company"),
    d("gas", "燃气公司", "Gas company"),
    d("hrss", "人社局", "Human resources and social security"),
    d("market", "市场监管局", "Market regulation bureau"),
    d("health", "卫健委", "Health commission"),
    d("civil_affairs", "民政局", "Civil affairs bureau"),
    d("justice", "司法局", "Justice bureau"),
    d("emergency", "应急管理局", "Emergency management bureau"),
];

/// Finds a department by code or by its Chinese name, as a dispatcher types
/// either.
pub fn find_department(key: &str) -> Option<&'static Department> {
    let key = key.trim();
    DEPARTMENTS.iter().find(|d| d.code == key || d.name == key)
}
